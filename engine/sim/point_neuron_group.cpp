#include "engine/sim/point_neuron_group.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/errors.h"
#include "engine/sim/random.h"

namespace lamina::sim {

namespace {
constexpr std::uint32_t no_local = std::numeric_limits<std::uint32_t>::max();
}

PointNeuronGroup::PointNeuronGroup(const Network& network, std::vector<Gid> gids, double dt)
    : gids_(std::move(gids)), dt_(dt) {
    std::vector<const PointNeuron*> neurons;
    for (const Gid g : gids_) {
        const PointNeuron& n = network.point_neuron(g);
        neurons.push_back(&n);
        drive_.push_back(n.drive);
        const double mean = n.drive.rate * 1e-3 * dt;  // spikes per step
        const auto parts = mean > 0 ? static_cast<std::uint64_t>(std::ceil(mean / poisson_inversion_limit)) : 0;
        const double part = parts > 0 ? mean / static_cast<double>(parts) : 0.0;
        drive_draw_.push_back({parts, part, std::exp(-part)});
    }
    const PointFamily family = neurons.empty() ? PointFamily::lif : point_family(neurons.front()->model);
    for (const PointNeuron* n : neurons)
        if (point_family(n->model) != family) throw InternalError("a point-neuron group mixes model families");
    dynamics_ = family == PointFamily::lif   ? make_lif_dynamics(neurons, dt)
                : family == PointFamily::ode ? make_ode_dynamics(neurons, dt)
                                             : make_intfire_dynamics(neurons);
    initialize(0.0);
}

void PointNeuronGroup::initialize(double) {
    // A point neuron starts at its own V_m (NEST's rule), not at the run's v_init.
    dynamics_->initialize();
    events_.clear();
    std::fill(ring_.begin(), ring_.end(), 0.0);
    next_event_ = 0;
    next_external_ = 0;
}

std::uint32_t PointNeuronGroup::add_connection(std::uint32_t local, std::uint32_t, std::uint32_t, double weight) {
    connections_.push_back({local, weight});
    return static_cast<std::uint32_t>(connections_.size() - 1);
}

std::uint32_t PointNeuronGroup::add_stimulus(std::uint32_t local, std::uint32_t, std::uint32_t, double weight) {
    stimuli_.push_back({local, weight});
    return static_cast<std::uint32_t>(stimuli_.size() - 1);
}

void PointNeuronGroup::add_events(std::vector<PendingEvent> events) {
    merge_events(events_, next_event_, std::move(events));
}

void PointNeuronGroup::set_external_events(std::vector<PendingEvent> events) {
    std::sort(events.begin(), events.end(), earlier);
    external_ = std::move(events);
    next_external_ = 0;
}

void PointNeuronGroup::attach_table(const SynapseTable& table, std::size_t ring_steps) {
    table_ = &table;
    ring_steps_ = std::max<std::size_t>(ring_steps, 1);
    ring_.assign(ring_steps_ * gids_.size() * 2, 0.0);
    local_of_.assign(gids_.empty() ? 0 : gids_.back() - gids_.front() + 1, no_local);
    for (std::uint32_t n = 0; n < gids_.size(); ++n) local_of_[gids_[n] - gids_.front()] = n;
}

void PointNeuronGroup::receive_table_spikes(std::int64_t now, std::span<const Spike> spikes) {
    if (!table_ || gids_.empty()) return;
    const Gid first = gids_.front(), last = gids_.back();
    const std::size_t width = gids_.size() * 2;
    for (const Spike& spike : spikes)
        for (const TableSynapse& s : table_->row(spike.gid, first, last)) {
            const std::int64_t k = std::max(now, delivery_step(spike.time + double{s.delay}, dt_));
            if (k - now >= static_cast<std::int64_t>(ring_steps_))
                throw InternalError("point-neuron input ring too short for a delay of " + readable_number(s.delay) + " ms");
            const std::uint32_t local = local_of_[s.target - first];
            if (local == no_local) continue;  // a neuron of another group between this one's gids
            const std::size_t at = static_cast<std::size_t>(k) % ring_steps_ * width + std::size_t{local} * 2;
            ring_[at + (s.weight < 0 ? 1 : 0)] += double{s.weight};
        }
}

void PointNeuronGroup::take_inputs(std::uint32_t n, std::int64_t k, double t) {
    if (!ring_.empty()) {
        double* sums = &ring_[static_cast<std::size_t>(k) % ring_steps_ * gids_.size() * 2 + std::size_t{n} * 2];
        if (sums[0] != 0) dynamics_->receive(n, sums[0], t);
        if (sums[1] != 0) dynamics_->receive(n, sums[1], t);
        sums[0] = sums[1] = 0;
    }
    const DriveDraw& d = drive_draw_[n];
    if (d.parts > 0) {
        // Means beyond the inversion's range are split into equal parts, one draw each.
        double count = 0;
        for (std::uint64_t j = 0; j < d.parts; ++j)
            count += poisson_from_uniform(d.part_mean, uniform_open(drive_[n].seed, gids_[n], static_cast<std::uint64_t>(k) * d.parts + j),
                                          d.exp_minus_part);
        if (count > 0) dynamics_->receive(n, count * drive_[n].weight, t);
    }
}

void PointNeuronGroup::deliver(const PendingEvent& e, bool stimulus, double t) {
    const Slot& slot = (stimulus ? stimuli_ : connections_)[e.slot];
    dynamics_->receive(slot.local, slot.weight, t);
}

void PointNeuronGroup::advance(std::int64_t first, std::int64_t last, std::vector<Spike>& spikes) {
    for (std::int64_t k = first; k < last; ++k) {
        const double t0 = static_cast<double>(k) * dt_;
        // Inputs due at this step's start, network events and stimuli, in canonical order.
        while (next_external_ < external_.size() && external_[next_external_].step <= k) deliver(external_[next_external_++], true, t0);
        while (next_event_ < events_.size() && events_[next_event_].step <= k) deliver(events_[next_event_++], false, t0);
        for (std::uint32_t n = 0; n < gids_.size(); ++n) take_inputs(n, k, t0);
        dynamics_->advance(t0, dt_, gids_, spikes);
        if (!samplers_.empty()) sample(k + 1);
    }
}

void PointNeuronGroup::sample(std::int64_t step, const RecorderBuffer* only) {
    for (const PointSampler& g : samplers_) {
        if ((only && g.buffer != only) || !g.buffer->schedule.samples(step)) continue;
        const std::size_t offset = g.buffer->offset(step);
        for (std::size_t k = 0; k < g.columns.size(); ++k) {
            const double v = membrane(g.locals[k]);
            if (g.buffer->single) g.buffer->floats[offset + g.columns[k]] = static_cast<float>(v);
            else g.buffer->values[offset + g.columns[k]] = v;
        }
    }
}

void PointNeuronGroup::remove_samplers(const RecorderBuffer* buffer) {
    std::erase_if(samplers_, [&](const PointSampler& g) { return g.buffer == buffer; });
}

void PointNeuronGroup::membranes(std::vector<double>& out) const {
    out.resize(gids_.size());
    for (std::uint32_t n = 0; n < gids_.size(); ++n) out[n] = dynamics_->membrane(n);
}

std::size_t PointNeuronGroup::memory_bytes() const {
    return gids_.size() * sizeof(Gid) + dynamics_->memory_bytes() +
           (connections_.size() + stimuli_.size()) * sizeof(Slot) + (events_.size() + external_.size()) * sizeof(PendingEvent) +
           ring_.size() * sizeof(double) + local_of_.size() * sizeof(std::uint32_t) +
           drive_.size() * (sizeof(PoissonDrive) + sizeof(DriveDraw));
}

}  // namespace lamina::sim
