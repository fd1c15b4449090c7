// `lamina simulate-demo`: the ball-and-stick network, headless, spikes to CSV.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "app/cli.h"
#include "app/demo_sonata.h"
#include "engine/errors.h"
#include "engine/morphology/metrics_report.h"
#include "engine/sim/demo_network.h"
#include "engine/sim/simulation.h"
#include "io/network_csv.h"

namespace lamina::app {


int run_simulate_demo(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--unconnected", "--quiet"},
                      {"--cells", "--tstop", "--threads", "--seed", "--timing", "--output", "--edges", "--inputs",
                       "--dt", "--write-sonata"});
    if (!a.ok() || !a.positional().empty()) {
        err << "lamina simulate-demo: " << (a.ok() ? "takes no positional arguments" : a.error())
            << "\n(lamina simulate-demo --help)\n";
        return exit_usage;
    }
    const auto cells = static_cast<std::uint32_t>(number_option(a, "--cells", 1000, 1, 1e6));
    const double tstop = number_option(a, "--tstop", 1000, 0, 1e7);
    sim::RunOptions options;
    options.threads = static_cast<int>(number_option(a, "--threads", 0, 0, 1024));
    options.dt = number_option(a, "--dt", 0.025, 1e-6, 10);
    const std::string timing = a.value("--timing", "neuron");
    if (timing == "neuron") {
        options.timing = sim::SpikeTiming::neuron;
        options.globals["usetable_hh"] = 1;  // NEURON's defaults, to compare with its output
    } else if (timing == "interpolated") {
        options.timing = sim::SpikeTiming::interpolated;
    } else {
        throw UsageError("--timing must be neuron or interpolated, got '" + timing + "'");
    }
    const std::filesystem::path output = a.value("--output", "demo_spikes.csv");
    if (output.empty()) throw UsageError("--output needs a file name, got an empty one");
    // The spikes never land on the network's own files.
    std::error_code ec;
    for (const char* input : {"--edges", "--inputs"})
        if (a.has(input) && std::filesystem::weakly_canonical(a.value(input), ec) ==
                                std::filesystem::weakly_canonical(output, ec))
            throw InvalidArgument("--output " + output.string() + " is the " + input + " file; it would be overwritten");
    if (std::filesystem::is_directory(output, ec))
        throw InvalidArgument("--output " + output.string() + " is a folder; give a file name");

    if (a.has("--write-sonata")) {
        if (a.has("--edges") || a.has("--inputs"))
            throw InvalidArgument("--write-sonata writes the generated demo; it does not take --edges or --inputs");
        sim::DemoNetworkOptions demo;
        demo.cells = cells;
        demo.connected = !a.has("--unconnected");
        demo.seed = static_cast<std::uint64_t>(number_option(a, "--seed", 1, 0, 9e15));
        const std::filesystem::path folder = a.value("--write-sonata");
        write_demo_sonata(folder, demo, tstop);
        out << "wrote the demo circuit (" << cells << " cells) and its simulation config to " << folder.string()
            << "\nrun it with: lamina simulate " << (folder / "simulation_config.json").string() << '\n';
        return exit_ok;
    }
    sim::Network net;
    if (a.has("--edges") || a.has("--inputs")) {
        // The reference network from CSV files onto ball-and-stick cells.
        const auto cell = sim::ballstick_cell();
        for (std::uint32_t i = 0; i < cells; ++i) net.add_cell(cell);
        if (a.has("--edges") && !a.has("--unconnected"))
            for (const auto& c : io::read_edges_csv(a.value("--edges"))) net.connect(c);
        if (a.has("--inputs"))
            for (const auto& e : io::read_events_csv(a.value("--inputs"), 0.005)) net.add_event(e);
    } else {
        sim::DemoNetworkOptions demo;
        demo.cells = cells;
        demo.connected = !a.has("--unconnected");
        demo.seed = static_cast<std::uint64_t>(number_option(a, "--seed", 1, 0, 9e15));
        net = sim::ballstick_network(demo);
    }

    const auto start = std::chrono::steady_clock::now();
    sim::Simulation simulation(net, options);
    const bool quiet = a.has("--quiet");
    double last_print = -1.0;
    auto report = [&](const sim::Progress& p) {
        if (quiet) return;
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (wall - last_print < 0.25 && p.time < p.until) return;  // a few updates per second
        last_print = wall;
        char line[160];
        std::snprintf(line, sizeof line, "\rsimulated %.1f / %.1f ms  wall %.1f s  %.0f ms/s  %zu spikes   ", p.time,
                      p.until, wall, wall > 0 ? p.time / wall : 0.0, p.spikes);
        err << line << std::flush;
    };
    simulation.advance(tstop, report);
    if (!quiet) err << '\n';
    io::write_spikes_csv(simulation.spikes(), output);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out << "wrote " << simulation.spikes().size() << " spikes of " << cells << " cells over " << tstop << " ms to "
        << output.string() << " (" << wall << " s wall, " << simulation.threads() << " threads)\n";
    return exit_ok;
}

}  // namespace lamina::app
