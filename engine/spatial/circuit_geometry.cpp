#include "engine/spatial/circuit_geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "engine/errors.h"
#include "engine/sim/discretization.h"

namespace lamina::spatial {

namespace {
constexpr float section_end_importance = std::numeric_limits<float>::infinity();

// One description's shape in its own frame, shared by every cell that uses it.
struct LocalShape {
    Point3 soma_centre;
    double soma_radius = 0.0;
    std::uint32_t soma_node = 0;
    std::vector<std::uint32_t> section_id;
    std::vector<SectionType> section_type;
    std::vector<std::uint32_t> section_points{0};
    std::vector<Point3> points;
    std::vector<float> radius, x, importance;
    std::vector<std::uint32_t> node;
};

// Douglas–Peucker over one polyline, recording for every interior point the deviation
// at which it is kept; a point is never more important than the split that exposed it,
// so thresholding the importances reproduces the recursive algorithm at any tolerance.
void douglas_peucker_importance(const Point3* p, float* importance, std::size_t n) {
    importance[0] = importance[n - 1] = section_end_importance;
    struct Span {
        std::size_t first, last;
        float cap;
    };
    std::vector<Span> stack{{0, n - 1, section_end_importance}};
    while (!stack.empty()) {
        const Span s = stack.back();
        stack.pop_back();
        if (s.last <= s.first + 1) continue;
        double worst = -1.0;
        std::size_t at = s.first + 1;
        for (std::size_t k = s.first + 1; k < s.last; ++k) {
            const double d = segment_point_distance(p[s.first], p[s.last], p[k]);
            if (d > worst) worst = d, at = k;
        }
        const float value = std::min(static_cast<float>(worst), s.cap);
        importance[at] = value;
        stack.push_back({s.first, at, value});
        stack.push_back({at, s.last, value});
    }
}

LocalShape local_shape(const sim::CellDescription& cell) {
    LocalShape shape;
    const sim::Discretization disc = sim::discretize(cell);
    const auto& sections = cell.sections();
    for (std::uint32_t s = 0; s < sections.size(); ++s) {
        const sim::SectionGeometry& g = sections[s];
        std::vector<double> arc(g.points.size(), 0.0);
        for (std::size_t k = 1; k < g.points.size(); ++k) arc[k] = arc[k - 1] + distance(g.points[k - 1], g.points[k]);
        const double length = arc.back();
        if (s == 0 && g.type == SectionType::soma) {
            // The soma section is drawn as a sphere at its middle.
            const double half = length / 2.0;
            std::size_t k = 1;
            while (k + 1 < arc.size() && arc[k] < half) ++k;
            const double span = arc[k] - arc[k - 1];
            const double f = span > 0.0 ? (half - arc[k - 1]) / span : 0.0;
            const Point3& a = g.points[k - 1];
            const Point3& b = g.points[k];
            shape.soma_centre = {a.x + f * (b.x - a.x), a.y + f * (b.y - a.y), a.z + f * (b.z - a.z)};
            shape.soma_radius = *std::max_element(g.diameters.begin(), g.diameters.end()) / 2.0;
            shape.soma_node = disc.node_at({0, 0.5});
            continue;
        }
        const std::size_t first = shape.points.size();
        auto add_point = [&](const Point3& p, double diameter, double x) {
            shape.points.push_back(p);
            shape.radius.push_back(static_cast<float>(diameter / 2.0));
            shape.x.push_back(static_cast<float>(x));
            shape.node.push_back(disc.node_at({s, x}));
        };
        // A section with fewer points than compartments (a ball-and-stick cylinder) gets
        // a point at each compartment centre, so voltage colouring resolves every one.
        const auto nseg = disc.section_nseg[s];
        const bool resample = g.points.size() < nseg && length > 0.0;
        std::uint32_t next_centre = 0;
        for (std::size_t k = 0; k < g.points.size(); ++k) {
            const double x = length > 0.0 ? arc[k] / length : 0.0;
            while (resample && k > 0 && next_centre < nseg && (next_centre + 0.5) / nseg < x) {
                const double xc = (next_centre + 0.5) / nseg;
                const double f = (xc * length - arc[k - 1]) / (arc[k] - arc[k - 1]);
                const Point3& a = g.points[k - 1];
                const Point3& b = g.points[k];
                add_point({a.x + f * (b.x - a.x), a.y + f * (b.y - a.y), a.z + f * (b.z - a.z)},
                          g.diameters[k - 1] + f * (g.diameters[k] - g.diameters[k - 1]), xc);
                ++next_centre;
            }
            add_point(g.points[k], g.diameters[k], x);
        }
        const std::size_t count = shape.points.size() - first;
        shape.importance.resize(shape.points.size());
        douglas_peucker_importance(shape.points.data() + first, shape.importance.data() + first, count);
        shape.section_id.push_back(s);
        shape.section_type.push_back(g.type);
        shape.section_points.push_back(static_cast<std::uint32_t>(shape.points.size()));
    }
    return shape;
}

Point3 place(const circuit::NodePlacement& pose, const Point3& p) {
    const Eigen::Vector3d w = pose.apply({p.x, p.y, p.z});
    return {w.x(), w.y(), w.z()};
}
}  // namespace

std::uint32_t CircuitGeometry::cell_of_section(std::uint32_t section) const {
    const auto it = std::upper_bound(cell_sections.begin(), cell_sections.end(), section);
    return static_cast<std::uint32_t>(it - cell_sections.begin() - 1);
}

CircuitGeometry make_circuit_geometry(const sim::Network& network, const std::vector<sim::Gid>& gids,
                                      const std::function<circuit::NodePlacement(sim::Gid)>& placement) {
    CircuitGeometry g;
    g.cell_sections.push_back(0);
    g.section_points.push_back(0);
    std::map<const sim::CellDescription*, std::shared_ptr<const LocalShape>> shapes;
    for (const sim::Gid gid : gids) {
        if (gid >= network.size())
            throw InvalidArgument("geometry: gid " + std::to_string(gid) + " is not in the network");
        if (network.is_point(gid)) {  // a sphere at its place, one compartment: its membrane
            g.gids.push_back(gid);
            g.soma_centre.push_back(place(placement(gid), Point3{0, 0, 0}));
            g.soma_radius.push_back(point_neuron_radius);
            g.soma_node.push_back(0);
            g.cell_sections.push_back(static_cast<std::uint32_t>(g.section_id.size()));
            continue;
        }
        if (!network.is_cell(gid)) continue;
        const auto& description = network.cell(gid);
        auto& shape = shapes[description.get()];
        if (!shape) shape = std::make_shared<const LocalShape>(local_shape(*description));
        const circuit::NodePlacement pose = placement(gid);
        g.gids.push_back(gid);
        g.soma_centre.push_back(place(pose, shape->soma_centre));
        g.soma_radius.push_back(shape->soma_radius);
        g.soma_node.push_back(shape->soma_node);
        const auto base = static_cast<std::uint32_t>(g.points.size());
        for (std::size_t s = 0; s < shape->section_id.size(); ++s) {
            g.section_id.push_back(shape->section_id[s]);
            g.section_type.push_back(shape->section_type[s]);
            g.section_points.push_back(base + shape->section_points[s + 1]);
        }
        g.cell_sections.push_back(static_cast<std::uint32_t>(g.section_id.size()));
        for (const Point3& p : shape->points) g.points.push_back(place(pose, p));
        g.radius.insert(g.radius.end(), shape->radius.begin(), shape->radius.end());
        g.x.insert(g.x.end(), shape->x.begin(), shape->x.end());
        g.node.insert(g.node.end(), shape->node.begin(), shape->node.end());
        g.importance.insert(g.importance.end(), shape->importance.begin(), shape->importance.end());
    }
    return g;
}

double tolerance_for_budget(const CircuitGeometry& g, std::size_t max_segments) {
    if (g.segments() <= max_segments) return 0.0;
    // Section ends always stay: each section keeps at least one segment.
    std::vector<float> interior;
    interior.reserve(g.points.size());
    for (float v : g.importance)
        if (std::isfinite(v)) interior.push_back(v);
    const std::size_t floor_segments = g.sections();
    if (max_segments <= floor_segments) return std::numeric_limits<double>::infinity();
    const std::size_t keep = max_segments - floor_segments;  // interior points allowed
    if (keep >= interior.size()) return 0.0;
    // Points strictly above the tolerance stay: the (keep+1)-th largest importance.
    std::nth_element(interior.begin(), interior.begin() + static_cast<std::ptrdiff_t>(keep), interior.end(),
                     std::greater<float>());
    // 0 means "keep everything"; a threshold of 0 here must still drop the flat points.
    return std::max<double>(interior[keep], std::numeric_limits<float>::denorm_min());
}

SegmentIndex index_geometry(const CircuitGeometry& g, double min_radius) {
    std::vector<IndexedSegment> segments;
    segments.reserve(g.segments() + g.cells());
    for (std::uint32_t c = 0; c < g.cells(); ++c) {
        if (g.soma_radius[c] > 0.0)
            segments.push_back({g.soma_centre[c], g.soma_centre[c], std::max(min_radius, g.soma_radius[c]), c, 0, 0.5,
                                0.5});
        for (auto s = g.cell_sections[c]; s < g.cell_sections[c + 1]; ++s)
            for (auto k = g.section_points[s]; k + 1 < g.section_points[s + 1]; ++k)
                segments.push_back({g.points[k], g.points[k + 1],
                                    std::max<double>(min_radius, std::max(g.radius[k], g.radius[k + 1])), c,
                                    g.section_id[s], g.x[k], g.x[k + 1]});
    }
    return SegmentIndex(std::move(segments));
}

}  // namespace lamina::spatial
