#include "app/demo_sonata.h"

#include <unistd.h>

#include <cmath>
#include <ostream>
#include <set>

#include "engine/circuit/circuit.h"
#include "engine/errors.h"
#include "io/file_util.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/spikes_io.h"

namespace fs = std::filesystem;

namespace lamina::app {

void write_ballstick_models(const fs::path& folder) {
    fs::create_directories(folder);
    io::write_text_file_atomically(folder / "ballstick.swc", [](std::ostream& out) {
        out << "# ball and stick: point soma of radius 10 um, dendrite 200 x 1 um\n"
               "1 1 0 0 0 10 -1\n2 3 10 0 0 0.5 1\n3 3 210 0 0 0.5 2\n";
    });
    io::write_text_file_atomically(folder / "ballstick.json", [](std::ostream& out) {
        out << R"({
  "passive": [{"ra": 100, "e_pas": -65, "cm": [{"section": "soma", "cm": 1}, {"section": "dend", "cm": 1}]}],
  "genome": [
    {"section": "soma", "name": "gnabar_hh", "value": 0.12, "mechanism": "hh"},
    {"section": "soma", "name": "gkbar_hh", "value": 0.036, "mechanism": "hh"},
    {"section": "soma", "name": "gl_hh", "value": 0.0003, "mechanism": "hh"},
    {"section": "dend", "name": "g_pas", "value": 0.001, "mechanism": ""}
  ],
  "conditions": [{"celsius": 6.3, "erev": [{"section": "soma", "ena": 50, "ek": -77}], "v_init": -65}]
}
)";
    });
    io::write_text_file_atomically(folder / "expsyn.json", [](std::ostream& out) {
        out << R"({"level_of_detail": "expsyn", "tau": 2.0, "erev": 0.0})" << '\n';
    });
}

namespace {

circuit::Column texts(std::size_t n, const std::string& value) {
    return circuit::Column::of_texts(std::vector<std::string>(n, value));
}

circuit::EdgePopulation edges_onto_cells(const std::string& name, const std::string& from) {
    circuit::EdgePopulation e;
    e.name = name;
    e.source_population = from;
    e.target_population = "cells";
    e.attributes["syn_weight"] = circuit::Column::of_numbers({});
    e.attributes["delay"] = circuit::Column::of_numbers({});
    return e;
}

void finish_edges(circuit::EdgePopulation& e, std::int64_t type) {
    const std::size_t n = e.source.size();
    e.edge_type_id.assign(n, type);
    e.attributes["afferent_section_id"] = circuit::Column::of_numbers(std::vector<double>(n, 1.0), true);
    e.attributes["afferent_section_pos"] = circuit::Column::of_numbers(std::vector<double>(n, 0.5));
    e.attributes["model_template"] = texts(n, "expsyn");
    e.attributes["dynamics_params"] = texts(n, "expsyn.json");
}

}  // namespace

namespace {

void write_demo_files(const fs::path& folder, const sim::DemoNetworkOptions& options, double tstop) {
    const sim::Network net = sim::ballstick_network(options);  // validates the options
    const std::size_t cells = options.cells;
    write_ballstick_models(folder / "models");

    circuit::Circuit c;
    const std::string models = fs::absolute(folder / "models").lexically_normal().string();
    c.components = {models, models, models, {}, {}, {}};
    circuit::NodePopulation p;
    p.name = "cells";
    p.node_type_id.assign(cells, 100);
    std::vector<double> x(cells), y(cells);
    for (std::size_t i = 0; i < cells; ++i) {  // a square sheet, 30 µm apart
        const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(cells))));
        x[i] = 30.0 * static_cast<double>(i % side);
        y[i] = 30.0 * static_cast<double>(i / side);
    }
    p.attributes["model_type"] = texts(cells, "biophysical");
    p.attributes["model_template"] = texts(cells, "ctdb:Biophys1.hoc");
    p.attributes["morphology"] = texts(cells, "ballstick.swc");
    p.attributes["dynamics_params"] = texts(cells, "ballstick.json");
    p.attributes["x"] = circuit::Column::of_numbers(x);
    p.attributes["y"] = circuit::Column::of_numbers(y);
    p.attributes["z"] = circuit::Column::of_numbers(std::vector<double>(cells, 0.0));
    c.nodes.push_back(std::move(p));
    circuit::NodePopulation drive;
    drive.name = "drive";
    drive.node_type_id.assign(cells, 200);
    drive.attributes["model_type"] = texts(cells, "virtual");
    c.nodes.push_back(std::move(drive));

    // Edges as the network has them: drive i -> cell i, and the recurrent connections.
    auto driving = edges_onto_cells("drive_to_cells", "drive");
    auto recurrent = edges_onto_cells("recurrent", "cells");
    for (const auto& connection : net.connections()) {
        const bool from_drive = connection.source >= cells;
        auto& e = from_drive ? driving : recurrent;
        e.source.push_back(from_drive ? connection.source - cells : connection.source);
        e.target.push_back(connection.target);
        e.attributes["syn_weight"].numbers.push_back(connection.weight);
        e.attributes["delay"].numbers.push_back(connection.delay);
    }
    finish_edges(driving, 300);
    finish_edges(recurrent, 301);
    c.edges.push_back(std::move(driving));
    if (!recurrent.source.empty()) c.edges.push_back(std::move(recurrent));
    io::write_circuit(c, (folder / "circuit").string());

    // The drive's Poisson trains, drawn from the same streams the engine would use.
    io::PopulationSpikes trains{"drive", {}, {}};
    std::vector<double> times;
    for (std::size_t i = 0; i < cells; ++i) {
        const auto gid = static_cast<sim::Gid>(cells + i);
        times.clear();
        sim::source_spikes(net.source(gid), gid, 0.0, tstop, times);
        for (double t : times) {
            trains.node_ids.push_back(i);
            trains.timestamps.push_back(t);
        }
    }
    io::write_spikes_h5((folder / "drive_spikes.h5").string(), {trains});

    io::write_text_file_atomically(folder / "simulation_config.json", [&](std::ostream& out) {
        out << R"({
  "manifest": {"$BASE_DIR": "${configdir}"},
  "network": "$BASE_DIR/circuit/circuit_config.json",
  "run": {"tstop": )" << tstop << R"(, "dt": 0.025, "dL": 20.0, "spike_threshold": 10.0},
  "conditions": {"celsius": 6.3, "v_init": -65.0},
  "node_sets": {"drive": {"population": "drive"}, "first_ten": {"population": "cells", "node_id": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}},
  "inputs": {"poisson_drive": {"input_type": "spikes", "module": "sonata", "input_file": "$BASE_DIR/drive_spikes.h5", "node_set": "drive"}},
  "reports": {"soma_v": {"cells": "first_ten", "variable_name": "v", "sections": "soma", "dt": 0.1}},
  "output": {"output_dir": "$BASE_DIR/output", "spikes_file": "spikes.h5", "spikes_file_csv": "spikes.csv", "log_file": "log.txt"}
}
)";
    });
}

}  // namespace

// The demo is written only into a folder that holds nothing but what a demo writes (a
// previous demo, its output/): a folder with anyone else's files is refused before one
// byte of it changes. What a demo writes is learnt by writing one beside the folder
// first (its files name their own folder, so it is not moved in).
void write_demo_sonata(const fs::path& folder, const sim::DemoNetworkOptions& options, double tstop) {
    if (folder.empty()) throw InvalidArgument("--write-sonata needs a folder, got an empty name");
    const fs::path target = fs::absolute(folder).lexically_normal();
    std::error_code ec;
    if (fs::exists(target, ec) && !fs::is_directory(target, ec))
        throw FileError(target.string(), 0, "is a file, not a folder for the demo circuit");
    const fs::path staging = target.parent_path() / ("." + target.filename().string() + ".lamina-demo-" +
                                                     std::to_string(::getpid()));
    fs::remove_all(staging, ec);
    struct Cleanup {
        fs::path path;
        ~Cleanup() {
            std::error_code ignored;
            fs::remove_all(path, ignored);
        }
    } cleanup{staging};
    write_demo_files(staging, options, tstop);
    std::set<fs::path> ours;
    for (const auto& entry : fs::recursive_directory_iterator(staging))
        ours.insert(entry.path().lexically_relative(staging));
    if (fs::exists(target, ec))
        for (auto it = fs::recursive_directory_iterator(target); it != fs::recursive_directory_iterator(); ++it) {
            const fs::path rel = it->path().lexically_relative(target);
            if (rel == "output") {  // a previous run's results stay
                it.disable_recursion_pending();
                continue;
            }
            if (!ours.count(rel))
                throw FileError(target.string(), 0, "holds " + rel.string() +
                                                         ", which the demo does not write; choose an empty folder");
        }
    write_demo_files(target, options, tstop);
}

}  // namespace lamina::app
