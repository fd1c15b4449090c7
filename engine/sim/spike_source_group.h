#pragma once
// Spike sources as a group: regular, Poisson or explicit trains, each continuing from
// where the last window left it (network.h: next_source_spikes).

#include <vector>

#include "engine/sim/group.h"
#include "engine/sim/network.h"

namespace lamina::sim {

class SpikeSourceGroup final : public Group {
public:
    SpikeSourceGroup(const Network& network, std::vector<Gid> gids, double dt);
    CellKind kind() const noexcept override { return CellKind::spike_source; }
    const std::vector<Gid>& gids() const noexcept override { return gids_; }
    bool spikes_ahead() const noexcept override { return true; }
    void initialize(double v_init) override;
    void advance(std::int64_t first, std::int64_t last, std::vector<Spike>& spikes) override;
    std::size_t memory_bytes() const override;

private:
    std::vector<Gid> gids_;
    std::vector<SpikeSource> sources_;
    std::vector<SourceCursor> cursors_;  // where each train stands
    double dt_;
    std::vector<double> times_;  // scratch
};

}  // namespace lamina::sim
