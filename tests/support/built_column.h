#pragma once
// A built column as the simulator gets it from files: written by Lamina's column writer,
// read back through the SONATA reader and turned into the engine's network, the path
// `lamina build` then `lamina simulate` takes.

#include <filesystem>

#include "engine/builder/column_builder.h"
#include "engine/circuit/network_builder.h"
#include "engine/sim/simulation.h"
#include "io/builder/column_writer.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/simulation_config.h"

namespace lamina::test {

struct ColumnFromFiles {
    circuit::SimulationSetup setup;
    circuit::Circuit circuit;
    circuit::BuiltNetwork built;
};

inline ColumnFromFiles column_from_files(const builder::BuiltColumn& column, const std::filesystem::path& folder) {
    const io::ColumnFiles files = io::write_column(column, folder);
    ColumnFromFiles out;
    out.setup = io::read_simulation_config(files.simulation_config.string());
    out.circuit = io::read_circuit(out.setup.circuit_config);
    out.built = circuit::build_network(out.circuit, out.setup, io::model_files(out.circuit));
    return out;
}

// The spikes of a run of `until` ms on `threads` threads: the cells' alone, or with the
// inputs' (virtual nodes replaying their trains).
inline std::vector<sim::Spike> run_spikes(const circuit::BuiltNetwork& built, int threads, double until,
                                          bool cells_only) {
    sim::RunOptions o = built.options;
    o.threads = threads;
    sim::Simulation s(built.network, o);
    s.advance(until);
    std::vector<sim::Spike> out;
    for (const auto& spike : s.spikes())
        if (!cells_only || built.network.is_cell(spike.gid)) out.push_back(spike);
    return out;
}

}  // namespace lamina::test
