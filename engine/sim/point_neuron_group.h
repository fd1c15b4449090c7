#pragma once
// Point neurons of one family as a group: inputs delivered at the start of their step as
// for cable cells, then every neuron advanced over the step by the family's dynamics
// (point_dynamics.h), spikes timed inside the step, so spike times are not bound to the
// step grid.
// Synapses of the network's SynapseTable arrive through a ring of per-step input sums
// (NEST's scheme: no event objects for hundreds of millions of synapses), filled from
// the epoch's spikes in their canonical order so sums repeat for any thread count.

#include <span>
#include <vector>

#include "engine/sim/group.h"
#include "engine/sim/network.h"
#include "engine/sim/point_dynamics.h"
#include "engine/sim/point_neuron.h"
#include "engine/sim/recorder_buffer.h"

namespace lamina::sim {

// The columns a point group fills for one recorder: the membranes of some neurons.
struct PointSampler {
    RecorderBuffer* buffer = nullptr;
    std::vector<std::uint32_t> columns, locals;
};

class PointNeuronGroup final : public Group {
public:
    // `gids`: point neurons of one family (point_family), in increasing order.
    PointNeuronGroup(const Network& network, std::vector<Gid> gids, double dt);
    CellKind kind() const noexcept override { return CellKind::point; }
    const std::vector<Gid>& gids() const noexcept override { return gids_; }
    void initialize(double v_init) override;
    void advance(std::int64_t first, std::int64_t last, std::vector<Spike>& spikes) override;
    std::uint32_t add_connection(std::uint32_t local, std::uint32_t synapse, std::uint32_t connection, double weight) override;
    std::uint32_t add_stimulus(std::uint32_t local, std::uint32_t synapse, std::uint32_t index, double weight) override;
    void add_events(std::vector<PendingEvent> events) override;
    void set_external_events(std::vector<PendingEvent> events) override;
    std::size_t memory_bytes() const override;

    double membrane(std::uint32_t local) const { return dynamics_->membrane(local); }  // now
    void membranes(std::vector<double>& out) const;  // every neuron's, in local order

    // Table synapses: `ring_steps` must cover the longest delay plus an epoch. Then, before
    // each advance, the spikes routed since the last one (sorted, sources and neurons).
    void attach_table(const SynapseTable& table, std::size_t ring_steps);
    void receive_table_spikes(std::int64_t now, std::span<const Spike> spikes);

    // Recording: membranes at the end of each step a recorder's schedule samples.
    void add_sampler(PointSampler sampler) { samplers_.push_back(std::move(sampler)); }
    void sample(std::int64_t step, const RecorderBuffer* only = nullptr);
    void remove_samplers(const RecorderBuffer* buffer);

private:
    void deliver(const PendingEvent& e, bool stimulus, double t);
    void take_inputs(std::uint32_t n, std::int64_t k, double t);  // the ring's sums and the drive due at step k

    std::vector<Gid> gids_;
    double dt_;
    std::unique_ptr<PointDynamics> dynamics_;
    struct Slot {
        std::uint32_t local;
        double weight;  // [pA]
    };
    std::vector<Slot> connections_, stimuli_;
    std::vector<PendingEvent> events_, external_;
    std::size_t next_event_ = 0, next_external_ = 0;

    const SynapseTable* table_ = nullptr;
    std::vector<std::uint32_t> local_of_;  // gid - gids_.front() -> local (or none)
    std::size_t ring_steps_ = 0;
    std::vector<double> ring_;             // [step % ring_steps][local][excitatory, inhibitory] [pA]
    std::vector<PoissonDrive> drive_;
    struct DriveDraw {
        std::uint64_t parts;   // Poisson draws per step (0: no drive)
        double part_mean;      // spikes per draw
        double exp_minus_part;
    };
    std::vector<DriveDraw> drive_draw_;
    std::vector<PointSampler> samplers_;
};

}  // namespace lamina::sim
