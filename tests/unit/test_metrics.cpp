// NeuroM-consistent metrics on cells whose answers are computed by hand.

#include <QtTest>
#include <cmath>
#include <numbers>

#include "engine/morphology/metrics.h"
#include "engine/morphology/morphology_builder.h"

using namespace lamina;
constexpr double pi = std::numbers::pi;

namespace {
bool near(double a, double b, double tolerance = 1e-9) { return std::abs(a - b) <= tolerance; }
}  // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    void somaTypes() {
        const Soma single{SomaType::single_point, {{1, 2, 3}}, {14}};
        QCOMPARE(soma_radius(single), 7.0);
        QVERIFY(near(soma_surface_area(single), 4 * pi * 49));

        // NeuroMorpho: r = 5, outer points 10 apart: area 2 pi r h = 100 pi, radius 5.
        const Soma three{SomaType::three_point_cylinders, {{0, 0, 0}, {0, -5, 0}, {0, 5, 0}}, {10, 10, 10}};
        QVERIFY(near(soma_surface_area(three), 100 * pi));
        QVERIFY(near(soma_radius(three), 5));

        // Frusta r 2-4 (h 3), 4-4 (h 6), 4-2 (h 3): pi (r0+r1) sqrt((r0-r1)^2 + h^2).
        const Soma stack{SomaType::cylinders, {{0, 0, 0}, {3, 0, 0}, {9, 0, 0}, {12, 0, 0}}, {4, 8, 8, 4}};
        const double area = 2 * pi * 6 * std::sqrt(4 + 9) + pi * 8 * 6;
        QVERIFY(near(soma_surface_area(stack), area));
        QVERIFY(near(soma_radius(stack), std::sqrt(area / (4 * pi))));
        QCOMPARE(soma_center(stack), (Point3{0, 0, 0}));

        // Contour: centroid, mean distance to it; diameters ignored.
        const Soma contour{SomaType::contour, {{10, 0, 0}, {12, 2, 0}, {10, 4, 0}, {8, 2, 0}}, {1, 1, 1, 1}};
        QCOMPARE(soma_center(contour), (Point3{10, 2, 0}));
        QVERIFY(near(soma_radius(contour), 2));
        QVERIFY(near(soma_surface_area(contour), 16 * pi));

        const Soma none;
        QCOMPARE(soma_radius(none), 0.0);
        QCOMPARE(soma_surface_area(none), 0.0);
    }

    void treeMetrics() {
        // Soma at the origin; one dendrite: root (0,0,0)->(10,0,0), children to (10,10,0)
        // and (20,0,0); the second child bifurcates again to (30,0,0) and (20,0,7).
        MorphologyBuilder b;
        b.set_soma({SomaType::single_point, {{0, 0, 0}}, {4}});
        const auto root = b.add_section(std::nullopt, SectionType::basal_dendrite);
        b.add_point(root, {0, 0, 0}, 1);
        b.add_point(root, {10, 0, 0}, 1);
        const auto up = b.add_section(root, SectionType::basal_dendrite);
        b.add_point(up, {10, 10, 0}, 1);
        const auto right = b.add_section(root, SectionType::basal_dendrite);
        b.add_point(right, {20, 0, 0}, 1);
        const auto far = b.add_section(right, SectionType::basal_dendrite);
        b.add_point(far, {30, 0, 0}, 1);
        const auto side = b.add_section(right, SectionType::basal_dendrite);
        b.add_point(side, {20, 0, 7}, 1);
        const auto axon = b.add_section(std::nullopt, SectionType::axon);
        b.add_point(axon, {0, -2, 0}, 1);
        b.add_point(axon, {0, -6, 0}, 1);
        const auto x = compute_metrics(b.build());
        QCOMPARE(x.num_sections, std::size_t{6});
        QCOMPARE(x.num_neurites, std::size_t{2});
        QCOMPARE(x.neurites_by_type.at(SectionType::basal_dendrite), std::size_t{1});
        QCOMPARE(x.neurites_by_type.at(SectionType::axon), std::size_t{1});
        QCOMPARE(x.num_bifurcations, std::size_t{2});
        QCOMPARE(x.num_leaves, std::size_t{4});
        QCOMPARE(x.max_branch_order, 2);
        QVERIFY(near(x.total_length, 10 + 10 + 10 + 10 + 7 + 4));
        QVERIFY(near(x.length_by_type.at(SectionType::basal_dendrite), 47));
        QVERIFY(near(x.length_by_type.at(SectionType::axon), 4));
        QVERIFY(near(x.max_path_distance, 30));  // root 10 + right 10 + far 10
        QVERIFY(near(x.max_radial_distance, 30));
        QCOMPARE(x.bounds_min, (Point3{0, -6, 0}));  // soma and neurite points, not radii
        QCOMPARE(x.bounds_max, (Point3{30, 10, 7}));
    }

    void emptyMorphology() {
        const auto x = compute_metrics(Morphology{});
        QCOMPARE(x.num_sections, std::size_t{0});
        QCOMPARE(x.total_length, 0.0);
        QCOMPARE(x.max_branch_order, 0);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
