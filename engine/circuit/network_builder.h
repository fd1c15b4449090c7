#pragma once
// A SONATA circuit and simulation setup turned into the engine's network: one cell per
// biophysical or single-compartment node, one spike source per virtual node, one
// synapse placement per distinct synapse location, one connection per edge (or per
// synapse for edges placed by rule), current clamps from the inputs.
//
// Files are read through ModelFiles, which io/ supplies (the engine reads no files);
// each distinct morphology and model is loaded once, and only for nodes simulated.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/circuit/biophysics.h"
#include "engine/circuit/circuit.h"
#include "engine/circuit/gid_map.h"
#include "engine/circuit/simulation_setup.h"
#include "engine/morphology/morphology.h"
#include "engine/sim/network.h"
#include "engine/sim/simulation.h"

namespace lamina::circuit {

// A point neuron's parameters file (a node's dynamics_params in
// components.point_neuron_models_dir): NEST's names and units.
struct PointNeuronModel {
    std::string file;
    std::map<std::string, double> parameters;
};

struct ModelFiles {
    // By the name in the node's `morphology` attribute (resolved against
    // components.morphologies_dir by the supplier).
    std::function<std::shared_ptr<const Morphology>(const std::string& name)> morphology;
    std::function<const BiophysicalModel&(const std::string& name)> biophysics;
    // A NeuroML cell by the file name of its model_template ("nml:Cell_1.cell.nml").
    std::function<const BiophysicalModel&(const std::string& name)> neuroml;
    std::function<const SynapseModel&(const std::string& name)> synapse;
    std::function<const PointNeuronModel&(const std::string& name)> point_neuron;
};

struct BuiltNetwork {
    sim::Network network;
    sim::RunOptions options;  // the setup's
    GidMap gids;              // populations in circuit order, gids consecutive
    std::vector<std::string> warnings;  // parts of the setup that had no effect, for the log
};

// Throws InvalidArgument naming population, node or edge and the attribute for bad
// values; one error listing every mechanism the engine lacks and the cells needing it.
BuiltNetwork build_network(const Circuit& circuit, const SimulationSetup& setup, const ModelFiles& files);

}  // namespace lamina::circuit
