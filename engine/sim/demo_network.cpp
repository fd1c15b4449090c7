#include "engine/sim/demo_network.h"

#include <algorithm>

#include "engine/errors.h"
#include "engine/sim/random.h"

namespace lamina::sim {

std::shared_ptr<CellDescription> ballstick_cell() {
    auto cell = std::make_shared<CellDescription>();
    const auto soma = cell->add_cylinder("soma", SectionType::soma, 20, 20);
    const auto dend = cell->add_cylinder("dend", SectionType::basal_dendrite, 200, 1, static_cast<std::int32_t>(soma), 1.0);
    cell->set_nseg("soma", 1);
    cell->set_nseg("dend", 10);
    cell->set_ra("all", 100);
    cell->set_cm("all", 1);
    cell->paint("soma", "hh");
    cell->paint("dend", "pas", {{"g", 0.001}, {"e", -65}});
    cell->place({dend, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
    cell->set_detector({soma, 0.5}, 10.0);
    return cell;
}

Network ballstick_network(const DemoNetworkOptions& o) {
    if (o.cells == 0 || o.cells > 10'000'000)
        throw InvalidArgument("cells must be in [1, 10000000], got " + std::to_string(o.cells));
    if (o.connected && o.inputs_per_cell >= o.cells)
        throw InvalidArgument("inputs per cell (" + std::to_string(o.inputs_per_cell) +
                              ") must be fewer than the cells (" + std::to_string(o.cells) + ")");
    if (!(o.min_delay > 0) || !(o.max_delay >= o.min_delay))
        throw InvalidArgument("delays must satisfy 0 < min <= max, got " + std::to_string(o.min_delay) + " and " +
                              std::to_string(o.max_delay) + " ms");
    if (!(o.drive_rate >= 0)) throw InvalidArgument("drive rate must be >= 0 Hz");
    Network net;
    const auto cell = ballstick_cell();
    for (std::uint32_t i = 0; i < o.cells; ++i) net.add_cell(cell);
    for (std::uint32_t i = 0; i < o.cells; ++i) {
        const Gid drive = net.add_spike_source(
            {SpikeSource::Kind::poisson, 0.0, 1e300, o.drive_rate, o.seed ^ 0x5bd1e995ULL, {}});
        net.connect({drive, i, 0, o.drive_weight, 0.1});
    }
    if (!o.connected) return net;
    // Distinct random presynaptic cells per target, from a counter-based stream: the
    // network depends on the seed only.
    std::vector<Gid> chosen;
    for (std::uint32_t target = 0; target < o.cells; ++target) {
        chosen.clear();
        for (std::uint64_t k = 0; chosen.size() < o.inputs_per_cell; ++k) {
            const auto source = static_cast<Gid>(random_bits(o.seed, target, 2 * k) % o.cells);
            if (source == target || std::find(chosen.begin(), chosen.end(), source) != chosen.end()) continue;
            chosen.push_back(source);
            const double delay = o.min_delay + (o.max_delay - o.min_delay) * uniform_open(o.seed, target, 2 * k + 1);
            net.connect({source, target, 0, o.weight, delay});
        }
    }
    return net;
}

}  // namespace lamina::sim
