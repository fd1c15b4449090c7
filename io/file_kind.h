#pragma once
// What a file a user opens is, from its name and (for JSON) its top-level keys: the one
// place the command line and the window decide where a file goes.

#include <filesystem>
#include <string>

namespace lamina::io {

enum class FileKind {
    morphology,          // .swc, .asc, .h5 (read by read_morphology)
    simulation_config,   // SONATA: "run" (or "network" without "networks")
    circuit_config,      // SONATA: "networks" and no "run"
    recipe,              // a column recipe: "cell_types" or "pathways", no circuit
    point_recipe,        // a point-neuron microcircuit recipe: "kind": "point_microcircuit"
    unknown_json,        // JSON that is none of these (the SONATA reader names the problem)
    unknown              // any other name
};

// Reads at most the first 16 MiB of a .json file to see its keys; never throws.
FileKind file_kind(const std::filesystem::path& path);
// Whether a file of that name is one the app opens (by extension only).
bool openable_name(const std::filesystem::path& path);
const char* describe(FileKind kind);

}  // namespace lamina::io
