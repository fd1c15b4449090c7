// SWC reader and writer: the conventions real files use, every error with its line, and
// the warnings that must not stop a read.

#include <QtTest>

#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "io/morphology/swc.h"
#include "support/test_paths.h"

using namespace lamina;

namespace {
// type_change.swc changes type without a bifurcation, which MorphIO (and so Lamina by
// default) refuses: these tests read it leniently (test_morphio_rejections checks the refusal).
DiagnosticOptions options_for(const std::string& name, WarningCollector* warnings = nullptr) {
    DiagnosticOptions o{warnings, false};
    o.lenient = name == "type_change.swc";
    return o;
}

Morphology read_good(const std::string& name, WarningCollector* warnings = nullptr) {
    return io::read_swc(test::fixture("morphologies/good/" + name), options_for(name, warnings));
}
}  // namespace

class TestSwc : public QObject {
    Q_OBJECT
private slots:
    void knownCellStructure() {
        const Morphology m = read_good("known_cell.swc");
        QCOMPARE(m.soma().type, SomaType::three_point_cylinders);
        QCOMPARE(m.num_sections(), std::size_t{7});
        // Depth-first order: axon (0) with children 1, 2; basal (3); apical (4) with 5, 6.
        const std::vector<std::int32_t> parents{-1, 0, 0, -1, -1, 4, 4};
        QCOMPARE(std::vector<std::int32_t>(m.section_parents().begin(), m.section_parents().end()),
                 parents);
        QCOMPARE(m.section_type(0), SectionType::axon);
        QCOMPARE(m.section_type(3), SectionType::basal_dendrite);
        QCOMPARE(m.section_type(6), SectionType::apical_dendrite);
        // A neurite root starts at its own first sample, not at the soma.
        QCOMPARE(m.section_points(0).front(), (Point3{0, -5, 0}));
        // A child starts with its parent's last point.
        QCOMPARE(m.section_points(2).size(), std::size_t{3});
        QCOMPARE(m.section_points(2)[0], (Point3{0, -25, 0}));
        QCOMPARE(m.section_points(2)[2], (Point3{-3, -39, 0}));
        QCOMPARE(m.section_diameters(2)[1], 0.8);  // radius 0.4
        QCOMPARE(m.section_children(4).size(), std::size_t{2});
    }

    void messyFileEqualsCleanFile() {
        // Shuffled and gapped ids, tabs, CRLF, trailing blanks, extra columns, comments.
        const Morphology clean = read_good("known_cell.swc");
        const Morphology messy = read_good("known_cell_messy.swc");
        QCOMPARE(messy.num_sections(), clean.num_sections());
        QVERIFY(std::equal(messy.points().begin(), messy.points().end(), clean.points().begin()));
        QVERIFY(std::equal(messy.diameters().begin(), messy.diameters().end(),
                           clean.diameters().begin()));
        QVERIFY(std::equal(messy.section_parents().begin(), messy.section_parents().end(),
                           clean.section_parents().begin()));
        QCOMPARE(messy.soma().points, clean.soma().points);
    }

    void somaConventions() {
        const Morphology single = read_good("single_point_soma.swc");
        QCOMPARE(single.soma().type, SomaType::single_point);
        QCOMPARE(soma_radius(single.soma()), 7.0);

        const Morphology stack = read_good("cylinders_soma.swc");
        QCOMPARE(stack.soma().type, SomaType::cylinders);
        QCOMPARE(stack.soma().points.size(), std::size_t{4});

        WarningCollector warnings;
        const Morphology odd = read_good("nonconforming_three_point.swc", &warnings);
        QCOMPARE(odd.soma().type, SomaType::cylinders);
        QCOMPARE(warnings.warnings().size(), std::size_t{1});
        QCOMPARE(warnings.warnings()[0].kind, WarningKind::soma_points_unusual);

        const Morphology none = read_good("no_soma_two_roots.swc", &warnings);
        QCOMPARE(none.soma().type, SomaType::none);
        QCOMPARE(none.root_sections().size(), std::size_t{2});  // multiple roots, no warning
        QCOMPARE(warnings.warnings().size(), std::size_t{1});
    }

    void customTypesAreKept() {
        const Morphology m = read_good("custom_types.swc");
        QCOMPARE(m.num_sections(), std::size_t{3});
        QCOMPARE(static_cast<int>(m.section_type(0)), 5);
        QCOMPARE(static_cast<int>(m.section_type(1)), 7);
        QCOMPARE(static_cast<int>(m.section_type(2)), 12);
        QVERIFY(is_custom(m.section_type(2)));
        QCOMPARE(to_string(m.section_type(2)), std::string("custom_12"));
    }

    void errors_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing parent") << "missing_parent.swc" << 3
            << "missing parent: sample 3 names parent 7, which is not in the file";
        QTest::newRow("repeated id") << "repeated_id.swc" << 4
            << "repeated sample id 2 (first defined at line 3)";
        QTest::newRow("own parent") << "self_parent.swc" << 2 << "sample 2 is its own parent";
        QTest::newRow("negative id") << "negative_id.swc" << 3 << "negative sample id -4";
        QTest::newRow("negative parent") << "negative_parent.swc" << 2
            << "negative parent id -5 (only -1 marks a sample without parent)";
        QTest::newRow("unparsable number") << "unparsable_number.swc" << 2
            << "unparsable line: cannot read 'abc' as the x coordinate";
        QTest::newRow("too few fields") << "too_few_fields.swc" << 2
            << "unparsable line: 6 field(s), an SWC sample needs 7 (id type x y z radius parent)";
        QTest::newRow("soma with neurite parent") << "soma_with_neurite_parent.swc" << 3
            << "soma sample 3 has a neurite sample as parent: sample 2 (line 2) of type 3";
        QTest::newRow("cycle") << "cycle.swc" << 3
            << "cycle: sample 3 (line 3) is its own ancestor through its parent ids (3 -> 4 -> 3)";
        QTest::newRow("multiple somata") << "multiple_somata.swc" << 3
            << "multiple somata: sample 1 (line 1) and sample 3 (line 3) are both soma samples "
               "without parent";
        QTest::newRow("negative radius") << "negative_radius.swc" << 2 << "negative radius -1 µm";
        QTest::newRow("soma bifurcation") << "soma_bifurcation.swc" << 2
            << "soma bifurcates: sample 2 (line 2) has 2 soma children";
    }

    void errors() {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, message);
        const std::string path = test::fixture("morphologies/bad/" + file.toStdString());
        try {
            io::read_swc(path);
            QFAIL("no error raised");
        } catch (const FileError& e) {
            QCOMPARE(QString::fromStdString(e.file()), QString::fromStdString(path));
            QCOMPARE(static_cast<int>(e.line()), line);
            QCOMPARE(QString::fromStdString(e.reason()), message);
            QVERIFY(std::string(e.what()).starts_with(path + ":" + std::to_string(line) + ": "));
        }
    }

    void warnings_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("sections");
        QTest::newRow("disconnected neurite") << "disconnected_neurite.swc"
            << static_cast<int>(WarningKind::disconnected_neurite) << 4 << 2;
        QTest::newRow("zero diameter") << "zero_diameter.swc"
            << static_cast<int>(WarningKind::zero_diameter) << 3 << 1;
        QTest::newRow("type change") << "type_change.swc"
            << static_cast<int>(WarningKind::type_change_without_bifurcation) << 4 << 2;
    }

    void warnings() {
        QFETCH(QString, file);
        QFETCH(int, kind);
        QFETCH(int, line);
        QFETCH(int, sections);
        WarningCollector collector;
        const Morphology m = read_good(file.toStdString(), &collector);
        QCOMPARE(static_cast<int>(m.num_sections()), sections);
        QCOMPARE(collector.warnings().size(), std::size_t{1});
        QCOMPARE(static_cast<int>(collector.warnings()[0].kind), kind);
        QCOMPARE(static_cast<int>(collector.warnings()[0].line), line);

        // Strict mode turns the same warning into an error at the same line.
        try {
            io::read_swc(test::fixture("morphologies/good/" + file.toStdString()), {nullptr, true});
            QFAIL("strict mode did not raise");
        } catch (const FileError& e) {
            QCOMPARE(static_cast<int>(e.line()), line);
        }
    }

    void typeChangeStartsChildSection() {
        const Morphology m = read_good("type_change.swc");
        QCOMPARE(m.section_type(0), SectionType::basal_dendrite);
        QCOMPARE(m.section_type(1), SectionType::apical_dendrite);
        QCOMPARE(m.section_parent(1), 0);
        QCOMPARE(m.section_points(1).front(), (Point3{15, 0, 0}));
    }

    void emptyAndCommentOnlyFiles() {
        const Morphology empty = io::parse_swc("", "empty.swc");
        QCOMPARE(empty.num_sections(), std::size_t{0});
        QCOMPARE(empty.soma().type, SomaType::none);
        const Morphology comments = io::parse_swc("# nothing\n\n   \n", "c.swc");
        QCOMPARE(comments.num_points(), std::size_t{0});
    }

    void integralFloatIdsAccepted() {
        const Morphology m = io::parse_swc("1.0 1 0 0 0 5 -1.0\n2.0 3 5 0 0 1 1.0\n3 3 9 0 0 1 2\n",
                                           "f.swc");
        QCOMPARE(m.num_sections(), std::size_t{1});
        QVERIFY_THROWS_EXCEPTION(FileError, io::parse_swc("1.5 1 0 0 0 5 -1\n", "g.swc"));
    }

    void nonFiniteValuesRejected() {
        QVERIFY_THROWS_EXCEPTION(FileError, io::parse_swc("1 1 nan 0 0 5 -1\n", "n.swc"));
        QVERIFY_THROWS_EXCEPTION(FileError, io::parse_swc("1 1 0 inf 0 5 -1\n", "n.swc"));
    }

    void writerRoundTripKeepsEverything() {
        for (const char* name : {"known_cell.swc", "single_point_soma.swc", "cylinders_soma.swc",
                                 "no_soma_two_roots.swc", "custom_types.swc", "type_change.swc"}) {
            const Morphology a = read_good(name);
            const Morphology b = io::parse_swc(io::format_swc(a), "round-trip.swc", options_for(name));
            QCOMPARE(b.soma().type, a.soma().type);
            QCOMPARE(b.soma().points, a.soma().points);
            QCOMPARE(b.soma().diameters, a.soma().diameters);
            QCOMPARE(b.num_sections(), a.num_sections());
            QVERIFY(std::equal(a.points().begin(), a.points().end(), b.points().begin(), b.points().end()));
            QVERIFY(std::equal(a.diameters().begin(), a.diameters().end(), b.diameters().begin(),
                               b.diameters().end()));
            QVERIFY(std::equal(a.section_types().begin(), a.section_types().end(),
                               b.section_types().begin()));
            QVERIFY(std::equal(a.section_parents().begin(), a.section_parents().end(),
                               b.section_parents().begin()));
        }
    }

    void largeFileIsLinear() {
        // 200k samples in one long unbranched chain plus 2k branches: nothing may recurse
        // per sample (speed itself is measured by lamina-bench, not here).
        std::string text = "1 1 0 0 0 5 -1\n";
        std::int64_t id = 1;
        for (int i = 0; i < 200000; ++i, ++id)
            text += std::to_string(id + 1) + " 3 " + std::to_string(i) + " 0 0 0.5 " +
                    std::to_string(id) + "\n";
        for (int b = 0; b < 2000; ++b) {
            const std::int64_t at = 2 + b * 50;
            text += std::to_string(++id) + " 3 0 " + std::to_string(b) + " 1 0.5 " +
                    std::to_string(at) + "\n";
        }
        const Morphology m = io::parse_swc(text, "big.swc");
        QCOMPARE(m.num_sections(), std::size_t{1 + 2 * 2000});
        QCOMPARE(m.num_points(), std::size_t{200000 + 2000 + 2 * 2000});
    }
};

QTEST_GUILESS_MAIN(TestSwc)
#include "test_swc.moc"
