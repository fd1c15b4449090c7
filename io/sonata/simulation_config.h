#pragma once
// SONATA simulation configs (simulation_config.json) into circuit::SimulationSetup, and
// the model files a circuit names (morphologies, dynamics_params) for the network
// builder, each loaded once and only when needed.

#include <string>

#include "engine/circuit/network_builder.h"
#include "engine/circuit/simulation_setup.h"
#include "engine/diagnostics.h"

namespace lamina::io {

// Reads the config, its node sets file and its spike input files. Paths are resolved
// (manifest, config folder). Throws FileError naming the file and key; unknown keys go
// to `diagnostics` as warnings. Ends with check_outputs().
circuit::SimulationSetup read_simulation_config(const std::string& path, const DiagnosticOptions& diagnostics = {});

// A simulation config, or a circuit config on its own ("networks" and no "run"): then
// the circuit runs with default settings (tstop 500 ms, dt 0.025 ms) and no inputs.
circuit::SimulationSetup read_simulation_or_circuit_config(const std::string& path,
                                                           const DiagnosticOptions& diagnostics = {});

// Every output (spikes, CSV copy, log, reports) must lie inside the output folder (also
// after resolving symbolic links), must not be one of setup.input_files, a folder, or
// another output of the same run. Throws FileError naming the config and the key.
void check_outputs(const circuit::SimulationSetup& setup);

// The trains of each spike input of a parsed config, read from its file: the
// population its node set names (or the node set's own name), matched by name.
void load_spike_inputs(circuit::SimulationSetup& setup);

// Moves every output into `directory`, keeping its place relative to the output
// folder (`lamina simulate --output DIR`), then checks them again.
void redirect_outputs(circuit::SimulationSetup& setup, const std::string& directory);

// Model files found through the circuit's components folders. Keeps what it loads;
// the returned functions stay valid while `circuit` does. Unknown keys in model files
// go to `diagnostics` (keep its handler alive as long as the functions).
circuit::ModelFiles model_files(const circuit::Circuit& circuit, const DiagnosticOptions& diagnostics = {});

// A biophysical model file: Allen's/BMTK's dynamics_params JSON, or an e-model in
// BluePyOpt's layout. Throws FileError naming the file and key.
circuit::BiophysicalModel read_biophysical_model(const std::string& file, const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
