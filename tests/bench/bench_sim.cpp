// Simulation speed: the reference HH axon and the 1,000-cell ball-and-stick network,
// with NEURON's and Arbor's figures on this machine kind next to ours.

#include <iostream>
#include <memory>

#include "bench.h"
#include "engine/sim/simulation.h"
#include "support/ballstick.h"

namespace lamina::bench {

int run_hh_axon(const Options& options) {
    auto cell = std::make_shared<sim::CellDescription>();
    cell->add_cylinder("axon", SectionType::axon, 1000, 1);
    cell->set_nseg("all", 1000);
    cell->set_ra("all", 100);
    cell->paint("all", "hh");
    cell->place({0, 0.0}, "IClamp", {{"del", 0}, {"dur", 250}, {"amp", 0.1}});
    sim::Network net;
    net.add_cell(cell);
    sim::SimulationOptions o;
    o.threads = 1;
    if (options.value("--method", "ie") == "cn") o.method = sim::Method::crank_nicolson;
    sim::Simulation simulation(net, o);
    Stopwatch clock;
    simulation.advance(250);
    const double wall = clock.seconds();
    const double node_steps = static_cast<double>(simulation.num_compartments()) * 10000.0;
    std::cout << "compartments=" << simulation.num_compartments() << " steps=10000 method="
              << options.value("--method", "ie") << '\n';
    std::cout << "ns_per_compartment_step=" << wall / node_steps * 1e9
              << " compartment_steps_per_s=" << node_steps / wall << '\n';
    std::cout << "bytes_per_compartment="
              << static_cast<double>(simulation.memory_bytes()) / static_cast<double>(simulation.num_compartments())
              << " (goal <= 200)\n";
    std::cout << "reference: NEURON 1.10 s with exact rates (0.73 s with tables); goal <= 0.11 s; "
              << "speed-up vs NEURON " << 1.10 / wall << "x\n";
    std::cout << "wall_s=" << wall << '\n';
    return 0;
}

int run_ballstick(const Options& options) {
    const int threads = std::stoi(options.value("--threads", "1"));
    const double tstop = std::stod(options.value("--tstop", "1000"));
    const sim::Network net = test::ballstick_network(true);
    sim::SimulationOptions o;
    o.threads = threads;
    o.cells_per_group = static_cast<std::size_t>(std::stoul(options.value("--group", "64")));
    o.timing = sim::SpikeTiming::neuron;
    o.globals["usetable_hh"] = options.value("--exact-rates", "no") == "yes" ? 0 : 1;
    sim::Simulation simulation(net, o);
    Stopwatch clock;
    simulation.advance(tstop);
    const double wall = clock.seconds();
    const double node_steps = static_cast<double>(simulation.num_compartments()) * tstop / o.dt;
    std::cout << "cells=1000 compartments=" << simulation.num_compartments() << " threads=" << threads
              << " tstop_ms=" << tstop << " spikes=" << simulation.spikes().size() << " (NEURON 35220 for 1 s)\n";
    std::cout << "compartment_steps_per_s=" << node_steps / wall << '\n';
    std::cout << "reference: NEURON 11.0 s (1 thread), 6.3 s (2); Arbor 5.9 s (1), 3.2 s (2); "
              << "goal <= 2.2 s with 1 thread, 2-thread speed-up >= 1.9x; speed-up vs NEURON "
              << (threads >= 2 ? 6.3 : 11.0) * tstop / 1000.0 / wall << "x\n";
    std::cout << "wall_s=" << wall << '\n';
    return 0;
}

}  // namespace lamina::bench
