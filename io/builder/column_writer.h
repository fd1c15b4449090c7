#pragma once
// Step 6 (the files): a built column as a SONATA circuit folder that Lamina (or any
// SONATA tool) opens —
//   circuit_config.json, column_nodes.h5 + column_node_types.csv,
//   column__column__chemical_edges.h5 + _edge_types.csv, morphologies/*.h5,
//   biophysical_neuron_models/*.json (Allen format), synaptic_models/*.json,
//   simulation_config.json (500 ms at 6.3 °C, compartments at most 40 µm long: half
//   the compartments of the d_lambda rule, so a few hundred cells run live on a
//   laptop; with the recipe's drive, its Poisson trains in drive_spikes.h5 as an input), recipe.json, build_report.json and
//   build_report.txt (cells per layer and type; per pathway the connection probability
//   and synapses per connection achieved against their targets; the probability matrix).
// Nothing in them depends on time or threads: the same recipe gives the same bytes.

#include <filesystem>
#include <functional>
#include <string>

#include "engine/builder/column_builder.h"

namespace lamina::io {

// In every built column: the format version and each folder and file (relative) the build
// wrote. A rebuild replaces those and refuses a folder holding anything else.
inline constexpr const char* manifest_name = ".lamina-build-manifest.json";

struct ColumnFiles {
    std::filesystem::path circuit_config, simulation_config, recipe, report_json, report_text;
};

// Creates `folder`, which must be missing or empty, and lists what it wrote in its
// manifest. Throws FileError naming the file that could not be written.
ColumnFiles write_column(const builder::BuiltColumn& column, const std::filesystem::path& folder);

// The same files written beside `folder` first (a hidden ".<name>.lamina-partial") and
// swapped in when complete, so a failed build leaves `folder` as it was; the previous
// column's simulation outputs (output/) move into the new one, and the rest of it (only
// what its manifest lists) is removed. Checks the folder first with check_column_folder.
// A hidden sibling left by an interrupted build is removed only when it holds a build
// manifest; otherwise the build is refused with it named. Filesystem failures are
// FileErrors naming the path.
ColumnFiles replace_column(const builder::BuiltColumn& column, const std::filesystem::path& folder);

// Throws FileError naming the folder and its first foreign entry unless `folder` is
// missing, empty, or holds only what its build manifest lists (and output/ from
// simulating it, which a rebuild carries over): a build never replaces anything else. A
// folder with files and no manifest is refused. Cheap: call it before a long build.
void check_column_folder(const std::filesystem::path& folder);

// `folder` made absolute, without a trailing separator ("out/" is the folder "out").
// Throws InvalidArgument for "" and FileError for the root folder.
std::filesystem::path column_folder_path(const std::filesystem::path& folder);

// The human-readable build report (also written as build_report.txt).
std::string format_build_report(const builder::BuiltColumn& column);

}  // namespace lamina::io
