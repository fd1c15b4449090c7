// The same cell written as SWC (three-point soma), Neurolucida ASC (contour soma) and H5
// gives the figures computed by hand in known_cell.swc's header — in every format.

#include <QtTest>
#include <cmath>
#include <numbers>

#include "engine/morphology/metrics.h"
#include "io/morphology/morphology_io.h"
#include "support/test_paths.h"

using namespace lamina;

class TestCrossFormat : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void sameFiguresInEveryFormat_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("swc") << QString::fromStdString(test::fixture("morphologies/good/known_cell.swc"));
        QTest::newRow("swc, messy") << QString::fromStdString(test::fixture("morphologies/good/known_cell_messy.swc"));
        QTest::newRow("asc") << QString::fromStdString(test::fixture("morphologies/good/known_cell.asc"));
        QTest::newRow("h5 from swc") << "h5:known_cell.swc";
        QTest::newRow("h5 from asc") << "h5:known_cell.asc";
    }

    void sameFiguresInEveryFormat() {
        QFETCH(QString, file);
        std::string path = file.toStdString();
        if (path.starts_with("h5:")) {
            const auto source = test::fixture("morphologies/good/" + path.substr(3));
            path = dir_.filePath(file.mid(3) + ".h5").toStdString();
            io::write_morphology(io::read_morphology(source), path);
        }
        const auto x = compute_metrics(io::read_morphology(path));
        auto near = [](double a, double b) { return std::abs(a - b) < 1e-9; };
        QCOMPARE(x.num_neurites, std::size_t{3});
        QCOMPARE(x.num_sections, std::size_t{7});
        QCOMPARE(x.num_bifurcations, std::size_t{2});
        QCOMPARE(x.num_leaves, std::size_t{5});
        QCOMPARE(x.max_branch_order, 1);
        QCOMPARE(x.num_points, std::size_t{17});
        QVERIFY(near(x.total_length, 115));
        QVERIFY(near(x.length_by_type.at(SectionType::axon), 40));
        QVERIFY(near(x.length_by_type.at(SectionType::basal_dendrite), 10));
        QVERIFY(near(x.length_by_type.at(SectionType::apical_dendrite), 65));
        QVERIFY(near(x.soma_radius, 5));
        QVERIFY(near(x.soma_surface_area, 100 * std::numbers::pi));
        QVERIFY(near(x.max_path_distance, 50));          // apical: 15 + 15 + 20
        QVERIFY(near(x.max_radial_distance, std::sqrt(1530.0)));  // axon tip (-3, -39, 0)
        QVERIFY(near(x.bounds_max.x - x.bounds_min.x, 24));
        QVERIFY(near(x.bounds_max.y - x.bounds_min.y, 71));
        QVERIFY(near(x.bounds_max.z - x.bounds_min.z, 20));
    }
};

QTEST_GUILESS_MAIN(TestCrossFormat)
#include "test_cross_format.moc"
