#pragma once
// The model to simulate: cells (each a shared description, so a thousand identical cells
// share one), spike sources, connections and external events, by global id (gid).
// The engine never knows where they came from (SONATA, the builder, a test).

#include <cstdint>
#include <map>
#include <string>
#include <memory>
#include <vector>

#include "engine/sim/cell_description.h"
#include "engine/sim/group.h"
#include "engine/sim/point_neuron.h"
#include "engine/sim/synapse_table.h"

namespace lamina::sim {

using Gid = std::uint32_t;

// A cell that only emits spikes: a regular train, a Poisson train (counter-based random
// stream per source, reproducible for a seed), or explicit times.
// The latest time [ms] the engine simulates to and the longest delay it accepts (11.6
// days): beyond it step indices lose their meaning, and no model means it.
inline constexpr double max_time = 1e9;
inline constexpr double max_source_rate = 1e5;  // [Hz] Poisson sources; 1e-2 ms between regular spikes

struct SpikeSource {
    enum class Kind { regular, poisson, explicit_times } kind = Kind::explicit_times;
    double start = 0.0;               // [ms]
    double stop = 1e300;              // [ms], exclusive
    double interval_or_rate = 0.0;    // [ms] for regular, [Hz] for Poisson
    std::uint64_t seed = 0;           // Poisson stream seed
    std::vector<double> times;        // [ms] for explicit trains, sorted
};

struct Connection {
    Gid source;
    Gid target;
    std::uint32_t synapse;  // placement index on the target cell
    double weight;          // in the synapse's units (µS for ExpSyn/Exp2Syn)
    double delay;           // [ms], > 0
};

struct ExternalEvent {
    Gid target;
    std::uint32_t synapse;
    double time;    // [ms]
    double weight;
};

class Network {
public:
    Gid add_cell(std::shared_ptr<const CellDescription> cell);
    Gid add_spike_source(SpikeSource source);
    Gid add_point_neuron(PointNeuron neuron);
    // Throws InvalidArgument for an unknown gid, a target that is not a cell or has no
    // such synapse, a synapse that cannot receive events, or a delay <= 0. A point
    // neuron has one input, synapse 0; its weight's sign picks the receptor.
    void connect(const Connection& connection);
    // Connections onto point neurons in bulk (a microcircuit's hundreds of millions),
    // besides those of connect(). Throws InvalidArgument naming the first source that is
    // not in the network or target that is not a point neuron, or a delay beyond
    // max_time. Replaces any table set before.
    void set_synapse_table(std::shared_ptr<const SynapseTable> table);
    void add_event(const ExternalEvent& event);

    // Edits of one cell's point processes (stimuli placed or tuned in the app). The cell
    // gets its own copy of its description first, so cells that shared it keep theirs.
    std::uint32_t place_on_cell(Gid gid, Location where, const std::string& mechanism,
                                std::map<std::string, double> parameters);
    void set_point_parameter(Gid gid, std::uint32_t placement, const std::string& parameter, double value);
    // Refuses a point process that connections or events still target; renumbers the
    // targets of those after it.
    void remove_point_process(Gid gid, std::uint32_t placement);

    std::size_t size() const noexcept { return kinds_.size(); }
    bool is_cell(Gid gid) const { return kinds_.at(gid) == Kind::cell; }  // a cable cell
    bool is_point(Gid gid) const { return kinds_.at(gid) == Kind::point; }
    // Whether its spikes come from its own dynamics (a cable cell or a point neuron).
    bool is_neuron(Gid gid) const { return kinds_.at(gid) != Kind::source; }
    CellKind kind(Gid gid) const {
        const Kind k = kinds_.at(gid);
        return k == Kind::cell ? CellKind::cable : k == Kind::point ? CellKind::point : CellKind::spike_source;
    }
    const std::shared_ptr<const CellDescription>& cell(Gid gid) const;
    const SpikeSource& source(Gid gid) const;
    const PointNeuron& point_neuron(Gid gid) const;
    const std::vector<Connection>& connections() const noexcept { return connections_; }
    const std::vector<ExternalEvent>& events() const noexcept { return events_; }
    const SynapseTable* synapse_table() const noexcept { return table_.get(); }
    // connect()'s connections and the table's synapses.
    std::size_t connection_count() const noexcept { return connections_.size() + (table_ ? table_->size() : 0); }

private:
    enum class Kind { cell, source, point };
    std::vector<Kind> kinds_;
    std::vector<std::uint32_t> index_;  // into cells_ or sources_
    std::vector<std::shared_ptr<const CellDescription>> cells_;
    std::vector<SpikeSource> sources_;
    std::vector<PointNeuron> points_;
    std::vector<Connection> connections_;
    std::vector<ExternalEvent> events_;
    std::shared_ptr<const SynapseTable> table_;  // shared by copies: it is never edited
};

// Spike times of a source in [from, to), reproducible and independent of how the
// interval is split (Poisson draws come from a counter-based stream).
void source_spikes(const SpikeSource& source, Gid gid, double from, double to, std::vector<double>& out);

// Where a source's train stands, so consecutive windows cost only their own spikes.
struct SourceCursor {
    std::uint64_t next = 0;  // index of the next explicit time or Poisson draw
    double time = 0.0;       // [ms] time of the last Poisson spike drawn
    bool started = false;
};
// Spikes of `source` before `to`, continuing from `cursor` (windows must be consecutive).
void next_source_spikes(const SpikeSource& source, Gid gid, SourceCursor& cursor, double to, std::vector<double>& out);

}  // namespace lamina::sim
