#include "ui/docks/stimulus_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMainWindow>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/errors.h"
#include "ui/docks/circuit_scene_panel.h"
#include "ui/docks/simulation_panel.h"
#include "ui/docks/window_docks.h"
#include "ui/models/stimulus_model.h"

namespace lamina::ui {

StimulusPanel::StimulusPanel(QMainWindow* window, SimulationPanel* simulation, CircuitScenePanel* scene,
                             QMenu* view_menu)
    : QObject(window), simulation_(simulation) {
    model_ = new StimulusModel(simulation->controller(), this);
    connect(model_, &StimulusModel::editRejected, this, &StimulusPanel::statusMessage);
    connect(simulation, &SimulationPanel::networkLoaded, model_, &StimulusModel::reload);

    table_ = new QTableView;
    table_->setObjectName("stimulusTable");
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    table_->setToolTip(tr("Clamps, spike inputs and probes of the model. Double-click a clamp's start, duration or "
                          "amplitude to change it (also while paused)."));
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (!current.isValid()) return;
        const StimulusModel::Row& row = model_->row(current.row());
        const sim::Gid cell = row.kind == StimulusModel::Kind::spike_input ? row.first_target : row.gid;
        if (row.kind != StimulusModel::Kind::spike_input || row.targets > 0) simulation_->selectCell(cell);
    });

    // The stimulus that clicks and the soma button add.
    kind_ = new QComboBox;
    kind_->addItems({tr("Current clamp (IClamp)"), tr("Voltage clamp (SEClamp)")});
    kind_->setToolTip(tr("A current clamp injects a current pulse; a voltage clamp holds the membrane at a "
                         "voltage (series resistance 1 MΩ)"));
    auto box = [](double min, double max, double value, const QString& suffix, const QString& tip) {
        auto* b = new QDoubleSpinBox;
        b->setRange(min, max);
        b->setDecimals(3);
        b->setValue(value);
        b->setSuffix(suffix);
        b->setToolTip(tip);
        return b;
    };
    start_ = box(0, 1e7, 20, tr(" ms"), tr("When the pulse starts"));
    duration_ = box(0, 1e7, 200, tr(" ms"), tr("How long it lasts"));
    amplitude_ = box(-1e3, 1e3, 0.5, tr(" nA"), tr("Injected current (positive depolarises)"));
    connect(kind_, &QComboBox::currentIndexChanged, this, &StimulusPanel::onKindChanged);

    place_action_ = view_menu->addAction(tr("Place &Stimulus"));
    place_action_->setObjectName("placeStimulusAction");
    place_action_->setCheckable(true);
    place_action_->setShortcut(QKeySequence(tr("S")));
    place_action_->setStatusTip(tr("Click a section in the 3D view to place the new stimulus there"));
    place_action_->setToolTip(tr("Place by clicking a section in the 3D view (S)"));
    QAction* probe_action = scene->placeProbeAction();
    // One placing mode at a time: a click places a probe or a stimulus, not both.
    connect(place_action_, &QAction::toggled, this, [this, probe_action](bool on) {
        if (!on) return;
        probe_action->setChecked(false);
        emit statusMessage(tr("Click a section to place the stimulus (S again to stop)"));
    });
    connect(probe_action, &QAction::toggled, this, [this](bool on) {
        if (on) place_action_->setChecked(false);
    });
    connect(scene, &CircuitScenePanel::sectionPicked, this, [this](sim::Gid gid, std::uint32_t section, double x) {
        if (place_action_->isChecked()) addStimulus(gid, {section, x});
    });
    connect(simulation, &SimulationPanel::cellSelected, this, [this](sim::Gid gid) {
        selected_ = gid;
        soma_button_->setEnabled(true);
    });

    auto* place_button = new QToolButton;
    place_button->setDefaultAction(place_action_);
    place_button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    soma_button_ = new QPushButton(tr("On Selected Soma"));
    soma_button_->setObjectName("stimulusOnSomaButton");
    soma_button_->setToolTip(tr("Place the new stimulus at the soma (x = 0.5) of the selected cell"));
    soma_button_->setEnabled(false);
    connect(soma_button_, &QPushButton::clicked, this, [this] { addStimulus(selected_, {0, 0.5}); });
    remove_button_ = new QPushButton(tr("Remove"));
    remove_button_->setObjectName("stimulusRemoveButton");
    remove_button_->setToolTip(tr("Remove the selected clamp (at t = 0; Reset first during a run)"));
    const auto remove_current = [this] {
        if (const QModelIndex current = table_->currentIndex(); current.isValid()) removeRow(current.row());
    };
    connect(remove_button_, &QPushButton::clicked, this, remove_current);
    auto* remove_key = new QAction(table_);  // Delete in the table only, never in the 3D view
    remove_key->setShortcut(QKeySequence::Delete);
    remove_key->setShortcutContext(Qt::WidgetShortcut);
    table_->addAction(remove_key);
    connect(remove_key, &QAction::triggered, this, remove_current);

    auto* form = new QFormLayout;
    form->addRow(tr("New"), kind_);
    form->addRow(tr("Start"), start_);
    form->addRow(tr("Duration"), duration_);
    form->addRow(tr("Amplitude"), amplitude_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(place_button);
    buttons->addWidget(soma_button_);
    buttons->addStretch();
    buttons->addWidget(remove_button_);
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(table_, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);

    add_dock(window, view_menu, {"StimuliDock", tr("Stimuli and Recordings"), Qt::LeftDockWidgetArea}, body);
    model_->reload();
}

void StimulusPanel::onKindChanged() {
    const bool voltage = kind_->currentIndex() == 1;
    amplitude_->setSuffix(voltage ? tr(" mV") : tr(" nA"));
    amplitude_->setValue(voltage ? -40.0 : 0.5);
    amplitude_->setToolTip(voltage ? tr("Holding voltage") : tr("Injected current (positive depolarises)"));
    start_->setEnabled(!voltage);  // SEClamp holds from t = 0 for its first duration
}

StimulusPanel::NewStimulus StimulusPanel::newStimulus() const {
    return {kind_->currentIndex() == 1, start_->value(), duration_->value(), amplitude_->value()};
}

void StimulusPanel::setNewStimulus(const NewStimulus& stimulus) {
    kind_->setCurrentIndex(stimulus.voltage_clamp ? 1 : 0);
    start_->setValue(stimulus.start);
    duration_->setValue(stimulus.duration);
    amplitude_->setValue(stimulus.amplitude);
}

bool StimulusPanel::addStimulus(sim::Gid gid, const sim::Location& where) {
    const NewStimulus s = newStimulus();
    const std::string mechanism = s.voltage_clamp ? "SEClamp" : "IClamp";
    const std::map<std::string, double> parameters =
        s.voltage_clamp ? std::map<std::string, double>{{"dur1", s.duration}, {"amp1", s.amplitude}}
                        : std::map<std::string, double>{{"del", s.start}, {"dur", s.duration}, {"amp", s.amplitude}};
    SimulationController* controller = simulation_->controller();
    const bool live = controller->atStart();
    try {
        const std::uint32_t index = controller->addStimulus(gid, where, mechanism, parameters);
        const int row = model_->rowOfClamp(gid, index);
        if (row >= 0) table_->selectRow(row);
        emit statusMessage(tr("%1 placed on cell %2, section %3 at x = %4%5")
                               .arg(s.voltage_clamp ? tr("Voltage clamp") : tr("Current clamp"))
                               .arg(gid)
                               .arg(where.section)
                               .arg(where.x, 0, 'f', 2)
                               .arg(live ? QString() : tr(" — it joins the simulation at the next Reset")));
        return true;
    } catch (const Error& e) {
        emit statusMessage(tr("Could not place the stimulus on cell %1: %2").arg(gid).arg(QString::fromStdString(e.what())));
        return false;
    }
}

bool StimulusPanel::removeRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return false;
    const StimulusModel::Row r = model_->row(row);
    if (r.kind != StimulusModel::Kind::current_clamp && r.kind != StimulusModel::Kind::voltage_clamp) {
        emit statusMessage(tr("Only clamps can be removed here"));
        return false;
    }
    try {
        simulation_->controller()->removeStimulus(r.gid, r.index);
        emit statusMessage(tr("Clamp removed from cell %1").arg(r.gid));
        return true;
    } catch (const Error& e) {
        emit statusMessage(QString::fromStdString(e.what()));
        return false;
    }
}

}  // namespace lamina::ui
