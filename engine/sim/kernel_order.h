#pragma once
// The order density-mechanism kernels see a cell group's nodes in.
//
// The solver numbers nodes for its elimination chains (re-rooted, partitioned, level by
// level interleaved: see hines_solver.h), and zero-area section ends sit between the
// compartments. In that numbering a mechanism on the apical dendrite falls into some
// twenty runs of a few nodes, and its kernels gather v and scatter currents lane by
// lane, which costs more than the channel's arithmetic. Kernels therefore work on
// their own copy of the membrane nodes (those carrying a density mechanism), ordered
// so that each mechanism's nodes form one or a few runs: nodes are sorted by the set
// of mechanisms they carry, the most widespread mechanism deciding first. A group
// whose mechanisms already make long runs in its numbering (identical cells
// interleaved: node k of every cell side by side), or whose numbering already is that
// order, skips the copy.

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/sim/aligned.h"

namespace lamina::sim {

struct KernelOrder {
    // Group node -> kernel position: membrane nodes take [0, membrane.size()), in the
    // order above; the other nodes follow in group order.
    IndexArray rank;
    // Kernel position -> group node, for the membrane nodes (unused with the identity).
    IndexArray membrane;
    // rank is the identity: kernels may index the group's own arrays.
    bool identity = true;

    // Whether group node x comes before y (how ion nodes are sorted, as instances are).
    bool before(std::uint32_t x, std::uint32_t y) const { return rank[x] < rank[y]; }
    // The index of `node` in `nodes`, a list of group nodes sorted by before(); nullopt
    // when it is not there.
    std::optional<std::size_t> find(const IndexArray& nodes, std::uint32_t node) const;
};

// `density_nodes`: per density mechanism, the group nodes of its instances.
KernelOrder kernel_order(std::size_t nodes, const std::vector<const IndexArray*>& density_nodes);

}  // namespace lamina::sim
