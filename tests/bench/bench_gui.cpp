// The cost of watching: the demo network run by the engine alone; through the
// simulation panel (worker thread, chunks, 30 Hz drains into live traces and raster,
// repaints); and through the whole main window, which also colours the 3D circuit by
// live voltage. Goal: watching slows the simulation by at most 5% while updating >= 20
// times a second.

#include <QApplication>
#include <QEventLoop>
#include <QMainWindow>
#include <QMenuBar>
#include <QTimer>
#include <algorithm>
#include <iostream>

#include "bench.h"
#include "engine/sim/demo_network.h"
#include "engine/sim/simulation.h"
#include "render/surface_format.h"
#include "ui/docks/circuit_scene_panel.h"
#include "ui/main_window.h"
#include "ui/jobs/simulation_controller.h"
#include "ui/docks/simulation_panel.h"

namespace lamina::bench {

namespace {
// Runs the panel's network from t = 0 to its end; returns the wall time [s] of the run
// alone (a reset before it is not timed: the engine-alone figure has none either).
double runToEnd(ui::SimulationPanel& panel) {
    ui::SimulationController* controller = panel.controller();
    if (controller->state() != ui::SimulationController::State::ready) {
        QEventLoop reset;
        QObject::connect(controller, &ui::SimulationController::resetDone, &reset, &QEventLoop::quit);
        controller->reset();
        reset.exec();
    }
    QEventLoop loop;
    QObject::connect(controller, &ui::SimulationController::stateChanged, &loop, [&](ui::SimulationController::State s) {
        if (s == ui::SimulationController::State::finished || s == ui::SimulationController::State::failed) loop.quit();
    });
    Stopwatch clock;
    controller->run();
    loop.exec();
    return clock.seconds();
}
}  // namespace

int run_gui_overhead(const Options& options) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    render::setDefaultSurfaceFormat();
    int argc = 1;
    char name[] = "lamina-bench";
    char* argv[] = {name, nullptr};
    QApplication app(argc, argv);
    const auto cells = static_cast<std::uint32_t>(std::stoul(options.value("--cells", "1000")));
    const double tstop = std::stod(options.value("--tstop", "1000"));
    const int threads = std::stoi(options.value("--threads", "1"));
    sim::DemoNetworkOptions demo;
    demo.cells = cells;
    demo.inputs_per_cell = std::min<std::uint32_t>(20, cells - 1);  // as the panel's demo

    const int repeats = std::stoi(options.value("--repeats", "3"));
    Stopwatch wall;
    const sim::Network network = sim::ballstick_network(demo);
    sim::RunOptions settings;
    settings.tstop = tstop;
    settings.threads = threads;

    // The three ways, interleaved and repeated; the fastest run of each counts (this
    // machine's timings are noisy, and noise only ever adds time).
    QMainWindow plots_window;
    ui::SimulationPanel plots(&plots_window, plots_window.menuBar()->addMenu("View"));
    plots_window.resize(1280, 800);
    plots_window.show();
    plots.loadDemoNetwork(cells);
    plots.controller()->setSettings(settings);

    ui::MainWindow window({});
    window.resize(1280, 800);
    window.show();
    ui::SimulationPanel& full = *window.simulationPanel();
    QEventLoop built;
    QObject::connect(window.scenePanel(), &ui::CircuitScenePanel::sceneReady, &built, &QEventLoop::quit);
    full.loadDemoNetwork(cells);
    built.exec();  // the 3D scene is ready before any clock starts
    full.controller()->setSettings(settings);

    double engine_s = 1e300, plots_s = 1e300, window_s = 1e300;
    double plot_updates = 0, window_updates = 0, scene_updates = 0;
    for (int r = 0; r < repeats; ++r) {
        sim::RunOptions o;
        o.threads = threads;
        sim::Simulation alone(network, o);
        Stopwatch engine_clock;
        alone.advance(tstop);
        engine_s = std::min(engine_s, engine_clock.seconds());

        plots_window.raise();
        std::size_t polls = plots.pollCount();
        const double p = runToEnd(plots);
        plots_s = std::min(plots_s, p);
        plot_updates = std::max(plot_updates, static_cast<double>(plots.pollCount() - polls) / p);

        window.raise();
        polls = full.pollCount();
        const std::size_t refreshes = window.scenePanel()->refreshCount();
        const double w = runToEnd(full);
        window_s = std::min(window_s, w);
        window_updates = std::max(window_updates, static_cast<double>(full.pollCount() - polls) / w);
        scene_updates = std::max(scene_updates, static_cast<double>(window.scenePanel()->refreshCount() - refreshes) / w);
    }

    std::cout << "cells=" << cells << " tstop_ms=" << tstop << " threads=" << threads << " repeats=" << repeats
              << " platform=" << QGuiApplication::platformName().toStdString() << '\n';
    std::cout << "engine_alone_s=" << engine_s << '\n';
    std::cout << "  plots: through_panel_s=" << plots_s << " overhead_percent=" << 100.0 * (plots_s - engine_s) / engine_s
              << " (goal <= 5) plot_updates_per_s=" << plot_updates << " (goal >= 20)\n";
    std::cout << "  plots + 3D voltage: through_window_s=" << window_s
              << " overhead_percent=" << 100.0 * (window_s - engine_s) / engine_s << " (goal <= 5) plot_updates_per_s="
              << window_updates << " voltage_frames_per_s=" << scene_updates << " (goal >= 20)\n";
    std::cout << "wall_s=" << wall.seconds() << '\n';
    return 0;
}

}  // namespace lamina::bench
