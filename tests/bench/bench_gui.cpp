// The cost of watching: the demo network run by the engine alone, and through the
// window (worker thread, chunks, 30 Hz drains into live traces and raster, repaints).
// Goal: the window slows the simulation by at most 5% while updating >= 20 times a second.

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
#include "ui/simulation_controller.h"
#include "ui/simulation_panel.h"

namespace lamina::bench {

int run_gui_overhead(const Options& options) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
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

    // The engine alone, the same network and settings.
    sim::SimulationOptions o;
    o.threads = threads;
    sim::Simulation alone(sim::ballstick_network(demo), o);
    Stopwatch engine_clock;
    alone.advance(tstop);
    const double engine_s = engine_clock.seconds();

    // Through the window.
    QMainWindow window;
    ui::SimulationPanel panel(&window, window.menuBar()->addMenu("View"));
    window.resize(1280, 800);
    window.show();
    panel.loadDemoNetwork(cells);
    ui::RunSettings settings;
    settings.tstop = tstop;
    settings.threads = threads;
    panel.controller()->setSettings(settings);
    QEventLoop loop;
    QObject::connect(panel.controller(), &ui::SimulationController::stateChanged, &loop,
                     [&](ui::SimulationController::State s) {
                         if (s == ui::SimulationController::State::ready) panel.controller()->run();
                         if (s == ui::SimulationController::State::finished || s == ui::SimulationController::State::failed)
                             loop.quit();
                     });
    const std::size_t polls_before = panel.pollCount();
    Stopwatch gui_clock;
    if (panel.controller()->state() == ui::SimulationController::State::ready) panel.controller()->run();
    loop.exec();
    const double gui_s = gui_clock.seconds();
    const double updates = static_cast<double>(panel.pollCount() - polls_before) / gui_s;
    std::cout << "cells=" << cells << " tstop_ms=" << tstop << " threads=" << threads << " platform="
              << QGuiApplication::platformName().toStdString() << '\n';
    std::cout << "engine_alone_s=" << engine_s << " through_window_s=" << gui_s
              << " overhead_percent=" << 100.0 * (gui_s - engine_s) / engine_s << " (goal <= 5)\n";
    std::cout << "screen_updates_per_s=" << updates << " (goal >= 20)\n";
    std::cout << "wall_s=" << gui_s << '\n';
    return 0;
}

}  // namespace lamina::bench
