#pragma once
// Reads an e-model in BluePyOpt's JSON layout (see engine/circuit/emodel.h): as a node's
// dynamics_params file and from the command line.

#include <filesystem>

#include "engine/circuit/emodel.h"
#include "engine/diagnostics.h"

namespace lamina::io {

// Whether a parsed dynamics_params file is laid out as an e-model ("mechanisms" and
// "parameters" at its top level), as opposed to the Allen/BMTK layout.
bool looks_like_emodel(const std::filesystem::path& path);

// Throws FileError naming the file and the key for anything malformed; unknown keys are
// warnings through `diagnostics`.
circuit::EModel read_emodel(const std::filesystem::path& path, const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
