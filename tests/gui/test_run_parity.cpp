// One SONATA config, run twice: by `lamina simulate` and through the app (File ▸ Open,
// Run). Both take the same path (io::open_sonata_run into a run session), so every run
// key the config sets — Lamina's spike_timing, hh_tables and method included — counts
// in the window as on the command line: spikes identical to the bit, probe traces equal
// to the command line's report.

#include <QDoubleSpinBox>
#include <QComboBox>
#include <QLabel>
#include <QCheckBox>
#include <QMainWindow>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/report_io.h"
#include "io/sonata/spikes_io.h"
#include "support/sonata_fixture.h"
#include "ui/views/plot_views.h"
#include "ui/jobs/simulation_controller.h"
#include "ui/docks/simulation_panel.h"

using namespace lamina;
namespace fs = std::filesystem;
using State = ui::SimulationController::State;

class TestRunParity : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void commandLineAndAppAgree() {
        const fs::path base = dir_.path().toStdString();
        const fs::path models = base / "models";
        test::write_ballstick_models(models);
        // Ten cells in a ring, each exciting the next: the clamp on cell 0 starts a wave.
        std::vector<std::uint64_t> sources, targets;
        for (std::uint64_t i = 0; i < 10; ++i) {
            sources.push_back(i);
            targets.push_back((i + 1) % 10);
        }
        io::write_circuit(test::ballstick_circuit(10, models.string(), 0.0, 1.0, sources, targets,
                                                  std::vector<double>(10, 0.02), std::vector<double>(10, 2.0)),
                          (base / "circuit").string());
        std::ofstream(base / "simulation_config.json") << R"({
  "network": "circuit/circuit_config.json",
  "run": {"tstop": 60.0, "dt": 0.025, "dL": 20.0, "spike_threshold": -10.0,
          "spike_timing": "neuron", "hh_tables": true, "method": "cn"},
  "conditions": {"celsius": 6.3, "v_init": -65.0},
  "node_sets": {"first": {"population": "cells", "node_id": [0]}},
  "inputs": {"kick": {"input_type": "current_clamp", "module": "IClamp", "node_set": "first",
                      "amp": 0.5, "delay": 2.0, "duration": 30.0}},
  "reports": {"soma_v": {"cells": "cells", "variable_name": "v", "sections": "soma", "dt": 0.025}},
  "output": {"output_dir": "out"}
})";
        std::ostringstream out, err;
        const int status = app::run_command(*app::find_command("simulate"),
                                            {(base / "simulation_config.json").string(), "--quiet"}, out, err);
        QVERIFY2(status == 0, err.str().c_str());
        std::vector<sim::Spike> command_line;
        for (const auto& p : io::read_spikes((base / "out/spikes.h5").string()))
            for (std::size_t i = 0; i < p.node_ids.size(); ++i)
                command_line.push_back({static_cast<sim::Gid>(p.node_ids[i]), p.timestamps[i]});
        std::sort(command_line.begin(), command_line.end());
        QVERIFY2(command_line.size() >= 10, qPrintable(QString::number(command_line.size())));  // the wave went round
        const auto report = io::read_report((base / "out/soma_v.h5").string()).front();
        QCOMPARE(report.rows, 2400u);

        // The app: open the config, see its keys in the dock, run it.
        QMainWindow window;
        auto* panel = new ui::SimulationPanel(&window, window.menuBar()->addMenu("View"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        panel->loadSonata(QString::fromStdString((base / "simulation_config.json").string()));
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state(), State::ready, 60000);
        QCOMPARE(window.findChild<QComboBox*>("spikeTiming")->currentIndex(), 1);
        QVERIFY(window.findChild<QCheckBox*>("hhTables")->isChecked());
        QCOMPARE(window.findChild<QComboBox*>("method")->currentIndex(), 1);
        QCOMPARE(window.findChild<QDoubleSpinBox*>("tstop")->value(), 60.0);
        QCOMPARE(window.findChild<QLabel*>("builtWith")->text(), QString("dL 20 µm · spike threshold -10 mV"));
        const sim::RunOptions options = panel->controller()->settings();
        QCOMPARE(options.timing, sim::SpikeTiming::neuron);
        QVERIFY(options.hh_tables());
        QCOMPARE(options.method, sim::Method::crank_nicolson);
        QCOMPARE(options.dL.value_or(0), 20.0);
        QCOMPARE(options.spike_threshold, -10.0);
        panel->controller()->run();
        QTRY_COMPARE_WITH_TIMEOUT(panel->controller()->state(), State::finished, 120000);
        panel->poll();

        std::vector<sim::Spike> app = panel->raster()->spikes();
        std::sort(app.begin(), app.end());
        QCOMPARE(app.size(), command_line.size());
        QVERIFY(app == command_line);
        // The app probes the somata of the first four cells every step: the report's
        // columns 0-3 from t = dt on (row 0 is t = 0), to float precision.
        auto* traces = panel->traces();
        QCOMPARE(traces->curveCount(), 4);
        for (int k = 0; k < 4; ++k) {
            QCOMPARE(traces->sampleCount(k), 2400u);
            const auto& v = traces->curveValues(k);
            for (std::size_t row = 1; row < report.rows; ++row)
                QCOMPARE(report.values[row * 10 + static_cast<std::size_t>(k)], static_cast<float>(v[row - 1]));
        }
    }
};

QTEST_MAIN(TestRunParity)
#include "test_run_parity.moc"
