// lamina-bench column: the demo column as the app opens it (the shipped default recipe,
// built and run through the same SONATA path), 1 s of biological time at dt 0.025 on 2
// threads: simulated ms per wall second (the interactive goal: >= 10), ns per
// compartment-step, and the firing rates it ran at.

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "bench.h"
#include "engine/builder/column_builder.h"
#include "engine/circuit/firing_rates.h"
#include "io/builder/column_writer.h"
#include "io/builder/recipe_io.h"
#include "io/sonata/sonata_run.h"

namespace lamina::bench {

namespace fs = std::filesystem;

int run_column(const Options& options) {
    const double tstop = std::stod(options.value("--tstop", "1000"));
    const int threads = std::stoi(options.value("--threads", "2"));
    const fs::path folder = fs::temp_directory_path() / ("lamina-bench-column-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    const fs::path recipe = fs::path(LAMINA_RESOURCE_DIR) / "recipes/default_column.json";
    const auto column = builder::build_column(io::read_recipe(recipe), {});
    const auto files = io::write_column(column, folder / "column");
    DiagnosticOptions quiet;
    io::OpenOptions open;
    open.threads = threads;
    io::SonataRun run = io::open_sonata_run(files.simulation_config.string(), quiet, open);
    sim::RunOptions o = run.session->options();
    o.tstop = tstop;
    run.session->set_options(o);
    const std::size_t compartments = run.session->num_compartments();
    const Stopwatch watch;
    while (!run.session->done()) run.session->advance(run.session->time() + 50);
    const double wall = watch.seconds();
    const double steps = tstop / o.dt;
    const auto rates = circuit::firing_rates(*run.circuit, run.session->gids(), run.session->spikes(), tstop);
    std::size_t cells = 0;
    for (const auto& g : rates) cells += g.cells;
    std::cout << circuit::format_firing_rates(rates);
    std::cout << "column cells=" << cells << " compartments=" << compartments << " threads=" << run.session->threads()
              << " celsius=" << o.celsius << " simulated_ms=" << tstop << '\n';
    std::cout << "column sim_ms_per_wall_s=" << tstop / wall << " (goal >= 10 on 2 cores)"
              << " ns_per_compartment_step=" << wall * 1e9 / (steps * double(compartments)) << '\n';
    fs::remove_all(folder);
    std::cout << "wall_s=" << wall << '\n';
    return 0;
}

}  // namespace lamina::bench
