#pragma once
// The ball-and-stick teaching network: identical cells (an HH soma and a passive
// dendrite with one excitatory synapse), random recurrent connections and Poisson drive.
// Its cell matches ../shared/reference/ballstick_net, so the reference edges and inputs
// can be loaded onto it (io/network_csv.h).

#include <cstdint>
#include <memory>

#include "engine/sim/network.h"

namespace lamina::sim {

std::shared_ptr<CellDescription> ballstick_cell();

struct DemoNetworkOptions {
    std::uint32_t cells = 1000;
    std::uint32_t inputs_per_cell = 20;  // random presynaptic cells each
    double weight = 0.005;               // [µS]
    double min_delay = 1.0;              // [ms]
    double max_delay = 5.0;              // [ms]
    double drive_rate = 10.0;            // [Hz] Poisson input per cell
    double drive_weight = 0.005;         // [µS]
    std::uint64_t seed = 1;
    bool connected = true;
};

// Cells get gids 0..cells-1, their Poisson drives cells..2*cells-1. Throws
// InvalidArgument for absurd sizes (0 cells, more inputs than cells, ...).
Network ballstick_network(const DemoNetworkOptions& options);

}  // namespace lamina::sim
