#pragma once
// The reference ball-and-stick network of ../shared/reference/ballstick_net, built with
// the engine API (the SONATA issue builds the same from files).

#include <memory>
#include <string>

#include "engine/sim/demo_network.h"
#include "engine/sim/network.h"
#include "support/csv.h"
#include "support/test_paths.h"

namespace lamina::test {

inline std::shared_ptr<sim::CellDescription> ballstick_cell() { return sim::ballstick_cell(); }

inline sim::Network ballstick_network(bool connected, std::size_t cells = 1000) {
    sim::Network net;
    const auto cell = ballstick_cell();
    for (std::size_t i = 0; i < cells; ++i) net.add_cell(cell);
    const std::string dir = shared_reference("ballstick_net/");
    if (connected) {
        const auto edges = read_csv_columns(dir + "edges.csv");
        for (std::size_t k = 0; k < edges[0].size(); ++k) {
            const auto source = static_cast<sim::Gid>(edges[0][k]), target = static_cast<sim::Gid>(edges[1][k]);
            if (source < cells && target < cells) net.connect({source, target, 0, edges[2][k], edges[3][k]});
        }
    }
    const auto inputs = read_csv_columns(dir + "input_spikes.csv");
    for (std::size_t k = 0; k < inputs[0].size(); ++k) {
        const auto target = static_cast<sim::Gid>(inputs[0][k]);
        if (target < cells) net.add_event({target, 0, inputs[1][k], 0.005});
    }
    return net;
}

}  // namespace lamina::test
