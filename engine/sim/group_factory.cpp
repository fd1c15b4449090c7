// make_groups: the network's cells by kind, cable cells cut into groups of balanced work.

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "engine/sim/cell_group.h"
#include "engine/sim/discretization.h"
#include "engine/sim/group.h"
#include "engine/sim/point_neuron_group.h"
#include "engine/sim/spike_source_group.h"

namespace lamina::sim {

namespace {

// Groups of consecutive cable cells: enough groups for both limits, each cut at an
// equal share of the compartments still to place, so threads finish an epoch together.
std::vector<std::vector<Gid>> cable_partition(const Network& net, const std::vector<Gid>& cells,
                                              const RunOptions& options) {
    std::vector<double> work(cells.size());  // compartments per cell
    std::map<const CellDescription*, double> known;
    for (std::size_t k = 0; k < cells.size(); ++k) {
        const CellDescription* cell = net.cell(cells[k]).get();
        auto [it, fresh] = known.try_emplace(cell, 1.0);  // the root node
        if (fresh)
            for (std::uint32_t s = 0; s < cell->sections().size(); ++s) it->second += nseg_for(*cell, s) + 1;
        work[k] = it->second;
    }
    const double total = std::accumulate(work.begin(), work.end(), 0.0);
    const std::size_t by_cells = (cells.size() + options.cells_per_group - 1) / options.cells_per_group;
    const auto by_work = static_cast<std::size_t>(
        std::ceil(total / static_cast<double>(std::max<std::size_t>(1, options.compartments_per_group))));
    const std::size_t ngroups = std::min(cells.size(), std::max(by_cells, by_work));
    std::vector<std::vector<Gid>> groups;
    double done = 0;
    const std::size_t cap = options.cells_per_group;
    for (std::size_t g = 0, first = 0; g < ngroups; ++g) {
        // An equal share of what is left; at least enough cells that the rest fit in the
        // groups after this one, at most cap and one cell for each of them.
        const std::size_t leave = ngroups - g - 1;
        const double share = done + (total - done) / static_cast<double>(ngroups - g);
        const std::size_t at_least = std::max(first + 1, cells.size() > leave * cap ? cells.size() - leave * cap : 0);
        const std::size_t at_most = std::min(first + cap, cells.size() - leave);
        std::size_t end = first;
        while (end < at_most && (end < at_least || done + 0.5 * work[end] <= share)) done += work[end++];
        groups.emplace_back(cells.begin() + static_cast<std::ptrdiff_t>(first),
                            cells.begin() + static_cast<std::ptrdiff_t>(end));
        first = end;
    }
    return groups;
}

}  // namespace

std::vector<std::unique_ptr<Group>> make_groups(const Network& network, const RunOptions& options) {
    std::vector<Gid> cables, sources, points;
    for (Gid g = 0; g < network.size(); ++g) {
        const CellKind kind = network.kind(g);
        (kind == CellKind::cable ? cables : kind == CellKind::point ? points : sources).push_back(g);
    }
    std::vector<std::unique_ptr<Group>> groups;
    for (auto& members : cable_partition(network, cables, options))
        groups.push_back(std::make_unique<CellGroup>(network, std::move(members), options));
    // Point neurons by family (each family's dynamics integrates its own), in gid order.
    for (const PointFamily family : {PointFamily::lif, PointFamily::ode, PointFamily::intfire}) {
        std::vector<Gid> members;
        for (const Gid g : points)
            if (point_family(network.point_neuron(g).model) == family) members.push_back(g);
        for (std::size_t first = 0; first < members.size(); first += point_neurons_per_group) {
            const std::size_t end = std::min(members.size(), first + point_neurons_per_group);
            groups.push_back(std::make_unique<PointNeuronGroup>(
                network,
                std::vector<Gid>(members.begin() + static_cast<std::ptrdiff_t>(first), members.begin() + static_cast<std::ptrdiff_t>(end)),
                options.dt));
        }
    }
    if (!sources.empty()) groups.push_back(std::make_unique<SpikeSourceGroup>(network, std::move(sources), options.dt));
    return groups;
}

}  // namespace lamina::sim
