#pragma once
// Step 6 (the model part): a built column as a SONATA circuit. One node population
// "column" (position, rotation about y, morphology, m-type, layer, synapse class, the
// membrane model) and one edge population "column__column__chemical" with every
// synapse's afferent and efferent (section, x), its 3D position, weight and delay
// (axonal path length / conduction velocity + synaptic delay). With the recipe's drive,
// a virtual population "drive" (a node per driven cell) and its edges onto the somata;
// their Poisson trains come from drive_train, each spike onto an AMPA/NMDA synapse
// without plasticity (DetAmpaNmda with Use 1). io/ writes it out with the morphologies,
// the spike trains and the model files these names refer to.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/builder/column_builder.h"
#include "engine/circuit/circuit.h"

namespace lamina::builder {

inline constexpr const char* column_population = "column";
inline constexpr const char* column_edges = "column__column__chemical";
inline constexpr const char* drive_population = "drive";
inline constexpr const char* drive_edges = "drive__column__chemical";
inline constexpr const char* drive_synapse_file = "drive.json";
inline constexpr double drive_delay = 0.5;  // [ms] from an input spike to its synapse

// The cells the recipe's drive reaches, in cell order (none without a drive); drive
// node k feeds cell driven_cells()[k].
std::vector<std::uint32_t> driven_cells(const BuiltColumn& column);
// The Poisson spike train [ms] in [0, drive.duration) of the drive onto cell `cell`,
// sorted; drawn from the recipe's seed and the cell's index alone, so it is the same
// for any number of threads and any other cell's edits.
std::vector<double> drive_train(const Recipe& recipe, std::size_t cell);
// The Poisson train plus, for a cell of the volley's layer, the thalamic volley's spikes
// (uniform over [time, time + jitter) from the cell's own stream), sorted.
std::vector<double> drive_train(const BuiltColumn& column, std::size_t cell);

// The morphology file name of cell c ("cell_000012.h5").
std::string morphology_file(const BuiltColumn& column, std::size_t cell);
// The dynamics_params file of a membrane model ("hh_soma.json") and of a pathway's synapse.
std::string membrane_file(const std::string& electrical_model);
std::string synapse_file(const Recipe& recipe, std::size_t pathway);

// Components point at `morphologies`, `models` and `synapses` (folder names or paths).
circuit::Circuit column_circuit(const BuiltColumn& column, const std::string& morphologies, const std::string& models,
                                const std::string& synapses);

}  // namespace lamina::builder
