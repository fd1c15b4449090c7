// Detailed cortical cells: Hay's layer-5 pyramidal cell as the cortical reference runs
// it (shared/reference/cortical/README.md), with NEURON's figure on this machine kind.

#include <iostream>
#include <memory>

#include "bench.h"
#include "engine/circuit/emodel.h"
#include "engine/sim/simulation.h"
#include "io/morphology/morphology_io.h"
#include "io/sonata/emodel_io.h"

namespace lamina::bench {

int run_l5pc(const Options& options) {
    const double amplitude = std::stod(options.value("--amp", "0.8"));
    const double tstop = std::stod(options.value("--tstop", "1200"));
    const int repeats = std::max(1, std::stoi(options.value("--repeat", "3")));
    const std::string reference = std::string(LAMINA_SHARED_DIR) + "/reference/cortical/";
    const Morphology morphology = io::read_morphology(std::string(LAMINA_RESOURCE_DIR) + "/morphologies/demo_pyramidal.swc");
    const circuit::EModel model = io::read_emodel(reference + "l5pc_demo_emodel.json");
    std::vector<double> seconds;
    std::size_t compartments = 0, nodes = 0, bytes = 0, spikes = 0;
    for (int r = 0; r < repeats; ++r) {
        auto cell = std::make_shared<sim::CellDescription>(sim::CellDescription::from_morphology(morphology));
        circuit::apply_emodel(model, *cell);
        compartments = 0;  // segments, as NEURON counts them (the engine adds section end nodes)
        for (std::uint32_t s = 0; s < cell->sections().size(); ++s) compartments += static_cast<std::size_t>(*cell->nseg(s));
        cell->place({0, 0.5}, "IClamp", {{"del", 200}, {"dur", 800}, {"amp", amplitude}});
        cell->set_detector({0, 0.5}, 0.0);
        sim::Network net;
        net.add_cell(cell);
        sim::RunOptions o;
        o.threads = 1;
        o.dt = 0.025;
        o.tstop = tstop;
        o.celsius = model.celsius.value_or(34.0);
        o.v_init = model.v_init.value_or(-80.0);
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
