#include "engine/morphology/metrics.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace lamina {

double polyline_length(std::span<const Point3> points) {
    double length = 0.0;
    for (std::size_t i = 1; i < points.size(); ++i) length += distance(points[i - 1], points[i]);
    return length;
}

double section_length(const Morphology& m, SectionId s) {
    return polyline_length(m.section_points(s));
}

Point3 soma_center(const Soma& soma) {
    if (soma.points.empty()) return {};
    if (soma.type != SomaType::contour) return soma.points.front();
    Point3 c;
    for (const Point3& p : soma.points) {
        c.x += p.x;
        c.y += p.y;
        c.z += p.z;
    }
    const double n = static_cast<double>(soma.points.size());
    return {c.x / n, c.y / n, c.z / n};
}

double soma_surface_area(const Soma& soma) {
    constexpr double pi = std::numbers::pi;
    switch (soma.type) {
        case SomaType::none: return 0.0;
        case SomaType::single_point:
        case SomaType::contour: {
            const double r = soma_radius(soma);
            return 4.0 * pi * r * r;
        }
        case SomaType::three_point_cylinders: {
            // A cylinder of radius r between the two outer points, without caps.
            const double r = soma.diameters[0] / 2.0;
            const double h = distance(soma.points[1], soma.points[2]);
            return 2.0 * pi * r * h;
        }
        case SomaType::cylinders: {
            // Lateral areas of the frusta between consecutive points, without caps.
            double area = 0.0;
            for (std::size_t i = 1; i < soma.points.size(); ++i) {
                const double r0 = soma.diameters[i - 1] / 2.0, r1 = soma.diameters[i] / 2.0;
                const double h = distance(soma.points[i - 1], soma.points[i]);
                area += pi * (r0 + r1) * std::sqrt((r0 - r1) * (r0 - r1) + h * h);
            }
            return area;
        }
    }
    return 0.0;
}

double soma_radius(const Soma& soma) {
    switch (soma.type) {
        case SomaType::none: return 0.0;
        case SomaType::single_point: return soma.diameters[0] / 2.0;
        case SomaType::contour: {
            // Mean distance of the outline from its centroid; point diameters are ignored.
            const Point3 c = soma_center(soma);
            double sum = 0.0;
            for (const Point3& p : soma.points) sum += distance(p, c);
            return sum / static_cast<double>(soma.points.size());
        }
        case SomaType::three_point_cylinders:
        case SomaType::cylinders:
            // The radius of the sphere with the same surface area.
            return std::sqrt(soma_surface_area(soma) / (4.0 * std::numbers::pi));
    }
    return 0.0;
}

MorphologyMetrics compute_metrics(const Morphology& m) {
    MorphologyMetrics out;
    out.num_points = m.num_points();
    out.num_sections = m.num_sections();
    out.soma_radius = soma_radius(m.soma());
    out.soma_surface_area = soma_surface_area(m.soma());

    const std::size_t n = m.num_sections();
    std::vector<int> order(n, 0);
    std::vector<double> path(n, 0.0);  // [µm] from the neurite root to the section's end
    // Parents always precede children, so one forward pass fills both.
    for (SectionId s = 0; s < n; ++s) {
        const double length = section_length(m, s);
        const SectionType type = m.section_type(s);
        out.total_length += length;
        out.length_by_type[type] += length;
        const auto parent = m.section_parent(s);
        if (parent == no_parent) {
            ++out.num_neurites;
            ++out.neurites_by_type[type];
            path[s] = length;
        } else {
            order[s] = order[static_cast<std::size_t>(parent)] + 1;
            path[s] = path[static_cast<std::size_t>(parent)] + length;
        }
        out.max_branch_order = std::max(out.max_branch_order, order[s]);
        const auto children = m.section_children(s).size();
        if (children == 0) {
            ++out.num_leaves;
            out.max_path_distance = std::max(out.max_path_distance, path[s]);
        }
        if (children == 2) ++out.num_bifurcations;
        if (children >= 2) ++out.num_forking_points;
    }

    // Radial distance from the soma centre; without a soma, from each neurite's first point.
    const bool has_soma = m.soma().type != SomaType::none;
    const Point3 centre = soma_center(m.soma());
    std::vector<Point3> root_point(n);
    for (SectionId s = 0; s < n; ++s) {
        const auto parent = m.section_parent(s);
        root_point[s] = parent == no_parent ? m.section_points(s).front()
                                            : root_point[static_cast<std::size_t>(parent)];
        if (m.section_children(s).empty()) {
            const Point3 origin = has_soma ? centre : root_point[s];
            out.max_radial_distance =
                std::max(out.max_radial_distance, distance(m.section_points(s).back(), origin));
        }
    }

    bool first = true;
    auto extend = [&](const Point3& p) {
        if (first) {
            out.bounds_min = out.bounds_max = p;
            first = false;
            return;
        }
        out.bounds_min = {std::min(out.bounds_min.x, p.x), std::min(out.bounds_min.y, p.y),
                          std::min(out.bounds_min.z, p.z)};
        out.bounds_max = {std::max(out.bounds_max.x, p.x), std::max(out.bounds_max.y, p.y),
                          std::max(out.bounds_max.z, p.z)};
    };
    for (const Point3& p : m.soma().points) extend(p);
    for (const Point3& p : m.points()) extend(p);
    return out;
}

}  // namespace lamina
