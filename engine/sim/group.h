#pragma once
// What the simulation asks of a group of cells, whatever their kind: cable cells (the
// Hines-solved compartments of cell_group.h) and spike sources today, point neurons
// next. Groups are created from the network by make_groups(); the simulation advances
// them in epochs, hands them their events and collects their spikes, and knows nothing
// else of how a kind is simulated.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/sim/events.h"
#include "engine/sim/recording.h"
#include "engine/sim/run_options.h"

namespace lamina::sim {

class Network;

enum class CellKind { cable, spike_source, point };

class Group {
public:
    virtual ~Group() = default;
    virtual CellKind kind() const noexcept = 0;
    virtual const std::vector<Gid>& gids() const noexcept = 0;
    // Its spikes in a window do not depend on the events it receives (spike sources):
    // such groups advance first in each epoch, so connections from them may have any
    // delay.
    virtual bool spikes_ahead() const noexcept { return false; }

    // Back to t = 0 (v_init for kinds with a membrane).
    virtual void initialize(double v_init) = 0;
    // Steps [first, last): delivers due events, integrates, appends spikes (any order).
    virtual void advance(std::int64_t first, std::int64_t last, std::vector<Spike>& spikes) = 0;
    // Kinds that receive events: a connection's (or stimulus') slot in the group, which
    // its events name; `synapse` is the target's input (a cable cell's point process).
    virtual std::uint32_t add_connection(std::uint32_t /*local*/, std::uint32_t /*synapse*/, std::uint32_t /*connection*/,
                                         double /*weight*/) {
        return 0;
    }
    virtual std::uint32_t add_stimulus(std::uint32_t /*local*/, std::uint32_t /*synapse*/, std::uint32_t /*index*/,
                                       double /*weight*/) {
        return 0;
    }
    // Events for this group, any order (kinds that receive none ignore them).
    virtual void add_events(std::vector<PendingEvent> /*events*/) {}
    virtual void set_external_events(std::vector<PendingEvent> /*events*/) {}

    virtual std::size_t num_nodes() const noexcept { return 0; }  // compartments
    virtual std::size_t memory_bytes() const = 0;
};

// The groups of a network: cable cells in groups of consecutive cells (at most
// options.cells_per_group cells and about options.compartments_per_group compartments
// each, from the network alone, never from the threads), point neurons in groups of
// consecutive gids (point_neurons_per_group), spike sources in one group.
inline constexpr std::size_t point_neurons_per_group = 4096;
std::vector<std::unique_ptr<Group>> make_groups(const Network& network, const RunOptions& options);

}  // namespace lamina::sim
