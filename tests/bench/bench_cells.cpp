// Detailed cortical cells: Hay's layer-5 pyramidal cell as the cortical reference runs
// it (shared/reference/cortical/README.md), with NEURON's figure on this machine kind.

#include <iostream>
#include <memory>

#include "bench.h"
#include "engine/sim/simulation.h"
#include "support/l5pc.h"

namespace lamina::bench {

int run_l5pc(const Options& options) {
    const double amplitude = std::stod(options.value("--amp", "0.8"));
    const double tstop = std::stod(options.value("--tstop", "1200"));
    const int repeats = std::max(1, std::stoi(options.value("--repeat", "3")));
    std::vector<double> seconds;
    std::size_t compartments = 0, nodes = 0, bytes = 0, spikes = 0;
    for (int r = 0; r < repeats; ++r) {
        const test::L5pcReference l5pc = test::l5pc_reference(amplitude);
        compartments = test::segment_count(*l5pc.cell);
        sim::Network net;
        net.add_cell(l5pc.cell);
        sim::RunOptions o = l5pc.options;
        o.threads = 1;
        o.tstop = tstop;
        sim::Simulation simulation(net, o);
        Stopwatch clock;
        simulation.advance(tstop);
        seconds.push_back(clock.seconds());
        nodes = simulation.num_compartments();
        bytes = simulation.memory_bytes();
        spikes = simulation.spikes().size();
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const double steps = tstop / 0.025;
    std::cout << "compartments=" << compartments << " (nodes with section ends " << nodes << ") steps=" << steps << " amp_nA=" << amplitude
              << " spikes=" << spikes << (amplitude == 0.8 && tstop == 1200 ? " (NEURON: 7)" : "") << '\n';
    std::cout << "runs_s=";
    for (std::size_t k = 0; k < seconds.size(); ++k) std::cout << (k ? "," : "") << seconds[k];
    std::cout << " median_s=" << median << " fastest_s=" << seconds.front() << '\n';
    std::cout << "ns_per_compartment_step=" << median / (static_cast<double>(compartments) * steps) * 1e9
              << " (goal <= 30; NEURON ~300)\n";
    std::cout << "bytes_per_compartment=" << static_cast<double>(bytes) / static_cast<double>(compartments) << '\n';
    if (tstop == 1200)
        std::cout << "reference: NEURON 9.0.1 3.33-3.55 s on this machine kind (1 thread); Arbor 0.11 0.68 s; "
                     "goal <= 0.34 s (10x NEURON); speed-up vs NEURON "
                  << 3.33 / median << "-" << 3.55 / median << "x\n";
    std::cout << "wall_s=" << median << '\n';
    return 0;
}

}  // namespace lamina::bench
