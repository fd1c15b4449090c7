#pragma once
// One entry point for every morphology format, chosen by file extension.

#include <filesystem>
#include <memory>
#include <vector>
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

// Every SWC, ASC and H5 file directly in `folder`, in file-name order (the circuit
// builder draws a type's morphologies from it). FileError names the folder when it
// cannot be listed, or the file that cannot be read.
std::vector<std::shared_ptr<const Morphology>> read_morphology_folder(const std::filesystem::path& folder,
                                                                      const DiagnosticOptions& diagnostics = {});

// SWC or H5 by the target's extension (ASC is read-only). The file appears complete or
// not at all: it is written to a temporary name and renamed.
void write_morphology(const Morphology& morphology, const std::filesystem::path& path,
                      const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
