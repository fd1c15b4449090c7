#pragma once
// One entry point for every morphology format, chosen by file extension.

#include <filesystem>
#include <optional>

#include "engine/diagnostics.h"
#include "engine/morphology/morphology.h"

namespace lamina::io {

enum class MorphologyFormat { swc, asc, h5 };

const char* to_string(MorphologyFormat format);

// By extension, case-insensitive: .swc, .asc, .h5. nullopt otherwise.
std::optional<MorphologyFormat> morphology_format_of(const std::filesystem::path& path);

// Throws FileError for an unknown extension, naming the ones Lamina reads.
Morphology read_morphology(const std::filesystem::path& path,
                           const DiagnosticOptions& diagnostics = {});

// SWC or H5 by the target's extension (ASC is read-only). The file appears complete or
// not at all: it is written to a temporary name and renamed.
void write_morphology(const Morphology& morphology, const std::filesystem::path& path,
                      const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
