// SONATA as a user meets it: circuits written and read back identically, `lamina
// simulate` on them giving the engine API's spikes, reports and spikes that h5py reads.

#include <QProcess>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli.h"
#include "engine/circuit/network_builder.h"
#include "engine/errors.h"
#include "engine/sim/simulation.h"
#include "io/morphology/morphology_io.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/report_io.h"
#include "io/sonata/simulation_config.h"
#include "io/sonata/spikes_io.h"
#include "support/csv.h"
#include "support/sonata_fixture.h"
#include "support/test_paths.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {

struct Result {
    int status;
    std::string out, err;
};

Result run(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const auto* command = app::find_command(args.at(0));
    const int status = app::run_command(*command, {args.begin() + 1, args.end()}, out, err);
    return {status, out.str(), err.str()};
}

// (node id, time) pairs of one population, in file order.
std::vector<std::pair<std::uint64_t, double>> spikes_of(const std::string& file, const std::string& population) {
    std::vector<std::pair<std::uint64_t, double>> out;
    for (const auto& p : io::read_spikes(file))
        if (p.population == population)
            for (std::size_t i = 0; i < p.node_ids.size(); ++i) out.emplace_back(p.node_ids[i], p.timestamps[i]);
    return out;
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

class TestSonata : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

private slots:
    void circuitRoundTrip() {
        const fs::path models = root() / "roundtrip_models";
        test::write_ballstick_models(models);
        const auto written = test::ballstick_circuit(12, models.string(), 0.004, 0.5, {0, 3, 3, 11}, {1, 2, 7, 0},
                                                     {0.001, 0.002, 0.0025, 0.003}, {1.5, 2.0, 2.5, 3.0});
        io::write_circuit(written, (root() / "roundtrip").string());
        const circuit::Circuit read = io::read_circuit((root() / "roundtrip/circuit_config.json").string());
        QCOMPARE(read.nodes.size(), 2u);
        QCOMPARE(read.edges.size(), 2u);
        QVERIFY(read.nodes == written.nodes);
        QVERIFY(read.edges == written.edges);
        QVERIFY(read.components == written.components);
        // Per-type constants went to the CSV, per-node values to the HDF5 file.
        std::ifstream csv(root() / "roundtrip/cells_node_types.csv");
        std::string header;
        std::getline(csv, header);
        QVERIFY2(header.find("model_type") != std::string::npos && header.find(" x") == std::string::npos,
                 header.c_str());
        // Indices answer per-node queries.
        const auto& recurrent = read.edges[1];
        QCOMPARE(recurrent.by_source.edges_of(3), (std::vector<std::uint64_t>{1, 2}));
        QCOMPARE(recurrent.by_target.edges_of(0), (std::vector<std::uint64_t>{3}));
    }

    // "Save as": a self-contained folder (component files copied in), and a morphology
    // held in memory written into it; the saved circuit simulates like the original.
    void selfContainedSave() {
        const fs::path models = root() / "save_models";
        test::write_ballstick_models(models);
        auto c = test::ballstick_circuit(4, models.string(), 0.004, 0.5, {0}, {1}, {0.002}, {1.0});
        io::CircuitWriteOptions options;
        options.copy_components = true;
        io::write_circuit(c, (root() / "saved").string(), options);
        for (const char* file : {"morphologies/ballstick.swc", "biophysical_neuron_models/ballstick.json",
                                 "synaptic_models/expsyn.json"})
            QVERIFY2(fs::exists(root() / "saved" / file), file);
        fs::remove_all(models);  // the saved folder must not need the originals
        const auto saved = io::read_circuit((root() / "saved/circuit_config.json").string());
        QCOMPARE(saved.components.morphologies_dir, (root() / "saved/morphologies").string());
        QVERIFY(saved.nodes == c.nodes && saved.edges == c.edges);
        circuit::SimulationSetup setup;
        setup.run.tstop = 5;
        QCOMPARE(circuit::build_network(saved, setup, io::model_files(saved)).network.size(), 8u);

        // A morphology only in memory (as the builder makes them).
        io::CircuitWriteOptions in_memory;
        in_memory.morphologies["generated/cell0.h5"] = std::make_shared<const Morphology>(
            io::read_morphology(root() / "saved/morphologies/ballstick.swc"));
        auto generated = saved;
        generated.nodes.front().attributes["morphology"] = test::texts(4, "generated/cell0.h5");
        io::write_circuit(generated, (root() / "generated").string(), in_memory);
        QVERIFY(fs::exists(root() / "generated/morphologies/generated/cell0.h5"));
        const auto reread = io::read_circuit((root() / "generated/circuit_config.json").string());
        QCOMPARE(circuit::build_network(reread, setup, io::model_files(reread)).network.size(), 8u);

        // Asking to copy a file that is not there is an error naming it.
        auto missing = c;
        missing.nodes.front().attributes["morphology"] = test::texts(4, "absent.swc");
        try {
            io::write_circuit(missing, (root() / "missing").string(), options);
            QFAIL("no error for a missing morphology");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("absent.swc") != std::string::npos, e.what());
        }
    }

    // The reference ball-and-stick network as a SONATA circuit: virtual inputs replay
    // ../shared/reference/ballstick_net/input_spikes.csv. `lamina simulate` must give the
    // spikes of the same network built through the engine API, and of the circuit in
    // memory (before writing).
    void referenceNetworkThroughSimulate() {
        const fs::path base = root() / "ballstick";
        const fs::path models = base / "models";
        test::write_ballstick_models(models);
        const auto edges = test::read_csv_columns(test::shared_reference("ballstick_net/edges.csv"));
        std::vector<std::uint64_t> sources, targets;
        for (std::size_t k = 0; k < edges[0].size(); ++k) {
            sources.push_back(static_cast<std::uint64_t>(edges[0][k]));
            targets.push_back(static_cast<std::uint64_t>(edges[1][k]));
        }
        constexpr double input_delay = 0.125;  // a power of two: (t - d) + d == t exactly
        const auto in_memory =
            test::ballstick_circuit(1000, models.string(), 0.005, input_delay, sources, targets, edges[2], edges[3]);
        io::write_circuit(in_memory, (base / "circuit").string());
        const auto inputs = test::read_csv_columns(test::shared_reference("ballstick_net/input_spikes.csv"));
        io::PopulationSpikes replay{"inputs", {}, {}};
        for (std::size_t k = 0; k < inputs[0].size(); ++k) {
            replay.node_ids.push_back(static_cast<std::uint64_t>(inputs[0][k]));
            replay.timestamps.push_back(inputs[1][k] - input_delay);
        }
        io::write_spikes_h5((base / "inputs.h5").string(), {replay});
        write_text(base / "simulation_config.json", R"({
  "manifest": {"$BASE_DIR": "${configdir}", "$OUTPUT_DIR": "$BASE_DIR/output"},
  "network": "$BASE_DIR/circuit/circuit_config.json",
  "run": {"tstop": 300.0, "dt": 0.025, "dL": 20.0, "spike_threshold": 10.0,
          "spike_timing": "neuron", "hh_tables": true},
  "conditions": {"celsius": 6.3, "v_init": -65.0},
  "node_sets": {"replay": {"population": "inputs"}},
  "inputs": {"replayed": {"input_type": "spikes", "module": "sonata", "input_file": "$BASE_DIR/inputs.h5",
                          "node_set": "replay"}},
  "output": {"output_dir": "$OUTPUT_DIR", "spikes_file": "spikes.h5", "spikes_file_csv": "spikes.csv"}
})");
        const auto r = run({"simulate", (base / "simulation_config.json").string(), "--threads", "2", "--quiet"});
        QVERIFY2(r.status == 0, r.err.c_str());
        const auto simulated = spikes_of((base / "output/spikes.h5").string(), "cells");
        QVERIFY2(simulated.size() > 1000, qPrintable(QString::number(simulated.size())));

        // The same network through the engine API: the same morphology and model by hand.
        auto cell = std::make_shared<sim::CellDescription>(
            sim::CellDescription::from_morphology(io::read_morphology(models / "ballstick.swc")));
        cell->set_ra("all", 100);
        cell->set_cm("all", 1);
        cell->set_nseg("soma", 1);
        cell->set_nseg("dend", 10);
        cell->paint("soma", "hh", {{"gnabar", 0.12}, {"gkbar", 0.036}, {"gl", 0.0003}, {"ena", 50}, {"ek", -77}});
        cell->paint("dend", "pas", {{"g", 0.001}, {"e", -65}});
        cell->place({1, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
        cell->set_detector({0, 0.5}, 10.0);
        sim::Network net;
        for (int i = 0; i < 1000; ++i) net.add_cell(cell);
        std::vector<std::vector<double>> trains(1000);
        for (std::size_t k = 0; k < replay.node_ids.size(); ++k) trains[replay.node_ids[k]].push_back(replay.timestamps[k]);
        for (auto& t : trains) {
            std::sort(t.begin(), t.end());
            net.add_spike_source({sim::SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, t});
        }
        for (sim::Gid i = 0; i < 1000; ++i) net.connect({1000 + i, i, 0, 0.005, input_delay});
        for (std::size_t k = 0; k < sources.size(); ++k)
            net.connect({static_cast<sim::Gid>(sources[k]), static_cast<sim::Gid>(targets[k]), 0, edges[2][k], edges[3][k]});
        sim::RunOptions options;
        options.timing = sim::SpikeTiming::neuron;
        options.globals["usetable_hh"] = 1;
        options.celsius = 6.3;
        options.v_init = -65;
        sim::Simulation direct(net, options);
        direct.advance(300.0);
        std::vector<std::pair<std::uint64_t, double>> expected;
        for (const auto& s : direct.spikes())
            if (s.gid < 1000) expected.emplace_back(s.gid, s.time);
        std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
            return a.second < b.second || (a.second == b.second && a.first < b.first);
        });
        qInfo("lamina simulate: %zu spikes; engine API: %zu", simulated.size(), expected.size());
        QCOMPARE(simulated.size(), expected.size());
        QVERIFY(simulated == expected);

        // The circuit before writing gives the same spikes: writing and reading lost nothing.
        auto setup = io::read_simulation_config((base / "simulation_config.json").string());
        auto built = circuit::build_network(in_memory, setup, io::model_files(in_memory));
        sim::Simulation from_memory(built.network, built.options);
        from_memory.advance(300.0);
        std::vector<std::pair<std::uint64_t, double>> memory_spikes;
        for (const auto& s : from_memory.spikes())
            if (s.gid < 1000) memory_spikes.emplace_back(s.gid, s.time);
        QVERIFY(memory_spikes == expected);

        // The CSV copy holds the same spikes.
        const auto csv = spikes_of((base / "output/spikes.csv").string(), "cells");
        QVERIFY(csv == simulated);
    }

    // Current clamps on a compound node set, two reports, and every output read back
    // with h5py the way an analyst would.
    void clampsReportsAndH5py() {
        const fs::path base = root() / "reports";
        const fs::path models = base / "models";
        test::write_ballstick_models(models);
        io::write_circuit(test::ballstick_circuit(6, models.string(), 0.005, 0.5), (base / "circuit").string());
        write_text(base / "node_sets.json", R"({
  "layer3": {"population": "cells", "layer": 3},
  "first_two": {"population": "cells", "node_id": [0, 1]},
  "clamped": ["layer3", "first_two"]
})");
        write_text(base / "simulation_config.json", R"({
  "network": "circuit/circuit_config.json",
  "node_sets_file": "node_sets.json",
  "run": {"tstop": 50.0, "dt": 0.025, "dL": 20.0, "spike_threshold": -10.0, "nsteps_block": 100},
  "conditions": {"celsius": 6.3, "v_init": -65.0},
  "inputs": {"steps": {"input_type": "current_clamp", "module": "IClamp", "node_set": "clamped",
                       "amp": [0.3, 0.5], "delay": [5.0, 25.0], "duration": 10.0}},
  "reports": {
    "soma_v": {"cells": "cells", "variable_name": "v", "sections": "soma", "dt": 0.1},
    "all_m": {"cells": "first_two", "variable_name": "m_hh", "sections": "all", "dt": 0.5,
              "start_time": 10.0, "end_time": 40.0, "file_name": "gates.h5"}
  },
  "output": {"output_dir": "out", "log_file": "log.txt"}
})");
        const auto r = run({"simulate", (base / "simulation_config.json").string(), "--quiet"});
        QVERIFY2(r.status == 0, r.err.c_str());
        QVERIFY(fs::exists(base / "out/log.txt"));

        // Spikes: the clamped cells 0, 1 and 5 (layer 3) fire; the others stay at rest.
        const auto spikes = spikes_of((base / "out/spikes.h5").string(), "cells");
        std::set<std::uint64_t> fired;
        for (const auto& [node, t] : spikes) fired.insert(node);
        QCOMPARE(fired, (std::set<std::uint64_t>{0, 1, 5}));

        const auto soma = io::read_report((base / "out/soma_v.h5").string());
        QCOMPARE(soma.size(), 1u);
        const auto& v = soma.front();
        QCOMPARE(v.layout.population, std::string("cells"));
        QCOMPARE(v.rows, 500u);
        QCOMPARE(v.layout.node_ids, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
        QCOMPARE(v.layout.index_pointers, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6}));
        for (std::size_t e = 0; e < 6; ++e) QCOMPARE(v.values[e], -65.0f);  // t = 0 row: v_init
        float peak_clamped = -100, peak_rest = -100;
        for (std::size_t row = 0; row < v.rows; ++row)
            for (std::size_t e = 0; e < 6; ++e) {
                float& peak = (e == 0 || e == 1 || e == 5) ? peak_clamped : peak_rest;
                peak = std::max(peak, v.values[row * 6 + e]);
            }
        QVERIFY2(peak_clamped > 20 && peak_rest < -60, qPrintable(QString("%1 %2").arg(peak_clamped).arg(peak_rest)));

        const auto gates = io::read_report((base / "out/gates.h5").string());
        QCOMPARE(gates.size(), 1u);
        const auto& m = gates.front();
        QCOMPARE(m.layout.node_ids, (std::vector<std::uint64_t>{0, 1}));
        // hh is on the soma only: over all sections, m exists in one compartment per cell.
        QCOMPARE(m.layout.index_pointers, (std::vector<std::uint64_t>{0, 1, 2}));
        QCOMPARE(m.layout.element_ids, (std::vector<std::uint32_t>{0, 0}));
        QCOMPARE(m.rows, 60u);
        QCOMPARE(m.layout.start, 10.0);
        QCOMPARE(m.layout.step, 0.5);
        QCOMPARE(m.layout.stop, 40.0);
        // m of the soma rises well above its resting 0.053 while the cell fires.
        float m_peak = 0;
        for (std::size_t row = 0; row < m.rows; ++row) m_peak = std::max(m_peak, m.values[row * 2]);
        QVERIFY2(m_peak > 0.5, qPrintable(QString::number(m_peak)));

        // h5py, as an analyst reads them.
        QProcess python;
        python.start("/usr/bin/python3", {QString(LAMINA_TEST_SUPPORT_DIR) + "/check_sonata_outputs.py",
                                          QString::fromStdString((base / "out/spikes.h5").string()),
                                          QString::fromStdString((base / "out/soma_v.h5").string())});
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        const auto j = nlohmann::json::parse(python.readAllStandardOutput().toStdString());
        const auto& sj = j["spikes"]["cells"];
        QCOMPARE(sj["sorting"].get<std::string>(), std::string("by_time"));
        QCOMPARE(sj["units"].get<std::string>(), std::string("ms"));
        QCOMPARE(sj["count"].get<std::size_t>(), spikes.size());
        QCOMPARE(sj["ids_count"].get<std::size_t>(), spikes.size());
        QVERIFY(sj["sorted"].get<bool>());
        QCOMPARE(sj["first"][0].get<double>(), spikes.front().second);
        QCOMPARE(sj["timestamps_dtype"].get<std::string>(), std::string("float64"));
        const auto& rj = j["report"]["cells"];
        QCOMPARE(rj["shape"], nlohmann::json::array({500, 6}));
        QCOMPARE(rj["dtype"].get<std::string>(), std::string("float32"));
        QCOMPARE(rj["units"].get<std::string>(), std::string("mV"));
        QVERIFY(rj["chunked"].get<bool>());
        QCOMPARE(rj["node_ids"], nlohmann::json::array({0, 1, 2, 3, 4, 5}));
        QCOMPARE(rj["index_pointers"].size(), 7u);
        QCOMPARE(rj["time"], nlohmann::json::array({0.0, 50.0, 0.1}));
        QCOMPARE(rj["first_row_mean"].get<double>(), -65.0);
        QCOMPARE(rj["max"].get<double>(), static_cast<double>(peak_clamped));
        QCOMPARE(rj["last_row_first"].get<double>(), static_cast<double>(v.values[(v.rows - 1) * 6]));
    }

    // Rows arriving in blocks of any size (whole chunks written straight through, partial
    // ones completed from the next block, single rows, a remainder at the end) read back
    // exactly, in order.
    void reportBlocksOfAnySizeReadBackExactly() {
        io::ReportLayout layout;
        layout.population = "cells";
        layout.node_ids = {0, 1};
        layout.index_pointers = {0, 3, 5};
        layout.element_ids = {0, 1, 1, 0, 2};
        layout.element_pos = {0.5f, 0.25f, 0.75f, 0.5f, 0.5f};
        const std::size_t columns = layout.element_ids.size();
        const std::vector<std::size_t> blocks = {3, 1, 7, 4, 4, 1, 1, 9, 2};  // 32 rows
        std::size_t total = 0;
        for (std::size_t b : blocks) total += b;
        layout.step = 0.1;
        layout.stop = 0.1 * static_cast<double>(total);
        const fs::path file = root() / "blocks.h5";
        std::vector<float> expected;
        {
            io::CompartmentReportWriter writer(file.string(), layout, 4);  // chunks of 4 rows
            std::size_t row = 0;
            for (std::size_t b : blocks) {
                std::vector<float> values;
                for (std::size_t r = 0; r < b; ++r, ++row)
                    for (std::size_t c = 0; c < columns; ++c) values.push_back(static_cast<float>(row * 100 + c));
                expected.insert(expected.end(), values.begin(), values.end());
                if (b == 1) writer.append(values);
                else writer.append_rows(std::span<const float>(values), b);
                QCOMPARE(writer.rows(), row);
            }
            QVERIFY(!fs::exists(file));  // appears only when finished
            writer.finish();
        }
        const auto report = io::read_report(file.string());
        QCOMPARE(report.size(), 1u);
        QCOMPARE(report.front().rows, total);
        QVERIFY(report.front().values == expected);
        // Doubles go through the same buffer, converted.
        const fs::path doubles = root() / "blocks_double.h5";
        io::CompartmentReportWriter writer(doubles.string(), layout, 4);
        std::vector<double> values;
        for (float f : expected) values.push_back(f);
        writer.append_rows(std::span<const double>(values).first(5 * columns), 5);
        writer.append_rows(std::span<const double>(values).subspan(5 * columns), total - 5);
        writer.finish();
        QVERIFY(io::read_report(doubles.string()).front().values == expected);
    }

    // The demo as users first meet SONATA: export it, then simulate it.
    void demoExportedAndSimulated() {
        const fs::path folder = root() / "demo";
        auto r = run({"simulate-demo", "--write-sonata", folder.string(), "--cells", "60", "--tstop", "100"});
        QVERIFY2(r.status == 0, r.err.c_str());
        QVERIFY(r.out.find("lamina simulate " + (folder / "simulation_config.json").string()) != std::string::npos);
        r = run({"simulate", (folder / "simulation_config.json").string(), "--quiet"});
        QVERIFY2(r.status == 0, r.err.c_str());
        const auto spikes = spikes_of((folder / "output/spikes.h5").string(), "cells");
        QVERIFY2(spikes.size() > 20, qPrintable(QString::number(spikes.size())));
        const auto report = io::read_report((folder / "output/soma_v.h5").string());
        QCOMPARE(report.front().layout.node_ids.size(), 10u);
        QCOMPARE(report.front().rows, 1000u);
        QVERIFY(fs::exists(folder / "output/spikes.csv") && fs::exists(folder / "output/log.txt"));
    }
};

QTEST_GUILESS_MAIN(TestSonata)
#include "test_sonata.moc"
