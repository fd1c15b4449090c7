#pragma once
// Events between cells carry their connection: the spiking gid, the network's
// connection index and the slot of that connection in the target group, which owns its
// (mutable) weight. Their canonical order, the same for any thread count or group
// layout and independent of any counter, is (time, source gid, connection index);
// stimulus events (Network::events) have no source and sort after spikes due at the
// same time, by their index. Times are real times: the step of delivery is derived
// from them (NEURON's rule), so a variable-step integrator can consume the same queues.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

namespace lamina::sim {

using Gid = std::uint32_t;
inline constexpr Gid no_source = std::numeric_limits<Gid>::max();

struct PendingEvent {
    std::int64_t step;          // delivered at the start of this step (from `time`)
    double time;                // [ms] when it is due
    Gid source;                 // the spiking gid, or no_source for a stimulus event
    std::uint32_t connection;   // the network's connection index, or the stimulus event's index
    std::uint32_t slot;         // in the target group: the connection's (or stimulus') slot
};

inline bool earlier(const PendingEvent& a, const PendingEvent& b) {
    return std::tie(a.step, a.time, a.source, a.connection) < std::tie(b.step, b.time, b.source, b.connection);
}

// The step at whose start an event due at t is delivered: the boundary nearest t, a
// tie (t exactly half-way) going to the later one. This is NEURON 9's fixed-step rule
// to the last bit (step times n*dt, test t < n*dt + dt/2): with it the reference
// network's first 50 ms agree spike for spike.
inline std::int64_t delivery_step(double t, double dt) {
    auto due = [&](std::int64_t k) { return t < static_cast<double>(k) * dt + 0.5 * dt; };
    auto n = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(t / dt - 0.5)));
    while (n > 0 && due(n - 1)) --n;
    while (!due(n)) ++n;
    return n;
}

// A group's queue of events, kept in canonical order: the delivered ones before `next`
// are dropped and a batch in any order is sorted and merged in.
inline void merge_events(std::vector<PendingEvent>& queue, std::size_t& next, std::vector<PendingEvent> batch) {
    if (batch.empty()) return;
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(next));
    next = 0;
    std::sort(batch.begin(), batch.end(), earlier);  // the new batch only; then merge
    const auto middle = static_cast<std::ptrdiff_t>(queue.size());
    queue.insert(queue.end(), batch.begin(), batch.end());
    std::inplace_merge(queue.begin(), queue.begin() + middle, queue.end(), earlier);
}

}  // namespace lamina::sim
