// lamina-bench pointnet: the Potjans & Diesmann (2014) microcircuit of point neurons built
// from its shipped recipe and run for 1 s of biological time: build time, peak memory,
// wall time and the real-time factor, neuron updates and synaptic events per second,
// and each population's rate beside the published one. The goal for the full circuit
// (--scale 1: 77,169 neurons, 3e8 synapses) is <= 60 s per biological second and
// <= 8 GB on 2 cores. The anchor: NEST on one 128-core compute node runs it faster than
// real time (a real-time factor below 1; 1.7x faster than real time on two nodes,
// Kurth et al., NEST Conference 2021), about 128 core-seconds per biological second.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench.h"
#include "engine/builder/point_microcircuit.h"
#include "engine/sim/simulation.h"
#include "io/builder/point_recipe_io.h"

namespace lamina::bench {

int run_pointnet(const Options& options) {
    const std::string model = options.value("--model", "pd14");
    if (model != "pd14") {
        std::cerr << "pointnet: unknown --model '" << model << "' (known: pd14)\n";
        return 2;
    }
    const double scale = std::stod(options.value("--scale", "1"));
    const double tstop = std::stod(options.value("--tstop", "1000"));
    const int threads = std::stoi(options.value("--threads", "2"));
    io::PointRecipe recipe = io::read_point_recipe(
        options.value("--recipe", (std::filesystem::path(LAMINA_RESOURCE_DIR) / "recipes/potjans_diesmann_2014.json").string()));
    recipe.options.scale = scale;
    // The full circuit keeps its in-degrees; smaller ones scale them as the recipe does
    // unless asked otherwise.
    recipe.options.in_degree_scale = std::stod(options.value("--in-degree-scale", scale >= 1 ? "1" : std::to_string(scale)));
    recipe.options.threads = threads;
    const Stopwatch build_watch;
    const auto circuit = builder::build_point_microcircuit(recipe.spec, recipe.options);
    const double build_s = build_watch.seconds();
    const std::size_t table_mb = circuit.network.synapse_table()->memory_bytes() >> 20;
    std::printf("model=pd14 scale=%g in_degree_scale=%g neurons=%zu synapses=%llu build_s=%.1f table_mb=%zu threads=%d\n",
                scale, recipe.options.in_degree_scale, circuit.network.size(),
                static_cast<unsigned long long>(circuit.synapses), build_s, table_mb, threads);
    std::fflush(stdout);

    sim::RunOptions o;
    o.dt = 0.1;
    o.threads = threads;
    sim::Simulation simulation(circuit.network, o);
    const Stopwatch watch;
    simulation.advance(tstop);
    const double wall = watch.seconds();

    const sim::SynapseTable& table = *circuit.network.synapse_table();
    double events = 0;
    std::vector<double> count(circuit.network.size(), 0);
    // Rates after the first 200 ms: the membranes start spread over 20 mV, not settled.
    const double settle = std::min(200.0, 0.2 * tstop);
    for (const auto& spike : simulation.spikes()) {
        events += static_cast<double>(table.row(spike.gid).size());
        if (spike.time >= settle) count[spike.gid] += 1;
    }
    const double neuron_steps = static_cast<double>(circuit.network.size()) * tstop / o.dt;
    for (const auto& pop : circuit.populations) {
        double spikes = 0;
        for (std::uint64_t k = 0; k < pop.size; ++k) spikes += count[pop.first + k];
        const double rate = spikes / static_cast<double>(pop.size) / ((tstop - settle) * 1e-3);
        if (pop.published_rate > 0)
            std::printf("rate_%s=%.3f Hz (published %.3f, %+.0f%%)\n", pop.name.c_str(), rate, pop.published_rate,
                        100 * (rate / pop.published_rate - 1));
    }
    const double factor = wall / (tstop * 1e-3);
    std::printf("spikes=%zu synaptic_events=%.3g events_per_s=%.3g neuron_updates_per_s=%.3g\n", simulation.spikes().size(),
                events, events / wall, neuron_steps / wall);
    std::printf("peak_memory_mb=%.0f (goal <= 8192 at scale 1)\n", peak_megabytes());
    std::printf("real_time_factor=%.2f (%.1f s per biological second; goal <= 60 at scale 1 on 2 cores; NEST: below 1 on "
                "128 cores, about 128 core-s per biological second)\n",
                factor, factor);
    std::printf("wall_s=%.2f\n", wall);
    return 0;
}

}  // namespace lamina::bench
