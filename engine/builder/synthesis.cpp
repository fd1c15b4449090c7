#include "engine/builder/synthesis.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/morphology/morphology_builder.h"
#include "engine/sim/random.h"

namespace lamina::builder {

namespace {

using Eigen::Vector3d;
using Handle = MorphologyBuilder::Handle;

// [µm] between points: fine enough for touches within a few µm (a chord strays from the
// walk by well under a µm), coarse enough for a 10,000-cell column's memory.
constexpr double step = 8.0;
constexpr double min_diameter = 0.25;    // [µm]
constexpr double rall = 0.6299605249;    // 2^(-2/3): each child of an equal split (d^1.5 conserved)
constexpr double section_taper = 0.85;   // end diameter / start diameter along a section
constexpr double wander = 0.32;          // heading change per step (random part; ~0.25 per 5 µm)

class Random {
public:
    Random(std::uint64_t seed, std::uint64_t stream) : seed_(seed), stream_(stream) {}
    double uniform() { return sim::uniform_open(seed_, stream_, counter_++); }
    double between(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform on the sphere.
    Vector3d direction() {
        const double y = between(-1, 1), phi = between(0, 2 * std::numbers::pi), r = std::sqrt(1 - y * y);
        return {r * std::cos(phi), y, r * std::sin(phi)};
    }
    // A direction at azimuth `phi` whose y component is drawn in [y_lo, y_hi].
    Vector3d heading(double phi, double y_lo, double y_hi) {
        const double y = between(y_lo, y_hi), r = std::sqrt(std::max(0.0, 1 - y * y));
        return {r * std::cos(phi), y, r * std::sin(phi)};
    }

private:
    std::uint64_t seed_, stream_, counter_ = 0;
};

struct Grower {
    MorphologyBuilder& builder;
    Random& random;

    // One section from `start`: a persistent random walk of `length` µm pulled towards
    // `bias` (a unit vector scaled by its weight), or, with `until_y`, until it climbs
    // to that height. Leaves `heading` and `end` at the section's tip.
    Handle section(std::optional<Handle> parent, SectionType type, const Vector3d& start, Vector3d& heading,
                   double length, double d0, double d1, const Vector3d& bias, Vector3d& end,
                   std::optional<double> until_y = std::nullopt) {
        const Handle h = builder.add_section(parent, type);
        Vector3d p = start;
        builder.add_point(h, {p.x(), p.y(), p.z()}, std::max(min_diameter, d0));
        const int steps = until_y ? 100000 : std::max(1, static_cast<int>(std::lround(length / step)));
        const double piece = until_y ? step : length / steps;
        const double planned = until_y ? std::max(step, *until_y - start.y()) : length;
        for (int s = 1; s <= steps; ++s) {
            heading = (heading + wander * random.direction() + bias).normalized();
            p += piece * heading;
            const double walked = s * piece;
            const double d = d0 + (d1 - d0) * std::min(1.0, walked / planned);
            builder.add_point(h, {p.x(), p.y(), p.z()}, std::max(min_diameter, d));
            if (until_y && p.y() >= *until_y) break;
        }
        end = p;
        return h;
    }

    // A binary tree with `levels` bifurcations along every path, each branch about
    // `branch` µm (±25%), diameters halving by Rall's rule at each split.
    void tree(std::optional<Handle> parent, SectionType type, const Vector3d& start, Vector3d heading, int levels,
              double branch, double diameter, const Vector3d& bias) {
        Vector3d end;
        const double length = branch * random.between(0.75, 1.25);
        const Handle h = section(parent, type, start, heading, length, diameter, diameter * section_taper, bias, end);
        if (levels <= 0) return;
        // Two children, 30-70° apart, in a random plane through the parent's heading.
        Vector3d side = heading.cross(random.direction());
        if (side.norm() < 1e-6) side = heading.unitOrthogonal();
        side.normalize();
        const double half = 0.5 * random.between(30.0, 70.0) * std::numbers::pi / 180.0;
        const double child = std::max(min_diameter, diameter * section_taper * rall);
        for (const double sign : {1.0, -1.0}) {
            const Vector3d turned = Eigen::AngleAxisd(sign * half, side) * heading;
            tree(h, type, end, turned, levels - 1, branch, child, bias);
        }
    }
};

// The total length of a tree whose 2^(levels+1) - 1 branches are `branch` µm on average.
double tree_length(int levels, double branch) { return (std::pow(2.0, levels + 1) - 1.0) * branch; }
std::size_t tree_bifurcations(int levels) { return (std::size_t{1} << levels) - 1; }

// Dendrites around the soma at evenly spread azimuths, their y heading in [y_lo, y_hi].
void dendrites(Grower& g, const SynthesisParameters& p, double y_lo, double y_hi, double branch) {
    const double offset = g.random.between(0, 2 * std::numbers::pi);
    for (int k = 0; k < p.basal_dendrites; ++k) {
        const double phi = offset + 2 * std::numbers::pi * k / p.basal_dendrites + g.random.between(-0.3, 0.3);
        const Vector3d heading = g.random.heading(phi, y_lo, y_hi);
        g.tree(std::nullopt, SectionType::basal_dendrite, p.soma_radius * heading, heading, p.basal_branchings, branch,
               p.dendrite_diameter, Vector3d::Zero());
    }
}

// A main neurite from the soma along `heading` (pulled by `bias`) split into
// collaterals + 1 sections, a collateral tree (with `levels`) at each junction, headed
// by `collateral_heading`. With `until_y` the main neurite climbs to that height.
// Returns the main neurite's last section and its tip.
std::pair<Handle, Vector3d> main_with_collaterals(Grower& g, SectionType type, Vector3d heading, double length,
                                                  std::optional<double> until_y, double diameter, const Vector3d& bias,
                                                  int collaterals, int levels, double collateral_length,
                                                  double collateral_diameter, double y_lo, double y_hi,
                                                  double soma_radius, const Vector3d& collateral_bias = Vector3d::Zero()) {
    Vector3d at = soma_radius * heading;
    std::optional<Handle> parent;
    const int pieces = collaterals + 1;
    const double start_y = at.y();
    Handle last = 0;
    for (int k = 0; k < pieces; ++k) {
        Vector3d end;
        const double d0 = diameter * (1.0 - 0.3 * k / pieces), d1 = diameter * (1.0 - 0.3 * (k + 1) / pieces);
        std::optional<double> height;
        if (until_y) height = start_y + (*until_y - start_y) * (k + 1) / pieces;
        last = g.section(parent, type, at, heading, length / pieces, d0, d1, bias, end, height);
        at = end;
        parent = last;
        if (k + 1 < pieces) {  // a collateral here; the main neurite continues
            const Vector3d side = g.random.heading(g.random.between(0, 2 * std::numbers::pi), y_lo, y_hi);
            g.tree(last, type, at, side, levels, collateral_length / (levels + 1), collateral_diameter, collateral_bias);
        }
    }
    return {last, at};
}

}  // namespace

Morphology synthesize(const SynthesisTarget& target, std::uint64_t seed, std::uint64_t stream) {
    const SynthesisParameters& p = target.parameters;
    MorphologyBuilder builder;
    Soma soma;
    soma.type = SomaType::single_point;
    soma.points = {{0, 0, 0}};
    soma.diameters = {2 * p.soma_radius};
    builder.set_soma(soma);
    Random random(seed, stream);
    Grower g{builder, random};
    const double basal_branch = p.basal_length / (p.basal_branchings + 1);
    const Vector3d up(0, 1, 0), down(0, -1, 0);

    switch (target.morphology_class) {
        case MorphologyClass::pyramidal: {
            dendrites(g, p, -0.8, 0.2, basal_branch);
            // Apical trunk: obliques off its lower two thirds, then the rest to the tuft layer.
            const double tuft_base = target.target_bottom + 0.3 * (target.target_top - target.target_bottom);
            const double top = std::max(p.soma_radius + 20.0, tuft_base);
            const double oblique_zone = p.soma_radius + (2.0 / 3.0) * (top - p.soma_radius);
            Vector3d heading = up, at(0, p.soma_radius, 0);
            std::optional<Handle> parent;
            const double trunk_bias = 0.6;
            for (int k = 0; k <= p.apical_obliques; ++k) {
                const bool last = k == p.apical_obliques;
                const double height = last ? top : p.soma_radius + (oblique_zone - p.soma_radius) * (k + 1) / (p.apical_obliques + 1);
                // The trunk thins to 40% of its diameter at the tuft (a step may overshoot).
                const auto taper = [&](double y) {
                    return p.trunk_diameter * (1.0 - 0.6 * std::clamp((y - p.soma_radius) / (top - p.soma_radius), 0.0, 1.0));
                };
                const double d0 = taper(at.y());
                Vector3d end;
                const Handle h = g.section(parent, SectionType::apical_dendrite, at, heading, 0.0, d0, taper(height),
                                           trunk_bias * up, end, height);
                at = end;
                parent = h;
                if (!last) {
                    const Vector3d side = random.heading(random.between(0, 2 * std::numbers::pi), 0.0, 0.5);
                    g.tree(h, SectionType::apical_dendrite, at, side, 1, 0.6 * p.basal_length / 2,
                           std::max(min_diameter, 0.5 * d0), Vector3d::Zero());
                }
            }
            const double tuft_branch = std::max(80.0, 0.8 * (target.target_top - target.target_bottom));
            for (int k = 0; k < p.tuft_branches; ++k) {
                const double phi = 2 * std::numbers::pi * k / p.tuft_branches + random.between(-0.4, 0.4);
                g.tree(parent, SectionType::apical_dendrite, at, random.heading(phi, 0.1, 0.7), 1, tuft_branch,
                       std::max(min_diameter, 0.35 * p.trunk_diameter), Vector3d::Zero());
            }
            main_with_collaterals(g, SectionType::axon, down, p.axon_length, std::nullopt, p.axon_diameter, 0.3 * down,
                                  p.axon_collaterals, 1, p.axon_collateral_length, 0.6 * p.axon_diameter,
                                  p.ascending_collaterals ? 0.75 : -0.2, p.ascending_collaterals ? 0.95 : 0.5,
                                  p.soma_radius, p.ascending_collaterals ? Vector3d(0.4 * up) : Vector3d::Zero());
            break;
        }
        case MorphologyClass::stellate:
            dendrites(g, p, -0.7, 0.7, basal_branch);
            main_with_collaterals(g, SectionType::axon, down, p.axon_length, std::nullopt, p.axon_diameter, 0.3 * down,
                                  p.axon_collaterals, 1, p.axon_collateral_length, 0.6 * p.axon_diameter, 0.3, 0.9,
                                  p.soma_radius);
            break;
        case MorphologyClass::basket:
            dendrites(g, p, -0.7, 0.7, basal_branch);
            main_with_collaterals(g, SectionType::axon, random.heading(random.between(0, 2 * std::numbers::pi), -0.3, 0.3),
                                  p.axon_length, std::nullopt, p.axon_diameter, Vector3d::Zero(), p.axon_collaterals,
                                  2, p.axon_collateral_length, 0.6 * p.axon_diameter, -0.3, 0.3, p.soma_radius);
            break;
        case MorphologyClass::martinotti: {
            dendrites(g, p, -0.7, 0.7, basal_branch);
            // The axon climbs to the middle of the target layer, then spreads in it.
            const double middle = std::max(p.soma_radius + 20.0, 0.5 * (target.target_bottom + target.target_top));
            const auto [last, tip] = main_with_collaterals(
                g, SectionType::axon, up, 0.0, middle, p.axon_diameter, 0.6 * up, p.axon_collaterals, 1,
                p.axon_collateral_length, 0.6 * p.axon_diameter, -0.2, 0.4, p.soma_radius);
            for (int k = 0; k < 2; ++k)
                g.tree(last, SectionType::axon, tip, random.heading(k * std::numbers::pi + random.between(-0.5, 0.5), -0.1, 0.1),
                       2, p.axon_collateral_length / 2, 0.6 * p.axon_diameter, Vector3d::Zero());
            break;
        }
        case MorphologyClass::neurogliaform:
            dendrites(g, p, -0.9, 0.9, basal_branch);
            main_with_collaterals(g, SectionType::axon, random.direction(), p.axon_length, std::nullopt, p.axon_diameter,
                                  Vector3d::Zero(), p.axon_collaterals, 2, p.axon_collateral_length,
                                  0.6 * p.axon_diameter, -0.9, 0.9, p.soma_radius);
            break;
    }
    return builder.build("synthesized " + std::string(to_string(target.morphology_class)));
}

ExpectedShape expected_shape(const SynthesisTarget& target) {
    const SynthesisParameters& p = target.parameters;
    ExpectedShape e;
    e.dendrite_bifurcations = static_cast<std::size_t>(p.basal_dendrites) * tree_bifurcations(p.basal_branchings);
    e.dendrite_length = p.basal_dendrites * tree_length(p.basal_branchings, p.basal_length / (p.basal_branchings + 1));
    const auto collaterals = static_cast<std::size_t>(p.axon_collaterals);
    switch (target.morphology_class) {
        case MorphologyClass::pyramidal: {
            const double tuft_base = target.target_bottom + 0.3 * (target.target_top - target.target_bottom);
            const double trunk = std::max(p.soma_radius + 20.0, tuft_base) - p.soma_radius;
            const double tuft_branch = std::max(80.0, 0.8 * (target.target_top - target.target_bottom));
            // Each oblique: a junction on the trunk and one split; the tuft: a junction
            // (when it has branches) and one split per branch.
            e.dendrite_bifurcations += 2 * static_cast<std::size_t>(p.apical_obliques) +
                                       (p.tuft_branches > 0 ? 1 : 0) + static_cast<std::size_t>(p.tuft_branches);
            e.dendrite_length += trunk + p.apical_obliques * tree_length(1, 0.6 * p.basal_length / 2) +
                                 p.tuft_branches * tree_length(1, tuft_branch);
            e.axon_bifurcations = 2 * collaterals;
            break;
        }
        case MorphologyClass::stellate: e.axon_bifurcations = 2 * collaterals; break;
        case MorphologyClass::martinotti: e.axon_bifurcations = 2 * collaterals + 1 + 2 * tree_bifurcations(2); break;
        case MorphologyClass::basket:
        case MorphologyClass::neurogliaform: e.axon_bifurcations = collaterals * (1 + tree_bifurcations(2)); break;
    }
    return e;
}

}  // namespace lamina::builder
