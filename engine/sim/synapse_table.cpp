#include "engine/sim/synapse_table.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/errors.h"

namespace lamina::sim {

void SynapseTable::add_row(Gid source, std::vector<TableSynapse> row) {
    if (source < source_end())
        throw InvalidArgument("synapse table: the row of source " + std::to_string(source) + " comes after source " +
                              std::to_string(source_end() - 1) + "'s; rows go in increasing source order");
    for (const TableSynapse& s : row) {
        if (!(s.delay > 0 && std::isfinite(s.delay)))
            throw InvalidArgument("synapse table: source " + std::to_string(source) + " -> " + std::to_string(s.target) +
                                  " has delay " + readable_number(s.delay) + " ms; delays must be positive");
        if (!std::isfinite(s.weight))
            throw InvalidArgument("synapse table: source " + std::to_string(source) + " -> " + std::to_string(s.target) +
                                  " has a weight that is not a number");
        min_delay_ = std::min<double>(min_delay_, s.delay);
        max_delay_ = std::max<double>(max_delay_, s.delay);
    }
    // Stable: synapses onto one target keep their order, so sums over them do too.
    std::stable_sort(row.begin(), row.end(), [](const TableSynapse& a, const TableSynapse& b) { return a.target < b.target; });
    offsets_.resize(std::size_t{source} + 1, offsets_.back());
    synapses_.insert(synapses_.end(), row.begin(), row.end());
    offsets_.push_back(synapses_.size());
}

std::span<const TableSynapse> SynapseTable::row(Gid source) const {
    if (source >= source_end()) return {};
    return {synapses_.data() + offsets_[source], synapses_.data() + offsets_[std::size_t{source} + 1]};
}

std::span<const TableSynapse> SynapseTable::row(Gid source, Gid first, Gid last) const {
    const auto all = row(source);
    const auto begin = std::lower_bound(all.begin(), all.end(), first,
                                        [](const TableSynapse& s, Gid g) { return s.target < g; });
    const auto end = std::upper_bound(begin, all.end(), last, [](Gid g, const TableSynapse& s) { return g < s.target; });
    return {begin, end};
}

}  // namespace lamina::sim
