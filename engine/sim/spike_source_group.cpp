#include "engine/sim/spike_source_group.h"

namespace lamina::sim {

SpikeSourceGroup::SpikeSourceGroup(const Network& network, std::vector<Gid> gids, double dt)
    : gids_(std::move(gids)), dt_(dt) {
    for (Gid g : gids_) sources_.push_back(network.source(g));
    cursors_.assign(gids_.size(), SourceCursor{});
}

void SpikeSourceGroup::initialize(double) { cursors_.assign(gids_.size(), SourceCursor{}); }

void SpikeSourceGroup::advance(std::int64_t, std::int64_t last, std::vector<Spike>& spikes) {
    const double until = static_cast<double>(last) * dt_;
    for (std::size_t k = 0; k < gids_.size(); ++k) {
        times_.clear();
        next_source_spikes(sources_[k], gids_[k], cursors_[k], until, times_);
        for (double t : times_) spikes.push_back({gids_[k], t});
    }
}

std::size_t SpikeSourceGroup::memory_bytes() const {
    std::size_t bytes = gids_.size() * (sizeof(Gid) + sizeof(SpikeSource) + sizeof(SourceCursor));
    for (const auto& s : sources_) bytes += s.times.size() * sizeof(double);
    return bytes;
}

}  // namespace lamina::sim
