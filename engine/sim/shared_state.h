#pragma once
// What every mechanism of a cell group sees in one step: flat arrays over the group's
// nodes plus the step's time data. NEURON's units throughout, so results compare point
// for point: v [mV], currents as densities [mA/cm²], conductances [S/cm²].

#include <cstddef>

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
};

// Point-process currents in nA become densities on a node of `area` µm².
inline double nA_to_density(double nA, double area_um2) { return 100.0 * nA / area_um2; }

}  // namespace lamina::sim
