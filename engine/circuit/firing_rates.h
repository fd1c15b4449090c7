#pragma once
// Firing rates of a run by group of cells: per population, split by the nodes' m-type
// (or layer) where the circuit gives one, as a run summary lists them ("L5_TTPC: 52
// cells, mean 6.1 Hz, 4% silent"). Virtual populations (inputs) are left out.

#include <string>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/circuit/gid_map.h"
#include "engine/sim/recording.h"

namespace lamina::circuit {

struct GroupRate {
    std::string population;
    std::string group;  // the m-type (or layer); "" when the population has neither
    std::string layer;  // the group's layer when every cell of it has the same one
    std::size_t cells = 0, silent = 0;
    double mean_hz = 0, max_hz = 0;
};

// Over `duration` ms of spikes (every spike counts, whatever its time). Groups in the
// order their first node appears.
std::vector<GroupRate> firing_rates(const Circuit& circuit, const GidMap& gids, const std::vector<sim::Spike>& spikes,
                                    double duration_ms);

// The rates as a text table, one line per group, with the population totals.
std::string format_firing_rates(const std::vector<GroupRate>& rates);

}  // namespace lamina::circuit
