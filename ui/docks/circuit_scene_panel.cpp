#include "ui/docks/circuit_scene_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QInputDialog>
#include <QMenu>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <QFileInfo>
#include <QDir>

#include "engine/circuit/placement.h"
#include "io/builder/recipe_io.h"
#include "ui/models/category_colors.h"
#include "ui/models/circuit_model.h"
#include "ui/docks/circuit_style_dialog.h"
#include "ui/docks/simulation_panel.h"

namespace lamina::ui {

namespace {
constexpr std::uint32_t not_drawn = std::numeric_limits<std::uint32_t>::max();

struct PopulationRange {
    const circuit::NodePopulation* population;
    sim::Gid first;
};

// The population and node of a gid, from the circuit shown in the Circuit dock.
std::optional<std::pair<const circuit::NodePopulation*, std::uint64_t>> nodeOf(const circuit::Circuit* circuit,
                                                                               const std::vector<sim::Gid>& first,
                                                                               sim::Gid gid) {
    if (!circuit) return std::nullopt;
    for (std::size_t p = 0; p < circuit->nodes.size() && p < first.size(); ++p)
        if (gid >= first[p] && gid < first[p] + circuit->nodes[p].size())
            return std::make_pair(&circuit->nodes[p], std::uint64_t{gid - first[p]});
    return std::nullopt;
}

// Layer bands from the somata of each layer: a boundary halfway between neighbours.
std::vector<render::LayerBand> layerBands(const spatial::CircuitGeometry& g, const std::vector<std::string>& layer) {
    std::map<std::string, std::pair<double, double>> extent;  // layer -> (lowest y, highest y)
    for (std::size_t c = 0; c < g.cells(); ++c) {
        if (layer[c].empty()) continue;
        const double y = g.soma_centre[c].y;
        auto [it, fresh] = extent.try_emplace(layer[c], y, y);
        if (!fresh) it->second = {std::min(it->second.first, y), std::max(it->second.second, y)};
    }
    if (extent.size() < 2) return {};
    std::vector<render::LayerBand> bands;
    for (const auto& [name, range] : extent)
        bands.push_back({name.rfind('L', 0) == 0 ? name : "L" + name, range.first, range.second});
    std::sort(bands.begin(), bands.end(), [](const auto& a, const auto& b) { return a.top > b.top; });  // pia first
    // Layers that share heights are labels, not strata along y: no boundaries to draw.
    for (std::size_t k = 0; k + 1 < bands.size(); ++k)
        if (bands[k + 1].top >= bands[k].bottom) return {};
    for (std::size_t k = 0; k + 1 < bands.size(); ++k) {
        const double boundary = 0.5 * (bands[k].bottom + bands[k + 1].top);
        bands[k].bottom = boundary;
        bands[k + 1].top = boundary;
    }
    const double margin = 20.0;  // [µm] beyond the outermost somata
    bands.front().top += margin;
    bands.back().bottom -= margin;
    return bands;
}
}  // namespace

std::vector<render::LayerBand> layerBandsOf(const builder::Recipe& recipe) {
    std::vector<render::LayerBand> bands;
    for (std::size_t k = 0; k < recipe.layers.size(); ++k) {
        const auto [bottom, top] = builder::layer_extent(recipe, k);
        bands.push_back({recipe.layers[k].name, bottom, top});
    }
    return bands;
}

CircuitScenePanel::CircuitScenePanel(render::CircuitView* view, SimulationPanel* simulation, QMenu* view_menu)
    : QObject(view), view_(view), simulation_(simulation) {
    QMenu* colour = view_menu->addMenu(tr("&Colour Circuit By"));
    coloring_group_ = new QActionGroup(this);
    const std::pair<Coloring, QString> choices[] = {
        {Coloring::section_type, tr("Section &Type")}, {Coloring::population, tr("&Population")},
        {Coloring::layer, tr("&Layer")},               {Coloring::mtype, tr("&M-type")},
        {Coloring::voltage, tr("Membrane &Voltage")},
    };
    int key = 1;
    for (const auto& [coloring, label] : choices) {
        QAction* action = colour->addAction(label);
        action->setCheckable(true);
        action->setChecked(coloring == coloring_);
        action->setShortcut(QKeySequence(QStringLiteral("Alt+%1").arg(key++)));
        action->setData(static_cast<int>(coloring));
        coloring_group_->addAction(action);
        connect(action, &QAction::triggered, this, [this, c = coloring] { setColoring(c); });
    }
    variable_action_ = colour->addAction(tr("Mechanism Va&lue…"));
    variable_action_->setObjectName("colourByVariableAction");
    variable_action_->setCheckable(true);
    variable_action_->setShortcut(QKeySequence(QStringLiteral("Alt+6")));
    variable_action_->setData(static_cast<int>(Coloring::variable));
    variable_action_->setStatusTip(tr("Colour every compartment by a parameter (Ih.gIhbar), an ion (cai) or a state "
                                      "(Ih.m), live during a run"));
    coloring_group_->addAction(variable_action_);
    connect(variable_action_, &QAction::triggered, this, &CircuitScenePanel::chooseColourVariable);
    region_action_ = view_menu->addAction(tr("Select &Region"));
    region_action_->setCheckable(true);
    region_action_->setShortcut(QKeySequence(tr("B")));
    region_action_->setStatusTip(tr("Drag a rectangle to select every cell inside it (or Ctrl+drag at any time)"));
    connect(region_action_, &QAction::toggled, view_, &render::CircuitView::setRegionSelectMode);

    probe_action_ = view_menu->addAction(tr("Place &Probe"));
    probe_action_->setObjectName("placeProbeAction");
    probe_action_->setCheckable(true);
    probe_action_->setShortcut(QKeySequence(tr("P")));
    probe_action_->setStatusTip(tr("Click a section in the 3D view to record its voltage there (also during a run)"));
    connect(probe_action_, &QAction::toggled, this, [this](bool on) {
        if (on) emit statusMessage(tr("Click a section to record %1 there (P again to stop)").arg(probe_variable_));
    });
    QAction* display = view_menu->addAction(tr("Circuit &Display…"));
    display->setObjectName("circuitStyleAction");
    display->setShortcut(QKeySequence(tr("Ctrl+Shift+L")));
    display->setStatusTip(tr("Neurite opacity and density, soma size, and the flash of spiking cells: a dense "
                             "column stays readable"));
    connect(display, &QAction::triggered, this, &CircuitScenePanel::showStyleDialog);
    connect(simulation_, &SimulationPanel::spikesDrained, this, &CircuitScenePanel::flashSpikes);
    QAction* probe_variable = view_menu->addAction(tr("Probe &Variable…"));
    probe_variable->setShortcut(QKeySequence(tr("Shift+P")));
    probe_variable->setStatusTip(tr("Choose what a placed probe records: v, an ion (cai) or a mechanism's state (Ih.m)"));
    connect(probe_variable, &QAction::triggered, this, &CircuitScenePanel::chooseProbeVariable);
    connect(simulation_->controller(), &SimulationController::watchApplied, this, [this] {
        if (coloring_ == Coloring::variable) refreshVoltages();
    });
    connect(simulation_->controller(), &SimulationController::watchFailed, this, [this](const QString& message) {
        emit statusMessage(tr("Cannot colour by %1: %2").arg(colour_variable_, message));
    });
    watcher_ = new QFutureWatcher<BuiltScene>(this);
    connect(watcher_, &QFutureWatcher<BuiltScene>::finished, this, &CircuitScenePanel::onBuilt);
    connect(simulation_, &SimulationPanel::networkLoaded, this, [this](const QString&, bool ok, const QString&) {
        if (ok) rebuild();
    });
    connect(simulation_, &SimulationPanel::cellSelected, this, &CircuitScenePanel::showSelectedGid);
    connect(view_, &render::CircuitView::picked, this, &CircuitScenePanel::onPicked);
    connect(view_, &render::CircuitView::regionSelected, this, &CircuitScenePanel::onRegionSelected);
    // In the plots' tick (30 a second), two ticks in three: 20 pictures a second keep
    // the wave readable, and each 3D frame costs a software renderer CPU the simulation
    // would otherwise have.
    connect(simulation_, &SimulationPanel::polled, this, [this] {
        const auto state = simulation_->controller()->state();
        const bool live = coloring_ == Coloring::voltage || coloring_ == Coloring::variable;
        if (!live || state != SimulationController::State::running) return;
        if (++ticks_ % 3 != 0) refreshVoltages();
    });
    // A reset, a pause or the end of a run shows the voltages of that moment; a Run
    // leaves the placement preview for the circuit that runs.
    connect(simulation_->controller(), &SimulationController::stateChanged, this, [this] {
        if (previewing_ && simulation_->controller()->state() == SimulationController::State::running) clearPreview();
        if (coloring_ == Coloring::voltage || coloring_ == Coloring::variable) refreshVoltages();
    });
}

CircuitScenePanel::~CircuitScenePanel() {
    watcher_->waitForFinished();
}

const spatial::CircuitGeometry* CircuitScenePanel::geometry() const {
    const auto scene = view_->scene();
    return scene ? &render::sceneGeometry(*scene) : nullptr;
}

int CircuitScenePanel::cellOfGid(sim::Gid gid) const {
    if (gid >= cell_of_gid_.size() || cell_of_gid_[gid] == not_drawn) return -1;
    return static_cast<int>(cell_of_gid_[gid]);
}

void CircuitScenePanel::rebuild() {
    const auto network = simulation_->controller()->network();
    if (!network) return;
    // The circuit is shared with the Circuit dock, immutable once installed.
    auto circuit = simulation_->circuitModel()->sharedCircuit();
    const std::vector<sim::Gid> first = simulation_->circuitModel()->firstGids();
    const QString source = simulation_->sourceFile();
    const std::uint64_t request = ++request_;
    if (previewing_) {
        previewing_ = false;
        emit previewChanged(false);
    }
    building_ = true;
    emit buildingChanged(true);
    emit statusMessage(tr("Building the 3D scene…"));
    watcher_->setFuture(QtConcurrent::run([network, circuit, first, request, source] {
        BuiltScene built;
        built.request = request;
        // A column Lamina built keeps its recipe beside the config: its layers are exact.
        const QString recipe = source.isEmpty() ? QString() : QFileInfo(source).dir().filePath("recipe.json");
        if (!recipe.isEmpty() && QFileInfo::exists(recipe)) {
            try {
                built.recipe_layers = layerBandsOf(io::read_recipe(recipe.toStdString()));
            } catch (const std::exception&) {
                // Not a readable recipe: the bands come from the somata as for any circuit.
            }
        }
        try {
            std::vector<sim::Gid> gids;
            for (sim::Gid g = 0; g < network->size(); ++g)
                if (network->is_neuron(g)) gids.push_back(g);
            auto geometry = std::make_shared<const spatial::CircuitGeometry>(
                spatial::make_circuit_geometry(*network, gids, [&](sim::Gid gid) {
                    const auto node = nodeOf(circuit.get(), first, gid);
                    return node ? circuit::node_placement(*node->first, node->second) : circuit::NodePlacement{};
                }));
            built.index = std::make_shared<const spatial::SegmentIndex>(spatial::index_geometry(*geometry, 1.0));
            built.scene = render::prepareCircuitScene(geometry);
        } catch (const std::exception& e) {
            built.error = QString::fromStdString(e.what());
        }
        return built;
    }));
}

void CircuitScenePanel::onBuilt() {
    const BuiltScene built = watcher_->result();
    if (built.request != request_) return;  // a newer network is on its way
    building_ = false;
    emit buildingChanged(false);
    if (!built.error.isEmpty()) {
        emit statusMessage(tr("Could not build the 3D scene: %1").arg(built.error));
        return;
    }
    view_->setScene(built.scene, built.index);
    if (style_automatic_) useAutomaticStyle();
    const spatial::CircuitGeometry& g = render::sceneGeometry(*built.scene);
    cell_of_gid_.assign(g.cells() ? g.gids.back() + 1 : 0, not_drawn);
    for (std::uint32_t c = 0; c < g.cells(); ++c) cell_of_gid_[g.gids[c]] = c;
    const auto circuit = simulation_->circuitModel()->sharedCircuit();
    const auto first = simulation_->circuitModel()->firstGids();
    std::vector<std::string> layers(g.cells());
    for (std::size_t c = 0; c < g.cells(); ++c)
        if (const auto node = nodeOf(circuit.get(), first, g.gids[c])) layers[c] = node->first->text("layer", node->second);
    view_->setLayers(built.recipe_layers ? *built.recipe_layers : layerBands(g, layers));
    applyColoring();
    if (coloring_ == Coloring::variable) {
        value_range_known_ = false;  // a new model: watch its values (watchApplied shows them)
        simulation_->controller()->setWatchedVariable(colour_variable_.toStdString());
    }
    if (coloring_ == Coloring::voltage || coloring_ == Coloring::variable) refreshVoltages();
    const auto stats = render::sceneStats(*built.scene);
    emit statusMessage(tr("3D scene: %1 cells, %2 segments (%3 drawn)")
                           .arg(stats.cells)
                           .arg(stats.segments)
                           .arg(stats.still_segments));
    emit sceneReady(stats.cells, stats.segments);
}

void CircuitScenePanel::useAutomaticStyle() {
    style_automatic_ = true;
    const std::size_t cells = view_->scene() ? render::sceneStats(*view_->scene()).cells : 0;
    // Neurites thinned as the circuit grows; the flash stays as the user left it.
    render::CircuitStyle style = render::readableStyle(cells);
    style.flash_spikes = view_->style().flash_spikes;
    view_->setStyle(style);
    if (style_dialog_) style_dialog_->showStyle(style, cells, true);
}

void CircuitScenePanel::showStyleDialog() {
    if (!style_dialog_) {
        style_dialog_ = new CircuitStyleDialog(view_->window());
        connect(style_dialog_, &CircuitStyleDialog::styleChanged, this, [this](const render::CircuitStyle& style) {
            style_automatic_ = false;
            view_->setStyle(style);
        });
        connect(style_dialog_, &CircuitStyleDialog::automaticAsked, this, &CircuitScenePanel::useAutomaticStyle);
    }
    const std::size_t cells = view_->scene() ? render::sceneStats(*view_->scene()).cells : 0;
    style_dialog_->showStyle(view_->style(), cells, style_automatic_);
    style_dialog_->show();
    style_dialog_->raise();
    style_dialog_->activateWindow();
}

void CircuitScenePanel::flashSpikes(const std::vector<sim::Spike>& spikes) {
    if (previewing_ || !view_->style().flash_spikes) return;
    std::vector<std::uint32_t> cells;
    for (const sim::Spike& spike : spikes)
        if (const int cell = cellOfGid(spike.gid); cell >= 0) cells.push_back(static_cast<std::uint32_t>(cell));
    view_->flashCells(cells);
}

std::shared_ptr<const render::CircuitScene> somataScene(const std::vector<Point3>& somata,
                                                       const std::vector<double>& radii) {
    auto geometry = std::make_shared<spatial::CircuitGeometry>();
    const std::size_t n = somata.size();
    for (std::size_t c = 0; c < n; ++c) geometry->gids.push_back(static_cast<sim::Gid>(c));
    geometry->soma_centre = somata;
    geometry->soma_radius = radii;
    geometry->soma_node.assign(n, 0);
    geometry->cell_sections.assign(n + 1, 0);  // somata only: no neurites
    geometry->section_points.assign(1, 0);
    return render::prepareCircuitScene(std::move(geometry));
}

void CircuitScenePanel::showPlacementPreview(std::shared_ptr<const render::CircuitScene> somata,
                                             const std::vector<std::array<unsigned char, 3>>& colors,
                                             const std::vector<render::LayerBand>& layers) {
    ++request_;  // a scene still being built for the simulated network is not wanted now
    if (building_) {
        building_ = false;
        emit buildingChanged(false);
    }
    previewing_ = true;
    emit previewChanged(true);
    cell_of_gid_.clear();
    const std::size_t n = render::sceneGeometry(*somata).cells();
    view_->setScene(std::move(somata));
    view_->setLayers(layers);
    view_->setCellColors(colors);
    view_->setColoring(render::CircuitView::Coloring::cell);
    view_->resetCamera();
    emit sceneReady(n, 0);
}

void CircuitScenePanel::clearPreview() {
    if (!previewing_) return;
    previewing_ = false;
    emit previewChanged(false);
    if (simulation_->isLoading()) return;  // the network on its way brings its own scene
    if (simulation_->controller()->network()) rebuild();
    else view_->clearScene();
}

void CircuitScenePanel::setColoring(Coloring coloring) {
    clearPreview();  // a colouring is asked of the circuit
    coloring_ = coloring;
    for (QAction* action : coloring_group_->actions())
        action->setChecked(action->data().toInt() == static_cast<int>(coloring));
    if (coloring != Coloring::variable && !colour_variable_.isEmpty()) {
        colour_variable_.clear();  // snapshots need not carry it any longer
        simulation_->controller()->setWatchedVariable({});
    }
    applyColoring();
    if (coloring == Coloring::voltage) refreshVoltages();
}

void CircuitScenePanel::applyColoring() {
    if (previewing_) return;  // the preview keeps its cell-type colours
    const spatial::CircuitGeometry* g = geometry();
    const bool scalar = coloring_ == Coloring::voltage || coloring_ == Coloring::variable;
    if (coloring_ == Coloring::section_type || scalar || !g) {
        if (coloring_ == Coloring::voltage) {
            view_->setScalarLabel({}, QStringLiteral("mV"));
            // Spikes span -80 to 40 mV on cable cells; point neurons never leave their
            // subthreshold range (reset to threshold), which then fills the bar.
            const auto network = simulation_->controller()->network();
            double low = 1e9, high = -1e9;
            bool points_only = g && g->cells() > 0 && network;
            for (std::size_t c = 0; points_only && c < g->cells(); ++c) {
                if (!network->is_point(g->gids[c])) {
                    points_only = false;
                    break;
                }
                const auto [from, to] = sim::point_membrane_range(network->point_neuron(g->gids[c]));
                low = std::min(low, from), high = std::max(high, to);
            }
            if (points_only) view_->setVoltageRange(low, high);
            else view_->setVoltageRange(-80.0, 40.0);
        }
        view_->setColoring(scalar ? render::CircuitView::Coloring::voltage : render::CircuitView::Coloring::section_type);
        return;
    }
    // A category per cell, numbered in order of first appearance.
    const auto circuit = simulation_->circuitModel()->sharedCircuit();
    const auto first = simulation_->circuitModel()->firstGids();
    const char* attribute = coloring_ == Coloring::layer ? "layer" : "mtype";
    std::map<std::string, std::size_t> category;
    std::vector<std::array<unsigned char, 3>> colors(g->cells());
    for (std::size_t c = 0; c < g->cells(); ++c) {
        std::string key;
        if (const auto node = nodeOf(circuit.get(), first, g->gids[c]))
            key = coloring_ == Coloring::population ? node->first->name : node->first->text(attribute, node->second);
        const auto [it, fresh] = category.try_emplace(key, category.size());
        colors[c] = categoryRgb(it->second);
    }
    view_->setCellColors(colors);
    view_->setColoring(render::CircuitView::Coloring::cell);
    emit statusMessage(tr("%1 categories").arg(category.size()));
}

void CircuitScenePanel::refreshVoltages() {
    const spatial::CircuitGeometry* g = geometry();
    if (!g || previewing_) return;
    if (coloring_ == Coloring::variable) showVariableValues();
    else view_->setVoltages(simulation_->controller()->voltageSnapshots(g->gids));
    ++refreshes_;
}

void CircuitScenePanel::showVariableValues() {
    const spatial::CircuitGeometry* g = geometry();
    auto values = simulation_->controller()->watchedSnapshots(g->gids);
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (auto& cell : values) {
        // A cell without the variable anywhere shows grey, like its compartments without it.
        if (cell.empty()) continue;
        for (const double x : cell)
            if (std::isfinite(x)) low = std::min(low, x), high = std::max(high, x);
    }
    if (low <= high) {
        if (value_range_known_) low = std::min(low, value_low_), high = std::max(high, value_high_);
        value_low_ = low, value_high_ = high, value_range_known_ = true;
        // A uniform value (gIhbar on the soma only) still gets a readable bar.
        const double half = high > low ? 0.0 : std::max(std::abs(low) * 0.05, 1e-12);
        view_->setVoltageRange(low - half, high + half);
    }
    view_->setVoltages(values);
}

QString CircuitScenePanel::colourByVariable(const QString& variable) {
    const std::string name = variable.trimmed().toStdString();
    if (name.empty()) return tr("No variable given");
    if (simulation_->controller()->unitOf(name).empty())  // every variable a cell has has units
        return tr("No cell has %1 (try v, cai or a mechanism's value such as Ih.gIhbar)").arg(QString::fromStdString(name));
    clearPreview();
    colour_variable_ = QString::fromStdString(name);
    coloring_ = Coloring::variable;
    for (QAction* action : coloring_group_->actions())
        action->setChecked(action->data().toInt() == static_cast<int>(coloring_));
    value_range_known_ = false;
    const QString unit = QString::fromStdString(simulation_->controller()->unitOf(name));
    view_->setScalarLabel(colour_variable_, unit == QLatin1String("1") ? QString() : unit);
    applyColoring();
    simulation_->controller()->setWatchedVariable(name);  // watchApplied() brings the values
    emit statusMessage(tr("Colouring by %1").arg(colour_variable_));
    return {};
}

void CircuitScenePanel::setProbeVariable(const QString& variable) {
    probe_variable_ = variable.trimmed().isEmpty() ? QStringLiteral("v") : variable.trimmed();
}

QStringList CircuitScenePanel::offeredVariables() const {
    const spatial::CircuitGeometry* g = geometry();
    if (!g || g->cells() == 0) return {};
    const auto& selection = view_->selection();
    const sim::Gid gid = g->gids[selection.empty() ? 0 : selection.front()];
    QStringList names;
    for (const auto& name : simulation_->controller()->variables(gid)) names << QString::fromStdString(name);
    return names;
}

void CircuitScenePanel::chooseColourVariable() {
    const QStringList offered = offeredVariables();
    bool ok = false;
    const int current = std::max<qsizetype>(0, offered.indexOf(colour_variable_.isEmpty() ? QStringLiteral("v") : colour_variable_));
    const QString chosen = QInputDialog::getItem(view_, tr("Colour by Mechanism Value"),
                                                 tr("Variable (of the selected cell; any name works):"), offered,
                                                 static_cast<int>(current), true, &ok);
    if (!ok) {
        setColoring(coloring_ == Coloring::variable && colour_variable_.isEmpty() ? Coloring::voltage : coloring_);
        return;
    }
    if (const QString error = colourByVariable(chosen); !error.isEmpty()) {
        emit statusMessage(error);
        setColoring(coloring_);  // the menu shows what is on screen
    }
}

void CircuitScenePanel::chooseProbeVariable() {
    QStringList offered = offeredVariables();
    if (offered.isEmpty()) offered << QStringLiteral("v");
    bool ok = false;
    const QString chosen = QInputDialog::getItem(view_, tr("Probe Variable"),
                                                 tr("What a probe placed by a click records:"), offered,
                                                 std::max<int>(0, static_cast<int>(offered.indexOf(probe_variable_))),
                                                 true, &ok);
    if (!ok) return;
    setProbeVariable(chosen);
    probe_action_->setChecked(true);
    emit statusMessage(tr("Click a section to record %1 there (P to stop)").arg(probe_variable_));
}

void CircuitScenePanel::onPicked(int cell, int section, double x) {
    const spatial::CircuitGeometry* g = geometry();
    if (previewing_) return;  // preview somata are no cells of the simulator
    if (!g || cell < 0 || static_cast<std::size_t>(cell) >= g->cells()) {
        view_->setSelection({});
        return;
    }
    const sim::Gid gid = g->gids[static_cast<std::size_t>(cell)];
    simulation_->selectCell(gid);
    emit statusMessage(tr("Cell %1, section %2 at x = %3").arg(gid).arg(section).arg(x, 0, 'f', 3));
    emit sectionPicked(gid, static_cast<std::uint32_t>(section), x);
    if (probe_action_->isChecked()) {
        const QString error = simulation_->addProbe(gid, {static_cast<std::uint32_t>(section), x}, probe_variable_.toStdString());
        emit statusMessage(!error.isEmpty() ? error
                                            : tr("Probe of %1 placed on cell %2, section %3 at x = %4")
                                                  .arg(probe_variable_)
                                                  .arg(gid)
                                                  .arg(section)
                                                  .arg(x, 0, 'f', 2));
    }
}

void CircuitScenePanel::onRegionSelected(const std::vector<std::uint32_t>& cells) {
    const spatial::CircuitGeometry* g = geometry();
    if (previewing_) return;
    view_->setSelection(cells);
    if (!g || cells.empty()) {
        emit statusMessage(tr("No cell in the rectangle"));
        return;
    }
    simulation_->selectCell(g->gids[cells.front()]);
    view_->setSelection(cells);  // selectCell narrowed it to one; keep the whole region
    emit statusMessage(tr("%1 cells selected").arg(cells.size()));
}

void CircuitScenePanel::showSelectedGid(sim::Gid gid) {
    const int cell = cellOfGid(gid);
    view_->setSelection(cell >= 0 ? std::vector<std::uint32_t>{static_cast<std::uint32_t>(cell)}
                                  : std::vector<std::uint32_t>{});
}

}  // namespace lamina::ui
