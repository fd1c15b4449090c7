// SONATA as a user meets it: circuits written and read back identically, `lamina
// simulate` on them giving the engine API's spikes, reports and spikes that h5py reads.

#include <QProcess>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli.h"
#include "engine/circuit/network_builder.h"
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
        sim::SimulationOptions options;
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
        std::size_t cell_spikes = 0;
        for (const auto& s : from_memory.spikes()) cell_spikes += s.gid < 1000;
        QCOMPARE(cell_spikes, expected.size());

        // The CSV copy holds the same spikes.
        const auto csv = spikes_of((base / "output/spikes.csv").string(), "cells");
        QVERIFY(csv == simulated);
    }
};

QTEST_GUILESS_MAIN(TestSonata)
#include "test_sonata.moc"
