// The segment index against brute force on random segment sets, its exact predicates on
// hand-computed cases, and a circuit's geometry (placement, compartments, levels of detail).

#include <QtTest>
#include <cmath>
#include <numbers>
#include <random>

#include "engine/sim/cell_description.h"
#include "engine/spatial/circuit_geometry.h"
#include "engine/spatial/segment_index.h"

using namespace lamina;
using namespace lamina::spatial;

namespace {
std::vector<IndexedSegment> random_segments(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> where(0.0, 200.0), step(-6.0, 6.0), radius(0.1, 2.0);
    std::vector<IndexedSegment> out;
    for (std::size_t i = 0; i < n; ++i) {
        const Point3 a{where(rng), where(rng), where(rng)};
        const Point3 b = i % 50 == 0 ? a : Point3{a.x + step(rng), a.y + step(rng), a.z + step(rng)};
        out.push_back({a, b, radius(rng), static_cast<std::uint32_t>(i / 10), static_cast<std::uint32_t>(i % 10), 0.0,
                       1.0});
    }
    return out;
}

template <typename Accept>
std::vector<std::uint32_t> brute(const std::vector<IndexedSegment>& s, Accept accept) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < s.size(); ++i)
        if (accept(s[i])) out.push_back(i);
    return out;
}

sim::CellDescription zigzag_cell() {
    sim::CellDescription cell;
    cell.add_section({"soma", SectionType::soma, {{-5, 0, 0}, {5, 0, 0}}, {10, 10}, -1, 0.0});
    // A dendrite along +x with one 3 µm bump and a collinear point.
    cell.add_section({"dend", SectionType::basal_dendrite,
                      {{5, 0, 0}, {25, 0, 0}, {45, 3, 0}, {65, 0, 0}, {85, 0, 0}}, {2, 2, 2, 2, 2}, 0, 0.5});
    cell.set_nseg("all", 1);
    cell.set_section_nseg(1, 4);
    return cell;
}
}  // namespace

class TestSpatial : public QObject {
    Q_OBJECT
private slots:
    void predicatesOnHandCases() {
        QCOMPARE(segment_point_distance({0, 0, 0}, {10, 0, 0}, {5, 3, 4}), 5.0);
        QCOMPARE(segment_point_distance({0, 0, 0}, {10, 0, 0}, {13, 4, 0}), 5.0);
        // Skew perpendicular lines 2 apart; then parallel segments offset along their axis.
        QCOMPARE(segment_segment_distance({-1, 0, 0}, {1, 0, 0}, {0, -1, 2}, {0, 1, 2}), 2.0);
        QCOMPARE(segment_segment_distance({0, 0, 0}, {1, 0, 0}, {4, 0, 4}, {6, 0, 4}), 5.0);
        // A vertical segment passing the box's x = y = 1 edge at distance sqrt(2).
        const Box unit{{0, 0, 0}, {1, 1, 1}};
        QVERIFY(!capsule_intersects_box({{2, 2, -5}, {2, 2, 5}, 1.41}, unit));
        QVERIFY(capsule_intersects_box({{2, 2, -5}, {2, 2, 5}, 1.42}, unit));
        // Diagonal past the corner (1,1,1): closest at its middle (1.25, 1.25, 1.5), sqrt(3.375) away.
        QVERIFY(!capsule_intersects_box({{3, 1.5, 1.5}, {1.5, 3, 1.5}, 1.83}, unit));
        QVERIFY(capsule_intersects_box({{3, 1.5, 1.5}, {1.5, 3, 1.5}, 1.84}, unit));
        // Ray across a capsule along z (0..5, r 1): through the axis, then 0.6 off it.
        double t = -1;
        auto hit = ray_capsule({-10, 0, 2.5}, {1, 0, 0}, {{0, 0, 0}, {0, 0, 5}, 1.0}, &t);
        QVERIFY(hit);
        QVERIFY(std::abs(*hit - 9.0) < 1e-12);
        QVERIFY(std::abs(t - 0.5) < 1e-12);
        hit = ray_capsule({-10, 0.6, 2.5}, {1, 0, 0}, {{0, 0, 0}, {0, 0, 5}, 1.0});
        QVERIFY(hit && std::abs(*hit - 9.2) < 1e-12);
        // Along the axis: the round end first; a miss beside it; a sphere.
        hit = ray_capsule({0, 0, -10}, {0, 0, 1}, {{0, 0, 0}, {0, 0, 5}, 1.0}, &t);
        QVERIFY(hit && std::abs(*hit - 9.0) < 1e-12 && t == 0.0);
        QVERIFY(!ray_capsule({0, 1.01, -10}, {0, 0, 1}, {{0, 0, 0}, {0, 0, 5}, 1.0}));
        hit = ray_capsule({0, 0, 10}, {0, 0, -1}, {{1, 0, 0}, {1, 0, 0}, 2.0});
        QVERIFY(hit && std::abs(*hit - (10 - std::sqrt(3.0))) < 1e-12);
        // A slab |x| <= 1: a capsule 1.5 away with radius 0.4 is out, with 0.6 in.
        const std::vector<Plane> slab{{1, 0, 0, 1}, {-1, 0, 0, 1}};
        QVERIFY(!capsule_intersects_convex({{2.5, -3, 0}, {2.5, 3, 0}, 1.4}, slab));
        QVERIFY(capsule_intersects_convex({{2.5, -3, 0}, {2.5, 3, 0}, 1.6}, slab));
        QVERIFY(capsule_intersects_convex({{-5, 0, 0}, {5, 0, 0}, 0.0}, slab));  // passes through
    }

    void queriesEqualBruteForce() {
        const auto segments = random_segments(20000, 7);
        const SegmentIndex index(segments);
        QCOMPARE(index.size(), segments.size());
        std::mt19937_64 rng(11);
        std::uniform_real_distribution<double> where(-20.0, 220.0), size(1.0, 40.0), unit(-1.0, 1.0);
        std::size_t found = 0;
        for (int q = 0; q < 60; ++q) {
            const Point3 c{where(rng), where(rng), where(rng)};
            const double r = size(rng);
            const Box box{{c.x - r, c.y - r / 2, c.z - r / 3}, {c.x + r, c.y + r / 2, c.z + r / 3}};
            const auto in_box = index.in_box(box);
            QCOMPARE(in_box, brute(segments, [&](const IndexedSegment& s) { return capsule_intersects_box(s, box); }));
            const auto in_sphere = index.in_sphere(c, r);
            QCOMPARE(in_sphere, brute(segments, [&](const IndexedSegment& s) {
                         return segment_point_distance(s.a, s.b, c) <= r + s.radius;
                     }));
            const Point3 d{c.x + r * unit(rng), c.y + r * unit(rng), c.z + r * unit(rng)};
            const auto in_capsule = index.in_capsule(c, d, 3.0);
            // The visitor sees the same capsules, with the closest points' distance.
            std::vector<std::uint32_t> visited;
            index.visit_capsule(c, d, 3.0, [&](std::uint32_t i, double axis, double, double) {
                visited.push_back(i);
                QVERIFY(std::abs(axis - segment_segment_distance(c, d, segments[i].a, segments[i].b)) < 1e-9);
            });
            std::sort(visited.begin(), visited.end());
            QCOMPARE(visited, in_capsule);
            QCOMPARE(in_capsule, brute(segments, [&](const IndexedSegment& s) {
                         return segment_segment_distance(s.a, s.b, c, d) <= 3.0 + s.radius;
                     }));
            const std::vector<Plane> wedge{{1, 0, 0, c.x + r}, {-1, 0, 0, -c.x + r}, {0, 1, 1, c.y + c.z + r},
                                           {0, -1, 0, -c.y + r}};
            QCOMPARE(index.in_convex(wedge),
                     brute(segments, [&](const IndexedSegment& s) { return capsule_intersects_convex(s, wedge); }));
            found += in_box.size() + in_sphere.size() + in_capsule.size();

            // The first capsule along a ray, and the nearest capsule to a point.
            const Point3 dir{unit(rng), unit(rng), unit(rng)};
            const double len = std::sqrt(dir.x * dir.x + dir.y * dir.y + dir.z * dir.z);
            const Point3 u{dir.x / len, dir.y / len, dir.z / len};
            const Point3 origin{100 - 300 * u.x, 100 - 300 * u.y, 100 - 300 * u.z};
            std::optional<RayHit> expected;
            for (std::uint32_t i = 0; i < segments.size(); ++i)
                if (const auto h = ray_capsule(origin, u, segments[i]); h && (!expected || *h < expected->distance))
                    expected = RayHit{i, *h, 0.0};
            const auto hit = index.first_hit(origin, dir);
            QCOMPARE(hit.has_value(), expected.has_value());
            if (hit) {
                QCOMPARE(hit->segment, expected->segment);
                QVERIFY(std::abs(hit->distance - expected->distance) < 1e-9);
            }
            double best = 1e300;
            std::uint32_t best_i = 0;
            for (std::uint32_t i = 0; i < segments.size(); ++i) {
                const double dist = std::max(0.0, segment_point_distance(segments[i].a, segments[i].b, c) -
                                                      segments[i].radius);
                if (dist < best) best = dist, best_i = i;
            }
            const auto near = index.nearest(c);
            QVERIFY(near);
            QCOMPARE(near->distance, best);
            if (best > 0) QCOMPARE(near->segment, best_i);
        }
        QVERIFY(found > 1000);  // the queries were not all empty
    }

    void geometryPlacesCellsAndMapsCompartments() {
        sim::Network network;
        auto cell = std::make_shared<const sim::CellDescription>(zigzag_cell());
        network.add_cell(cell);
        network.add_spike_source({});
        network.add_cell(cell);
        const auto pose = [](sim::Gid gid) {
            circuit::NodePlacement p;
            p.position = {100.0 * gid, 0, 0};
            // A quarter turn about z: the dendrite (+x) points to +y, as apical axes do.
            if (gid == 2) p.rotation = Eigen::AngleAxisd(std::numbers::pi / 2, Eigen::Vector3d::UnitZ());
            return p;
        };
        const CircuitGeometry g = make_circuit_geometry(network, {0, 1, 2}, pose);
        QCOMPARE(g.cells(), std::size_t{2});  // the spike source has no shape
        QCOMPARE(g.gids, (std::vector<sim::Gid>{0, 2}));
        QCOMPARE(g.sections(), std::size_t{2});
        QCOMPARE(g.segments(), std::size_t{8});
        QCOMPARE(g.soma_radius[0], 5.0);
        QCOMPARE(g.soma_centre[1].x, 200.0);
        QVERIFY(std::abs(g.points[5 + 4].y - 85.0) < 1e-12 && std::abs(g.points[5 + 4].x - 200.0) < 1e-12);
        // Compartments: root 0, soma 1, soma end 2, dendrite segments 3..6, dendrite end 7.
        QCOMPARE(g.soma_node[0], 1u);
        QCOMPARE(g.node[0], 1u);  // x = 0 sits on the soma's centre node
        QCOMPARE(g.node[1], 3u);  // x = 0.245: first quarter
        QCOMPARE(g.node[2], 5u);  // x = 0.5: the third segment starts there
        QCOMPARE(g.node[4], 7u);  // x = 1: the end node
        QCOMPARE(g.cell_of_section(1), 1u);
        // Douglas–Peucker: the bump's tip is 3 µm off the chord; then the points beside it
        // are 1.5 µm × cos(atan(3/40)) off the chords to the tip.
        const double beside = 60.0 / std::sqrt(1609.0);
        QVERIFY(std::isinf(g.importance[0]) && std::isinf(g.importance[4]));
        QVERIFY(std::abs(g.importance[2] - 3.0f) < 1e-5f);
        QVERIFY(std::abs(g.importance[1] - beside) < 1e-5);
        QVERIFY(std::abs(g.importance[3] - beside) < 1e-5);
        QCOMPARE(tolerance_for_budget(g, 8), 0.0);
        QVERIFY(std::abs(tolerance_for_budget(g, 4) - beside) < 1e-5);  // 2 sections + both tips
        QVERIFY(std::abs(tolerance_for_budget(g, 3) - 3.0) < 1e-5);  // one bump cannot stay alone: ties
        QVERIFY(std::isinf(tolerance_for_budget(g, 2)));             // one segment per section at least

        // Picking: a ray down onto the second cell's dendrite tip and onto its soma.
        const SegmentIndex index = index_geometry(g, 0.5);
        QCOMPARE(index.size(), std::size_t{10});
        auto hit = index.first_hit({200, 75, 50}, {0, 0, -1});
        QVERIFY(hit);
        const IndexedSegment& s = index.segments()[hit->segment];
        QCOMPARE(s.cell, 1u);
        QCOMPARE(s.section, 1u);
        QVERIFY(std::abs(hit->x - (30 + 2 * std::sqrt(409.0)) / dendrite_length()) < 1e-6);  // x is stored as float
        QVERIFY(std::abs(hit->distance - 49.0) < 1e-9);
        hit = index.first_hit({200, 0, 50}, {0, 0, -1});
        QVERIFY(hit);
        QCOMPARE(index.segments()[hit->segment].section, 0u);
        QVERIFY(std::abs(hit->distance - 45.0) < 1e-12);
    }

private:
    static double dendrite_length() { return 40 + 2 * std::sqrt(409.0); }
};

QTEST_APPLESS_MAIN(TestSpatial)
#include "test_spatial.moc"
