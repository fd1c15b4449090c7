#pragma once
// Everything that decides how a run goes, in one struct: the SONATA config's `run` and
// `conditions` keys, Lamina's own run keys, and how the engine spreads the work over
// threads. The config reader fills it, the run session runs it, the app shows and
// edits it: no part of a run is decided anywhere else.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lamina::sim {

enum class Method { implicit_euler, crank_nicolson };
enum class SpikeTiming {
    interpolated,  // crossing time interpolated within the step
    neuron         // stamped at the end of the step, as NEURON's fixed step does
};

struct RunOptions {
    // SONATA `run`.
    double tstop = 500.0;            // [ms] (the demos run this long; a SONATA config must say)
    double dt = 0.025;               // [ms]
    std::optional<double> dL;        // [µm] longest compartment: nseg = ceil(L / dL)
    double spike_threshold = -15.0;  // [mV] at the soma, for cells built from a circuit
    std::optional<int> nsteps_block; // steps per report write
    std::uint64_t seed = 0;          // "random_seed": every random stream of the run derives from it

    // SONATA `conditions`. NEURON's defaults; a SONATA config that gives none gets
    // BMTK's 34 °C and -80 mV from its reader.
    double celsius = 6.3;   // [°C]
    double v_init = -65.0;  // [mV]

    // Lamina's own `run` keys.
    Method method = Method::implicit_euler;          // "method": "ie" | "cn"
    SpikeTiming timing = SpikeTiming::interpolated;  // "spike_timing": "interpolated" | "neuron"
    // Mechanism settings by name. "hh_tables": true sets {"usetable_hh", 1}: hh's rates
    // from NEURON's 1 mV tables (NEURON's default) instead of the exact functions.
    std::map<std::string, double> globals;

    // How the work is spread; results never depend on it. 0 threads: OpenMP's default.
    int threads = 0;
    // Cells are advanced in groups of consecutive cells, one group per task. A group holds
    // at most cells_per_group cells and, where cells are large, about
    // compartments_per_group compartments, so a few hundred detailed cells still make
    // enough groups to keep every thread busy. Groups depend on the network only.
    std::size_t cells_per_group = 64;
    std::size_t compartments_per_group = 4096;

    bool hh_tables() const {
        const auto it = globals.find("usetable_hh");
        return it != globals.end() && it->second != 0.0;
    }
    void set_hh_tables(bool on) {
        if (on) globals["usetable_hh"] = 1.0;
        else globals.erase("usetable_hh");
    }
};

// "ie" / "cn" and "interpolated" / "neuron", as configs and the command line spell them.
const char* method_key(Method method);
const char* timing_key(SpikeTiming timing);

}  // namespace lamina::sim
