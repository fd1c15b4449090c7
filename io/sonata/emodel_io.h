#pragma once
// Reads an e-model in BluePyOpt's JSON layout (see engine/circuit/emodel.h): as a node's
// dynamics_params file and from the command line.

#include <filesystem>

#include "engine/circuit/emodel.h"
#include "engine/diagnostics.h"

namespace lamina::io {

// Throws FileError naming the file and the key for anything malformed; unknown keys are
// warnings through `diagnostics`.
circuit::EModel read_emodel(const std::filesystem::path& path, const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
