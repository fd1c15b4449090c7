// `lamina info` and `lamina convert`.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "app/cli.h"
#include "engine/diagnostics.h"
#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "engine/morphology/metrics_report.h"
#include "io/morphology/morphology_io.h"

namespace lamina::app {

namespace {

nlohmann::json to_json(const Morphology& m, const MorphologyMetrics& x,
                       const std::vector<Warning>& warnings, const std::string& format) {
    nlohmann::json j;
    j["file"] = m.source();
    j["format"] = format;
    j["soma"] = {{"type", to_string(m.soma().type)},
                 {"points", m.soma().points.size()},
                 {"radius_um", x.soma_radius},
                 {"surface_area_um2", x.soma_surface_area}};
    nlohmann::json by_type = nlohmann::json::object(), length_by_type = nlohmann::json::object();
    for (const auto& [type, count] : x.neurites_by_type) by_type[to_string(type)] = count;
    for (const auto& [type, length] : x.length_by_type) length_by_type[to_string(type)] = length;
    j["neurites"] = x.num_neurites;
    j["neurites_by_type"] = by_type;
    j["sections"] = x.num_sections;
    j["bifurcations"] = x.num_bifurcations;
    j["forking_points"] = x.num_forking_points;
    j["leaves"] = x.num_leaves;
    j["points"] = x.num_points;
    j["max_branch_order"] = x.max_branch_order;
    j["total_length_um"] = x.total_length;
    j["length_by_type_um"] = length_by_type;
    j["max_path_distance_um"] = x.max_path_distance;
    j["max_radial_distance_um"] = x.max_radial_distance;
    j["bounds_um"] = {{"min", {x.bounds_min.x, x.bounds_min.y, x.bounds_min.z}},
                      {"max", {x.bounds_max.x, x.bounds_max.y, x.bounds_max.z}}};
    nlohmann::json list = nlohmann::json::array();
    for (const Warning& w : warnings)
        list.push_back({{"kind", to_string(w.kind)}, {"line", w.line}, {"message", w.message}});
    j["warnings"] = list;
    return j;
}

}  // namespace

int run_info(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--json", "--strict", "--lenient"}, {});
    if (!a.ok() || a.positional().size() != 1) {
        err << "lamina info: " << (a.ok() ? "expected one FILE" : a.error())
            << "\nusage: lamina info FILE [--json] [--strict] [--lenient]   (lamina info --help)\n";
        return exit_usage;
    }
    const std::filesystem::path path = a.positional().front();
    WarningCollector warnings;
    const Morphology m = io::read_morphology(path, {&warnings, a.has("--strict"), a.has("--lenient")});
    const MorphologyMetrics metrics = compute_metrics(m);
    const std::string format = io::to_string(*io::morphology_format_of(path));

    for (const Warning& w : warnings.warnings()) err << w.to_string() << '\n';
    if (a.has("--json")) {
        out << to_json(m, metrics, warnings.warnings(), format).dump(2) << '\n';
        return exit_ok;
    }
    out << "File                " << m.source() << '\n';
    out << "Format              " << format << '\n';
    for (const SummaryRow& row : summary_rows(m, metrics)) {
        std::string label = std::string(2 * static_cast<std::size_t>(row.indent), ' ') + row.label;
        label.resize(std::max<std::size_t>(label.size() + 1, 20), ' ');
        out << label << row.value << '\n';
    }
    out << "Warnings            " << warnings.warnings().size() << '\n';
    return exit_ok;
}

int run_convert(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--strict", "--force", "--lenient"}, {});
    if (!a.ok() || a.positional().size() != 2) {
        err << "lamina convert: " << (a.ok() ? "expected IN and OUT" : a.error())
            << "\nusage: lamina convert IN OUT [--force] [--strict] [--lenient]   (lamina convert --help)\n";
        return exit_usage;
    }
    const std::filesystem::path in = a.positional()[0], target = a.positional()[1];
    if (!io::morphology_format_of(target))
        throw FileError(target.string(), 0, "unknown output format '" +
                                                target.extension().string() +
                                                "'; choose .swc or .h5");
    std::error_code ec;
    if (std::filesystem::exists(target, ec) && !a.has("--force"))
        throw FileError(target.string(), 0, "already exists; pass --force to overwrite it");
    if (std::filesystem::equivalent(in, target, ec))
        throw FileError(target.string(), 0, "is the input file; choose another output");
    WarningPrinter printer(err);
    const DiagnosticOptions diagnostics{&printer, a.has("--strict"), a.has("--lenient")};
    const Morphology m = io::read_morphology(in, diagnostics);
    io::write_morphology(m, target, diagnostics);
    out << "wrote " << target.string() << " (" << m.num_sections() << " sections, "
        << m.num_points() << " points)\n";
    return exit_ok;
}

}  // namespace lamina::app
