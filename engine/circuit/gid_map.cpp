#include "engine/circuit/gid_map.h"

#include <algorithm>
#include <limits>

#include "engine/errors.h"

namespace lamina::circuit {

Gid GidMap::add(std::string population, std::size_t size, bool is_virtual) {
    if (size > std::numeric_limits<Gid>::max() - size_)
        throw InvalidArgument("population '" + population + "' takes the circuit past " +
                              std::to_string(std::numeric_limits<Gid>::max()) + " nodes");
    const auto first = static_cast<Gid>(size_);
    ranges_.push_back({std::move(population), first, size, is_virtual});
    size_ += size;
    return first;
}

Gid GidMap::gid(const std::string& population, std::uint64_t node) const {
    for (const auto& r : ranges_)
        if (r.population == population) {
            if (node >= r.size)
                throw InvalidArgument("node " + std::to_string(node) + " is outside population '" + population +
                                      "' (" + std::to_string(r.size) + " nodes)");
            return r.first + static_cast<Gid>(node);
        }
    throw InvalidArgument("no node population '" + population + "'");
}

const GidRange& GidMap::range_of(Gid gid) const {
    // Ranges are consecutive and in order: the last one starting at or before gid.
    const auto it = std::upper_bound(ranges_.begin(), ranges_.end(), gid,
                                     [](Gid g, const GidRange& r) { return g < r.first; });
    if (it == ranges_.begin() || gid >= std::prev(it)->first + std::prev(it)->size)
        throw InvalidArgument("gid " + std::to_string(gid) + " is not in the network");
    return *std::prev(it);
}

std::pair<std::string, std::uint64_t> GidMap::node_of(Gid gid) const {
    const GidRange& r = range_of(gid);
    return {r.population, gid - r.first};
}

}  // namespace lamina::circuit
