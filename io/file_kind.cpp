#include "io/file_kind.h"

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "io/morphology/morphology_io.h"

namespace lamina::io {

namespace {
std::string lower_extension(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}
}  // namespace

bool openable_name(const std::filesystem::path& path) {
    return morphology_format_of(path).has_value() || lower_extension(path) == ".json";
}

FileKind file_kind(const std::filesystem::path& path) {
    if (morphology_format_of(path)) return FileKind::morphology;
    if (lower_extension(path) != ".json") return FileKind::unknown;
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > (std::uintmax_t{16} << 20)) return FileKind::unknown_json;
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Depth-limited parsing is the SONATA reader's job; here only the top level counts.
    const auto root = nlohmann::json::parse(text, nullptr, false);
    if (root.is_discarded() || !root.is_object()) return FileKind::unknown_json;
    if (root.contains("kind") && root["kind"] == "point_microcircuit") return FileKind::point_recipe;
    const bool circuit = root.contains("network") || root.contains("networks");
    if ((root.contains("cell_types") || root.contains("pathways")) && !circuit) return FileKind::recipe;
    if (root.contains("run") || (root.contains("network") && !root.contains("networks")))
        return FileKind::simulation_config;
    if (root.contains("networks")) return FileKind::circuit_config;
    return FileKind::unknown_json;
}

const char* describe(FileKind kind) {
    switch (kind) {
        case FileKind::morphology: return "a morphology";
        case FileKind::simulation_config: return "a SONATA simulation config";
        case FileKind::circuit_config: return "a SONATA circuit config";
        case FileKind::recipe: return "a column recipe";
        case FileKind::point_recipe: return "a point-neuron microcircuit recipe";
        case FileKind::unknown_json: return "JSON of no known kind";
        case FileKind::unknown: return "a file of no known kind";
    }
    return "a file";
}

}  // namespace lamina::io
