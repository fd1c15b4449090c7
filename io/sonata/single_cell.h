#pragma once
// A single-cell experiment: a morphology and a cell model (an e-model in BluePyOpt's
// layout, an Allen/BMTK dynamics_params JSON, or a NeuroML cell) written as a one-node
// SONATA circuit with a current step at the soma and the soma's voltage recorded, so the
// app opens it ready to Run and `lamina cell` runs it, through the one path every
// circuit takes.

#include <filesystem>
#include <optional>
#include <string>

namespace lamina::io {

struct SingleCellOptions {
    double amp = 0.5;                      // [nA] the step at the soma's centre
    double delay = 100, duration = 1000;   // [ms]
    double tstop = 1200, dt = 0.025;       // [ms]
    double spike_threshold = -15;          // [mV] upward crossing at the soma (SONATA's default)
    std::optional<double> celsius, v_init;  // default: the model's own, else 34 °C and -80 mV
    std::string mechanisms_dir;            // users' mod files, if the model needs them
};

// Writes DIR/circuit, DIR/node_sets.json and DIR/simulation_config.json (outputs to
// DIR/output) and returns the config's path. The model's kind is told by its content;
// Allen and NeuroML models get Allen's perisomatic processing (axon stub), an e-model
// prepares the morphology itself. Throws FileError for missing or unreadable files and
// InvalidArgument for option values out of range.
std::filesystem::path write_single_cell_experiment(const std::filesystem::path& morphology,
                                                   const std::filesystem::path& model,
                                                   const std::filesystem::path& folder,
                                                   const SingleCellOptions& options = {});

}  // namespace lamina::io
