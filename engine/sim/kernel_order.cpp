#include "engine/sim/kernel_order.h"

#include <algorithm>
#include <numeric>

namespace lamina::sim {

namespace {
// Whether the mechanisms' instances already make long runs in group order (identical
// cells interleaved put each on consecutive nodes): then copying costs more than it saves.
bool runs_are_long(const std::vector<const IndexArray*>& density_nodes) {
    std::size_t instances = 0, runs = 0;
    for (const IndexArray* nodes : density_nodes) {
        std::vector<std::uint32_t> sorted(nodes->begin(), nodes->end());
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t i = 0; i < sorted.size(); ++i) runs += i == 0 || sorted[i] != sorted[i - 1] + 1;
        instances += sorted.size();
    }
    // The threshold for_each_instance uses to choose between runs and gathers.
    return runs * 16 <= instances;
}
}  // namespace

KernelOrder kernel_order(std::size_t nodes, const std::vector<const IndexArray*>& density_nodes) {
    if (runs_are_long(density_nodes)) {
        KernelOrder order;
        order.rank.resize(nodes);
        std::iota(order.rank.begin(), order.rank.end(), std::uint32_t{0});
        return order;
    }
    // Mechanisms by how many nodes they cover, most first: sorting nodes by membership
    // in that order keeps the most widespread mechanism in one run, the next in at most
    // two, and so on; mechanisms painted on the same regions share their runs.
    std::vector<std::size_t> by_size(density_nodes.size());
    std::iota(by_size.begin(), by_size.end(), std::size_t{0});
    std::stable_sort(by_size.begin(), by_size.end(), [&](std::size_t x, std::size_t y) {
        return density_nodes[x]->size() > density_nodes[y]->size();
    });
    // Per node, its membership as a bit string in that order (a byte per mechanism).
    const std::size_t width = density_nodes.size();
    std::vector<unsigned char> member(nodes * width, 0);
    std::vector<char> membrane(nodes, 0);
    for (std::size_t j = 0; j < width; ++j)
        for (std::uint32_t k : *density_nodes[by_size[j]]) {
            member[k * width + j] = 1;
            membrane[k] = 1;
        }
    std::vector<std::uint32_t> sequence;
    for (std::uint32_t k = 0; k < nodes; ++k)
        if (membrane[k]) sequence.push_back(k);
    const std::size_t membrane_count = sequence.size();
    // Carrying a mechanism sorts before lacking it; ties keep group order, so cells and
    // their neighbourhoods stay together within a set.
    std::stable_sort(sequence.begin(), sequence.end(), [&](std::uint32_t x, std::uint32_t y) {
        return std::lexicographical_compare(member.begin() + static_cast<std::ptrdiff_t>(y * width),
                                            member.begin() + static_cast<std::ptrdiff_t>((y + 1) * width),
                                            member.begin() + static_cast<std::ptrdiff_t>(x * width),
                                            member.begin() + static_cast<std::ptrdiff_t>((x + 1) * width));
    });
    for (std::uint32_t k = 0; k < nodes; ++k)
        if (!membrane[k]) sequence.push_back(k);
    KernelOrder order;
    order.rank.resize(nodes);
    for (std::size_t p = 0; p < nodes; ++p) {
        order.rank[sequence[p]] = static_cast<std::uint32_t>(p);
        order.identity = order.identity && sequence[p] == p;
    }
    order.membrane.assign(sequence.begin(), sequence.begin() + static_cast<std::ptrdiff_t>(membrane_count));
    return order;
}

std::optional<std::size_t> KernelOrder::find(const IndexArray& nodes, std::uint32_t node) const {
    const auto it = std::lower_bound(nodes.begin(), nodes.end(), node,
                                     [this](std::uint32_t x, std::uint32_t y) { return before(x, y); });
    if (it == nodes.end() || *it != node) return std::nullopt;
    return static_cast<std::size_t>(it - nodes.begin());
}

}  // namespace lamina::sim
