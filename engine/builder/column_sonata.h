#pragma once
// Step 6 (the model part): a built column as a SONATA circuit. One node population
// "column" (position, rotation about y, morphology, m-type, layer, synapse class, the
// membrane model) and one edge population "column__column__chemical" with every
// synapse's afferent and efferent (section, x), its 3D position, weight and delay
// (axonal path length / conduction velocity + synaptic delay). io/ writes it out with
// the morphologies and the model files these names refer to.

#include <string>

#include "engine/builder/column_builder.h"
#include "engine/circuit/circuit.h"

namespace lamina::builder {

inline constexpr const char* column_population = "column";
inline constexpr const char* column_edges = "column__column__chemical";

// The morphology file name of cell c ("cell_000012.h5").
std::string morphology_file(const BuiltColumn& column, std::size_t cell);
// The dynamics_params file of a membrane model ("hh_soma.json") and of a pathway's synapse.
std::string membrane_file(const std::string& electrical_model);
std::string synapse_file(const Recipe& recipe, std::size_t pathway);

// Components point at `morphologies`, `models` and `synapses` (folder names or paths).
circuit::Circuit column_circuit(const BuiltColumn& column, const std::string& morphologies, const std::string& models,
                                const std::string& synapses);

}  // namespace lamina::builder
