#pragma once
// Neurolucida ASC morphologies (the s-expression text format).

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/diagnostics.h"
#include "engine/morphology/morphology.h"

namespace lamina::io {

// Reads (CellBody) contours as the soma and (Axon), (Dendrite), (Apical) trees as
// neurites; markers, spines, colours, fonts, strings, image and section blocks are
// skipped. Throws FileError with the line for unknown tokens, unfinished files, a second
// soma and unparsable numbers.
Morphology parse_asc(std::string_view text, const std::string& name,
                     const DiagnosticOptions& diagnostics = {});
Morphology read_asc(const std::filesystem::path& path, const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
