// Malformed SONATA input: each mistake a user (or another tool) can make gives one
// precise message naming the file and the dataset, key or line, and never a crash.

#include <hdf5.h>

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli.h"
#include "engine/circuit/network_builder.h"
#include "engine/diagnostics.h"
#include "engine/errors.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/simulation_config.h"
#include "support/sonata_fixture.h"
#include "support/test_text.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {

using test::contains;
using test::failure;
using test::write_text;

// Replaces (or removes, with no values) a dataset of an HDF5 file.
void replace_dataset(const fs::path& file, const std::string& path, const std::vector<std::int64_t>& values,
                     hsize_t columns = 1) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    H5Ldelete(f, path.c_str(), H5P_DEFAULT);
    if (!values.empty()) {
        const hsize_t dims[2] = {values.size() / columns, columns};
        const hid_t space = H5Screate_simple(columns == 1 ? 1 : 2, dims, nullptr);
        const hid_t d = H5Dcreate2(f, path.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
        H5Dclose(d);
        H5Sclose(space);
    }
    H5Fclose(f);
}

}  // namespace

class TestSonataErrors : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int fresh_ = 0;

    // A small good circuit in its own folder.
    fs::path good_circuit() {
        const fs::path base = fs::path(dir_.path().toStdString()) / ("c" + std::to_string(fresh_++));
        test::write_ballstick_models(base / "models");
        io::write_circuit(test::ballstick_circuit(4, (base / "models").string(), 0.005, 0.5, {0, 1}, {2, 3},
                                                  {0.001, 0.002}, {1.0, 2.0}),
                          base.string());
        return base;
    }
    std::string config(const fs::path& base) { return (base / "circuit_config.json").string(); }

private slots:
    void malformedJsonNamesTheLine() {
        const fs::path base = good_circuit();
        write_text(base / "circuit_config.json", "{\n  \"networks\": {\n    \"nodes\": [,]\n  }\n}\n");
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"circuit_config.json:3", "malformed JSON"}), message.c_str());
    }

    void missingKeysAndUndefinedVariables() {
        const fs::path base = good_circuit();
        write_text(base / "circuit_config.json", R"({"networks": {"nodes": [{"nodes_file": "$NOWHERE/n.h5"}]}})");
        auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"circuit_config.json", "networks.nodes[0].nodes_file", "$NOWHERE"}), message.c_str());
        write_text(base / "circuit_config.json", R"({"components": {}})");
        message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"networks", "missing"}), message.c_str());
    }

    void missingDataset() {
        const fs::path base = good_circuit();
        replace_dataset(base / "cells_nodes.h5", "/nodes/cells/node_type_id", {});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"cells_nodes.h5", "/nodes/cells/node_type_id", "missing dataset"}), message.c_str());
    }

    void wrongShape() {
        const fs::path base = good_circuit();
        replace_dataset(base / "recurrent_edges.h5", "/edges/recurrent/edge_type_id", {301, 301, 301});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"recurrent_edges.h5", "/edges/recurrent/edge_type_id", "has 3 values, expected 2"}),
                 message.c_str());
    }

    void danglingNodeIds() {
        const fs::path base = good_circuit();
        replace_dataset(base / "recurrent_edges.h5", "/edges/recurrent/target_node_id", {2, 99});
        // The dataset lost its node_population attribute with it: restore it.
        const hid_t f = H5Fopen((base / "recurrent_edges.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        const hid_t d = H5Dopen2(f, "/edges/recurrent/target_node_id", H5P_DEFAULT);
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, 5);
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t a = H5Acreate2(d, "node_population", type, space, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(a, type, "cells");
        H5Aclose(a);
        H5Sclose(space);
        H5Tclose(type);
        H5Dclose(d);
        H5Fclose(f);
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"recurrent", "edge 1", "target node 99 does not exist", "(4 nodes)"}), message.c_str());
    }

    void missingNodePopulationAttribute() {
        const fs::path base = good_circuit();
        replace_dataset(base / "recurrent_edges.h5", "/edges/recurrent/source_node_id", {0, 1});
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"recurrent_edges.h5", "source_node_id", "node_population"}), message.c_str());
    }

    void brokenIndex() {
        const fs::path base = good_circuit();
        replace_dataset(base / "recurrent_edges.h5", "/edges/recurrent/indices/target_to_source/range_to_edge_id",
                        {0, 1, 0, 1}, 2);
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"recurrent_edges.h5", "indices/target_to_source", "broken index"}), message.c_str());
    }

    void badTypeTableRow() {
        const fs::path base = good_circuit();
        write_text(base / "cells_node_types.csv", "node_type_id model_type morphology\n100 biophysical\n");
        const auto message = failure([&] { io::read_circuit(config(base)); });
        QVERIFY2(contains(message, {"cells_node_types.csv:2", "has 2 values", "3 columns"}), message.c_str());
    }

    void simulationConfigMistakes() {
        const fs::path base = good_circuit();
        const std::string sim = (base / "simulation_config.json").string();
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": -5}})");
        auto message = failure([&] { io::read_simulation_config(sim); });
        QVERIFY2(contains(message, {"simulation_config.json", "run.tstop", "must be in [0, 1e+09] ms, got -5"}), message.c_str());
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10, "dt": "fast"}})");
        message = failure([&] { io::read_simulation_config(sim); });
        QVERIFY2(contains(message, {"run.dt", "must be a number"}), message.c_str());
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10},
            "reports": {"r": {"cells": "cells", "dt": 0.03}}})");
        message = failure([&] { io::read_simulation_config(sim); });
        QVERIFY2(contains(message, {"reports.r.dt", "multiple"}), message.c_str());
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10},
            "inputs": {"in": {"input_type": "spikes", "node_set": "inputs", "input_file": "absent.h5"}}})");
        message = failure([&] { io::read_simulation_config(sim); });
        QVERIFY2(contains(message, {"absent.h5", "no such file"}), message.c_str());
    }

    // Through the command: exit status 1 and one line naming the problem.
    void unknownNodeSetAndMissingMechanism() {
        const fs::path base = good_circuit();
        const std::string sim = (base / "simulation_config.json").string();
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10},
            "inputs": {"clamp": {"input_type": "current_clamp", "node_set": "layer9", "amp": 0.1, "delay": 1, "duration": 1}},
            "output": {"output_dir": "out"}})");
        std::ostringstream out, err;
        int status = app::run_command(*app::find_command("simulate"), {sim, "--quiet"}, out, err);
        QCOMPARE(status, 1);
        QVERIFY2(contains(err.str(), {"unknown node set 'layer9'", "cells", "inputs"}), err.str().c_str());

        // Mechanisms neither built in nor in the catalogue: all named at once.
        std::ofstream(base / "models/ballstick.json") << R"({"genome": [
            {"section": "soma", "name": "gbar_NaX_made_up", "value": 1.0, "mechanism": "NaX_made_up"},
            {"section": "soma", "name": "gbar_Kx_made_up", "value": 1.0, "mechanism": "Kx_made_up"}]})";
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10}, "output": {"output_dir": "out"}})");
        std::ostringstream out2, err2;
        status = app::run_command(*app::find_command("simulate"), {sim, "--quiet"}, out2, err2);
        QCOMPARE(status, 1);
        QVERIFY2(contains(err2.str(), {"'Kx_made_up'", "'NaX_made_up'", "cells:0 and 3 more cells", "hh"}), err2.str().c_str());
        QVERIFY(!fs::exists(base / "out/spikes.h5"));  // nothing half-written
        // A catalogue mechanism with a parameter it does not have: named with the ones it has.
        std::ofstream(base / "models/ballstick.json") << R"({"genome": [
            {"section": "soma", "name": "gmax_NaTs2_t", "value": 1.0, "mechanism": "NaTs2_t"}]})";
        std::ostringstream out3, err3;
        status = app::run_command(*app::find_command("simulate"), {sim, "--quiet"}, out3, err3);
        QCOMPARE(status, 1);
        QVERIFY2(contains(err3.str(), {"ballstick.json", "NaTs2_t has no parameter 'gmax'", "gNaTs2_tbar"}), err3.str().c_str());
        QVERIFY(!fs::exists(base / "out/spikes.h5"));
    }

    void commandUsageAndMissingConfig() {
        std::ostringstream out, err;
        QCOMPARE(app::run_command(*app::find_command("simulate"), {}, out, err), 2);
        QVERIFY2(err.str().find("expects one simulation_config.json") != std::string::npos, err.str().c_str());
        std::ostringstream out2, err2;
        QCOMPARE(app::run_command(*app::find_command("simulate"), {"/nonexistent/sim.json"}, out2, err2), 1);
        QVERIFY2(err2.str().find("/nonexistent/sim.json") != std::string::npos, err2.str().c_str());
        std::ostringstream out3, err3;
        QCOMPARE(app::run_command(*app::find_command("simulate"), {"--help"}, out3, err3), 0);
        QVERIFY(out3.str().find("usage: lamina simulate SIMULATION_CONFIG") != std::string::npos);
    }

    // output.spikes_file named .csv: written as CSV there (with a warning), the HDF5
    // spikes beside it; never HDF5 under a .csv name. With spikes_file_csv too: refused.
    void spikesFileNamedCsv() {
        const fs::path base = good_circuit();
        const std::string sim = (base / "simulation_config.json").string();
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10},
                            "output": {"output_dir": "out", "spikes_file": "spikes.csv"}})");
        WarningCollector warnings;
        DiagnosticOptions diagnostics;
        diagnostics.handler = &warnings;
        const auto setup = io::read_simulation_config(sim, diagnostics);
        QVERIFY2(setup.output.spikes_csv.ends_with("out/spikes.csv"), setup.output.spikes_csv.c_str());
        QVERIFY2(setup.output.spikes_file.ends_with("out/spikes.h5"), setup.output.spikes_file.c_str());
        QCOMPARE(warnings.warnings().size(), std::size_t{1});
        QVERIFY2(contains(warnings.warnings().front().message, {"output.spikes_file", "written as CSV"}),
                 warnings.warnings().front().message.c_str());
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10},
                            "output": {"spikes_file": "a.csv", "spikes_file_csv": "b.csv"}})");
        const auto message = failure([&] { io::read_simulation_config(sim); });
        QVERIFY2(contains(message, {"output.spikes_file", "a.csv", "spikes_file_csv is given too"}), message.c_str());
    }

    void missingMorphologyFile() {
        const fs::path base = good_circuit();
        fs::remove(base / "models/ballstick.swc");
        const std::string sim = (base / "simulation_config.json").string();
        write_text(sim, R"({"network": "circuit_config.json", "run": {"tstop": 10}})");
        const auto setup = io::read_simulation_config(sim);
        const auto c = io::read_circuit(config(base));
        const auto message = failure([&] { circuit::build_network(c, setup, io::model_files(c)); });
        QVERIFY2(contains(message, {"ballstick.swc", "no such morphology file"}), message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSonataErrors)
#include "test_sonata_errors.moc"
