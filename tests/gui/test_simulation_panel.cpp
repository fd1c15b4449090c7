// Running a simulation from the window: the engine on its worker thread, the plots
// filling at screen rate with every sample and spike, pause and resume losing nothing,
// reset, and exports that read back.

#include <QAction>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QMainWindow>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/sim/demo_network.h"
#include "engine/sim/simulation.h"
#include "ui/models/circuit_model.h"
#include "ui/models/inspector_model.h"
#include "ui/views/plot_views.h"
#include "ui/jobs/simulation_controller.h"
#include "ui/docks/simulation_panel.h"

using namespace lamina;
using State = ui::SimulationController::State;

class TestSimulationPanel : public QObject {
    Q_OBJECT
    QMainWindow window_;
    ui::SimulationPanel* panel_ = nullptr;

    // As a user does it: once the action is enabled (state changes reach the GUI queued).
    void trigger(const char* name) {
        auto* action = window_.findChild<QAction*>(name);
        QTRY_VERIFY(action->isEnabled());
        action->trigger();
    }
    void setTstop(double ms) { window_.findChild<QDoubleSpinBox*>("tstop")->setValue(ms); }

private slots:
    void initTestCase() {
        auto* view_menu = window_.menuBar()->addMenu("View");
        panel_ = new ui::SimulationPanel(&window_, view_menu);
        window_.resize(1200, 800);
        window_.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window_));
        panel_->loadDemoNetwork(40);
        QTRY_COMPARE(panel_->controller()->state(), State::ready);
    }

    // Every step of every probe arrives, and the raster holds exactly the spikes an
    // engine run of the same network gives.
    void runFillsTracesAndRaster() {
        setTstop(50);
        trigger("runAction");
        QTRY_COMPARE_WITH_TIMEOUT(panel_->controller()->state(), State::finished, 120000);
        panel_->poll();
        QCOMPARE(panel_->traces()->curveCount(), 4);
        for (int k = 0; k < 4; ++k) QCOMPARE(panel_->traces()->sampleCount(k), 2000u);  // 50 ms / 0.025 ms

        sim::DemoNetworkOptions options;
        options.cells = 40;
        options.inputs_per_cell = 20;
        sim::Simulation reference(sim::ballstick_network(options), {});
        reference.advance(50);
        qInfo("raster %zu spikes, engine %zu", panel_->raster()->spikeCount(), reference.spikes().size());
        QVERIFY(reference.spikes().size() > 20);
        QCOMPARE(panel_->raster()->spikeCount(), reference.spikes().size());
    }

    // Pause in the middle, resume: the traces have each step once.
    void pauseAndResumeLoseNothing() {
        trigger("resetAction");
        QTRY_COMPARE(panel_->controller()->state(), State::ready);
        panel_->poll();  // what the next screen update does: the old run's data go
        QCOMPARE(panel_->traces()->sampleCount(0), 0u);
        setTstop(3000);
        trigger("runAction");
        QTRY_VERIFY(panel_->controller()->simulatedTime() > 20);
        trigger("pauseAction");
        QTRY_COMPARE(panel_->controller()->state(), State::paused);
        const double paused_at = panel_->controller()->simulatedTime();
        QVERIFY2(paused_at < 3000, qPrintable(QString::number(paused_at)));
        QTest::qWait(100);
        QCOMPARE(panel_->controller()->simulatedTime(), paused_at);  // really paused
        trigger("runAction");
        QTRY_COMPARE_WITH_TIMEOUT(panel_->controller()->state(), State::finished, 120000);
        panel_->poll();
        for (int k = 0; k < 4; ++k) QCOMPARE(panel_->traces()->sampleCount(k), 120000u);
    }

    // The Circuit dock lists the demo's populations; selecting a cell highlights it in
    // the raster, and clicking the raster selects it in the tree.
    void circuitDockFollowsSelection() {
        auto* model = panel_->circuitModel();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->rowCount(model->index(0, 0)), 40);
        auto* tree = window_.findChild<QTreeView*>("circuitTree");
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(tree->model());
        tree->setCurrentIndex(proxy->mapFromSource(model->indexOfGid(7)));
        QCOMPARE(tree->currentIndex().data(ui::CircuitModel::GidRole).toUInt(), 7u);
        emit panel_->raster()->gidClicked(12);
        QCOMPARE(tree->currentIndex().data(ui::CircuitModel::GidRole).toUInt(), 12u);
        // The Inspector shows the selected cell as the engine simulates it.
        auto* inspector = panel_->inspectorModel();
        QCOMPARE(inspector->valueOf("Cell"), QString("gid 12"));
        QCOMPARE(inspector->valueOf("Population / node"), QString("cells / 12"));
        QCOMPARE(inspector->valueOf("Sections"), QString("2"));
        QCOMPARE(inspector->valueOf("Compartments"), QString("14"));  // 2 soma ends + 1, 10 dendrite + end
        QVERIFY(inspector->valueOf("hh on soma").contains("defaults"));
        QVERIFY2(inspector->valueOf("pas on dend").contains("g = 0.001"), qPrintable(inspector->valueOf("pas on dend")));
        QCOMPARE(inspector->valueOf("Position"), QString("150.0, 0.0, 30.0 µm"));  // 7 per row in x–z, 30 µm apart
        QVERIFY(!inspector->valueOf("Connections in / out").isEmpty());
        window_.findChild<QLineEdit*>("circuitFilter")->setText("virtual");
        QCOMPARE(proxy->rowCount(), 1);  // only the drive population matches
        window_.findChild<QLineEdit*>("circuitFilter")->clear();
        QCOMPARE(proxy->rowCount(), 2);
    }

    void exportsReadBack() {
        QTemporaryDir dir;
        const QString traces = dir.filePath("traces.csv"), spikes = dir.filePath("spikes.csv"),
                      picture = dir.filePath("traces.png");
        QVERIFY(panel_->traces()->saveCsv(traces));
        QVERIFY(panel_->raster()->saveCsv(spikes));
        QVERIFY(panel_->traces()->savePng(picture));
        QFile t(traces), s(spikes);
        QVERIFY(t.open(QIODevice::ReadOnly) && s.open(QIODevice::ReadOnly));
        const auto trace_lines = t.readAll().split('\n');
        QCOMPARE(trace_lines.front(), QByteArray("time_ms,cell 0 soma [mV],cell 1 soma [mV],cell 2 soma [mV],cell 3 soma [mV]"));
        QCOMPARE(trace_lines.size() - 2, 120000);  // header and the final newline
        QCOMPARE(trace_lines[1].split(',').front().toDouble(), 0.025);
        const auto spike_lines = s.readAll().split('\n');
        QCOMPARE(static_cast<std::size_t>(spike_lines.size() - 2), panel_->raster()->spikeCount());
        QImage image(picture);
        QCOMPARE(image.size(), panel_->traces()->size() * panel_->traces()->devicePixelRatio());
    }
};

QTEST_MAIN(TestSimulationPanel)
#include "test_simulation_panel.moc"
