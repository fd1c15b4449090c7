#include "engine/sim/point_neuron_group.h"

#include <algorithm>
#include <limits>

#include "engine/errors.h"

namespace lamina::sim {

PointNeuronGroup::PointNeuronGroup(const Network& network, std::vector<Gid> gids, double dt)
    : gids_(std::move(gids)), dt_(dt) {
    for (const Gid g : gids_) {
        const PointNeuron& n = network.point_neuron(g);
        parameters_.push_back(n.lif);
        step_.emplace_back(n.lif, dt);
        v_start_.push_back(n.V_m);
    }
    initialize(0.0);
}

void PointNeuronGroup::initialize(double) {
    // A point neuron starts at its own V_m (NEST's rule), not at the run's v_init.
    state_.assign(gids_.size(), LifState{});
    for (std::size_t n = 0; n < gids_.size(); ++n) state_[n].y = v_start_[n] - parameters_[n].E_L;
    refractory_until_.assign(gids_.size(), -std::numeric_limits<double>::infinity());
    events_.clear();
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

void PointNeuronGroup::deliver(const PendingEvent& e, bool stimulus) {
    const Slot& slot = (stimulus ? stimuli_ : connections_)[e.slot];
    // An input arriving while the neuron is refractory still feeds its currents (NEST).
    lif_receive(parameters_[slot.local], state_[slot.local], slot.weight);
}

void PointNeuronGroup::step(std::uint32_t n, double t0, std::vector<Spike>& spikes) {
    const LifParameters& p = parameters_[n];
    LifState& s = state_[n];
    const double theta = p.V_th - p.E_L, y_reset = p.V_reset - p.E_L, end = t0 + dt_;
    double t = t0;
    while (t < end) {
        if (refractory_until_[n] > t) {  // held at V_reset, the currents decaying
            const double until = std::min(refractory_until_[n], end);
            s = LifPropagator(p, until - t).currents_only(s);
            s.y = y_reset;
            t = until;
            continue;
        }
        const bool whole = t == t0;
        const double h = end - t;
        const LifState next = whole ? step_[n].free(s) : LifPropagator(p, h).free(s);
        if (next.y < theta) {
            s = next;
            break;
        }
        // Threshold inside (t, end]: the spike at the crossing, then reset and refractory.
        const double at = s.y >= theta ? 0.0 : lif_crossing(p, s, h);
        spikes.push_back({gids_[n], t + at});
        s = LifPropagator(p, at).currents_only(s);
        s.y = y_reset;
        refractory_until_[n] = t + at + p.t_ref;
        t += at;
        if (p.t_ref == 0 && at == 0) t = std::nextafter(t, end);  // never the same instant twice
    }
}

void PointNeuronGroup::advance(std::int64_t first, std::int64_t last, std::vector<Spike>& spikes) {
    for (std::int64_t k = first; k < last; ++k) {
        // Inputs due at this step's start, network events and stimuli, in canonical order.
        while (next_external_ < external_.size() && external_[next_external_].step <= k) deliver(external_[next_external_++], true);
        while (next_event_ < events_.size() && events_[next_event_].step <= k) deliver(events_[next_event_++], false);
        const double t0 = static_cast<double>(k) * dt_;
        for (std::uint32_t n = 0; n < gids_.size(); ++n) step(n, t0, spikes);
    }
}

double PointNeuronGroup::membrane(std::uint32_t local) const { return state_.at(local).y + parameters_[local].E_L; }

std::size_t PointNeuronGroup::memory_bytes() const {
    return gids_.size() * (sizeof(Gid) + sizeof(LifParameters) + sizeof(LifPropagator) + sizeof(LifState) + 2 * sizeof(double)) +
           (connections_.size() + stimuli_.size()) * sizeof(Slot) + (events_.size() + external_.size()) * sizeof(PendingEvent);
}

}  // namespace lamina::sim
