#include "ui/docks/cell_profile.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "engine/sim/discretization.h"
#include "ui/jobs/simulation_controller.h"
#include "ui/views/profile_plot.h"

namespace lamina::ui {

CellProfile::CellProfile(SimulationController* controller, QWidget* parent) : QWidget(parent), controller_(controller) {
    choice_ = new QComboBox;
    choice_->setObjectName("profileVariable");
    choice_->setToolTip(tr("What to plot against distance from the soma: a channel density, an ion's value, a "
                           "state, or v, as the simulation holds them now"));
    choice_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    plot_ = new ProfilePlot;
    plot_->showMessage(tr("Select a cell to see its profile"));
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Profile of")));
    row->addWidget(choice_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(plot_, 1);
    connect(choice_, &QComboBox::currentTextChanged, this, [this] { request(); });
    connect(controller_, &SimulationController::compartmentValues, this, &CellProfile::onValues);
    // A reset rebuilds the model: ask again for what the new one holds.
    connect(controller_, &SimulationController::resetDone, this, [this] {
        if (has_cell_) request();
    });
}

void CellProfile::showCell(const sim::Network& network, sim::Gid gid) {
    if (gid >= network.size() || !network.is_cell(gid)) {
        clear();
        return;
    }
    const sim::CellDescription& cell = *network.cell(gid);
    const sim::Discretization layout = sim::discretize(cell);
    distance_ = sim::node_distances(cell, layout);
    type_.assign(layout.size(), SectionType::soma);
    for (std::size_t k = 0; k < layout.size(); ++k)
        if (layout.section[k] >= 0) type_[k] = cell.sections()[static_cast<std::size_t>(layout.section[k])].type;
    gid_ = gid;
    has_cell_ = true;

    QString keep = choice_->currentText();
    QString distributed;
    for (const auto& painting : cell.paintings())
        for (const auto& entry : painting.distributed)
            if (distributed.isEmpty()) distributed = QString::fromStdString(painting.mechanism + "." + entry.first);
    QStringList names;
    for (const auto& name : controller_->variables(gid)) names << QString::fromStdString(name);
    const QSignalBlocker quiet(choice_);
    choice_->clear();
    choice_->addItems(names);
    const QString chosen = names.contains(keep) && keep != QLatin1String("v") ? keep
                           : names.contains(distributed)                      ? distributed
                                                                              : QStringLiteral("v");
    choice_->setCurrentIndex(std::max(0, static_cast<int>(names.indexOf(chosen))));
    if (names.isEmpty()) plot_->showMessage(tr("Cell %1 is not built yet: run or reset to see its profile").arg(gid));
    else request();
}

void CellProfile::clear() {
    has_cell_ = false;
    const QSignalBlocker quiet(choice_);
    choice_->clear();
    plot_->showMessage(tr("Select a cell to see its profile"));
}

bool CellProfile::setVariable(const QString& variable) {
    const int index = choice_->findText(variable);
    if (index < 0) return false;
    choice_->setCurrentIndex(index);
    return true;
}

QString CellProfile::variable() const { return choice_->currentText(); }

void CellProfile::request() {
    if (!has_cell_ || choice_->currentText().isEmpty()) return;
    controller_->requestCompartmentValues(gid_, choice_->currentText().toStdString());
}

void CellProfile::onValues(sim::Gid gid, const QString& variable, const std::vector<double>& values, const QString& error) {
    if (!has_cell_ || gid != gid_ || variable != choice_->currentText()) return;  // an older question
    if (!error.isEmpty()) {
        plot_->showMessage(error);
        return;
    }
    if (values.size() != distance_.size()) {
        plot_->showMessage(tr("Cell %1 changed: select it again").arg(gid));
        return;
    }
    std::vector<ProfilePlot::Point> points;
    points.reserve(values.size());
    for (std::size_t k = 0; k < values.size(); ++k) points.push_back({distance_[k], values[k], type_[k]});
    plot_->setProfile(variable, QString::fromStdString(controller_->unitOf(variable.toStdString())), std::move(points));
}

}  // namespace lamina::ui
