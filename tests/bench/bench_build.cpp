// The circuit builder end to end: a rat-like column (12 cell types, 16 pathways) with
// synthesised morphologies and touch detection, for N cells. Goals on this 2-core
// machine: 1,000 cells in <= 5 s, 10,000 in <= 60 s, <= 4 GB peak memory. Also the
// index build time, queries per second and touches per second.

#include <omp.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "bench.h"
#include "engine/builder/column_builder.h"

namespace lamina::bench {

int run_build(const Options& options) {
    std::stringstream list(options.value("--cells", "1000,10000"));
    const int threads = std::stoi(options.value("--threads", "0"));
    std::string item;
    while (std::getline(list, item, ',')) {
        const auto cells = static_cast<std::size_t>(std::stoul(item));
        const builder::Recipe recipe = builder::default_column_recipe(cells);
        builder::BuildOptions build;
        build.threads = threads;
        Stopwatch wall;
        const builder::BuiltColumn built = builder::build_column(recipe, build);
        const double total = wall.seconds();
        const auto& t = built.timings;
        const auto& s = built.touch_statistics;
        std::size_t points = 0;
        for (const auto& m : built.morphologies) points += m->num_points();
        std::cout << "cells=" << built.cells.size() << " (asked " << cells << ") threads="
                  << (threads > 0 ? threads : omp_get_max_threads()) << " radius_um=" << builder::column_radius(recipe)
                  << " height_um=" << builder::column_height(recipe) << '\n';
        std::cout << "  placement_s=" << t.placement << " morphologies_s=" << t.morphologies
                  << " points=" << points << '\n';
        std::cout << "  index_build_s=" << t.index << " indexed_segments=" << s.indexed_segments
                  << " axon_queries=" << s.axon_segments << " queries_per_s=" << s.axon_segments / t.touches
                  << " touches=" << built.touch_count << " touches_per_s=" << built.touch_count / t.touches << '\n';
        std::cout << "  pruning_s=" << t.pruning << " synapses=" << built.synapses.size() << '\n';
        for (const auto& p : built.pathways)
            std::cout << "    " << p.pre << " -> " << p.post << ": probability " << p.achieved_probability << " (target "
                      << p.target_probability << ", " << p.pairs_within << " pairs), synapses/connection "
                      << p.achieved_synapses_per_connection << " (target " << p.target_synapses_per_connection << ")\n";
        std::cout << "  total_s=" << total << " (goal <= " << (cells <= 1000 ? "5" : "60")
                  << " s) peak_memory_mb=" << peak_megabytes() << " (goal <= 4096)\n";
    }
    std::cout << "wall_s=0\n";
    return 0;
}

}  // namespace lamina::bench
