#pragma once
// H5 v1 morphologies (the MorphIO / Blue Brain layout):
//   /points     n x 4  (x, y, z, diameter) [µm]
//   /structure  m x 3  (first point, type, parent row); row 0 is the soma when its type is 1
//   /perimeters n      optional (v1.1+)
//   /metadata   group with attribute version = {1, minor}; absent in v1.0 files
// Versions 1.0 to 1.3 are read; the v2 layout and unknown versions are rejected.

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/diagnostics.h"
#include "engine/morphology/morphology.h"

namespace lamina::io {

Morphology read_h5(const std::filesystem::path& path, const DiagnosticOptions& diagnostics = {});

// Reads an H5 file held in memory (used by the fuzzer and by tests of corrupt files).
Morphology parse_h5_image(std::string_view bytes, const std::string& name,
                          const DiagnosticOptions& diagnostics = {});

// Writes version 1.3, float64 points. The soma type goes into an extra metadata
// attribute (lamina_soma_type) that other readers ignore, so a single-point or
// cylinder soma survives a round trip.
void write_h5(const Morphology& morphology, const std::filesystem::path& path);

}  // namespace lamina::io
