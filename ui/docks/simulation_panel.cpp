#include "ui/docks/simulation_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/circuit/representative_cells.h"
#include "engine/errors.h"
#include "engine/sim/demo_network.h"
#include "io/sonata/sonata_run.h"
#include "ui/docks/cell_profile.h"
#include "ui/models/circuit_model.h"
#include "ui/models/inspector_model.h"
#include "ui/docks/window_docks.h"
#include "ui/docks/experiments_dialog.h"
#include "ui/views/plot_views.h"
#include "ui/views/rate_view.h"

namespace lamina::ui {

namespace {

// Reads and builds on a worker thread; `cancel` is checked between the long steps.
LoadedNetwork load_sonata(const QString& config, const std::atomic<bool>& cancel,
                          const std::function<void(const std::string&)>& progress) {
    LoadedNetwork out;
    out.name = QFileInfo(config).fileName();
    WarningCollector collected;
    DiagnosticOptions diagnostics;
    diagnostics.handler = &collected;
    try {
        // The path `lamina simulate` takes, so a config runs the same in the window.
        io::OpenOptions open;
        open.circuit_alone = true;
        open.cancel = &cancel;
        open.progress = progress;
        io::SonataRun run = io::open_sonata_run(config.toStdString(), diagnostics, open);
        if (!run.session) return out;  // cancelled
        out.circuit = run.circuit;
        // Cells that carry the activity (one per layer, excitatory where there are
        // any), not the first gids, which may sit silent at rest.
        out.probe_cells = circuit::representative_cells(*run.circuit, run.session->gids());
        out.session = std::move(run.session);
    } catch (const std::exception& e) {
        out.error = QString::fromStdString(e.what());
    }
    out.warnings = collected.warnings();
    return out;
}

QDoubleSpinBox* number_box(double min, double max, double value, int decimals, const QString& suffix,
                           const QString& tip) {
    auto* box = new QDoubleSpinBox;
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    return box;
}

}  // namespace

SimulationPanel::SimulationPanel(QMainWindow* window, QMenu* view_menu)
    : QObject(window), window_(window), controller_(new SimulationController(this)) {
    traces_ = new TraceView;
    raster_ = new RasterView;  // before the Circuit tree, which follows its clicks
    add_dock(window, view_menu, {"CircuitDock", tr("Circuit"), Qt::LeftDockWidgetArea}, makeCircuitBody());
    add_dock(window, view_menu, {"SimulationDock", tr("Simulation"), Qt::RightDockWidgetArea}, makeSettingsBody());
    add_dock(window, view_menu, {"InspectorDock", tr("Inspector"), Qt::RightDockWidgetArea}, makeInspectorBody());
    QDockWidget* trace_dock =
        add_dock(window, view_menu, {"TracesDock", tr("Voltage traces"), Qt::BottomDockWidgetArea}, traces_);
    QDockWidget* raster_dock =
        add_dock(window, view_menu, {"RasterDock", tr("Spike raster"), Qt::BottomDockWidgetArea}, raster_);
    window->splitDockWidget(trace_dock, raster_dock, Qt::Horizontal);
    rates_ = new RateView;
    QDockWidget* rate_dock =
        add_dock(window, view_menu, {"RatesDock", tr("Rates by layer"), Qt::BottomDockWidgetArea}, rates_);
    window->splitDockWidget(raster_dock, rate_dock, Qt::Horizontal);

    QMenu* menu = add_menu(window, tr("&Simulation"), "SimulationMenu");
    auto action = [&](const QString& text, const QString& keys, const QString& tip, auto slot) {
        auto* a = menu->addAction(text);
        a->setShortcut(QKeySequence(keys));
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    run_action_ = action(tr("&Run"), tr("F5"), tr("Run (or continue) the simulation to tstop"), [this] {
        applySettings();
        controller_->run();
    });
    pause_action_ = action(tr("&Pause"), tr("F6"), tr("Pause after the current chunk"), [this] { controller_->pause(); });
    stop_action_ = action(tr("S&top"), tr("Shift+F5"), tr("End the run here"), [this] { controller_->stop(); });
    reset_action_ = action(tr("Rese&t"), tr("Ctrl+F5"), tr("Back to t = 0"), [this] {
        applySettings();
        controller_->reset();
    });
    run_action_->setObjectName("runAction");
    pause_action_->setObjectName("pauseAction");
    stop_action_->setObjectName("stopAction");
    reset_action_->setObjectName("resetAction");
    menu->addSeparator();
    action(tr("&Demo Network"), tr("Ctrl+Shift+N"), tr("Ball-and-stick cells with Poisson drive"),
           [this] { loadDemoNetwork(); });
    action(tr("Open &SONATA Circuit or Simulation…"), tr("Ctrl+Shift+O"),
           tr("Open a SONATA simulation_config.json, or a circuit_config.json to run with default settings"), [this] {
        const QString path = QFileDialog::getOpenFileName(window_, tr("Open SONATA Circuit or Simulation"), {},
                                                          tr("SONATA configs (*.json);;All files (*)"));
        if (!path.isEmpty()) loadSonata(path);
    });
    menu->addSeparator();
    // Experiments on a copy of the selected cell, apart from the run.
    experiment_ = [this](ExperimentsDialog::Tab tab, std::optional<sim::Gid> pre) {
        const auto network = controller_->network();
        if (!network || !selected_gid_ || !network->is_cell(*selected_gid_)) {
            emit statusMessage(tr("Select a cell first (Circuit dock, raster or 3D view)"));
            return;
        }
        auto* dialog = new ExperimentsDialog(network, *selected_gid_, controller_->settings(), tab, window_);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        if (pre) dialog->setPresynaptic(*pre);
        dialog->show();
        last_experiment_ = dialog;
    };
    action(tr("Step Series on Selected Cell…"), tr("Ctrl+Alt+I"),
           tr("Current steps onto a copy of the selected cell: its f–I curve and adaptation"),
           [this] { experiment_(ExperimentsDialog::steps, std::nullopt); })
        ->setObjectName("stepSeriesAction");
    action(tr("Paired Pulse onto Selected Cell…"), tr("Ctrl+Alt+P"),
           tr("A presynaptic cell's connection driven at 10, 20 and 40 Hz onto a copy of the selected cell"),
           [this] { experiment_(ExperimentsDialog::paired_pulse, std::nullopt); })
        ->setObjectName("pairedPulseAction");
    menu->addSeparator();
    // The raster's colours: by m-type (the default where the circuit has them), layer or none.
    QMenu* colours = menu->addMenu(tr("Spike Raster &Colours"));
    auto* colour_group = new QActionGroup(this);
    for (const auto& [text, by] : {std::pair{tr("By &M-type"), "mtype"}, std::pair{tr("By &Layer"), "layer"},
                                   std::pair{tr("&One Colour"), ""}}) {
        QAction* a = colours->addAction(text);
        a->setCheckable(true);
        a->setChecked(raster_colour_by_ == by);
        a->setStatusTip(tr("Colour each spike by its cell's category, as the 3D view colours cells"));
        colour_group->addAction(a);
        connect(a, &QAction::triggered, this, [this, attribute = std::string(by)] {
            raster_colour_by_ = attribute;
            colourRaster();
        });
    }
    action(tr("Export &Traces…"), {}, tr("Voltage traces as CSV (or PNG)"), [this] { exportTraces(); });
    action(tr("Export Spike Ra&ster…"), {}, tr("Spikes as CSV (or PNG)"), [this] { exportRaster(); });

    connect(controller_, &SimulationController::stateChanged, this, &SimulationPanel::onStateChanged);
    connect(controller_, &SimulationController::progress, this, &SimulationPanel::onProgress);
    connect(controller_, &SimulationController::failed, this, [this](const QString& message) {
        state_label_->setText(tr("failed: %1").arg(message));
        emit statusMessage(tr("Simulation failed: %1").arg(message));
    });
    timer_ = new QTimer(this);
    timer_->setInterval(33);  // 30 updates a second
    connect(timer_, &QTimer::timeout, this, &SimulationPanel::poll);
    timer_->start();
    onStateChanged(SimulationController::State::empty);
}

SimulationPanel::~SimulationPanel() = default;

std::pair<std::map<sim::Gid, std::size_t>, QStringList> SimulationPanel::categories(const std::string& attribute) const {
    // Numbered in order of first appearance in gid order, as the 3D view numbers them.
    const auto circuit = circuit_model_->sharedCircuit();
    const auto& first = circuit_model_->firstGids();
    std::map<sim::Gid, std::size_t> category;
    std::map<std::string, std::size_t> index;
    QStringList names;
    if (!circuit || attribute.empty()) return {category, names};
    for (std::size_t p = 0; p < circuit->nodes.size() && p < first.size(); ++p) {
        const circuit::NodePopulation& nodes = circuit->nodes[p];
        if (!nodes.find(attribute)) continue;
        for (std::uint64_t i = 0; i < nodes.size(); ++i) {
            const std::string key = nodes.text(attribute, i);
            const auto [it, fresh] = index.try_emplace(key, index.size());
            if (fresh) names << QString::fromStdString(key);
            category[first[p] + static_cast<sim::Gid>(i)] = it->second;
        }
    }
    return {category, names};
}

void SimulationPanel::colourRaster() {
    auto [category, names] = categories(raster_colour_by_);
    raster_->setCategories(std::move(category), names);
}

QWidget* SimulationPanel::makeSettingsBody() {
    auto* body = new QWidget;
    auto* form = new QFormLayout;
    network_label_ = new QLabel(tr("no network (Simulation ▸ Demo Network)"));
    network_label_->setWordWrap(true);
    form->addRow(tr("Network"), network_label_);
    // Keys the network was built with (they take a reload to change).
    built_with_ = new QLabel;
    built_with_->setObjectName("builtWith");
    built_with_->setWordWrap(true);
    built_with_->setToolTip(tr("Run keys of the config that shaped the network when it was built: compartment "
                               "length (dL), spike threshold, rows per report write"));
    form->addRow(tr("Built with"), built_with_);
    tstop_ = number_box(0.1, 1e7, 500, 1, tr(" ms"), tr("Simulated time"));
    dt_ = number_box(0.0001, 10, 0.025, 4, tr(" ms"), tr("Time step"));
    method_ = new QComboBox;
    method_->addItems({tr("Implicit Euler"), tr("Crank–Nicolson")});
    method_->setToolTip(tr("Implicit Euler: NEURON's default (secondorder=0); Crank–Nicolson: second order"));
    celsius_ = number_box(-20, 60, 6.3, 1, tr(" °C"), tr("Temperature (scales hh's rates by q10 = 3)"));
    v_init_ = number_box(-200, 100, -65, 1, tr(" mV"), tr("Initial membrane potential"));
    threads_ = new QSpinBox;
    threads_->setRange(0, 256);
    threads_->setSpecialValueText(tr("all cores"));
    threads_->setToolTip(tr("Worker threads; results are identical for any number"));
    tstop_->setObjectName("tstop");
    dt_->setObjectName("dt");
    form->addRow(tr("tstop"), tstop_);
    form->addRow(tr("dt"), dt_);
    form->addRow(tr("Method"), method_);
    form->addRow(tr("Temperature"), celsius_);
    form->addRow(tr("v_init"), v_init_);
    timing_ = new QComboBox;
    timing_->setObjectName("spikeTiming");
    timing_->addItems({tr("Interpolated"), tr("NEURON (step ends)")});
    timing_->setToolTip(tr("Spike times: interpolated within the step, or stamped at step ends with events at "
                           "NEURON's boundary rule (run.spike_timing), to compare spike for spike with NEURON"));
    hh_tables_ = new QCheckBox(tr("hh rate tables"));
    hh_tables_->setObjectName("hhTables");
    hh_tables_->setToolTip(tr("hh's rates from NEURON's 1 mV tables, NEURON's default (run.hh_tables), "
                              "instead of the exact functions"));
    method_->setObjectName("method");
    form->addRow(tr("Spike timing"), timing_);
    form->addRow(QString(), hh_tables_);
    form->addRow(tr("Threads"), threads_);
    auto* buttons = new QHBoxLayout;
    run_button_ = new QPushButton(tr("Run"));
    run_button_->setToolTip(tr("Run or continue (F5)"));
    pause_button_ = new QPushButton(tr("Pause"));
    pause_button_->setToolTip(tr("Pause (F6); Run continues"));
    stop_button_ = new QPushButton(tr("Stop"));
    stop_button_->setToolTip(tr("End the run here (Shift+F5)"));
    reset_button_ = new QPushButton(tr("Reset"));
    reset_button_->setToolTip(tr("Back to t = 0 (Ctrl+F5)"));
    for (auto* b : {run_button_, pause_button_, stop_button_, reset_button_}) buttons->addWidget(b);
    connect(run_button_, &QPushButton::clicked, this, [this] { run_action_->trigger(); });
    connect(pause_button_, &QPushButton::clicked, this, [this] { pause_action_->trigger(); });
    connect(stop_button_, &QPushButton::clicked, this, [this] { stop_action_->trigger(); });
    connect(reset_button_, &QPushButton::clicked, this, [this] { reset_action_->trigger(); });
    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    progress_->setFormat(tr("%p%"));
    state_label_ = new QLabel;
    speed_label_ = new QLabel;
    speed_label_->setToolTip(tr("Simulated milliseconds per second of wall time"));
    auto* layout = new QVBoxLayout(body);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(progress_);
    layout->addWidget(state_label_);
    layout->addWidget(speed_label_);
    layout->addStretch();
    return body;
}

QWidget* SimulationPanel::makeCircuitBody() {
    circuit_model_ = new CircuitModel(this);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(circuit_model_);
    proxy->setRecursiveFilteringEnabled(true);  // a matching node keeps its population visible
    proxy->setFilterKeyColumn(-1);              // any column: model type, layer, m-type ...
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    auto* filter = new QLineEdit;
    filter->setObjectName("circuitFilter");
    filter->setPlaceholderText(tr("Filter: layer, m-type, model type…"));
    filter->setClearButtonEnabled(true);
    connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto* tree = new QTreeView;
    tree->setObjectName("circuitTree");
    tree->setModel(proxy);
    tree->setUniformRowHeights(true);  // fast with large populations
    tree->setSelectionMode(QAbstractItemView::SingleSelection);
    tree->setToolTip(tr("Select a cell to highlight it in the raster"));
    circuit_tree_ = tree;
    circuit_proxy_ = proxy;
    connect(tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, proxy](const QModelIndex& current) {
        const QVariant gid = proxy->mapToSource(current).data(CircuitModel::GidRole);
        if (gid.isValid()) selectCell(gid.value<sim::Gid>());
    });
    connect(raster_, &RasterView::gidClicked, this, &SimulationPanel::selectCell);
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(filter);
    layout->addWidget(tree);
    return body;
}

void SimulationPanel::selectCell(sim::Gid gid) {
    if (selecting_) return;
    selecting_ = true;
    selected_gid_ = gid;
    raster_->setHighlighted(gid);
    const QModelIndex source = circuit_model_->indexOfGid(gid);
    const circuit::NodePopulation* population = nullptr;
    std::uint64_t node = 0;
    if (source.isValid() && circuit_model_->circuit()) {
        population = &circuit_model_->circuit()->nodes[static_cast<std::size_t>(source.parent().row())];
        node = static_cast<std::uint64_t>(source.row());
        const QModelIndex shown = circuit_proxy_->mapFromSource(source);
        circuit_tree_->scrollTo(shown);
        circuit_tree_->setCurrentIndex(shown);
    }
    if (const auto network = controller_->network()) {
        inspector_->showCell(*network, gid, population, node);
        profile_->showCell(*network, gid);
    }
    emit cellSelected(gid);
    selecting_ = false;
}

QWidget* SimulationPanel::makeInspectorBody() {
    inspector_ = new InspectorModel(this);
    auto* table = new QTableView;
    table->setObjectName("inspectorTable");
    table->setModel(inspector_);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setWordWrap(true);
    table->setToolTip(tr("The selected cell as the engine simulates it"));
    profile_ = new CellProfile(controller_);
    connect(table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (const QString variable = inspector_->variableAt(index.row()); !variable.isEmpty()) profile_->setVariable(variable);
        if (const auto pre = inspector_->presynapticAt(index.row()); pre && experiment_) experiment_(ExperimentsDialog::paired_pulse, pre);
    });
    auto* split = new QSplitter(Qt::Vertical);
    split->setObjectName("inspectorSplit");
    split->addWidget(table);
    split->addWidget(profile_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

void SimulationPanel::applySettings() {
    sim::RunOptions s = controller_->settings();  // keys the dock does not show stay as loaded
    s.tstop = tstop_->value();
    s.dt = dt_->value();
    s.method = method_->currentIndex() == 1 ? sim::Method::crank_nicolson : sim::Method::implicit_euler;
    s.celsius = celsius_->value();
    s.v_init = v_init_->value();
    s.threads = threads_->value();
    s.timing = timing_->currentIndex() == 1 ? sim::SpikeTiming::neuron : sim::SpikeTiming::interpolated;
    s.set_hh_tables(hh_tables_->isChecked());
    controller_->setSettings(s);
}

void SimulationPanel::install(const Installed& model, const QString& name, const std::vector<sim::Gid>& probe_cells,
                              std::shared_ptr<const circuit::Circuit> circuit, std::vector<sim::Gid> first_gids,
                              const QString& source) {
    const auto& network = model.session ? model.session->network() : model.network;
    const sim::RunOptions& settings = model.session ? model.session->options() : model.settings;
    source_ = source;
    circuit_model_->setCircuit(std::move(circuit), std::move(first_gids));
    inspector_->clear();
    profile_->clear();
    tstop_->setValue(settings.tstop);
    dt_->setValue(settings.dt);
    celsius_->setValue(settings.celsius);
    v_init_->setValue(settings.v_init);
    method_->setCurrentIndex(settings.method == sim::Method::crank_nicolson ? 1 : 0);
    timing_->setCurrentIndex(settings.timing == sim::SpikeTiming::neuron ? 1 : 0);
    hh_tables_->setChecked(settings.hh_tables());
    threads_->setValue(settings.threads);
    if (!model.session) controller_->setSettings(settings);
    // Raster rows: cells and point neurons in gid order (populations are consecutive gids).
    std::map<sim::Gid, int> rows;
    int row = 0;
    for (sim::Gid g = 0; g < network->size(); ++g)
        if (network->is_neuron(g)) rows[g] = row++;
    raster_->setRows(std::move(rows), row);
    colourRaster();
    const auto [layer_of, layers] = categories("layer");
    rates_->setGroups(layer_of, layers);
    traces_->clearAll();
    if (model.session) controller_->setSession(model.session, name);
    else controller_->setNetwork(network, name);
    for (sim::Gid g : probe_cells) addVoltageProbe(g, {0, 0.5});
    network_label_->setText(tr("%1: %2 cells").arg(name).arg(row));
    QStringList keys;
    if (settings.dL) keys << tr("dL %1 µm").arg(*settings.dL);
    if (model.session) keys << tr("spike threshold %1 mV").arg(settings.spike_threshold);
    if (settings.nsteps_block) keys << tr("nsteps_block %1").arg(*settings.nsteps_block);
    built_with_->setText(keys.isEmpty() ? tr("defaults") : keys.join(QStringLiteral(" · ")));
    emit networkLoaded(name, true, {});
}

void SimulationPanel::addVoltageProbe(sim::Gid gid, const sim::Location& where) { addProbe(gid, where, "v"); }

QString SimulationPanel::addProbe(sim::Gid gid, const sim::Location& where, const std::string& variable) {
    // Only what the cell has there: the engine would refuse anything else mid-run.
    const auto offered = controller_->variables(gid, &where);
    if (!offered.empty() && std::find(offered.begin(), offered.end(), variable) == offered.end())
        return tr("Cell %1 has no %2 at section %3, x = %4")
            .arg(gid)
            .arg(QString::fromStdString(variable))
            .arg(where.section)
            .arg(where.x, 0, 'f', 2);
    QString label = where.section == 0 ? tr("cell %1 soma").arg(gid)
                                       : tr("cell %1 sec %2 (%3)").arg(gid).arg(where.section).arg(where.x, 0, 'f', 2);
    if (variable != "v") label += QLatin1Char(' ') + QString::fromStdString(variable);
    const std::string unit = variable == "v" ? std::string("mV") : controller_->unitOf(variable);
    controller_->addProbe({gid, where, variable, label});
    traces_->addCurve(label, QString::fromStdString(unit.empty() ? "1" : unit));
    return {};
}

void SimulationPanel::loadDemoNetwork(std::uint32_t cells) {
    sim::DemoNetworkOptions options;
    options.cells = cells;
    options.inputs_per_cell = std::min<std::uint32_t>(20, cells - 1);
    auto network = std::make_shared<const sim::Network>(sim::ballstick_network(options));
    // The demo as populations, for the Circuit dock: its cells on a square sheet, and
    // their Poisson drives (gids cells..2 cells-1).
    auto demo = std::make_shared<circuit::Circuit>();
    circuit::NodePopulation cells_population, drive;
    cells_population.name = "cells";
    cells_population.node_type_id.assign(cells, 1);
    const auto side = static_cast<std::uint32_t>(std::ceil(std::sqrt(static_cast<double>(cells))));
    // A sheet in x–z with every dendrite turned from +x to +y (towards the pia).
    std::vector<double> x(cells), z(cells);
    for (std::uint32_t i = 0; i < cells; ++i) x[i] = 30.0 * (i % side), z[i] = 30.0 * (i / side);
    cells_population.attributes["model_type"] = circuit::Column::of_texts(std::vector<std::string>(cells, "biophysical"));
    cells_population.attributes["model_name"] = circuit::Column::of_texts(std::vector<std::string>(cells, "ball_and_stick"));
    cells_population.attributes["x"] = circuit::Column::of_numbers(x);
    cells_population.attributes["y"] = circuit::Column::of_numbers(std::vector<double>(cells, 0.0));
    cells_population.attributes["z"] = circuit::Column::of_numbers(z);
    cells_population.attributes["rotation_angle_zaxis"] =
        circuit::Column::of_numbers(std::vector<double>(cells, std::numbers::pi / 2));
    drive.name = "drive";
    drive.node_type_id.assign(cells, 2);
    drive.attributes["model_type"] = circuit::Column::of_texts(std::vector<std::string>(cells, "virtual"));
    demo->nodes = {std::move(cells_population), std::move(drive)};
    install({nullptr, network, sim::RunOptions{}}, tr("demo network"), {0, 1, 2, 3}, std::move(demo), {0, cells});
}

void SimulationPanel::loadSonata(const QString& config) {
    startLoad(config, [config](const std::atomic<bool>& cancel, const LoadProgress& progress) {
        return load_sonata(config, cancel, progress);
    });
}

void SimulationPanel::loadPointRecipe(const QString& recipe) {
    startLoad(recipe, [recipe](const std::atomic<bool>& cancel, const LoadProgress& progress) {
        return load_point_recipe(recipe, cancel, progress);
    });
}

void SimulationPanel::startLoad(const QString& path,
                                std::function<LoadedNetwork(const std::atomic<bool>&, const LoadProgress&)> job) {
    if (load_cancel_) *load_cancel_ = true;  // a newer load replaces the one in progress
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    load_cancel_ = cancel;
    loading_ = true;
    emit loadingChanged(true);
    emit statusMessage(tr("Reading %1…").arg(path));
    auto note = std::make_shared<LoadNote>();
    load_note_ = note;
    auto* watcher = new QFutureWatcher<LoadedNetwork>(this);
    connect(watcher, &QFutureWatcher<LoadedNetwork>::finished, this, [this, watcher, cancel, path] {
        const LoadedNetwork loaded = watcher->result();
        watcher->deleteLater();
        if (*cancel) return;  // cancelled or replaced: its result is not wanted
        load_cancel_.reset();
        load_note_.reset();
        loading_ = false;
        emit loadingChanged(false);
        if (!loaded.warnings.empty()) emit warningsFound(loaded.warnings);
        if (!loaded.error.isEmpty()) {
            emit statusMessage(loaded.error);
            emit loadFailed(path, loaded.error);
            emit networkLoaded(loaded.name, false, loaded.error);
            return;
        }
        if (loaded.session) {
            std::vector<sim::Gid> first_gids;
            for (const auto& range : loaded.session->gids().ranges()) first_gids.push_back(range.first);
            install({loaded.session, nullptr, {}}, loaded.name, loaded.probe_cells, loaded.circuit, std::move(first_gids),
                    path);
        } else if (loaded.network) {
            install({nullptr, loaded.network, loaded.settings}, loaded.name, loaded.probe_cells, loaded.circuit,
                    loaded.first_gids);
        } else {
            return;  // cancelled inside the job
        }
        emit statusMessage(loaded.report.isEmpty() ? tr("Loaded %1").arg(loaded.name)
                                                   : tr("Loaded %1: %2").arg(loaded.name, loaded.report.back()));
    });
    const auto progress = [note](const std::string& line) {
        const std::lock_guard lock(note->mutex);
        note->line = QString::fromStdString(line);
        note->fresh = true;
    };
    watcher->setFuture(QtConcurrent::run([job = std::move(job), cancel, progress] { return job(*cancel, progress); }));
}

void SimulationPanel::cancelLoading() {
    if (!load_cancel_) return;
    *load_cancel_ = true;
    load_cancel_.reset();
    loading_ = false;
    emit loadingChanged(false);
    emit statusMessage(tr("Loading cancelled; the model in the simulator is unchanged"));
}

void SimulationPanel::poll() {
    ++polls_;
    if (load_note_ && load_cancel_) {
        const std::lock_guard lock(load_note_->mutex);
        if (load_note_->fresh) emit statusMessage(tr("Opening the circuit: %1…").arg(load_note_->line));
        load_note_->fresh = false;
    }
    // Data of a newer run (after a reset) replaces what the plots hold.
    auto fresh = [this](std::uint64_t generation) {
        if (generation == shown_generation_) return;
        shown_generation_ = generation;
        traces_->clearData();
        raster_->clearData();
        rates_->clearData();
    };
    std::vector<sim::Sample> samples;
    for (int k = 0; k < traces_->curveCount(); ++k) {
        samples.clear();
        fresh(controller_->drainSamples(k, samples));
        traces_->appendSamples(k, samples);
    }
    std::vector<sim::Spike> spikes;
    fresh(controller_->drainSpikes(spikes));
    raster_->appendSpikes(spikes);
    if (!spikes.empty()) {
        rates_->showRates(raster_->spikes(), controller_->simulatedTime());
        emit spikesDrained(spikes);
    }
    showProgress();
    emit polled();
}

void SimulationPanel::onStateChanged(SimulationController::State state) {
    using State = SimulationController::State;
    static const char* const names[] = {"no network", "ready", "running", "paused", "finished", "failed"};
    if (state != State::failed) state_label_->setText(tr(names[static_cast<int>(state)]));
    const bool running = state == State::running;
    const bool can_run = state == State::ready || state == State::paused || state == State::finished;
    run_action_->setEnabled(can_run);
    pause_action_->setEnabled(running);
    stop_action_->setEnabled(running || state == State::paused);
    reset_action_->setEnabled(state != State::empty && !running);
    run_button_->setEnabled(can_run);
    run_button_->setText(state == State::paused ? tr("Resume") : tr("Run"));
    pause_button_->setEnabled(running);
    stop_button_->setEnabled(running || state == State::paused);
    reset_button_->setEnabled(state != State::empty && !running);
    for (QWidget* w : std::initializer_list<QWidget*>{tstop_, dt_, method_, celsius_, v_init_, threads_})
        w->setEnabled(!running);
    if (state == State::finished) poll();  // the last chunk's data now, not at the next tick
}

void SimulationPanel::onProgress(double time, double tstop, double rate) {
    // Shown with the next poll, so the window repaints once per tick, not once per chunk
    // as well (each repaint of a window holding a GL view recomposes all of it); the
    // start and the end are shown at once.
    pending_progress_ = {time, tstop, rate};
    progress_pending_ = true;
    if (time <= 0 || time >= tstop) showProgress();
}

void SimulationPanel::showProgress() {
    if (!progress_pending_) return;
    progress_pending_ = false;
    const auto [time, tstop, rate] = pending_progress_;
    progress_->setValue(tstop > 0 ? static_cast<int>(1000 * time / tstop) : 0);
    progress_->setFormat(tr("%1 / %2 ms").arg(time, 0, 'f', 1).arg(tstop, 0, 'f', 1));
    speed_label_->setText(rate > 0 ? tr("%1 simulated ms per second").arg(rate, 0, 'f', 0) : QString());
}

void SimulationPanel::exportTraces() { exportPlot(traces_, tr("Export Traces"), "traces.csv"); }

void SimulationPanel::exportRaster() { exportPlot(raster_, tr("Export Spike Raster"), "spikes.csv"); }

// CSV of the plot's data, or a PNG of what it shows, by the chosen name's extension.
template <typename Plot>
void SimulationPanel::exportPlot(Plot* plot, const QString& title, const QString& suggested) {
    const QString path = QFileDialog::getSaveFileName(window_, title, suggested, tr("CSV (*.csv);;PNG image (*.png)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = path.endsWith(".png", Qt::CaseInsensitive) ? plot->savePng(path) : plot->saveCsv(path, &error);
    emit statusMessage(ok ? tr("Saved %1").arg(path) : tr("Could not save %1: %2").arg(path, error));
}

}  // namespace lamina::ui
