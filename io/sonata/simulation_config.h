#pragma once
// SONATA simulation configs (simulation_config.json) into circuit::SimulationSetup, and
// the model files a circuit names (morphologies, dynamics_params) for the network
// builder, each loaded once and only when needed.

#include <string>

#include "engine/circuit/network_builder.h"
#include "engine/circuit/simulation_setup.h"

namespace lamina::io {

// Reads the config, its node sets file and its spike input files. Paths are resolved
// (manifest, config folder). Throws FileError naming the file and key.
circuit::SimulationSetup read_simulation_config(const std::string& path);

// A simulation config, or a circuit config on its own ("networks" and no "run"): then
// the circuit runs with default settings (tstop 500 ms, dt 0.025 ms) and no inputs.
circuit::SimulationSetup read_simulation_or_circuit_config(const std::string& path);

// Model files found through the circuit's components folders. Keeps what it loads;
// the returned functions stay valid while `circuit` does.
circuit::ModelFiles model_files(const circuit::Circuit& circuit);

}  // namespace lamina::io
