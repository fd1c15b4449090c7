#pragma once
// Global ids of a circuit's nodes in the simulator: populations in circuit order, node
// ids in order, so a population is a range of consecutive gids. The one place that
// turns (population, node id) into a gid and back.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lamina::circuit {

using Gid = std::uint32_t;

struct GidRange {
    std::string population;
    Gid first = 0;
    std::size_t size = 0;
    bool is_virtual = false;  // every node a spike source
};

class GidMap {
public:
    // The next population's range; returns its first gid.
    Gid add(std::string population, std::size_t size, bool is_virtual);
    // Throw InvalidArgument naming the population, node or gid when there is none.
    Gid gid(const std::string& population, std::uint64_t node) const;
    std::pair<std::string, std::uint64_t> node_of(Gid gid) const;
    const GidRange& range_of(Gid gid) const;
    const std::vector<GidRange>& ranges() const noexcept { return ranges_; }
    std::size_t size() const noexcept { return size_; }

private:
    std::vector<GidRange> ranges_;
    std::size_t size_ = 0;
};

}  // namespace lamina::circuit
