#pragma once
// SWC morphologies: id type x y z radius parent, one sample per line.

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/diagnostics.h"
#include "engine/morphology/morphology.h"

namespace lamina::io {

// Parses SWC text. `name` is used in messages ("cell.swc:12: ..."). Throws FileError on
// malformed input; warnings go to `diagnostics`.
Morphology parse_swc(std::string_view text, const std::string& name,
                     const DiagnosticOptions& diagnostics = {});
Morphology read_swc(const std::filesystem::path& path, const DiagnosticOptions& diagnostics = {});

// SWC text for a morphology. Contour somata cannot be stored in SWC: they are written as
// a NeuroMorpho three-point soma with the contour's radius (so radius and surface area
// are kept) and a warning says so.
std::string format_swc(const Morphology& morphology, const DiagnosticOptions& diagnostics = {});
void write_swc(const Morphology& morphology, const std::filesystem::path& path,
               const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
