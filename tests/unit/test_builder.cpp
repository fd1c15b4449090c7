// The circuit builder's first steps against their contracts: recipe validation names
// the key; soma placement respects layer bounds, densities, the column's shape and the
// minimum distance, reproducibly; synthesised morphologies have the branch structure
// their parameters ask for and the intended mean lengths, reach their target layers,
// and pass Lamina's own validation (a round trip through the SWC writer and reader).

#include <QtTest>
#include <cmath>
#include <limits>
#include <numbers>
#include <omp.h>

#include "engine/builder/column_builder.h"
#include "engine/builder/recipe.h"
#include "engine/builder/soma_placement.h"
#include "engine/builder/synthesis.h"
#include "engine/builder/touches.h"
#include "engine/morphology/morphology_builder.h"
#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "io/morphology/swc.h"

using namespace lamina;
using namespace lamina::builder;

namespace {

Recipe small_recipe() {
    Recipe r;
    r.radius = 200;
    r.scale = 0.5;  // a 1,041 µm column of radius 100 µm
    CellType pc;
    pc.name = "L5_TTPC";
    pc.layer = "L5";
    pc.density = 20000;
    pc.synthesis = default_synthesis(MorphologyClass::pyramidal);
    pc.synthesis.apical_target_layer = "L1";
    CellType bc;
    bc.name = "L23_LBC";
    bc.layer = "L3";
    bc.count = 25;
    bc.morphology_class = MorphologyClass::basket;
    bc.synthesis = default_synthesis(MorphologyClass::basket);
    bc.excitatory = false;
    r.cell_types = {pc, bc};
    Pathway p;
    p.pre = "L5_TTPC";
    p.post = "L23_LBC";
    r.pathways.push_back(p);
    return r;
}

// Branch points (two or more children) of the sections of one kind.
std::size_t branch_points(const Morphology& m, bool axon) {
    std::size_t n = 0;
    for (SectionId s = 0; s < m.num_sections(); ++s)
        if ((m.section_type(s) == SectionType::axon) == axon && m.section_children(s).size() >= 2) ++n;
    return n;
}

double dendrite_length(const Morphology& m) {
    double total = 0;
    for (SectionId s = 0; s < m.num_sections(); ++s)
        if (m.section_type(s) != SectionType::axon) total += section_length(m, s);
    return total;
}

// A soma of radius 5 at the origin and straight neurites, each from `from` to `to` in
// 5 µm steps with diameter 1.
std::shared_ptr<const Morphology> sticks(const std::vector<std::tuple<SectionType, Point3, Point3>>& neurites) {
    MorphologyBuilder b;
    b.set_soma({SomaType::single_point, {{0, 0, 0}}, {10.0}});
    for (const auto& [type, from, to] : neurites) {
        const auto h = b.add_section(std::nullopt, type);
        const double length = distance(from, to);
        const int steps = static_cast<int>(std::lround(length / 5.0));
        for (int k = 0; k <= steps; ++k) {
            const double f = static_cast<double>(k) / steps;
            b.add_point(h, {from.x + f * (to.x - from.x), from.y + f * (to.y - from.y), from.z + f * (to.z - from.z)}, 1.0);
        }
    }
    return std::make_shared<const Morphology>(b.build());
}

}  // namespace

class TestBuilder : public QObject {
    Q_OBJECT
private slots:
    void recipeErrorsNameTheKey() {
        const auto expect = [](Recipe r, const char* key) {
            try {
                validate(r);
                QFAIL(qPrintable(QString("accepted, expected an error on %1").arg(key)));
            } catch (const InvalidArgument& e) {
                QVERIFY2(QString(e.what()).contains(key), e.what());
            }
        };
        validate(small_recipe());
        Recipe r = small_recipe();
        r.cell_types[0].density = -5;
        expect(r, "cell_types[0].density: must be in [0, 1e+07] cells/mm³, got -5");
        r = small_recipe();
        r.pathways[0].post = "L9_XX";
        expect(r, "pathways[0].post: 'L9_XX' is not one of the recipe's cell types");
        r = small_recipe();
        r.pathways[0].connection_probability = 1.5;
        expect(r, "pathways[0].connection_probability: must be in [0, 1], got 1.5");
        r = small_recipe();
        r.height = 2000;
        expect(r, "height: is 2000 µm but the layers add up to 2082 µm");
        r = small_recipe();
        r.cell_types[1].layer = "L7";
        expect(r, "cell_types[1].layer: 'L7' is not one of the recipe's layers");
        r = small_recipe();
        r.cell_types[1].density = 10;
        expect(r, "cell_types[1]: give either a density (cells/mm³) or a count, not both");
        r = small_recipe();
        r.cell_types[1].name = "L5_TTPC";
        expect(r, "cell_types[1].name: 'L5_TTPC' appears twice");
        r = small_recipe();
        r.cell_types[0].synthesis.tuft_branches = 1;
        expect(r, "cell_types[0].synthesis.tuft_branches");
        // NaN cannot be written in JSON but can reach validate from the Builder's tables.
        r = small_recipe();
        r.pathways[0].weight = std::nan("");
        expect(r, "pathways[0].weight: must be in [0, 100] µS, got nan");
        r = small_recipe();
        r.pathways[0].synapse_parameters["tau2"] = std::nan("");
        expect(r, "pathways[0].synapse.tau2: must be in [0.001, 10000] ms, got nan");
        r = small_recipe();
        r.height = std::nan("");
        expect(r, "column.height: must be in (0, 1e+06] µm, got nan");
        r = small_recipe();
        r.drive.rate = std::numeric_limits<double>::infinity();
        expect(r, "drive.rate: must be in [0, 1000] Hz, got inf");
    }

    void columnGeometry() {
        const Recipe r = small_recipe();
        QCOMPARE(column_height(r), 1041.0);
        QCOMPARE(column_radius(r), 100.0);
        QVERIFY(std::abs(column_area_mm2(r) - 1.5 * std::sqrt(3.0) * 0.01) < 1e-12);  // hexagon, r = 0.1 mm
        // L1 at the top (pia at y = 1041), L6 at the bottom.
        QCOMPARE(layer_extent(r, 0), std::make_pair(1041.0 - 82.5, 1041.0));
        QCOMPARE(layer_extent(r, 5), std::make_pair(0.0, 350.0));
        QVERIFY(inside_column(r, 99, 0) && !inside_column(r, 101, 0));   // a corner on the x axis
        QVERIFY(inside_column(r, 0, 86) && !inside_column(r, 0, 87));    // a flat side at r √3/2
        QVERIFY(inside_column(r, 60, 60) == (std::sqrt(3.0) * 60 + 60 <= std::sqrt(3.0) * 100));
    }

    void placementRespectsLayersDensitiesAndDistance() {
        const Recipe r = small_recipe();
        const auto counts = cell_counts(r);
        // 20,000 / mm³ in L5 (262.5 µm × 0.02598 mm²): 136.4 → 136 cells; 25 basket cells.
        QCOMPARE(counts, (std::vector<std::uint64_t>{136, 25}));
        const auto cells = place_somata(r);
        QCOMPARE(cells.size(), std::size_t{161});
        double closest = 1e9;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto [bottom, top] = layer_extent(r, cells[i].layer);
            QCOMPARE(cells[i].layer, static_cast<std::uint32_t>(layer_index(r, r.cell_types[cells[i].type].layer)));
            QVERIFY(cells[i].position.y() >= bottom && cells[i].position.y() <= top);
            QVERIFY(inside_column(r, cells[i].position.x(), cells[i].position.z()));
            QVERIFY(cells[i].rotation_y >= 0 && cells[i].rotation_y < 2 * std::numbers::pi);
            for (std::size_t j = 0; j < i; ++j) closest = std::min(closest, (cells[i].position - cells[j].position).norm());
        }
        QVERIFY2(closest >= r.min_soma_distance, qPrintable(QString::number(closest)));
        // Sorted by layer (L3 before L5), then type.
        QCOMPARE(cells.front().type, 1u);
        QCOMPARE(cells.back().type, 0u);
        // The same seed gives the same column; another seed another one.
        const auto again = place_somata(r);
        for (std::size_t i = 0; i < cells.size(); ++i) QCOMPARE(again[i].position, cells[i].position);
        Recipe other = r;
        other.seed = 2;
        QVERIFY(place_somata(other)[0].position != cells[0].position);
        // Packed too densely for the minimum distance: an error naming the layer.
        Recipe crowded = r;
        crowded.cell_types[1].count = 4000;
        crowded.min_soma_distance = 20;
        try {
            place_somata(crowded);
            QFAIL("4,000 cells 20 µm apart fit in L3?");
        } catch (const InvalidArgument& e) {
            QVERIFY2(QString(e.what()).contains("layer L3 cannot hold 4000 cells"), e.what());
        }
    }

    void synthesisHasTheIntendedShape() {
        // 40 cells of each class: exact branch structure, mean dendritic length within 10%.
        const MorphologyClass classes[] = {MorphologyClass::pyramidal, MorphologyClass::stellate, MorphologyClass::basket,
                                           MorphologyClass::martinotti, MorphologyClass::neurogliaform};
        for (const MorphologyClass c : classes) {
            SynthesisTarget target;
            target.morphology_class = c;
            target.parameters = default_synthesis(c);
            target.target_bottom = 900;  // the tuft (or Martinotti axon) layer, 900-1000 µm above the soma
            target.target_top = 1000;
            const ExpectedShape expected = expected_shape(target);
            double length = 0;
            const int n = 40;
            for (int k = 0; k < n; ++k) {
                const Morphology m = synthesize(target, 7, static_cast<std::uint64_t>(k));
                QCOMPARE(branch_points(m, false), expected.dendrite_bifurcations);
                QCOMPARE(branch_points(m, true), expected.axon_bifurcations);
                length += dendrite_length(m);
                const MorphologyMetrics metrics = compute_metrics(m);
                QCOMPARE(metrics.soma_radius, target.parameters.soma_radius);
                if (c == MorphologyClass::pyramidal) {
                    // The apical trunk reaches the target layer; the axon goes down.
                    double apical_top = 0, axon_bottom = 0;
                    for (SectionId s = 0; s < m.num_sections(); ++s)
                        for (const Point3& p : m.section_points(s)) {
                            if (m.section_type(s) == SectionType::apical_dendrite) apical_top = std::max(apical_top, p.y);
                            if (m.section_type(s) == SectionType::axon) axon_bottom = std::min(axon_bottom, p.y);
                        }
                    QVERIFY2(apical_top >= 930 && apical_top <= 1200, qPrintable(QString::number(apical_top)));
                    QVERIFY(axon_bottom < -300);
                }
                if (c == MorphologyClass::martinotti) {
                    double axon_top = 0;
                    for (SectionId s = 0; s < m.num_sections(); ++s)
                        if (m.section_type(s) == SectionType::axon)
                            for (const Point3& p : m.section_points(s)) axon_top = std::max(axon_top, p.y);
                    QVERIFY2(axon_top >= 950, qPrintable(QString::number(axon_top)));  // climbs into the target layer
                }
            }
            const double mean = length / n;
            qInfo("%s: mean dendritic length %.0f µm (intended %.0f), %zu + %zu branch points", to_string(c), mean,
                  expected.dendrite_length, expected.dendrite_bifurcations, expected.axon_bifurcations);
            QVERIFY2(std::abs(mean - expected.dendrite_length) < 0.1 * expected.dendrite_length,
                     qPrintable(QString("%1: %2 vs %3").arg(to_string(c)).arg(mean).arg(expected.dendrite_length)));
        }
    }

    void touchesAreExactlyTheCrossings() {
        // Cell 0's axon runs along x from 5 to 205 µm (y = z = 0); its own dendrite crosses it.
        std::vector<PlacedMorphology> cells(5);
        cells[0].morphology = sticks({{SectionType::axon, {5, 0, 0}, {205, 0, 0}},
                                      {SectionType::basal_dendrite, {30, 0, -20}, {30, 0, 20}}});
        // Cell 1: a dendrite along z at x = 100, 1 µm above the axon: surfaces touch.
        cells[1].morphology = sticks({{SectionType::basal_dendrite, {0, 0, 5}, {0, 0, 100}}});
        cells[1].position = {100, 1, -50};
        // Cell 2: the same at x = 150, 4 µm above: a 3 µm gap, beyond the 2.5 µm touch distance.
        cells[2].morphology = cells[1].morphology;
        cells[2].position = {150, 4, -50};
        // Cell 3: turned -90° about y, its dendrite (along local x) crosses at x = 50, 2 µm below.
        cells[3].morphology = sticks({{SectionType::apical_dendrite, {5, 0, 0}, {80, 0, 0}}});
        cells[3].position = {50, -2, -40};
        cells[3].rotation = Eigen::AngleAxisd(-std::numbers::pi / 2, Eigen::Vector3d::UnitY());
        // Cell 4: its soma (radius 5) 6 µm from the axon's axis, near x = 180.
        cells[4].morphology = sticks({{SectionType::basal_dendrite, {0, 5, 0}, {0, 60, 0}}});
        cells[4].position = {180, 6, 0};

        TouchStatistics stats;
        const auto touches = detect_touches(cells, 2.5, {}, &stats);
        // Somata, dendrite segments, and cell 0's axon initial segment (its first 40 µm).
        QCOMPARE(stats.indexed_segments, std::size_t{5 + 8 + 19 + 19 + 15 + 11 + 8});
        QCOMPARE(stats.axon_segments, std::size_t{40});
        QCOMPARE(touches.size(), std::size_t{3});
        const auto near = [](double a, double b) { return std::abs(a - b) < 1e-4; };
        // Onto cell 1's dendrite (section 1) where it crosses x = 100: 45 of its 95 µm.
        QCOMPARE(touches[0].pre, 0u);
        QCOMPARE(touches[0].post, 1u);
        QCOMPARE(touches[0].pre_section, 1u);
        QCOMPARE(touches[0].post_section, 1u);
        QVERIFY(near(touches[0].post_x, 45.0 / 95.0));
        QVERIFY(near(touches[0].pre_x, 95.0 / 200.0));
        QVERIFY(near(touches[0].axon_path, 95.0));
        QVERIFY(near(touches[0].distance, 0.0));
        QVERIFY((touches[0].position - Eigen::Vector3f(100, 1, 0)).norm() < 1e-4);
        // Onto cell 3's apical dendrite, 35 of its 75 µm, a 1 µm gap.
        QCOMPARE(touches[1].post, 3u);
        QVERIFY(near(touches[1].post_x, 35.0 / 75.0));
        QVERIFY(near(touches[1].pre_x, 45.0 / 200.0));
        QVERIFY(near(touches[1].distance, 1.0));
        QVERIFY((touches[1].position - Eigen::Vector3f(50, -2, 0)).norm() < 1e-4);
        // Onto cell 4's soma: section 0, the middle; 6 - 5 - 0.5 = 0.5 µm apart.
        QCOMPARE(touches[2].post, 4u);
        QCOMPARE(touches[2].post_section, 0u);
        QCOMPARE(touches[2].post_x, 0.5f);
        QVERIFY(near(touches[2].distance, 0.5));
        // A filter that refuses somata leaves the two dendrites.
        const auto dendrites = detect_touches(cells, 2.5, [](std::uint32_t, std::uint32_t, SectionType type) {
            return type != SectionType::soma;
        });
        QCOMPARE(dendrites.size(), std::size_t{2});
        // A touch distance of 3.5 µm also reaches cell 2.
        QCOMPARE(detect_touches(cells, 3.5).size(), std::size_t{4});
    }

    void axonInitialSegmentsAreTargets() {
        // Cell 0's axon runs along x; cells 1 and 2 have axons along z that it crosses,
        // 20 µm from cell 1's soma (in its initial segment) and 70 µm from cell 2's (past it).
        std::vector<PlacedMorphology> cells(3);
        cells[0].morphology = sticks({{SectionType::axon, {5, 0, 0}, {205, 0, 0}}});
        cells[1].morphology = sticks({{SectionType::axon, {0, 0, 5}, {0, 0, 100}}});
        cells[1].position = {100, 1, -25};
        cells[2].morphology = cells[1].morphology;
        cells[2].position = {150, 1, -75};
        const auto touches = detect_touches(cells, 2.5);
        QCOMPARE(touches.size(), std::size_t{1});
        QCOMPARE(touches[0].post, 1u);
        QCOMPARE(touches[0].post_section, 1u);
        QVERIFY(std::abs(touches[0].post_x - 20.0 / 95.0) < 1e-4);
        // A pathway without the AIS among its targets refuses it.
        QVERIFY(detect_touches(cells, 2.5, [](std::uint32_t, std::uint32_t, SectionType type) {
                    return type != SectionType::axon;
                }).empty());
    }

    void touchesDoNotDependOnThreads() {
        // 40 synthesised cells in a small column: the same touches with 1 and 2 threads.
        Recipe r = small_recipe();
        r.cell_types[0].density.reset();
        r.cell_types[0].count = 25;
        r.cell_types[1].count = 15;
        const auto placed = place_somata(r);
        std::vector<PlacedMorphology> cells;
        for (std::size_t i = 0; i < placed.size(); ++i) {
            SynthesisTarget target;
            target.morphology_class = r.cell_types[placed[i].type].morphology_class;
            target.parameters = r.cell_types[placed[i].type].synthesis;
            PlacedMorphology c;
            c.morphology = std::make_shared<const Morphology>(synthesize(target, r.seed, i));
            c.position = placed[i].position;
            c.rotation = Eigen::AngleAxisd(placed[i].rotation_y, Eigen::Vector3d::UnitY());
            cells.push_back(c);
        }
        const int threads = omp_get_max_threads();
        omp_set_num_threads(1);
        const auto one = detect_touches(cells, r.touch_distance);
        omp_set_num_threads(2);
        const auto two = detect_touches(cells, r.touch_distance);
        omp_set_num_threads(threads);
        QVERIFY(one.size() > 100);
        QCOMPARE(one.size(), two.size());
        for (std::size_t k = 0; k < one.size(); ++k) {
            QCOMPARE(one[k].pre, two[k].pre);
            QCOMPARE(one[k].post, two[k].post);
            QCOMPARE(one[k].post_section, two[k].post_section);
            QCOMPARE(one[k].post_x, two[k].post_x);
            QCOMPARE(one[k].pre_x, two[k].pre_x);
        }
        // Every touch is a real apposition: within the touch distance, never onto its own cell.
        for (const Touch& t : one) QVERIFY(t.pre != t.post && t.distance <= r.touch_distance + 1e-6);
    }

    void columnBuildsTheSameForAnyThreadCountAndCancels() {
        const Recipe recipe = default_column_recipe(150);
        BuildOptions one, two;
        one.threads = 1;
        two.threads = 2;
        std::vector<std::string> steps;
        two.progress = [&](BuildStep step, double) {
            if (steps.empty() || steps.back() != build_step_name(step)) steps.push_back(build_step_name(step));
            return true;
        };
        const BuiltColumn a = build_column(recipe, one), b = build_column(recipe, two);
        QVERIFY(a.cells.size() > 120 && a.cells.size() < 180);
        QCOMPARE(steps, (std::vector<std::string>{"placing somata", "growing morphologies", "detecting touches",
                                                 "pruning to the pathways"}));
        QVERIFY(a.synapses.size() > 1000);
        QCOMPARE(a.synapses.size(), b.synapses.size());
        QCOMPARE(a.touch_count, b.touch_count);
        for (std::size_t k = 0; k < a.synapses.size(); ++k) {
            QCOMPARE(a.synapses[k].touch.pre, b.synapses[k].touch.pre);
            QCOMPARE(a.synapses[k].touch.post, b.synapses[k].touch.post);
            QCOMPARE(a.synapses[k].touch.post_x, b.synapses[k].touch.post_x);
            QCOMPARE(a.synapses[k].pathway, b.synapses[k].pathway);
        }
        // Every synapse joins the types of its pathway, in one of its regions.
        for (const Synapse& s : a.synapses) {
            const Pathway& w = recipe.pathways[s.pathway];
            QCOMPARE(recipe.cell_types[a.cells[s.touch.pre].type].name, w.pre);
            QCOMPARE(recipe.cell_types[a.cells[s.touch.post].type].name, w.post);
            const SectionType type = s.touch.post_section == 0
                                         ? SectionType::soma
                                         : a.morphologies[s.touch.post]->section_type(s.touch.post_section - 1);
            QVERIFY(in_target_region(w, type));
        }
        // Cancelled while growing morphologies: nothing comes back.
        BuildOptions cancel;
        cancel.progress = [](BuildStep step, double) { return std::string(build_step_name(step)) != "growing morphologies"; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, build_column(recipe, cancel));
    }

    void synthesisIsReproducibleAndValid() {
        SynthesisTarget target;
        target.parameters = default_synthesis(MorphologyClass::pyramidal);
        const Morphology a = synthesize(target, 3, 11), b = synthesize(target, 3, 11), c = synthesize(target, 3, 12);
        QCOMPARE(a.num_points(), b.num_points());
        QVERIFY(std::equal(a.points().begin(), a.points().end(), b.points().begin()));
        QVERIFY(!(c.num_points() == a.num_points() && std::equal(a.points().begin(), a.points().end(), c.points().begin())));
        // Through Lamina's SWC writer and its strict reader: no warning, same points.
        QTemporaryDir dir;
        const std::string path = dir.filePath("synth.swc").toStdString();
        DiagnosticOptions strict;
        strict.strict = true;  // any warning is an error
        io::write_swc(a, path, strict);
        const Morphology back = io::read_swc(path, strict);
        QCOMPARE(back.num_sections(), a.num_sections());
        QVERIFY(std::abs(compute_metrics(back).total_length - compute_metrics(a).total_length) < 1e-3);
        // Ascending collaterals (an L6 cell's axon reaching L4) climb well above the soma;
        // the usual ones stay near its height.
        const auto axon_top = [](const Morphology& m) {
            double top = -1e9;
            for (SectionId s = 0; s < m.num_sections(); ++s)
                if (m.section_type(s) == SectionType::axon)
                    for (const Point3& p : m.section_points(s)) top = std::max(top, p.y);
            return top;
        };
        SynthesisTarget climbing = target;
        climbing.parameters.ascending_collaterals = true;
        climbing.parameters.axon_collateral_length = 600;
        QVERIFY(axon_top(synthesize(climbing, 3, 11)) > 300);
        QVERIFY(axon_top(a) < 250);
        // A pyramidal cell just below (or inside) its tuft layer still grows valid diameters.
        for (const double bottom : {-40.0, 5.0, 25.0}) {
            target.target_bottom = bottom;
            target.target_top = bottom + 60;
            for (std::uint64_t k = 0; k < 20; ++k) {
                const Morphology m = synthesize(target, 1, k);
                QVERIFY(*std::min_element(m.diameters().begin(), m.diameters().end()) >= 0.25);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBuilder)
#include "test_builder.moc"
