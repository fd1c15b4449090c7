#include "io/morphology/morphology_io.h"

#include <algorithm>
#include <cctype>

#include "engine/errors.h"
#include "io/morphology/asc.h"
#include "io/morphology/h5.h"
#include "io/morphology/swc.h"

namespace lamina::io {

const char* to_string(MorphologyFormat format) {
    switch (format) {
        case MorphologyFormat::swc: return "SWC";
        case MorphologyFormat::asc: return "Neurolucida ASC";
        case MorphologyFormat::h5: return "H5 v1";
    }
    return "unknown";
}

std::optional<MorphologyFormat> morphology_format_of(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".swc") return MorphologyFormat::swc;
    if (ext == ".asc") return MorphologyFormat::asc;
    if (ext == ".h5") return MorphologyFormat::h5;
    return std::nullopt;
}

namespace {
MorphologyFormat require_format(const std::filesystem::path& path) {
    const auto format = morphology_format_of(path);
    if (!format)
        throw FileError(path.string(), 0,
                        "unknown morphology format '" + path.extension().string() +
                            "'; Lamina reads .swc, .asc and .h5 files");
    return *format;
}
}  // namespace

Morphology read_morphology(const std::filesystem::path& path, const DiagnosticOptions& diagnostics) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw FileError(path.string(), 0, "is a directory, not a morphology file");
    switch (require_format(path)) {
        case MorphologyFormat::swc: return read_swc(path, diagnostics);
        case MorphologyFormat::asc: return read_asc(path, diagnostics);
        case MorphologyFormat::h5: return read_h5(path, diagnostics);
    }
    throw InternalError("unhandled morphology format");
}

std::vector<std::shared_ptr<const Morphology>> read_morphology_folder(const std::filesystem::path& folder,
                                                                      const DiagnosticOptions& diagnostics) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.is_regular_file() && morphology_format_of(entry.path())) files.push_back(entry.path());
    if (ec) throw FileError(folder.string(), 0, "cannot list the folder: " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<std::shared_ptr<const Morphology>> out;
    out.reserve(files.size());
    for (const auto& file : files) out.push_back(std::make_shared<const Morphology>(read_morphology(file, diagnostics)));
    return out;
}

void write_morphology(const Morphology& morphology, const std::filesystem::path& path,
                      const DiagnosticOptions& diagnostics) {
    switch (require_format(path)) {
        case MorphologyFormat::swc: write_swc(morphology, path, diagnostics); return;
        case MorphologyFormat::h5: write_h5(morphology, path); return;
        case MorphologyFormat::asc:
            throw FileError(path.string(), 0,
                            "Lamina reads Neurolucida ASC but does not write it; "
                            "choose a .swc or .h5 output");
    }
}

}  // namespace lamina::io
