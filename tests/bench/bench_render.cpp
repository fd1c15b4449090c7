// Frames per second of the circuit view while the camera orbits, at 1280×800 under the
// display in use (Xvfb + Mesa's software OpenGL on CI machines): 100 and 1,000 full
// synthetic morphologies of realistic size and 10,000 cells with level of detail, with
// and without live voltage colouring, against the naive way (one actor per cell with
// vtkTubeFilter tubes) rendered in the same run.
// Goal: >= 10x the naive frame rate, and >= 30 fps for 1,000 cells with level of detail.

#include <QApplication>
#include <cmath>
#include <iostream>
#include <numbers>
#include <random>

#include "bench.h"
#include "engine/sim/cell_description.h"
#include "engine/spatial/circuit_geometry.h"
#include "render/circuit_view.h"
#include "render/surface_format.h"

namespace lamina::bench {

namespace {
// A pyramidal-like cell: 6 basal trees, an apical trunk with obliques and a tuft, an
// axon with collaterals; random-walk sections of 2 µm steps, tapering diameters. About
// 64 sections, 2,500 segments, 5 mm of neurites.
std::shared_ptr<const sim::CellDescription> syntheticCell(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(-1.0, 1.0), length(40.0, 110.0);
    auto cell = std::make_shared<sim::CellDescription>();
    cell->add_section({"soma", SectionType::soma, {{0, -8, 0}, {0, 8, 0}}, {16, 16}, -1, 0.0});
    struct Grow {
        std::int32_t parent;
        Point3 start, direction;
        double diameter;
        int depth;
        SectionType type;
    };
    std::vector<Grow> todo;
    for (int b = 0; b < 6; ++b) {
        const double a = 2 * std::numbers::pi * b / 6;
        todo.push_back({0, {0, 0, 0}, {std::cos(a), -0.4, std::sin(a)}, 2.0, 0, SectionType::basal_dendrite});
    }
    todo.push_back({0, {0, 8, 0}, {0, 1, 0}, 4.0, -1, SectionType::apical_dendrite});
    todo.push_back({0, {0, -8, 0}, {0, -1, 0}, 1.2, 0, SectionType::axon});
    std::size_t k = 0;
    while (k < todo.size()) {
        const Grow g = todo[k++];
        sim::SectionGeometry s{"sec", g.type, {g.start}, {g.diameter}, g.parent, 1.0};
        if (g.parent == 0) s.parent_x = 0.5;
        Point3 p = g.start, d = g.direction;
        const double len = g.type == SectionType::apical_dendrite && g.depth < 0 ? 180.0 : length(rng);
        const double end_diameter = std::max(0.4, g.diameter * 0.8);
        const int steps = static_cast<int>(len / 2.0);
        for (int i = 1; i <= steps; ++i) {
            d = {d.x + 0.25 * unit(rng), d.y + 0.25 * unit(rng), d.z + 0.25 * unit(rng)};
            const double n = std::sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
            d = {d.x / n, d.y / n, d.z / n};
            p = {p.x + 2 * d.x, p.y + 2 * d.y, p.z + 2 * d.z};
            s.points.push_back(p);
            s.diameters.push_back(g.diameter + (end_diameter - g.diameter) * i / steps);
        }
        const auto id = static_cast<std::int32_t>(cell->add_section(s));
        if (g.depth < 2)
            for (int c = 0; c < 2; ++c) {
                const Point3 turn{d.x + 0.8 * unit(rng), d.y + 0.8 * unit(rng), d.z + 0.8 * unit(rng)};
                todo.push_back({id, p, turn, end_diameter, g.depth + 1, g.type});
            }
    }
    cell->set_nseg("all", 1);
    return cell;
}

struct Circuit {
    std::shared_ptr<const spatial::CircuitGeometry> geometry;
    std::vector<std::vector<double>> rest, wave;  // two voltage frames to alternate
};

// `cells` cells in a 2 mm × 1.5 mm × 0.5 mm slab, 20 distinct morphologies turned at random.
Circuit makeCircuit(std::size_t cells) {
    std::vector<std::shared_ptr<const sim::CellDescription>> shapes;
    for (std::uint64_t s = 0; s < 20; ++s) shapes.push_back(syntheticCell(s + 1));
    sim::Network network;
    std::vector<sim::Gid> gids;
    for (std::size_t c = 0; c < cells; ++c) gids.push_back(network.add_cell(shapes[c % shapes.size()]));
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> x(0, 2000), y(0, 1500), z(0, 500), angle(0, 2 * std::numbers::pi);
    std::vector<circuit::NodePlacement> poses(cells);
    for (auto& p : poses) {
        p.position = {x(rng), y(rng), z(rng)};
        p.rotation = Eigen::AngleAxisd(angle(rng), Eigen::Vector3d::UnitY());
    }
    Circuit circuit;
    circuit.geometry = std::make_shared<const spatial::CircuitGeometry>(
        spatial::make_circuit_geometry(network, gids, [&](sim::Gid g) { return poses[g]; }));
    const auto& g = *circuit.geometry;
    std::size_t nodes = 0;
    for (std::uint32_t n : g.node) nodes = std::max<std::size_t>(nodes, n + 1);
    circuit.rest.assign(g.cells(), std::vector<double>(nodes, -70.0));
    circuit.wave.resize(g.cells());
    for (std::size_t c = 0; c < g.cells(); ++c) {
        circuit.wave[c].resize(nodes);
        for (std::size_t n = 0; n < nodes; ++n) circuit.wave[c][n] = -70.0 + 100.0 * std::sin(0.01 * (c + n));
    }
    return circuit;
}

// Frames per second over `frames` frames, the camera turning a full circle, each frame
// rendered and read back (so it has finished).
double orbitFps(render::CircuitView& view, const Circuit& circuit, int frames, bool voltage) {
    view.setInteracting(true);
    view.grabFramebuffer();  // warm up: buffers uploaded
    Stopwatch clock;
    for (int i = 0; i < frames; ++i) {
        view.orbit(360.0 / frames);
        if (voltage) view.setVoltages(i % 2 ? circuit.wave : circuit.rest);
        view.grabFramebuffer();
    }
    const double fps = frames / clock.seconds();
    view.setInteracting(false);
    return fps;
}
}  // namespace

int run_render(const Options& options) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::cerr << "lamina-bench render needs a display (run it under xvfb-run)\n";
        return 2;
    }
    render::setDefaultSurfaceFormat();
    int argc = 1;
    char name[] = "lamina-bench";
    char* argv[] = {name, nullptr};
    QApplication app(argc, argv);
    const int frames = std::stoi(options.value("--frames", "36"));
    const int naive_frames = std::stoi(options.value("--naive-frames", "3"));
    std::vector<std::size_t> sizes;
    const std::string list = options.value("--cells", "100,1000,10000");
    for (std::size_t start = 0; start < list.size();) {
        const auto comma = list.find(',', start);
        sizes.push_back(std::stoul(list.substr(start, comma - start)));
        start = comma == std::string::npos ? list.size() : comma + 1;
    }
    const bool naive_all = options.value("--naive", "upto1000") == "all";

    render::CircuitView view;
    view.resize(1280, 800);
    view.show();
    QApplication::processEvents();
    std::cout << "viewport=1280x800 platform=" << QGuiApplication::platformName().toStdString()
              << " frames=" << frames << '\n';
    Stopwatch total;
    for (const std::size_t cells : sizes) {
        Stopwatch build;
        const Circuit circuit = makeCircuit(cells);
        render::CircuitSceneOptions scene_options;
        scene_options.moving_segments = std::stoul(options.value("--moving-budget", std::to_string(scene_options.moving_segments)));
        const auto scene = render::prepareCircuitScene(circuit.geometry, scene_options);
        const double prepare_s = build.seconds();
        const auto stats = render::sceneStats(*scene);
        view.setScene(scene);
        view.viewFront();
        const double lod = orbitFps(view, circuit, frames, false);
        view.setColoring(render::CircuitView::Coloring::voltage);
        const double lod_voltage = orbitFps(view, circuit, frames, true);
        view.setColoring(render::CircuitView::Coloring::section_type);
        // The still level: what the view shows once the camera rests.
        Stopwatch still_clock;
        for (int i = 0; i < 3; ++i) {
            view.orbit(1.0);
            view.grabFramebuffer();
        }
        const double still = 3 / still_clock.seconds();
        std::cout << "cells=" << cells << " segments=" << stats.segments << " moving_segments=" << stats.moving_segments
                  << " still_segments=" << stats.still_segments << " prepare_s=" << prepare_s << '\n';
        std::cout << "  fps_orbit_lod=" << lod << " fps_orbit_lod_voltage=" << lod_voltage
                  << " fps_still=" << still << (cells == 1000 ? " (goal >= 30 with level of detail)" : "") << '\n';
        if (cells <= 1000 || naive_all) {
            render::CircuitSceneOptions naive_options;
            naive_options.naive_tubes = true;
            Stopwatch naive_build;
            view.setScene(render::prepareCircuitScene(circuit.geometry, naive_options));
            const double naive_prepare_s = naive_build.seconds();
            view.viewFront();
            const double naive = orbitFps(view, circuit, naive_frames, false);
            std::cout << "  fps_naive_tubes=" << naive << " naive_prepare_s=" << naive_prepare_s
                      << " speedup_vs_naive=" << lod / naive << " (goal >= 10)\n";
            view.clearScene();
        }
    }
    std::cout << "wall_s=" << total.seconds() << '\n';
    return 0;
}

}  // namespace lamina::bench
