#include <charconv>
#include <cmath>
#include <numbers>
#include <ostream>

#include "engine/morphology/metrics.h"
#include "io/file_util.h"
#include "io/morphology/swc.h"

namespace lamina::io {

namespace {

// Shortest text that reads back as the same double.
void put(std::string& out, double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void put_sample(std::string& out, std::int64_t id, std::int32_t type, const Point3& p,
                double diameter, std::int64_t parent) {
    out += std::to_string(id);
    out += ' ';
    out += std::to_string(type);
    for (const double v : {p.x, p.y, p.z, diameter / 2.0}) {
        out += ' ';
        put(out, v);
    }
    out += ' ';
    out += std::to_string(parent);
    out += '\n';
}

// The soma as SWC samples. Returns the soma points written, for attaching neurites.
std::vector<Point3> put_soma(std::string& out, const Morphology& m,
                             const DiagnosticOptions& diagnostics) {
    const Soma& soma = m.soma();
    constexpr std::int32_t soma_type = 1;
    switch (soma.type) {
        case SomaType::none: return {};
        case SomaType::single_point:
            put_sample(out, 1, soma_type, soma.points[0], soma.diameters[0], -1);
            return {soma.points[0]};
        case SomaType::three_point_cylinders:
            put_sample(out, 1, soma_type, soma.points[0], soma.diameters[0], -1);
            put_sample(out, 2, soma_type, soma.points[1], soma.diameters[1], 1);
            put_sample(out, 3, soma_type, soma.points[2], soma.diameters[2], 1);
            return {soma.points[0]};
        case SomaType::cylinders:
            for (std::size_t i = 0; i < soma.points.size(); ++i)
                put_sample(out, static_cast<std::int64_t>(i + 1), soma_type, soma.points[i],
                           soma.diameters[i], i == 0 ? -1 : static_cast<std::int64_t>(i));
            return soma.points;
        case SomaType::contour: {
            // SWC has no contours: NeuroMorpho's three-point soma of the same radius keeps
            // the soma radius and surface area (4 pi r^2).
            const Point3 c = soma_center(soma);
            const double r = soma_radius(soma);
            diagnostics.warn(WarningKind::ignored_data, m.source(), 0,
                             "SWC cannot store a soma contour; written as a three-point soma of "
                             "radius " + std::to_string(r) + " µm centred on the contour");
            put_sample(out, 1, soma_type, c, 2 * r, -1);
            put_sample(out, 2, soma_type, {c.x, c.y - r, c.z}, 2 * r, 1);
            put_sample(out, 3, soma_type, {c.x, c.y + r, c.z}, 2 * r, 1);
            return {c};
        }
    }
    return {};
}

}  // namespace

std::string format_swc(const Morphology& m, const DiagnosticOptions& diagnostics) {
    std::string out;
    out.reserve(64 * (m.num_points() + m.soma().points.size() + 4));
    out += "# SWC written by Lamina\n# id type x y z radius parent\n";
    const std::vector<Point3> soma_points = put_soma(out, m, diagnostics);
    std::int64_t next_id = static_cast<std::int64_t>(
        m.soma().type == SomaType::contour ? 3 : m.soma().points.size());

    std::vector<std::int64_t> last_id(m.num_sections(), -1);  // id of each section's last sample
    for (SectionId s = 0; s < m.num_sections(); ++s) {
        const auto points = m.section_points(s);
        const auto diameters = m.section_diameters(s);
        const auto type = static_cast<std::int32_t>(m.section_type(s));
        const auto parent = m.section_parent(s);
        std::size_t first = 0;
        std::int64_t parent_id = -1;
        if (parent != no_parent) {
            first = 1;  // the shared point is the parent's last sample
            parent_id = last_id[static_cast<std::size_t>(parent)];
        } else if (!soma_points.empty()) {
            // Attach to the nearest soma sample.
            std::size_t best = 0;
            for (std::size_t i = 1; i < soma_points.size(); ++i)
                if (distance(soma_points[i], points[0]) < distance(soma_points[best], points[0]))
                    best = i;
            parent_id = static_cast<std::int64_t>(best + 1);
        }
        for (std::size_t p = first; p < points.size(); ++p) {
            put_sample(out, ++next_id, type, points[p], diameters[p], parent_id);
            parent_id = next_id;
        }
        last_id[s] = parent_id;
    }
    return out;
}

void write_swc(const Morphology& m, const std::filesystem::path& path,
               const DiagnosticOptions& diagnostics) {
    const std::string text = format_swc(m, diagnostics);
    write_text_file_atomically(path, [&](std::ostream& out) { out << text; });
}

}  // namespace lamina::io
