// The editable tree and its explicit conversion to the flat, read-only morphology.

#include <QtTest>

#include "engine/errors.h"
#include "engine/morphology/morphology_builder.h"

using namespace lamina;

class TestMorphologyBuilder : public QObject {
    Q_OBJECT
private slots:
    void childrenShareTheParentsLastPoint() {
        MorphologyBuilder b;
        b.set_soma({SomaType::single_point, {{0, 0, 0}}, {10}});
        const auto root = b.add_section(std::nullopt, SectionType::axon);
        b.add_point(root, {0, -5, 0}, 1);
        b.add_point(root, {0, -10, 0}, 1);
        const auto child = b.add_section(root, SectionType::axon);
        b.add_point(child, {5, -15, 0}, 0.5);  // no shared point given: it is prepended
        const auto child2 = b.add_section(root, SectionType::axon);
        b.add_point(child2, {0, -10, 0}, 1);  // already shared: not duplicated twice
        b.add_point(child2, {-5, -15, 0}, 0.5);
        const Morphology m = b.build("built");
        QCOMPARE(m.num_points(), std::size_t{6});
        const std::vector<std::uint32_t> offsets{0, 2, 4, 6};
        QCOMPARE(std::vector<std::uint32_t>(m.section_offsets().begin(), m.section_offsets().end()),
                 offsets);
        QCOMPARE(m.section_points(1)[0], (Point3{0, -10, 0}));
        QCOMPARE(m.section_diameters(1)[0], 1.0);
        QCOMPARE(m.section_children(0).size(), std::size_t{2});
        QCOMPARE(m.root_sections().size(), std::size_t{1});
        QCOMPARE(m.source(), std::string("built"));
    }

    void roundTripThroughTheEditableForm() {
        MorphologyBuilder b;
        const auto r = b.add_section(std::nullopt, SectionType::basal_dendrite);
        b.add_point(r, {0, 0, 0}, 2, 6.0);
        b.add_point(r, {1, 0, 0}, 2, 6.0);
        const auto c = b.add_section(r, SectionType::basal_dendrite);
        b.add_point(c, {1, 0, 0}, 2, 6.0);
        b.add_point(c, {2, 1, 0}, 1, 3.0);
        const Morphology m = b.build();
        MorphologyBuilder again = MorphologyBuilder::from(m);
        again.add_point(1, {3, 1, 0}, 1, 3.0);  // edit: extend the child
        const Morphology edited = again.build();
        QCOMPARE(edited.num_points(), m.num_points() + 1);
        QCOMPARE(edited.perimeters().size(), edited.num_points());
        QCOMPARE(edited.section_points(1).back(), (Point3{3, 1, 0}));
    }

    void invalidInput() {
        MorphologyBuilder b;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, b.add_section(3, SectionType::axon));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, b.add_section(std::nullopt, SectionType::soma));
        const auto s = b.add_section(std::nullopt, SectionType::axon);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, b.build());  // empty root section
        b.add_point(s, {0, 0, 0}, -1);
        try {
            b.build("neg.swc");
            QFAIL("no error");
        } catch (const InvalidArgument& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("neg.swc: section 0 point 0 has a negative diameter -1.000000 µm"));
        }
        MorphologyBuilder nan;
        const auto n = nan.add_section(std::nullopt, SectionType::axon);
        nan.add_point(n, {std::nan(""), 0, 0}, 1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, nan.build());
        MorphologyBuilder soma;
        soma.set_soma({SomaType::single_point, {}, {}});
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, soma.build());
    }
};

QTEST_GUILESS_MAIN(TestMorphologyBuilder)
#include "test_morphology_builder.moc"
