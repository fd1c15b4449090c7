// The circuit view as a user meets it: a click picks the cell and section under the
// mouse, a rectangle selects exactly the cells inside it, voltages colour the cells, the
// level of detail respects its budget, and the picture matches a stored baseline.

#include <QImage>
#include <QSignalSpy>
#include <QtTest>
#include <cmath>
#include <numbers>

#include "engine/sim/cell_description.h"
#include "engine/spatial/circuit_geometry.h"
#include "render/circuit_view.h"
#include "render/surface_format.h"

using namespace lamina;

namespace {
// Three cells in a row along x, 100 µm apart, each a 20 µm soma and a 150 µm dendrite
// pointing up (+y) with a side branch; cell 2 lies 60 µm deeper (z) than the others.
std::shared_ptr<const spatial::CircuitGeometry> threeCells() {
    auto cell = std::make_shared<sim::CellDescription>();
    cell->add_section({"soma", SectionType::soma, {{0, -10, 0}, {0, 10, 0}}, {20, 20}, -1, 0.0});
    cell->add_section({"dend", SectionType::apical_dendrite, {{0, 10, 0}, {0, 160, 0}}, {4, 2}, 0, 1.0});
    cell->add_section({"side", SectionType::basal_dendrite, {{0, 80, 0}, {40, 110, 0}}, {2, 2}, 1, 0.5});
    cell->set_nseg("all", 5);
    sim::Network network;
    for (int i = 0; i < 3; ++i) network.add_cell(cell);
    return std::make_shared<const spatial::CircuitGeometry>(
        spatial::make_circuit_geometry(network, {0, 1, 2}, [](sim::Gid gid) {
            circuit::NodePlacement p;
            p.position = {100.0 * gid, 0.0, gid == 2 ? -60.0 : 0.0};
            return p;
        }));
}

// The most saturated pixel within `radius` of a point: lines are a few pixels wide.
QColor strongest(const QImage& image, QPoint at, int radius = 3) {
    QColor best = image.pixelColor(at);
    int best_spread = -1;
    for (int dy = -radius; dy <= radius; ++dy)
        for (int dx = -radius; dx <= radius; ++dx) {
            const QColor c = image.pixelColor(at + QPoint(dx, dy));
            const int spread = std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()});
            if (spread > best_spread) best = c, best_spread = spread;
        }
    return best;
}

// Pixels of two equally sized images that differ clearly (by more than 48 in a channel):
// rasterisation may move an edge by a pixel, a changed picture moves many.
int differingPixels(const QImage& a, const QImage& b) {
    int count = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QColor p = a.pixelColor(x, y), q = b.pixelColor(x, y);
            if (std::max({std::abs(p.red() - q.red()), std::abs(p.green() - q.green()), std::abs(p.blue() - q.blue())}) > 48)
                ++count;
        }
    return count;
}
}  // namespace

class TestCircuitView : public QObject {
    Q_OBJECT
    std::shared_ptr<const spatial::CircuitGeometry> geometry_ = threeCells();

    // A shown view with the three cells, looking along -z with y up.
    std::unique_ptr<render::CircuitView> makeView() {
        auto view = std::make_unique<render::CircuitView>();
        view->resize(640, 480);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get())) return nullptr;
        auto index = std::make_shared<const spatial::SegmentIndex>(spatial::index_geometry(*geometry_, 1.0));
        view->setScene(render::prepareCircuitScene(geometry_), index);
        view->viewFront();
        view->grabFramebuffer();  // paints once: the camera and the window size are set
        return view;
    }

private slots:
    void clickPicksCellAndSection() {
        auto view = makeView();
        QVERIFY(view);
        QSignalSpy picked(view.get(), &render::CircuitView::picked);
        // Soma of cell 1.
        const QPoint soma = view->project(geometry_->soma_centre[1]).toPoint();
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, soma);
        QCOMPARE(picked.count(), 1);
        QCOMPARE(picked.at(0).at(0).toInt(), 1);
        QCOMPARE(picked.at(0).at(1).toInt(), 0);
        // Cell 2's dendrite halfway up (y = 85): section 1, x = 0.5.
        const auto pick = view->pickAt(view->project({200, 85, -60}).toPoint());
        QVERIFY(pick);
        QCOMPARE(pick->cell, 2u);
        QCOMPARE(pick->section, 1u);
        QVERIFY2(std::abs(pick->x - 0.5) < 0.03, qPrintable(QString::number(pick->x)));
        // The side branch of cell 0, three quarters along.
        const auto side = view->pickAt(view->project({30, 102.5, 0}).toPoint());
        QVERIFY(side);
        QCOMPARE(side->cell, 0u);
        QCOMPARE(side->section, 2u);
        QVERIFY(std::abs(side->x - 0.75) < 0.05);
        // Empty space between the cells picks nothing and says so.
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, view->project({50, 200, 0}).toPoint());
        QCOMPARE(picked.count(), 2);
        QCOMPARE(picked.at(1).at(0).toInt(), -1);
    }

    void rectangleSelectsCellsInside() {
        auto view = makeView();
        QVERIFY(view);
        // Around the somata of cells 0 and 1 only (their dendrites poke out above: a cell
        // counts when any part is inside).
        const QPoint a = view->project({-20, -20, 0}).toPoint(), b = view->project({120, 20, 0}).toPoint();
        QCOMPARE(view->cellsInRectangle(QRect(a, b)), (std::vector<std::uint32_t>{0, 1}));
        // A box around the top of cell 2's dendrite only.
        const QPoint c = view->project({190, 150, -60}).toPoint(), d = view->project({210, 170, -60}).toPoint();
        QCOMPARE(view->cellsInRectangle(QRect(c, d)), (std::vector<std::uint32_t>{2}));
        // Dragging with Ctrl does the same through the mouse and does not turn the camera.
        QSignalSpy selected(view.get(), &render::CircuitView::regionSelected);
        QTest::mousePress(view.get(), Qt::LeftButton, Qt::ControlModifier, a);
        QMouseEvent move(QEvent::MouseMove, QPointF(b), view->mapToGlobal(QPointF(b)), Qt::NoButton, Qt::LeftButton,
                         Qt::ControlModifier);
        QCoreApplication::sendEvent(view.get(), &move);
        QTest::mouseRelease(view.get(), Qt::LeftButton, Qt::ControlModifier, b);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).value<std::vector<std::uint32_t>>(), (std::vector<std::uint32_t>{0, 1}));
        QCOMPARE(view->project(geometry_->soma_centre[1]).toPoint(), view->project(geometry_->soma_centre[1]).toPoint());
    }

    void voltagesColourTheCells() {
        auto view = makeView();
        QVERIFY(view);
        view->setColoring(render::CircuitView::Coloring::voltage);
        // Cell 0 at rest, cell 1 at the peak of a spike, everywhere.
        const std::size_t nodes = 1 + 3 * (5 + 1);
        view->setVoltages({std::vector<double>(nodes, -75.0), std::vector<double>(nodes, 35.0), {}});
        const QImage image = view->grabFramebuffer();
        const QColor rest = strongest(image, view->project({0, 120, 0}).toPoint());
        const QColor spike = strongest(image, view->project({100, 120, 0}).toPoint());
        QVERIFY2(rest.blue() > rest.red() + 40, qPrintable(rest.name()));
        QVERIFY2(spike.red() > spike.blue() + 80, qPrintable(spike.name()));
        // Somata too (impostors coloured through the same table).
        const QColor soma = strongest(image, view->project(geometry_->soma_centre[1]).toPoint(), 1);
        QVERIFY2(soma.red() > soma.blue(), qPrintable(soma.name()));
        // The colour bar is drawn at the right edge.
        QVERIFY(view->scaleBarLength() > 0.0);
    }

    void levelOfDetailKeepsItsBudget() {
        // 2,000 segments per cell in a zig-zag, 50 cells: 100,000 segments.
        auto cell = std::make_shared<sim::CellDescription>();
        cell->add_section({"soma", SectionType::soma, {{-5, 0, 0}, {5, 0, 0}}, {10, 10}, -1, 0.0});
        sim::SectionGeometry dend{"dend", SectionType::basal_dendrite, {}, {}, 0, 0.5};
        for (int k = 0; k <= 2000; ++k) {
            dend.points.push_back({5.0 + k, (k % 2) * 0.5 + 20.0 * std::sin(k / 100.0), 0});
            dend.diameters.push_back(1.0);
        }
        cell->add_section(dend);
        sim::Network network;
        for (int i = 0; i < 50; ++i) network.add_cell(cell);
        std::vector<sim::Gid> gids(50);
        for (sim::Gid g = 0; g < 50; ++g) gids[g] = g;
        auto geometry = std::make_shared<const spatial::CircuitGeometry>(spatial::make_circuit_geometry(
            network, gids, [](sim::Gid g) { circuit::NodePlacement p; p.position = {0, 0, 30.0 * g}; return p; }));
        render::CircuitSceneOptions options;
        options.still_segments = 30'000;
        options.moving_segments = 5'000;
        const auto scene = render::prepareCircuitScene(geometry, options);
        const auto stats = render::sceneStats(*scene);
        QCOMPARE(stats.segments, std::size_t{100'000});
        QVERIFY(stats.still_segments <= 30'000 && stats.still_segments > 20'000);
        QVERIFY(stats.moving_segments <= 5'000 && stats.moving_segments >= 50);
        QVERIFY(stats.moving_tolerance > stats.still_tolerance);
        // Too small a budget for one segment per section: the longest sections, one segment
        // each; none at all: somata only.
        options.moving_segments = 10;
        QCOMPARE(render::sceneStats(*render::prepareCircuitScene(geometry, options)).moving_segments, std::size_t{10});
        options.moving_segments = 0;
        QCOMPARE(render::sceneStats(*render::prepareCircuitScene(geometry, options)).moving_segments, std::size_t{0});

        // Voltages arriving while the camera moves colour the light level at once, and the
        // full level as soon as it is back on screen.
        render::CircuitView view;
        view.resize(480, 360);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        options.moving_segments = 5'000;
        view.setScene(render::prepareCircuitScene(geometry, options), nullptr);
        view.setColoring(render::CircuitView::Coloring::voltage);
        const auto red_pixels = [](const QImage& image) {
            int n = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    n += c.red() > c.blue() + 80;
                }
            return n;
        };
        const int quiet = red_pixels(view.grabFramebuffer());  // no voltages yet: the axes, the colour bar
        view.setInteracting(true);
        view.grabFramebuffer();
        QVERIFY(view.showingMovingLevel());
        view.setVoltages(std::vector<std::vector<double>>(50, std::vector<double>(5000, 35.0)));
        const int moving_red = red_pixels(view.grabFramebuffer());
        view.setInteracting(false);
        const int still_red = red_pixels(view.grabFramebuffer());
        QVERIFY(!view.showingMovingLevel());
        QVERIFY2(moving_red > quiet + 1000 && still_red > quiet + 1000,
                 qPrintable(QString("%1 and %2 red pixels, %3 before").arg(moving_red).arg(still_red).arg(quiet)));
    }

    // A dense circuit stays readable: neurites for a share of the cells, translucent or
    // hidden, somata larger, and a spiking cell's soma flashing then fading.
    void styleKeepsADenseCircuitReadable() {
        QVERIFY(render::readableStyle(25) == render::CircuitStyle{});
        const render::CircuitStyle dense = render::readableStyle(300);
        QCOMPARE(dense.neurite_density, 0.1);  // about 30 cells' neurites
        QVERIFY(dense.somata_in_front);
        QVERIFY(dense.neurite_opacity > 0.0 && dense.neurite_opacity < 1.0);
        QCOMPARE(dense.soma_scale, 1.5);

        auto view = makeView();
        QVERIFY(view);
        const std::size_t all = view->drawnSegments();
        QCOMPARE(all % 3, std::size_t{0});
        // Half the cells: of three, the spread sequence keeps cell 1's neurites only.
        render::CircuitStyle style;
        style.neurite_density = 0.5;
        view->setStyle(style);
        QVERIFY(!view->drawsNeurites(0) && view->drawsNeurites(1) && !view->drawsNeurites(2));
        QCOMPARE(view->drawnSegments(), all / 3);
        // What is not drawn cannot be clicked; its soma can, and a selected cell shows whole.
        const QPoint dendrite2 = view->project({200, 85, -60}).toPoint();
        QVERIFY(!view->pickAt(dendrite2));
        QCOMPARE(view->pickAt(view->project({100, 85, 0}).toPoint())->cell, 1u);
        QCOMPARE(view->pickAt(view->project(geometry_->soma_centre[2]).toPoint())->cell, 2u);
        QCOMPARE(view->cellsInRectangle(QRect(view->project({190, 150, -60}).toPoint(),
                                              view->project({210, 170, -60}).toPoint())),
                 std::vector<std::uint32_t>{});
        view->setSelection({2});
        QCOMPARE(view->pickAt(dendrite2)->cell, 2u);
        view->setSelection({});
        // Opacity 0: somata only, in the picture too.
        style = {};
        style.neurite_opacity = 0.0;
        view->setStyle(style);
        QVERIFY(!view->drawsNeurites(1));
        QVERIFY(!view->pickAt(view->project({100, 85, 0}).toPoint()));
        const QImage bare = view->grabFramebuffer();
        const QColor background = bare.pixelColor(view->project({50, 120, 0}).toPoint());  // same height: the background is a gradient
        const QColor where_dendrite_was = bare.pixelColor(view->project({100, 120, 0}).toPoint());
        QVERIFY2(std::abs(where_dendrite_was.red() - background.red()) < 12 &&
                     std::abs(where_dendrite_was.blue() - background.blue()) < 12,
                 qPrintable(where_dendrite_was.name() + " vs " + background.name()));

        // Somata twice their size; a flash lights one towards white, larger, then fades.
        style = {};
        style.soma_scale = 2.0;
        view->setStyle(style);
        view->setColoring(render::CircuitView::Coloring::voltage);
        const std::size_t nodes = 1 + 3 * (5 + 1);
        view->setVoltages(std::vector<std::vector<double>>(3, std::vector<double>(nodes, -75.0)));
        const auto [rest_colour, rest_radius] = view->somaAppearance(0);
        QCOMPARE(rest_radius, 20.0);  // a 20 µm soma: radius 10, drawn twice
        QVERIFY2(rest_colour[2] > rest_colour[0] + 40, "resting somata are blue");
        const QColor rest_pixel = view->grabFramebuffer().pixelColor(view->project(geometry_->soma_centre[0]).toPoint());
        view->flashCells({0});
        QCOMPARE(view->flashingCells(), std::size_t{1});
        const auto [lit_colour, lit_radius] = view->somaAppearance(0);
        QVERIFY2(lit_colour[0] > 200 && lit_colour[1] > 200, "a lit soma is near white");
        QVERIFY2(lit_radius > 1.8 * rest_radius, qPrintable(QString::number(lit_radius)));
        QCOMPARE(view->somaAppearance(1).second, rest_radius);  // the others stay
        const QColor lit_pixel = view->grabFramebuffer().pixelColor(view->project(geometry_->soma_centre[0]).toPoint());
        QVERIFY2(lit_pixel.red() > rest_pixel.red() + 80, qPrintable(lit_pixel.name() + " vs " + rest_pixel.name()));
        QTRY_COMPARE_WITH_TIMEOUT(view->flashingCells(), std::size_t{0}, 5 * render::CircuitView::flashMilliseconds);
        QTRY_COMPARE(view->somaAppearance(0).second, rest_radius);
        QCOMPARE(view->somaAppearance(0).first, rest_colour);
        // With the flash off, spikes leave the somata as they are.
        style.flash_spikes = false;
        view->setStyle(style);
        view->flashCells({1});
        QCOMPARE(view->flashingCells(), std::size_t{0});
        QCOMPARE(view->somaAppearance(1).second, rest_radius);
    }

    void matchesBaselineImage() {
        auto view = makeView();
        QVERIFY(view);
        view->setSelection({1});
        const QImage image = view->grabFramebuffer().convertToFormat(QImage::Format_RGB32);
        const QString baseline = QStringLiteral(LAMINA_BASELINE_DIR "/circuit_view_three_cells.png");
        const QString fresh = QStringLiteral(LAMINA_BINARY_DIR "/circuit_view_three_cells.png");
        image.save(fresh);
        const QImage expected(baseline);
        QVERIFY2(!expected.isNull(), qPrintable("no baseline; the new image is " + fresh));
        QCOMPARE(image.size(), expected.size());
        const int difference = differingPixels(image, expected.convertToFormat(QImage::Format_RGB32));
        QVERIFY2(difference <= 150, qPrintable(QString("%1 pixels differ; look at %2 and, if right, copy it to %3")
                                                   .arg(difference).arg(fresh, baseline)));
    }
};

int main(int argc, char** argv) {
    render::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestCircuitView test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_circuit_view.moc"
