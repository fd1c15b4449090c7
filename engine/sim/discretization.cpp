#include "engine/sim/discretization.h"

#include <cmath>
#include <numbers>

#include "engine/errors.h"

namespace lamina::sim {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double zero_area = 100.0;  // [µm²] NEURON's nominal area of end and root nodes

// A section's points as arc length and radius, for integrating over frusta.
struct Profile {
    std::vector<double> s;  // [µm] arc length at each point
    std::vector<double> r;  // [µm] radius at each point
    double length() const { return s.back(); }
    double radius_at(double at) const {
        if (at <= s.front()) return r.front();
        if (at >= s.back()) return r.back();
        std::size_t k = 1;
        while (s[k] < at) ++k;
        const double f = s[k] > s[k - 1] ? (at - s[k - 1]) / (s[k] - s[k - 1]) : 0.0;
        return r[k - 1] + f * (r[k] - r[k - 1]);
    }
};

Profile profile(const SectionGeometry& g) {
    Profile p;
    p.s.push_back(0.0);
    p.r.push_back(g.diameters[0] / 2);
    for (std::size_t i = 1; i < g.points.size(); ++i) {
        p.s.push_back(p.s.back() + distance(g.points[i - 1], g.points[i]));
        p.r.push_back(g.diameters[i] / 2);
    }
    return p;
}

// Lateral area [µm²] and ∫ ds / (π r²) [1/µm] over [a, b], piece by piece.
struct Integrals {
    double area = 0;
    double resistance_per_ra = 0;
};

Integrals integrate(const Profile& p, double a, double b, const std::string& where) {
    Integrals out;
    std::vector<double> cuts{a};
    for (double s : p.s)
        if (s > a && s < b) cuts.push_back(s);
    cuts.push_back(b);
    for (std::size_t k = 1; k < cuts.size(); ++k) {
        const double h = cuts[k] - cuts[k - 1];
        if (h <= 0) continue;
        const double r0 = p.radius_at(cuts[k - 1]), r1 = p.radius_at(cuts[k]);
        if (r0 <= 0 || r1 <= 0)
            throw InvalidArgument(where + ": zero diameter, so the axial resistance is infinite");
        out.area += pi * (r0 + r1) * std::sqrt(h * h + (r0 - r1) * (r0 - r1));
        out.resistance_per_ra += h / (pi * r0 * r1);  // exact for a linearly tapering radius
    }
    return out;
}

}  // namespace

int nseg_for(const CellDescription& cell, std::uint32_t section) {
    if (const auto explicit_nseg = cell.nseg(section)) return *explicit_nseg;
    // NEURON's d_lambda rule: lambda at frequency f of the section's mean diameter.
    const SectionGeometry& g = cell.sections()[section];
    const Profile p = profile(g);
    double mean_d = 0;
    for (std::size_t i = 1; i < p.s.size(); ++i) mean_d += (p.s[i] - p.s[i - 1]) * (p.r[i] + p.r[i - 1]);
    mean_d = p.length() > 0 ? mean_d / p.length() : 2 * p.r.front();
    if (mean_d <= 0) return 1;
    const double lambda = 1e5 * std::sqrt(mean_d / (4 * pi * cell.d_lambda_frequency() * cell.ra(section) *
                                                     cell.cm(section)));  // [µm]
    return static_cast<int>((p.length() / (cell.d_lambda() * lambda) + 0.9) / 2) * 2 + 1;
}

Discretization discretize(const CellDescription& cell) {
    const auto& sections = cell.sections();
    if (sections.empty()) throw InvalidArgument("a cell needs at least one section");
    Discretization d;
    auto add_node = [&](std::int32_t parent, double area, double rinv, double cm, std::int32_t section) {
        d.parent.push_back(parent);
        d.area.push_back(area);
        d.rinv.push_back(rinv);
        d.cm.push_back(cm);
        d.section.push_back(section);
        return static_cast<std::uint32_t>(d.parent.size() - 1);
    };
    add_node(-1, zero_area, 0.0, 0.0, -1);  // the root: x = 0 of the root section

    const std::size_t n = sections.size();
    d.section_first.resize(n);
    d.section_nseg.resize(n);
    d.section_end.resize(n);
    d.section_start.resize(n);
    for (std::uint32_t s = 0; s < n; ++s) {
        const SectionGeometry& g = sections[s];
        const std::string where = "section " + std::to_string(s) + " (" + g.name + ")";
        const int nseg = nseg_for(cell, s);
        const Profile p = profile(g);
        if (p.length() <= 0) throw InvalidArgument(where + ": length is 0 µm");
        const std::uint32_t start =
            g.parent < 0 ? 0u : d.node_at({static_cast<std::uint32_t>(g.parent), g.parent_x});
        d.section_start[s] = start;
        d.section_nseg[s] = static_cast<std::uint32_t>(nseg);
        d.section_first[s] = static_cast<std::uint32_t>(d.size());
        const double dx = p.length() / nseg;
        const double ra = cell.ra(s);
        double r_right = 0.0;  // [MΩ] from the previous node to its segment's right end
        std::uint32_t previous = start;
        for (int i = 0; i < nseg; ++i) {
            const Integrals left = integrate(p, i * dx, (i + 0.5) * dx, where);
            const Integrals right = integrate(p, (i + 0.5) * dx, (i + 1) * dx, where);
            const double r_left = 1e-2 * ra * left.resistance_per_ra;  // [MΩ]
            previous = add_node(static_cast<std::int32_t>(previous), left.area + right.area,
                                1.0 / (r_left + r_right), cell.cm(s), static_cast<std::int32_t>(s));
            r_right = 1e-2 * ra * right.resistance_per_ra;
        }
        d.section_end[s] = add_node(static_cast<std::int32_t>(previous), zero_area, 1.0 / r_right, 0.0,
                                    static_cast<std::int32_t>(s));
    }
    return d;
}

std::uint32_t Discretization::node_at(const Location& where) const {
    if (where.section >= section_nseg.size())
        throw InvalidArgument("section " + std::to_string(where.section) + " does not exist");
    if (where.x <= 0) return section_start[where.section];
    if (where.x >= 1) return section_end[where.section];
    const auto nseg = section_nseg[where.section];
    const auto i = std::min(static_cast<std::uint32_t>(where.x * nseg), nseg - 1);
    return section_first[where.section] + i;
}

std::vector<double> node_distances(const CellDescription& cell, const Discretization& layout) {
    std::vector<double> out(layout.size());
    for (std::size_t k = 0; k < layout.size(); ++k) {
        const std::int32_t s = layout.section[k];
        if (s < 0) {
            out[k] = cell.path_distance({0, 0.0});
            continue;
        }
        const auto section = static_cast<std::uint32_t>(s);
        const std::uint32_t first = layout.section_first[section], nseg = layout.section_nseg[section];
        const double x = k >= first && k < first + nseg ? (static_cast<double>(k - first) + 0.5) / nseg : 1.0;
        out[k] = cell.path_distance({section, x});
    }
    return out;
}

}  // namespace lamina::sim
