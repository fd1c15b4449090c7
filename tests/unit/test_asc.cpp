// Neurolucida ASC reader: what it reads, what it skips, and every error with its line.

#include <QtTest>

#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "io/morphology/asc.h"
#include "support/expect_error.h"
#include "support/test_paths.h"

using namespace lamina;

class TestAsc : public QObject {
    Q_OBJECT
private slots:
    void knownCell() {
        WarningCollector warnings;
        const Morphology m =
            io::read_asc(test::fixture("morphologies/good/known_cell.asc"), {&warnings, false});
        QCOMPARE(m.soma().type, SomaType::contour);
        QCOMPARE(m.soma().points.size(), std::size_t{8});
        QCOMPARE(m.num_sections(), std::size_t{7});
        QCOMPARE(m.section_type(0), SectionType::axon);
        QCOMPARE(m.section_type(3), SectionType::basal_dendrite);
        QCOMPARE(m.section_type(4), SectionType::apical_dendrite);
        // Spine, marker and the "S1" label inside the axon are skipped: 3 points.
        QCOMPARE(m.section_points(0).size(), std::size_t{3});
        QCOMPARE(m.section_points(0)[2], (Point3{0, -25, 0}));
        // Children start with the parent's last point.
        QCOMPARE(m.section_points(2).size(), std::size_t{3});
        QCOMPARE(m.section_points(2)[0], (Point3{0, -25, 0}));
        QCOMPARE(m.section_diameters(2)[2], 0.8);
        // Only the untagged "Layer 1" contour is reported; the marker block is silent.
        QCOMPARE(warnings.warnings().size(), std::size_t{1});
        QCOMPARE(warnings.warnings()[0].kind, WarningKind::ignored_data);
        QCOMPARE(static_cast<int>(warnings.warnings()[0].line), 61);
    }

    void branchingAndMarkers() {
        const char* text = R"((
  (Color Red) (Dendrite)
  (0 0 0 2) (10 0 0 2)
  (
    (20 5 0 1) (30 10 0 1)
    (
      (40 10 0 1) Normal
    |
      (40 20 0 1) <(41 20 0 1)> Midpoint
    |
      (35 20 0 1) Origin
    )
  |
    (20 -5 0 1) (OpenStar (Color Red) (20 -6 0 1)) Incomplete
  )
))";
        const Morphology m = io::parse_asc(text, "branch.asc");
        QCOMPARE(m.num_sections(), std::size_t{6});
        QCOMPARE(m.section_children(0).size(), std::size_t{2});
        QCOMPARE(m.section_children(1).size(), std::size_t{3});  // a trifurcation
        const auto metrics = compute_metrics(m);
        QCOMPARE(metrics.num_bifurcations, std::size_t{1});
        QCOMPARE(metrics.num_forking_points, std::size_t{2});
        QCOMPARE(metrics.num_leaves, std::size_t{4});
        QCOMPARE(m.soma().type, SomaType::none);
    }

    void singleChildBlockJoinsParent() {
        WarningCollector warnings;
        const Morphology m = io::parse_asc(
            "((Axon) (0 0 0 1) (5 0 0 1) ( (10 0 0 1) (15 0 0 1) ))", "one.asc", {&warnings, false});
        QCOMPARE(m.num_sections(), std::size_t{1});
        QCOMPARE(m.num_points(), std::size_t{4});
        QCOMPARE(warnings.warnings().size(), std::size_t{1});
        QCOMPARE(warnings.warnings()[0].kind, WarningKind::single_child);
    }

    void caseAndSpellingOfTags() {
        const Morphology m = io::parse_asc(
            "((Cell Body) (1 0 0 1) (0 1 0 1) (-1 0 0 1))\n((apical) (0 1 0 1) (0 9 0 1))",
            "tags.asc");
        QCOMPARE(m.soma().type, SomaType::contour);
        QCOMPARE(m.section_type(0), SectionType::apical_dendrite);
    }

    void errors_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown token") << "unknown_token.asc" << 5 << "unknown token 'Foo'";
        QTest::newRow("unfinished") << "unfinished.asc" << 5
            << "unfinished file: it ends inside the block opened at line 2 (a ')' is missing)";
        QTest::newRow("second soma") << "second_soma.asc" << 2
            << "a second soma: (CellBody) already defined at line 1";
        QTest::newRow("bad number") << "bad_number.asc" << 3 << "unparsable number '1.2.3'";
        QTest::newRow("unterminated string") << "unterminated_string.asc" << 2
            << "unfinished file: string opened here is never closed";
        QTest::newRow("short point") << "short_point.asc" << 3
            << "a point needs x y z and a diameter, got 2 number(s)";
    }

    void errors() {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, message);
        const std::string path = test::fixture("morphologies/bad/" + file.toStdString());
        LAMINA_EXPECT_FILE_ERROR(io::read_asc(path), line, message);
    }

    void inlineErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("number outside point") << "((Axon)\n 12\n)" << 2
            << "unexpected number '12' outside a point";
        QTest::newRow("bar at top") << "((Axon) (0 0 0 1) | (1 0 0 1))" << 1
            << "'|' outside a branch block";
        QTest::newRow("too many numbers") << "((Axon)\n(0 0 0 1 5))" << 2
            << "a point has more than 4 numbers (x y z d)";
        QTest::newRow("stray token at top") << "Hello" << 1 << "unknown token 'Hello'";
        QTest::newRow("two-point soma") << "((CellBody) (0 0 0 1) (1 0 0 1))" << 1
            << "soma contour with 2 point(s); a contour needs at least 3";
        QTest::newRow("negative diameter") << "((Axon) (0 0 0 -1))" << 1
            << "negative diameter -1.000000 µm";
        QTest::newRow("unclosed spine") << "((Axon) (0 0 0 1) <(1 1 1 1)" << 1
            << "unfinished file: the spine '<' opened here is never closed";
    }

    void inlineErrors() {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, message);
        LAMINA_EXPECT_FILE_ERROR(io::parse_asc(text.toStdString(), "inline.asc"), line, message);
    }

    void deepNestingIsAnErrorNotACrash() {
        std::string text = "((Axon) (0 0 0 1)";
        for (int i = 0; i < 5000; ++i) text += " ( (1 1 1 1)";
        try {
            io::parse_asc(text, "deep.asc");
            QFAIL("no error raised");
        } catch (const FileError& e) {
            QVERIFY(e.reason().find("nested deeper than 1000 levels") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestAsc)
#include "test_asc.moc"
