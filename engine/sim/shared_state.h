#pragma once
// What every mechanism of a cell group sees in one step: flat arrays over the group's
// nodes plus the step's time data. NEURON's units throughout, so results compare point
// for point: v [mV], currents as densities [mA/cm²], conductances [S/cm²].

#include <cstddef>
#include <map>
#include <string>

namespace lamina::sim {

struct SharedState {
    std::size_t num_nodes = 0;
    double* v = nullptr;            // [mV] membrane potential per node
    double* rhs = nullptr;          // [mA/cm²] net current into each node (matrix right side)
    double* d = nullptr;            // [S/cm²] matrix diagonal: dI/dV of each node
    const double* area = nullptr;   // [µm²] membrane area; 100 for zero-area nodes (NEURON)
    double dt = 0.025;              // [ms]
    double t = 0.0;                 // [ms] time at which currents are evaluated (mid-step)
    double celsius = 6.3;           // [°C]
    const std::map<std::string, double>* globals = nullptr;  // mechanism settings by name

    double global(const std::string& name, double fallback) const {
        if (!globals) return fallback;
        const auto it = globals->find(name);
        return it == globals->end() ? fallback : it->second;
    }
};

// Point-process currents in nA become densities on a node of `area` µm², computed as
// NEURON does (i * (1e2 / area)), so results agree to the last bit.
inline double nA_to_density(double nA, double area_um2) { return nA * (1e2 / area_um2); }

}  // namespace lamina::sim
