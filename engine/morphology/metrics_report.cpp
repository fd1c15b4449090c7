#include "engine/morphology/metrics_report.h"

#include <cstdio>

namespace lamina {

std::string format_number(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

std::vector<SummaryRow> summary_rows(const Morphology& m, const MorphologyMetrics& x) {
    std::vector<SummaryRow> rows;
    auto add = [&](std::string label, std::string value, int indent = 0) {
        rows.push_back({std::move(label), std::move(value), indent});
    };
    const Soma& soma = m.soma();
    add("Soma", std::string(to_string(soma.type)) + " (" + std::to_string(soma.points.size()) +
                    " points)");
    add("Soma radius", format_number(x.soma_radius) + " µm", 1);
    add("Soma surface area", format_number(x.soma_surface_area) + " µm²", 1);
    add("Neurites", std::to_string(x.num_neurites));
    for (const auto& [type, count] : x.neurites_by_type) add(to_string(type), std::to_string(count), 1);
    add("Sections", std::to_string(x.num_sections));
    add("Bifurcations", std::to_string(x.num_bifurcations));
    add("Forking points", std::to_string(x.num_forking_points));
    add("Leaves", std::to_string(x.num_leaves));
    add("Points", std::to_string(x.num_points));
    add("Max branch order", std::to_string(x.max_branch_order));
    add("Total length", format_number(x.total_length) + " µm");
    for (const auto& [type, length] : x.length_by_type)
        add(to_string(type), format_number(length) + " µm", 1);
    add("Max path distance", format_number(x.max_path_distance) + " µm");
    add("Max radial distance", format_number(x.max_radial_distance) + " µm");
    add("Extent x y z", format_number(x.bounds_max.x - x.bounds_min.x) + " × " +
                            format_number(x.bounds_max.y - x.bounds_min.y) + " × " +
                            format_number(x.bounds_max.z - x.bounds_min.z) + " µm");
    return rows;
}

}  // namespace lamina
