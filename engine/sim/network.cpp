#include "engine/sim/network.h"

#include <cmath>

#include "engine/errors.h"
#include "engine/sim/mechanism.h"
#include "engine/sim/random.h"

namespace lamina::sim {

Gid Network::add_cell(std::shared_ptr<const CellDescription> cell) {
    if (!cell || cell->sections().empty()) throw InvalidArgument("a cell needs a description with sections");
    kinds_.push_back(Kind::cell);
    index_.push_back(static_cast<std::uint32_t>(cells_.size()));
    cells_.push_back(std::move(cell));
    return static_cast<Gid>(kinds_.size() - 1);
}

Gid Network::add_spike_source(SpikeSource source) {
    const double r = source.interval_or_rate;
    if (source.kind == SpikeSource::Kind::regular && !(r >= 1e3 / max_source_rate && r <= max_time))
        throw InvalidArgument("a regular spike source needs an interval in [" + readable_number(1e3 / max_source_rate) + ", " +
                              readable_number(max_time) + "] ms, got " + readable_number(r));
    if (source.kind == SpikeSource::Kind::poisson && !(r >= 0 && r <= max_source_rate))
        throw InvalidArgument("a Poisson spike source needs a rate in [0, " + readable_number(max_source_rate) + "] Hz, got " +
                              readable_number(r));
    if (!(source.start >= 0 && source.start <= max_time) || !(source.stop >= source.start))
        throw InvalidArgument("a spike source needs 0 <= start <= " + readable_number(max_time) + " ms and stop >= start, got " +
                              readable_number(source.start) + " and " + readable_number(source.stop));
    for (std::size_t i = 0; i < source.times.size(); ++i) {
        if (!(source.times[i] >= 0 && source.times[i] <= max_time))
            throw InvalidArgument("explicit spike times must be in [0, " + readable_number(max_time) + "] ms, got " +
                                  readable_number(source.times[i]) + " (spike " + std::to_string(i) + ")");
        if (i > 0 && source.times[i] < source.times[i - 1])
            throw InvalidArgument("explicit spike times must not decrease (spike " + std::to_string(i) + ")");
    }
    kinds_.push_back(Kind::source);
    index_.push_back(static_cast<std::uint32_t>(sources_.size()));
    sources_.push_back(std::move(source));
    return static_cast<Gid>(kinds_.size() - 1);
}

const std::shared_ptr<const CellDescription>& Network::cell(Gid gid) const {
    if (gid >= size() || kinds_[gid] != Kind::cell) throw InvalidArgument("gid " + std::to_string(gid) + " is not a cell");
    return cells_[index_[gid]];
}

Gid Network::add_point_neuron(PointNeuron neuron) {
    kinds_.push_back(Kind::point);
    index_.push_back(static_cast<std::uint32_t>(points_.size()));
    points_.push_back(std::move(neuron));
    return static_cast<Gid>(kinds_.size() - 1);
}

const PointNeuron& Network::point_neuron(Gid gid) const {
    if (gid >= size() || kinds_[gid] != Kind::point)
        throw InvalidArgument("gid " + std::to_string(gid) + " is not a point neuron");
    return points_[index_[gid]];
}

const SpikeSource& Network::source(Gid gid) const {
    if (gid >= size() || kinds_[gid] != Kind::source)
        throw InvalidArgument("gid " + std::to_string(gid) + " is not a spike source");
    return sources_[index_[gid]];
}

namespace {
void check_target(const Network& net, Gid target, std::uint32_t synapse, const char* what) {
    if (target >= net.size()) throw InvalidArgument(std::string(what) + ": target gid " + std::to_string(target) + " does not exist");
    if (net.is_point(target)) {
        if (synapse != 0)
            throw InvalidArgument(std::string(what) + ": point neuron " + std::to_string(target) +
                                  " has one input, synapse 0, not " + std::to_string(synapse));
        return;
    }
    const auto& placements = net.cell(target)->placements();
    if (synapse >= placements.size())
        throw InvalidArgument(std::string(what) + ": cell " + std::to_string(target) + " has no synapse " +
                              std::to_string(synapse) + " (it has " + std::to_string(placements.size()) +
                              " point processes)");
    const std::string& mech = placements[synapse].mechanism;
    if (!mechanism_info(mech).receives_events)
        throw InvalidArgument(std::string(what) + ": point process " + std::to_string(synapse) + " of cell " +
                              std::to_string(target) + " is a " + mech + ", which does not receive events");
}
}  // namespace

void Network::connect(const Connection& c) {
    if (c.source >= size()) throw InvalidArgument("connection: source gid " + std::to_string(c.source) + " does not exist");
    check_target(*this, c.target, c.synapse, "connection");
    if (!(c.delay > 0 && c.delay <= max_time))
        throw InvalidArgument("connection delay must be in (0, " + readable_number(max_time) + "] ms, got " + readable_number(c.delay));
    if (!std::isfinite(c.weight)) throw InvalidArgument("connection weight must be a finite number");
    connections_.push_back(c);
}

void Network::set_synapse_table(std::shared_ptr<const SynapseTable> table) {
    if (table) {
        if (table->source_end() > size())
            throw InvalidArgument("synapse table: source gid " + std::to_string(table->source_end() - 1) + " does not exist");
        if (table->max_delay() > max_time)
            throw InvalidArgument("synapse table: delay " + readable_number(table->max_delay()) + " ms is beyond " +
                                  readable_number(max_time) + " ms");
        for (Gid source = 0; source < table->source_end(); ++source)
            for (const TableSynapse& s : table->row(source))
                if (s.target >= size() || !is_point(s.target))
                    throw InvalidArgument("synapse table: target gid " + std::to_string(s.target) + " of source " +
                                          std::to_string(source) + " is not a point neuron");
    }
    table_ = std::move(table);
}

void Network::add_event(const ExternalEvent& e) {
    check_target(*this, e.target, e.synapse, "event");
    if (!(e.time >= 0 && e.time <= max_time))
        throw InvalidArgument("event time must be in [0, " + readable_number(max_time) + "] ms, got " + readable_number(e.time));
    if (!std::isfinite(e.weight)) throw InvalidArgument("event weight must be a finite number");
    events_.push_back(e);
}

std::uint32_t Network::place_on_cell(Gid gid, Location where, const std::string& mechanism,
                                     std::map<std::string, double> parameters) {
    // Each edit works on a copy that replaces the shared description only when it succeeded.
    auto copy = std::make_shared<CellDescription>(*cell(gid));
    const std::uint32_t index = copy->place(where, mechanism, std::move(parameters));
    cells_[index_[gid]] = std::move(copy);
    return index;
}

void Network::set_point_parameter(Gid gid, std::uint32_t placement, const std::string& parameter, double value) {
    auto copy = std::make_shared<CellDescription>(*cell(gid));
    copy->set_placement_parameter(placement, parameter, value);
    cells_[index_[gid]] = std::move(copy);
}

void Network::remove_point_process(Gid gid, std::uint32_t placement) {
    const auto& placements = cell(gid)->placements();
    if (placement >= placements.size())
        throw InvalidArgument("cell " + std::to_string(gid) + " has no point process " + std::to_string(placement));
    std::size_t targeted = 0;
    for (const Connection& c : connections_) targeted += c.target == gid && c.synapse == placement;
    for (const ExternalEvent& e : events_) targeted += e.target == gid && e.synapse == placement;
    if (targeted > 0)
        throw InvalidArgument("point process " + std::to_string(placement) + " of cell " + std::to_string(gid) +
                              " (" + placements[placement].mechanism + ") receives " + std::to_string(targeted) +
                              " connections or events; it cannot be removed");
    auto copy = std::make_shared<CellDescription>(*cell(gid));
    copy->remove_placement(placement);
    cells_[index_[gid]] = std::move(copy);
    for (Connection& c : connections_)
        if (c.target == gid && c.synapse > placement) --c.synapse;
    for (ExternalEvent& e : events_)
        if (e.target == gid && e.synapse > placement) --e.synapse;
}

void source_spikes(const SpikeSource& s, Gid gid, double from, double to, std::vector<double>& out) {
    // The same walk the simulation does, from the start of the train, kept from `from`.
    SourceCursor cursor;
    std::vector<double> train;
    next_source_spikes(s, gid, cursor, to, train);
    for (double t : train)
        if (t >= from) out.push_back(t);
}


void next_source_spikes(const SpikeSource& s, Gid gid, SourceCursor& cursor, double to, std::vector<double>& out) {
    switch (s.kind) {
        case SpikeSource::Kind::explicit_times:
            while (cursor.next < s.times.size() && s.times[cursor.next] < to) {
                const double t = s.times[cursor.next++];
                if (t >= s.start && t < s.stop) out.push_back(t);
            }
            return;
        case SpikeSource::Kind::regular: {
            for (;; ++cursor.next) {
                const double t = s.start + static_cast<double>(cursor.next) * s.interval_or_rate;
                if (t >= to || t >= s.stop) return;
                out.push_back(t);
            }
        }
        case SpikeSource::Kind::poisson: {
            if (s.interval_or_rate <= 0) return;
            const double mean_isi = 1000.0 / s.interval_or_rate;  // [ms]
            if (!cursor.started) {
                cursor.started = true;
                cursor.time = s.start + -mean_isi * std::log(uniform_open(s.seed, gid, 0));
                cursor.next = 1;
            }
            while (cursor.time < to && cursor.time < s.stop) {
                out.push_back(cursor.time);
                cursor.time += -mean_isi * std::log(uniform_open(s.seed, gid, cursor.next++));
            }
            return;
        }
    }
}

}  // namespace lamina::sim
