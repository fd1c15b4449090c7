#pragma once
// Connections onto point neurons in bulk. A full-scale cortical microcircuit has about
// 3e8 of them: as Network::Connection (32 bytes, plus the run's routing and weight slot)
// they would need over 15 GB; here each is 12 bytes (target, weight, delay as floats),
// in rows by source, each row sorted by target so that a group of point neurons finds
// its part of a row by two binary searches. The table is immutable once built and
// shared between copies of a network.

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "engine/sim/events.h"

namespace lamina::sim {

struct TableSynapse {
    Gid target;    // a point neuron
    float weight;  // [pA]; the sign picks the receptor (excitatory >= 0)
    float delay;   // [ms] > 0
};
static_assert(sizeof(TableSynapse) == 12);

class SynapseTable {
public:
    // Rows are added in increasing source order (a source may be skipped: its row is
    // empty); a row's synapses in any order. Throws InvalidArgument for a source out of
    // order, a delay that is not positive and finite, or a weight that is not finite.
    void reserve(std::size_t synapses) { synapses_.reserve(synapses); }
    void add_row(Gid source, std::vector<TableSynapse> row);

    std::size_t size() const noexcept { return synapses_.size(); }
    // Sources with a row: gids below this (every later gid has none).
    Gid source_end() const noexcept { return static_cast<Gid>(offsets_.size() - 1); }
    std::span<const TableSynapse> row(Gid source) const;
    // The part of a row whose targets lie in [first, last].
    std::span<const TableSynapse> row(Gid source, Gid first, Gid last) const;
    double min_delay() const noexcept { return min_delay_; }  // [ms]; infinity when empty
    double max_delay() const noexcept { return max_delay_; }
    std::size_t memory_bytes() const noexcept {
        return synapses_.capacity() * sizeof(TableSynapse) + offsets_.capacity() * sizeof(std::uint64_t);
    }

private:
    std::vector<TableSynapse> synapses_;
    std::vector<std::uint64_t> offsets_{0};  // row g is [offsets_[g], offsets_[g + 1])
    double min_delay_ = std::numeric_limits<double>::infinity(), max_delay_ = 0;
};

}  // namespace lamina::sim
