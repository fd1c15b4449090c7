// The main window as a user meets it: open files (good and bad), see the geometry and
// the summary, and a rendered 3D view that actually shows the cell.

#include <QAction>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QTableView>
#include <QToolButton>
#include <algorithm>
#include <fstream>
#include <set>
#include <QSignalSpy>
#include <QtTest>
#include <QComboBox>
#include <QSlider>

#include "render/circuit_view.h"
#include "render/morphology_view.h"
#include "render/surface_format.h"
#include "io/sonata/circuit_io.h"
#include "support/sonata_fixture.h"
#include "support/test_paths.h"
#include "ui/docks/cell_profile.h"
#include "ui/docks/circuit_scene_panel.h"
#include "ui/models/inspector_model.h"
#include "ui/docks/builder_panel.h"
#include "ui/main_window.h"
#include "ui/models/morphology_summary_model.h"
#include "ui/models/problems_model.h"
#include "ui/docks/circuit_style_dialog.h"
#include "ui/docks/experiments_dialog.h"
#include "ui/views/plot_views.h"
#include "ui/views/xy_plot.h"
#include "ui/views/rate_view.h"
#include "ui/views/profile_plot.h"
#include "ui/jobs/mechanism_loader.h"
#include "ui/jobs/simulation_controller.h"
#include "engine/sim/mechanism.h"
#include <QStatusBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QDir>
#include <QFile>
#include "ui/docks/simulation_panel.h"
#include "ui/models/circuit_model.h"

using namespace lamina;

namespace {
// Pixels in the saturated section-type colours; the background is a grey-blue
// gradient whose channels differ by less than 20.
int cellPixels(const QImage& image) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            const int spread = std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()});
            if (spread > 60 && c.alpha() == 255) ++count;
        }
    return count;
}

bool isBackground(const QColor& c) {
    const int spread = std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()});
    return c.alpha() == 255 && spread < 25 && c.blue() < 90;
}

// Runs the loaded model for `tstop` ms as a user would (the tstop box, then Run once it is
// enabled) and waits for the end; the plots then hold everything.
void runToTheEnd(ui::MainWindow& window, double tstop, int timeout_ms) {
    auto* panel = window.simulationPanel();
    window.findChild<QDoubleSpinBox*>("tstop")->setValue(tstop);
    auto* run = window.findChild<QAction*>("runAction");
    QTRY_VERIFY(run->isEnabled());  // as a user sees it: the state reaches the GUI queued
    run->trigger();
    QTRY_VERIFY2_WITH_TIMEOUT(panel->controller()->state() == ui::SimulationController::State::finished,
                              qPrintable(QString("state %1 at t = %2 ms")
                                             .arg(static_cast<int>(panel->controller()->state()))
                                             .arg(panel->controller()->simulatedTime())),
                              timeout_ms);
    panel->poll();
}

// Opens a circuit config as File > Open does and waits until it is ready to run.
void openCircuitAndWait(ui::MainWindow& window, const std::filesystem::path& config) {
    auto* panel = window.simulationPanel();
    QSignalSpy loaded(panel, &ui::SimulationPanel::networkLoaded);
    window.openFile(QString::fromStdString(config.string()));
    QVERIFY(loaded.wait(20000));
    QVERIFY2(loaded.first().at(1).toBool(), qPrintable(loaded.first().at(2).toString()));
    QTRY_COMPARE(panel->controller()->state(), ui::SimulationController::State::ready);
}

// The Inspector's profile of the selected cell: a click on the distributed gIhbar row
// plots Ih's density at every compartment against distance, as Hay's e-model says.
void checkProfile(ui::MainWindow& window) {
    auto* panel = window.simulationPanel();
    auto* profile = panel->profile();
    const auto* inspector = panel->inspectorModel();
    int row = -1;
    for (int r = 0; r < inspector->rowCount(); ++r)
        if (inspector->variableAt(r) == "Ih.gIhbar") row = r;
    QVERIFY(row >= 0);
    auto* table = window.findChild<QTableView*>("inspectorTable");
    QVERIFY(table);
    emit table->clicked(inspector->index(row, 0));
    QCOMPARE(profile->variable(), QString("Ih.gIhbar"));
    QTRY_VERIFY_WITH_TIMEOUT(profile->plot()->title() == "Ih.gIhbar" && !profile->plot()->points().empty(), 10000);
    std::size_t apical = 0, axonal = 0;
    for (const auto& p : profile->plot()->points()) {
        if (p.type == SectionType::apical_dendrite) {
            const double expected = (-0.8696 + 2.087 * std::exp(3.6161 * p.distance / 791.3841)) * 0.0002;
            QVERIFY2(std::abs(p.value - expected) < 1e-12 * expected, qPrintable(QString::number(p.distance)));
            ++apical;
        } else if (p.type == SectionType::axon) {
            ++axonal;
        } else {
            QCOMPARE(p.value, 0.0002);  // soma and basal: uniform
        }
    }
    QVERIFY(apical > 100);
    QCOMPARE(axonal, std::size_t{0});  // no Ih on the axon: no dot there
}

// The 3D view coloured by a parameter: its range spans the cell's values.
void checkColourByVariable(ui::MainWindow& window) {
    auto* scene = window.scenePanel();
    QVERIFY(scene->offeredVariables().contains("Ih.gIhbar"));
    QVERIFY(scene->colourByVariable("Nope.g").contains("No cell has"));
    QCOMPARE(scene->colourByVariable("Ih.gIhbar"), QString());
    QCOMPARE(scene->coloring(), ui::CircuitScenePanel::Coloring::variable);
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(window.circuitView()->scalarRange().first - 0.0002) < 2e-5, 10000);
    QVERIFY(window.circuitView()->scalarRange().second > 0.001);  // the distal apical tuft
    QCOMPARE(window.circuitView()->scalarTitle(), QString("Ih.gIhbar"));
    if (qEnvironmentVariableIsSet("LAMINA_KEEP_WINDOW_SCREENSHOT"))
        window.circuitView()->grabFramebuffer().save(qEnvironmentVariable("LAMINA_KEEP_WINDOW_SCREENSHOT") + ".gih.png");
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    bool openAndWait(ui::MainWindow& window, const QString& path) {
        QSignalSpy loaded(&window, &ui::MainWindow::fileLoaded);
        window.openFile(path);
        return loaded.wait(20000) && loaded.count() == 1;
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("LaminaTests");  // keep the user's settings apart
        QStandardPaths::setTestModeEnabled(true);
    }

    void opensKnownCell() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, QString::fromStdString(test::fixture("morphologies/good/known_cell.swc"))));
        // 17 points in 7 sections: 10 segments; the soma is drawn.
        QCOMPARE(window.view()->segmentCount(), std::size_t{10});
        QVERIFY(window.view()->hasSoma());
        QCOMPARE(window.summaryModel()->valueOf("Total length"), QString("115 µm"));
        QCOMPARE(window.summaryModel()->valueOf("Leaves"), QString("5"));
        QVERIFY(window.windowTitle().startsWith("known_cell.swc"));
        QCOMPARE(window.problemsModel()->rowCount(), 0);
    }

    void badFileGoesToProblems() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, QString::fromStdString(test::fixture("morphologies/bad/missing_parent.swc"))));
        QCOMPARE(window.problemsModel()->rowCount(), 1);
        const QString message = window.problemsModel()->data(window.problemsModel()->index(0, ui::ProblemsModel::MessageColumn)).toString();
        QVERIFY2(message.contains("missing_parent.swc:3: missing parent"), qPrintable(message));
        QVERIFY(window.findChild<QDockWidget*>("ProblemsDock")->isVisible());
        QCOMPARE(window.view()->segmentCount(), std::size_t{0});  // nothing half-loaded
    }

    void demoRendersTheCell() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.resize(1400, 900);  // docks on three sides: keep the 3D view large
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &ui::MainWindow::fileLoaded);
        window.openDemo();
        QVERIFY(loaded.wait(20000));
        QVERIFY(window.view()->segmentCount() > 1000);
        const QImage image = window.view()->grabFramebuffer();
        QVERIFY(!image.isNull());
        if (qEnvironmentVariableIsSet("LAMINA_KEEP_SCREENSHOTS"))
            image.save(qEnvironmentVariable("LAMINA_KEEP_SCREENSHOTS"));
        // An opaque picture: the background in the corners, the cell in colour.
        QVERIFY(isBackground(image.pixelColor(2, 2)));
        QVERIFY(isBackground(image.pixelColor(image.width() - 3, image.height() - 3)));
        const int pixels = cellPixels(image);
        QVERIFY2(pixels > 1500, qPrintable(QString::number(pixels)));
        QVERIFY2(pixels < image.width() * image.height() / 4, qPrintable(QString::number(pixels)));
        const QString shot = dir_.filePath("demo.png");
        QVERIFY(window.saveScreenshot(shot));
        QVERIFY(QImage(shot).width() == image.width());
    }

    // The demo as a new user meets it: the cell, the demo column built from the shipped
    // recipe, Run, live plots.
    void demoRunsLive() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &ui::MainWindow::fileLoaded);
        window.openDemo();
        QVERIFY(loaded.wait(20000));
        auto* panel = window.simulationPanel();
        // The column is built (a second or two; far longer under the sanitizers), then loaded.
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state(), ui::SimulationController::State::ready, 120000);
        // The demo circuit is in front, built off the GUI thread, coloured by voltage.
        auto* circuit = window.circuitView();
        QTRY_VERIFY_WITH_TIMEOUT(circuit->scene() != nullptr, 20000);
        QCOMPARE(window.currentView(), static_cast<render::VtkWidget*>(circuit));
        const std::size_t cells = window.builderPanel()->statistics().cells;
        QVERIFY2(cells > 250 && cells < 350, qPrintable(QString::number(cells)));
        QCOMPARE(render::sceneStats(*circuit->scene()).cells, cells);
        QCOMPARE(circuit->coloring(), render::CircuitView::Coloring::voltage);
        QCOMPARE(circuit->layers().size(), std::size_t{6});  // L1–L6 from the recipe
        QCOMPARE(circuit->layers().front().name, std::string("L1"));
        // The raster colours spikes by m-type, in the 3D view's category colours.
        QCOMPARE(panel->raster()->categoryCount(), 12);
        QVERIFY(panel->raster()->categoryNames().contains("L5_TTPC"));
        QCOMPARE(panel->rates()->names(), (QStringList{"L1", "L2", "L3", "L4", "L5", "L6"}));
        // The Summary describes the circuit on screen, not the demo morphology.
        QCOMPARE(window.summaryModel()->valueOf("Cells"), QString::number(cells));
        QCOMPARE(window.summaryModel()->valueOf("M-types"), QString("12"));
        QVERIFY2(window.summaryModel()->valueOf("FS_basket").toInt() > 10, qPrintable(window.summaryModel()->valueOf("FS_basket")));
        // Readable at first sight: neurites of about 60 cells, translucent, larger somata.
        QCOMPARE(circuit->style(), render::readableStyle(cells));
        QVERIFY(window.scenePanel()->styleIsAutomatic());
        // View > Circuit Display changes it at once; Readable Defaults gives it back.
        window.findChild<QAction*>("circuitStyleAction")->trigger();
        ui::CircuitStyleDialog* display = window.scenePanel()->styleDialog();
        QVERIFY(display && display->isVisible());
        display->findChild<QSlider*>("neuriteDensity")->setValue(100);
        QCOMPARE(circuit->style().neurite_density, 1.0);
        QVERIFY(!window.scenePanel()->styleIsAutomatic());
        display->findChild<QPushButton*>("automaticStyle")->click();
        QCOMPARE(circuit->style(), render::readableStyle(cells));
        QCOMPARE(display->findChild<QSlider*>("neuriteDensity")->value(), 10);
        display->close();
        const QImage at_rest = circuit->grabFramebuffer();
        // Spiking cells flash in 3D while the run goes on.
        std::size_t most_lit = 0;
        const auto watch = connect(panel, &ui::SimulationPanel::polled, [&] { most_lit = std::max(most_lit, circuit->flashingCells()); });
        runToTheEnd(window, 40, 60000);
        disconnect(watch);
        QVERIFY2(most_lit > 0, "no soma flashed during the run");
        if (QTest::currentTestFailed()) return;
        // Experiments on a copy: a cell with a presynaptic cell, its step series and the
        // connection's trains at 10, 20 and 40 Hz, off the GUI thread.
        {
            const auto network = panel->controller()->network();
            const sim::Connection* link = nullptr;
            for (const auto& c : network->connections())
                if (network->is_cell(c.source) && network->is_cell(c.target)) {
                    link = &c;
                    break;
                }
            QVERIFY(link);
            panel->selectCell(link->target);
            window.findChild<QAction*>("stepSeriesAction")->trigger();
            ui::ExperimentsDialog* dialog = panel->lastExperiment();
            QVERIFY(dialog);
            QSignalSpy done(dialog, &ui::ExperimentsDialog::finished);
            dialog->runSteps();
            QVERIFY(done.wait(120000));
            QCOMPARE(dialog->stepsPlot()->series().size(), std::size_t{1});
            QCOMPARE(dialog->stepsPlot()->series()[0].x.size(), std::size_t{8});
            QVERIFY2(dialog->summary().contains("adaptation index"), qPrintable(dialog->summary()));
            dialog->close();
            QTRY_VERIFY(!panel->lastExperiment());  // closed dialogs delete themselves
            // The Inspector lists the connection with its synapses; a click on it opens its trains.
            auto* inspector = panel->inspectorModel();
            int row = -1;
            for (int r = 0; r < inspector->rowCount(); ++r)
                if (inspector->presynapticAt(r) == link->source) row = r;
            QVERIFY(row >= 0);
            const QString described = inspector->data(inspector->index(row, ui::InspectorModel::ValueColumn)).toString();
            QVERIFY2(described.contains("U ") && described.contains("nS each") && described.contains("Nrrp"), qPrintable(described));
            auto* table = window.findChild<QTableView*>("inspectorTable");
            table->scrollTo(inspector->index(row, ui::InspectorModel::ValueColumn));
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                              table->visualRect(inspector->index(row, ui::InspectorModel::ValueColumn)).center());
            QTRY_VERIFY(panel->lastExperiment());
            dialog = panel->lastExperiment();
            QSignalSpy trains_done(dialog, &ui::ExperimentsDialog::finished);
            QCOMPARE(dialog->presynapticChoice()->currentData().value<sim::Gid>(), link->source);
            QCOMPARE(dialog->connectionDescription(), described);
            dialog->setTrials(2);
            dialog->runPairedPulse();
            QVERIFY(trains_done.wait(120000));
            QCOMPARE(dialog->pairedPulsePlot()->series().size(), std::size_t{3});
            QCOMPARE(dialog->pairedPulsePlot()->series()[1].y.front(), 1.0);
            QVERIFY2(dialog->summary().contains("paired-pulse ratio"), qPrintable(dialog->summary()));
            dialog->close();
        }
        // The rates by layer moved with the run: the layers' cells fired (the drive is 20 Hz).
        const auto& rates = panel->rates()->rates();
        QVERIFY2(std::count_if(rates.begin(), rates.end(), [](double r) { return r > 0; }) >= 4,
                 qPrintable(QString("%1 %2 %3 %4 %5 %6").arg(rates[0]).arg(rates[1]).arg(rates[2]).arg(rates[3]).arg(rates[4]).arg(rates[5])));
        QCOMPARE(panel->traces()->sampleCount(0), 1600u);
        QVERIFY2(panel->raster()->spikeCount() > 10, qPrintable(QString::number(panel->raster()->spikeCount())));
        // Voltages moved on from rest: the circuit's colours changed.
        window.scenePanel()->refreshVoltages();
        const QImage after_run = circuit->grabFramebuffer();
        QVERIFY(at_rest != after_run);
        // A click on a soma selects that cell everywhere: Inspector, 3D highlight.
        const auto& geometry = render::sceneGeometry(*circuit->scene());
        const QPoint soma = circuit->project(geometry.soma_centre[cells / 2]).toPoint();
        const auto pick = circuit->pickAt(soma);
        QVERIFY(pick);
        QTest::mouseClick(circuit, Qt::LeftButton, {}, soma);
        const sim::Gid gid = geometry.gids[pick->cell];
        QCOMPARE(panel->inspectorModel()->valueOf("Cell"), QString("gid %1").arg(gid));
        QCOMPARE(circuit->selection(), (std::vector<std::uint32_t>{pick->cell}));
        // Place a probe by clicking that soma; Run again starts over and records it too.
        window.scenePanel()->placeProbeAction()->setChecked(true);
        QTest::mouseClick(circuit, Qt::LeftButton, {}, soma);
        QCOMPARE(panel->traces()->curveCount(), 7);  // one cell per layer at first, then this one
        window.findChild<QDoubleSpinBox*>("tstop")->setValue(50);  // longer: tells this run's end from the last
        auto* run = window.findChild<QAction*>("runAction");
        QTRY_VERIFY(run->isEnabled());
        run->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(panel->controller()->state() == ui::SimulationController::State::finished &&
                                     panel->controller()->simulatedTime() > 49.0,
                                 60000);
        panel->poll();
        QCOMPARE(panel->traces()->sampleCount(4), 2000u);  // 50 ms at dt 0.025
        QCOMPARE(panel->traces()->sampleCount(0), 2000u);
        QTest::qWait(100);
        if (qEnvironmentVariableIsSet("LAMINA_KEEP_WINDOW_SCREENSHOT")) {
            window.grab().save(qEnvironmentVariable("LAMINA_KEEP_WINDOW_SCREENSHOT"));
            circuit->grabFramebuffer().save(qEnvironmentVariable("LAMINA_KEEP_WINDOW_SCREENSHOT") + ".3d.png");
        }
    }

    // A circuit of point neurons (NEST's iaf_psc_exp, parameters from its file) opens and
    // runs: its spikes fill the raster, the Inspector describes a point neuron.
    void pointNeuronCircuitOpensAndRuns() {
        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        std::filesystem::create_directories(base / "point");
        std::ofstream(base / "point/driven.json") << R"({"I_e": 500.0})";
        circuit::Circuit c;
        c.components.point_neuron_models_dir = (base / "point").string();
        c.nodes.push_back(test::point_population({"driven.json", "driven.json"}));
        io::write_circuit(c, (base / "circuit").string());
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* panel = window.simulationPanel();
        openCircuitAndWait(window, base / "circuit/circuit_config.json");
        if (QTest::currentTestFailed()) return;
        QVERIFY(panel->controller()->network()->is_point(1));
        runToTheEnd(window, 100, 30000);
        // Each fires from 13.86 ms every 15.86 ms: 6 spikes in 100 ms.
        QCOMPARE(panel->raster()->spikeCount(), std::size_t{12});
        panel->selectCell(1);
        QCOMPARE(panel->inspectorModel()->valueOf("Point neuron"), QString("iaf_psc_exp"));
        QVERIFY(panel->inspectorModel()->valueOf("Parameters").contains("I_e 500"));
    }

    // The shipped Potjans-Diesmann recipe (here at 2% of its neurons) opens from File >
    // Open as a circuit of point neurons, built off the GUI thread, and runs live: the
    // raster fills, the probes trace point-neuron membranes, the Circuit dock lists its
    // populations by layer.
    void pointMicrocircuitRecipeOpensAndRuns() {
        QTemporaryDir dir;
        const std::filesystem::path recipe = std::filesystem::path(dir.path().toStdString()) / "pd14.json";
        {
            std::ifstream in(std::filesystem::path(LAMINA_RESOURCE_DIR) / "recipes/potjans_diesmann_2014.json");
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            const std::string shipped = "\"scale\": 0.1, \"in_degree_scale\": 0.1";
            const auto at = text.find(shipped);
            QVERIFY(at != std::string::npos);
            text.replace(at, shipped.size(), "\"scale\": 0.02, \"in_degree_scale\": 0.02");
            std::ofstream(recipe) << text;
        }
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* panel = window.simulationPanel();
        openCircuitAndWait(window, recipe);
        if (QTest::currentTestFailed()) return;
        const auto network = panel->controller()->network();
        QCOMPARE(network->size(), std::size_t{1544});
        QVERIFY(network->is_point(0) && network->synapse_table() && network->synapse_table()->size() > 10000);
        QCOMPARE(window.findChild<QDoubleSpinBox*>("dt")->value(), 0.1);
        QCOMPARE(panel->circuitModel()->rowCount(), 1);  // the "cortex" population
        // In 3D: a sphere per neuron, in four layer bands.
        auto* view = window.circuitView();
        QTRY_VERIFY_WITH_TIMEOUT(view->scene() && render::sceneStats(*view->scene()).cells == 1544, 20000);
        QCOMPARE(render::sceneStats(*view->scene()).segments, std::size_t{0});
        QCOMPARE(view->layers().size(), std::size_t{4});
        window.scenePanel()->setColoring(ui::CircuitScenePanel::Coloring::voltage);
        runToTheEnd(window, 300, 60000);
        // Coloured by their membranes: neurons at different voltages in different colours.
        window.scenePanel()->refreshVoltages();
        std::set<std::array<unsigned char, 3>> colours;
        for (std::uint32_t c = 0; c < 200; ++c) colours.insert(view->somaAppearance(c).first);
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        if (qEnvironmentVariableIsSet("LAMINA_KEEP_PD14_SCREENSHOT")) {
            window.grab().save(qEnvironmentVariable("LAMINA_KEEP_PD14_SCREENSHOT"));
            view->grabFramebuffer().save(qEnvironmentVariable("LAMINA_KEEP_PD14_SCREENSHOT") + ".3d.png");
        }
        const std::size_t spikes = panel->raster()->spikeCount();
        qInfo("PD14 at 2%%: %zu spikes in 300 ms", spikes);
        QVERIFY(spikes > 500);  // about 5 Hz over 1,544 neurons
        QCOMPARE(panel->traces()->curveCount(), 4);  // L2/3E, L4E, L5E, L6E
        QVERIFY(panel->traces()->sampleCount(0) >= 2999);  // every 0.1 ms step
        const auto& v = panel->traces()->curveValues(0);
        QVERIFY(*std::min_element(v.begin(), v.end()) >= -80 && *std::max_element(v.begin(), v.end()) < -49.99);
    }

    void sonataCircuitOpensWithItsLayers() {
        // A circuit config alone (no simulation config): 8 ball-and-stick cells in layers
        // 2-5, stacked along y with the pia up (layer k at y = -150 k µm).
        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        test::write_ballstick_models(base / "models");
        auto circuit = test::ballstick_circuit(8, (base / "models").string(), 0.005, 0.5);
        std::vector<double> y(8);
        for (std::size_t i = 0; i < 8; ++i) y[i] = -150.0 * static_cast<double>(2 + i % 4);
        circuit.nodes[0].attributes["y"] = circuit::Column::of_numbers(y);
        io::write_circuit(circuit, (base / "circuit").string());

        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* panel = window.simulationPanel();
        openCircuitAndWait(window, base / "circuit/circuit_config.json");
        if (QTest::currentTestFailed()) return;
        QCOMPARE(panel->controller()->network()->size(), std::size_t{16});  // 8 cells, 8 inputs
        QCOMPARE(window.findChild<QDoubleSpinBox*>("tstop")->value(), 500.0);  // the default run
        auto* view = window.circuitView();
        QTRY_VERIFY_WITH_TIMEOUT(view->scene() && render::sceneStats(*view->scene()).cells == 8, 20000);
        QCOMPARE(window.currentView(), static_cast<render::VtkWidget*>(view));
        // Layer boundaries halfway between the layers' somata, 20 µm beyond the outer ones.
        const auto& layers = view->layers();
        QCOMPARE(layers.size(), std::size_t{4});
        const char* names[] = {"L2", "L3", "L4", "L5"};
        const double top[] = {-280, -375, -525, -675}, bottom[] = {-375, -525, -675, -770};
        for (std::size_t k = 0; k < 4; ++k) {
            QCOMPARE(layers[k].name, std::string(names[k]));
            QCOMPARE(layers[k].top, top[k]);
            QCOMPARE(layers[k].bottom, bottom[k]);
        }
        if (qEnvironmentVariableIsSet("LAMINA_KEEP_WINDOW_SCREENSHOT"))
            view->grabFramebuffer().save(qEnvironmentVariable("LAMINA_KEEP_WINDOW_SCREENSHOT") + ".layers.png");
        // It runs: 20 ms with its soma probes.
        runToTheEnd(window, 20, 30000);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(panel->traces()->sampleCount(0), 800u);
    }

    // File ▸ Open Cell Model: the demo morphology with Hay's e-model opens as one cell at
    // the e-model's 34 °C, ready to Run, and fires under the default step; a model file
    // that does not exist goes to Problems.
    void opensACellModelReadyToRun() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* panel = window.simulationPanel();
        QSignalSpy loaded(panel, &ui::SimulationPanel::networkLoaded);
        const QString config = window.openCellModel(
            LAMINA_DEMO_FILE, QString(LAMINA_SHARED_DIR) + "/reference/cortical/l5pc_demo_emodel.json");
        QVERIFY(config.endsWith("/cells/demo_pyramidal-l5pc_demo_emodel/simulation_config.json"));
        QVERIFY(loaded.wait(60000));
        QVERIFY2(loaded.first().at(1).toBool(), qPrintable(loaded.first().at(2).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state(), ui::SimulationController::State::ready, 60000);
        QCOMPARE(panel->controller()->network()->size(), std::size_t{1});
        QCOMPARE(panel->controller()->settings().celsius, 34.0);
        // The Inspector shows the e-model as painted: Ih's density growing along the apical
        // dendrite (Hay: 2.4e-4 S/cm² at its base), the soma's reversal potentials.
        panel->selectCell(0);
        const QString ih = panel->inspectorModel()->valueOf("gIhbar (Ih on apic)");
        QVERIFY2(ih.startsWith("0.000") && ih.contains("compartments"), qPrintable(ih));
        QCOMPARE(panel->inspectorModel()->valueOf("ek on soma"), QString("-85 mV"));
        checkProfile(window);
        if (QTest::currentTestFailed()) return;
        checkColourByVariable(window);
        if (QTest::currentTestFailed()) return;
        // Probes take any state: soma cai (mM, on the traces' right axis) beside v.
        const int curves = panel->traces()->curveCount();
        QVERIFY(panel->addProbe(0, {0, 0.5}, "Ih.nonsense").contains("no Ih.nonsense"));
        QCOMPARE(panel->traces()->curveCount(), curves);
        QCOMPARE(panel->addProbe(0, {0, 0.5}, "cai"), QString());
        QCOMPARE(panel->traces()->curveUnit(curves), QString("mM"));
        QVERIFY(panel->traces()->hasRightAxis());

        runToTheEnd(window, 400, 60000);
        if (QTest::currentTestFailed()) return;
        QVERIFY(panel->traces()->curveCount() >= 1);
        const auto& v = panel->traces()->curveValues(0);
        QVERIFY2(*std::max_element(v.begin(), v.end()) > 0.0, "the soma never spiked under 0.5 nA");
        QVERIFY(!panel->raster()->spikes().empty());
        // Calcium enters with every spike: above its 5e-5 mM resting floor, far below 1 mM.
        const auto& cai = panel->traces()->curveValues(curves);
        QCOMPARE(cai.size(), v.size());
        const double cai_peak = *std::max_element(cai.begin(), cai.end());
        QVERIFY2(cai_peak > 1e-4 && cai_peak < 1e-2, qPrintable(QString::number(cai_peak)));
        // Coloured by a live state, the view's range follows it.
        QVERIFY(window.scenePanel()->colourByVariable("cai").isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(window.circuitView()->scalarTitle() == "cai" &&
                                     window.circuitView()->scalarRange().second > 1e-4,
                                 10000);
        if (qEnvironmentVariableIsSet("LAMINA_KEEP_WINDOW_SCREENSHOT"))
            window.grab().save(qEnvironmentVariable("LAMINA_KEEP_WINDOW_SCREENSHOT") + ".cell.png");

        const int before = window.problemsModel()->rowCount();
        QVERIFY(window.openCellModel(LAMINA_DEMO_FILE, "/nonexistent/model.json").isEmpty());
        QCOMPARE(window.problemsModel()->rowCount(), before + 1);
    }

    void sonataErrorsGoToProblemsAndLoadsCancel() {
        QTemporaryDir dir;
        const QString broken = dir.filePath("simulation_config.json");
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"run\": {\"tstop\": 10,\n}\n");  // a trailing comma on line 2
        file.close();
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* panel = window.simulationPanel();
        QSignalSpy loaded(panel, &ui::SimulationPanel::networkLoaded);
        window.openFile(broken);
        QVERIFY(loaded.wait(20000));
        QVERIFY(!loaded.first().at(1).toBool());
        auto* problems = window.problemsModel();
        QCOMPARE(problems->rowCount(), 1);
        QCOMPARE(problems->data(problems->index(0, ui::ProblemsModel::FileColumn)).toString(), broken);
        const QString message = problems->data(problems->index(0, ui::ProblemsModel::MessageColumn)).toString();
        QVERIFY2(message.contains("line"), qPrintable(message));
        QVERIFY(panel->controller()->network() == nullptr);  // nothing half-loaded

        // A load cancelled at once: no model arrives, the busy indicator goes away.
        QSignalSpy busy(panel, &ui::SimulationPanel::loadingChanged);
        panel->loadSonata(broken);
        QVERIFY(panel->isLoading());
        QVERIFY(window.findChild<QToolButton*>("cancelLoadButton")->isVisible());
        window.findChild<QToolButton*>("cancelLoadButton")->click();
        QVERIFY(!panel->isLoading());
        QCOMPARE(busy.count(), 2);
        QVERIFY(!window.findChild<QToolButton*>("cancelLoadButton")->isVisible());
        QTest::qWait(500);  // the worker finishes; its result is dropped
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(problems->rowCount(), 1);
    }

    void unknownKeysGoToProblemsAsWarnings() {
        // A key nobody reads is a warning in Problems; the circuit still loads.
        QTemporaryDir dir;
        const std::filesystem::path base = dir.path().toStdString();
        test::write_ballstick_models(base / "models");
        io::write_circuit(test::ballstick_circuit(2, (base / "models").string(), 0.005, 0.5), (base / "circuit").string());
        const QString config = QString::fromStdString((base / "circuit/circuit_config.json").string());
        QFile file(config);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray text = file.readAll();
        file.close();
        text.replace("\"networks\"", "\"netwroks_note\": \"typo\", \"networks\"");
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
        file.close();
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(window.simulationPanel(), &ui::SimulationPanel::networkLoaded);
        window.openFile(config);
        QVERIFY(loaded.wait(20000));
        QVERIFY2(loaded.first().at(1).toBool(), qPrintable(loaded.first().at(2).toString()));
        auto* problems = window.problemsModel();
        QCOMPARE(problems->rowCount(), 1);
        QCOMPARE(problems->data(problems->index(0, ui::ProblemsModel::FileColumn)).toString(), config);
        const QString message = problems->data(problems->index(0, ui::ProblemsModel::MessageColumn)).toString();
        QVERIFY2(message.contains("netwroks_note: unknown key, ignored"), qPrintable(message));
        QVERIFY(window.findChild<QDockWidget*>("ProblemsDock")->isVisible());
    }

    // File ▸ Load Mechanisms…: a folder of mod files compiled off the GUI thread; the
    // mechanism is then in the catalogue, a second load is the cached plugin, and a file
    // the translator refuses lands in Problems with its line.
    void loadsAFolderOfModFiles() {
        QTemporaryDir cache, good, bad;
        qputenv("LAMINA_CACHE_DIR", cache.path().toUtf8());
        const auto write = [](const QString& path, const QByteArray& text) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(good.filePath("gui_leak.mod"), "NEURON { SUFFIX gui_leak NONSPECIFIC_CURRENT i RANGE g, e }\n"
                                             "PARAMETER { g = 0.0007 (S/cm2) e = -70 (mV) }\n"
                                             "ASSIGNED { v (mV) i (mA/cm2) }\n"
                                             "BREAKPOINT { i = g*(v - e) }\n");
        write(bad.filePath("broken.mod"), "NEURON { SUFFIX broken }\nVERBATIM\nint x;\nENDVERBATIM\n");
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        std::vector<ui::LoadedMechanisms> results;
        connect(window.mechanismLoader(), &ui::MechanismLoader::finished, this,
                [&](const ui::LoadedMechanisms& r) { results.push_back(r); });

        QVERIFY(window.loadMechanisms(good.path()));
        QVERIFY(!window.loadMechanisms(bad.path()));  // one folder at a time
        QTRY_VERIFY_WITH_TIMEOUT(results.size() == 1, 300000);  // a compile: seconds, more under sanitizers
        QVERIFY2(results[0].error.isEmpty(), qPrintable(results[0].error));
        QCOMPARE(results[0].mechanisms, QStringList{"gui_leak"});
        QVERIFY(!results[0].cached);
        const sim::MechanismInfo& info = sim::mechanism_info("gui_leak");
        QCOMPARE(info.parameters.at(0).name, std::string("g"));
        QCOMPARE(info.parameters.at(0).default_value, 0.0007);
        QVERIFY2(window.statusBar()->currentMessage().contains("gui_leak"), qPrintable(window.statusBar()->currentMessage()));

        QVERIFY(window.loadMechanisms(good.path()));
        QTRY_VERIFY_WITH_TIMEOUT(results.size() == 2, 60000);
        QVERIFY(results[1].cached);

        const int before = window.problemsModel()->rowCount();
        QVERIFY(window.loadMechanisms(bad.path()));
        QTRY_VERIFY_WITH_TIMEOUT(results.size() == 3, 60000);
        QVERIFY(results[2].mechanisms.isEmpty());
        QCOMPARE(window.problemsModel()->rowCount(), before + 1);
        const QString message =
            window.problemsModel()->data(window.problemsModel()->index(before, ui::ProblemsModel::MessageColumn)).toString();
        QVERIFY2(message.contains("broken.mod:2:") && message.contains("VERBATIM"), qPrintable(message));
        const auto column = [&](int c) { return window.problemsModel()->data(window.problemsModel()->index(before, c)).toString(); };
        QCOMPARE(column(ui::ProblemsModel::LineColumn), QString("2"));
        QVERIFY2(column(ui::ProblemsModel::FileColumn).endsWith("broken.mod"), qPrintable(column(ui::ProblemsModel::FileColumn)));

        // The catalogue's two dozen files take minutes: the dialog shows each step, and Cancel
        // stops before the next file, registering and caching nothing.
        QVERIFY(window.loadMechanisms(QString(LAMINA_RESOURCE_DIR) + "/mechanisms"));
        QProgressDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<QProgressDialog*>()) && dialog->isVisible() &&
                                     dialog->labelText().startsWith("compiling"), 60000);
        if (qEnvironmentVariableIsSet("LAMINA_KEEP_WINDOW_SCREENSHOT"))
            dialog->grab().save(qEnvironmentVariable("LAMINA_KEEP_WINDOW_SCREENSHOT") + ".mechanisms.png");
        auto* cancel = dialog->findChild<QPushButton*>();
        QVERIFY(cancel);
        cancel->click();  // as a user would
        QVERIFY(dialog->labelText().startsWith("Cancelling"));
        QTRY_VERIFY_WITH_TIMEOUT(results.size() == 4, 240000);  // the file being compiled, then no more
        QVERIFY(results[3].cancelled);
        QVERIFY(results[3].mechanisms.isEmpty());
        QVERIFY(QDir(cache.path() + "/mechanisms").entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() == 1);  // gui_leak's only
        QVERIFY(window.statusBar()->currentMessage().contains("cancelled"));
        qunsetenv("LAMINA_CACHE_DIR");
    }

    // A circuit whose mechanisms_dir must be compiled first: the status bar follows the
    // steps while the window stays live, and the circuit opens with the mechanism known.
    void circuitModFilesShowTheirProgress() {
        QTemporaryDir dir, cache;
        qputenv("LAMINA_CACHE_DIR", cache.path().toUtf8());
        const std::filesystem::path base = dir.path().toStdString();
        std::filesystem::create_directories(base / "mods");
        {
            QFile f(QString::fromStdString((base / "mods/gui_circuit_leak.mod").string()));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("NEURON { SUFFIX gui_circuit_leak NONSPECIFIC_CURRENT i RANGE g }\nPARAMETER { g = 0.0001 (S/cm2) }\n"
                    "ASSIGNED { v (mV) i (mA/cm2) }\nBREAKPOINT { i = g*(v + 65) }\n");
        }
        test::write_ballstick_models(base / "models");
        auto circuit = test::ballstick_circuit(2, (base / "models").string(), 0.005, 0.5);
        circuit.components.mechanisms_dir = (base / "mods").string();
        io::write_circuit(circuit, (base / "circuit").string());

        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy messages(window.statusBar(), &QStatusBar::messageChanged);
        QSignalSpy loaded(window.simulationPanel(), &ui::SimulationPanel::networkLoaded);
        window.openFile(QString::fromStdString((base / "circuit/circuit_config.json").string()));
        QVERIFY(loaded.wait(300000));
        QVERIFY2(loaded.first().at(1).toBool(), qPrintable(loaded.first().at(2).toString()));
        QStringList steps;
        for (const auto& m : messages)
            if (m.at(0).toString().startsWith("Opening the circuit: ")) steps << m.at(0).toString();
        QVERIFY2(!steps.isEmpty(), qPrintable(QString::number(messages.size()) + " messages, none a step"));
        QCOMPARE(sim::mechanism_info("gui_circuit_leak").parameters.at(0).default_value, 0.0001);
        qunsetenv("LAMINA_CACHE_DIR");
    }

    void mouseRotatesTheCamera() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        window.resize(900, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, QString::fromStdString(test::fixture("morphologies/good/known_cell.swc"))));
        const QImage before = window.view()->grabFramebuffer();
        auto* view = window.view();
        const QPoint centre = view->rect().center();
        QTest::mousePress(view, Qt::LeftButton, {}, centre);
        for (int i = 1; i <= 10; ++i) {
            QMouseEvent move(QEvent::MouseMove, QPointF(centre + QPoint(12 * i, 4 * i)),
                             view->mapToGlobal(QPointF(centre + QPoint(12 * i, 4 * i))),
                             Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(view, &move);
        }
        QTest::mouseRelease(view, Qt::LeftButton, {}, centre + QPoint(120, 40));
        const QImage after = view->grabFramebuffer();
        QVERIFY(before != after);
    }
};

int main(int argc, char** argv) {
    render::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_main_window.moc"
