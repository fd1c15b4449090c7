// lamina-bench: prints speed figures for Lamina's hot paths next to the reference each
// one aims at. No pass/fail: CI runs the tests; this is for people and notes.

#include <cstring>
#include <fstream>
#include <string>
#include <iostream>

#include "bench.h"

namespace lamina::bench {

std::string Options::value(const std::string& name, const std::string& fallback) const {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) return args[i + 1];
    return fallback;
}

double peak_megabytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0.0;
}

namespace {
const Benchmark benchmarks[] = {
    {"morphology", "SWC and H5 load throughput on a large generated morphology "
                   "(--points N, default 1300000: about 100 MB of SWC)",
     run_morphology},
    {"hh_axon", "the reference HH axon: 1000 compartments, 250 ms, dt 0.025, exact rates, 1 thread "
                "(--method ie|cn, --repeat N: median of N runs, default 5, --mechanism hh,hh_nmodl: also hh.mod "
                "as lamina-modcc translates it, alternating, with the time ratio; --mechanism-file FILE.mod: also a "
                "mod file compiled as a run-time plugin, with its ratio)",
     run_hh_axon},
    {"ballstick_net", "the reference 1,000-cell ball-and-stick network, 1 s (--threads N, --tstop MS, "
                      "--exact-rates yes|no, --group CELLS_PER_GROUP, --repeat N: median of N runs, default 3, "
                      "--speedup yes: 1 and 2 threads alternately, and their ratio)",
     run_ballstick},
    {"l5pc", "Hay's layer-5 pyramidal cell (the cortical reference: demo morphology, BluePyOpt e-model, "
             "catalogue channels from NMODL) at 0.8 nA for 1.2 s, dt 0.025, 1 thread (--repeat N, default 3; "
             "--amp NA)",
     run_l5pc},
    {"sonata", "reading a 1,000,000-node SONATA population and writing a compartment report "
               "(--nodes N)",
     run_sonata},
    {"record", "recording every compartment: the demo column for 100 ms into a SONATA report, and the HH "
               "axon's 1,000 compartments every step, each against the same run without it (--repeat N "
               "alternating pairs, default 3; --report-dt MS, default every step; --tstop MS for the column)",
     run_record},
    {"column", "the demo column as the app opens it (the shipped default recipe: cortical e-types at 34 degC, "
               "plastic stochastic synapses, AMPA/NMDA drive) for 1 s at dt 0.025: simulated ms per wall second "
               "(goal >= 10 on 2 cores), ns per compartment-step, firing rates (--tstop MS, --threads N, default 2)",
     run_column},
    {"build", "the circuit builder: a 12-type rat-like column with synthesised morphologies, touch detection "
              "and pruning (--cells 1000,10000, --threads N)",
     run_build},
    {"index", "touch detection's R-tree against a uniform grid on the default column's segments, 1 thread: "
              "build, queries/s, memory, same hits (--cells 1000,10000, --grid-um SIZES, default 1, 1.5 and 2 "
              "mean segment lengths)",
     run_index},
    {"pointnet", "the Potjans & Diesmann (2014) microcircuit of point neurons from its shipped recipe, 1 s: build "
                 "time, peak memory, real-time factor (goal <= 60 s per biological second and <= 8 GB at full scale "
                 "on 2 cores), neuron updates and synaptic events per second, rates beside the published ones "
                 "(--model pd14, --scale S, default 1, --in-degree-scale K, default 1 at full scale and S below, "
                 "--tstop MS, --threads N, default 2)",
     run_pointnet},
#ifdef LAMINA_BENCH_GUI
    {"gui_overhead", "the demo network alone and through the window with live plots: overhead and "
                     "screen updates per second (--cells N, --tstop MS, --threads N)",
     run_gui_overhead},
    {"render", "frames per second of the 3D circuit view orbiting at 1280x800: 100, 1,000 and 10,000 "
               "synthetic cells with level of detail, with and without live voltage colouring, against one "
               "vtkTubeFilter actor per cell (--cells 100,1000,10000, --frames N, --naive-frames N, --moving-budget N, "
               "--naive all: also for more than 1,000 cells)",
     run_render},
#endif
};

void usage() {
    std::cout << "usage: lamina-bench [NAME [OPTIONS]]   run one benchmark, or all without NAME\n"
                 "       lamina-bench --list\n\nbenchmarks:\n";
    for (const auto& b : benchmarks) std::cout << "  " << b.name << "  " << b.description << '\n';
}
}  // namespace

}  // namespace lamina::bench

int main(int argc, char** argv) {
    using namespace lamina::bench;
    if (argc > 1 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "--list"))) {
        usage();
        return 0;
    }
    Options options;
    for (int i = 2; i < argc; ++i) options.args.emplace_back(argv[i]);
    int status = 0;
    bool found = false;
    for (const auto& b : benchmarks) {
        if (argc > 1 && std::strcmp(argv[1], b.name) != 0) continue;
        found = true;
        std::cout << "== " << b.name << '\n';
        status |= b.run(options);
    }
    if (!found) {
        std::cerr << "lamina-bench: no benchmark named '" << argv[1] << "'\n";
        usage();
        return 2;
    }
    return status;
}
