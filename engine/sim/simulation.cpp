#include "engine/sim/simulation.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>

#include "engine/errors.h"
#include "engine/sim/discretization.h"
#include "engine/sim/point_neuron_group.h"

namespace lamina::sim {

namespace {
constexpr std::int64_t max_epoch_steps = 400;  // progress and cancel at least every 400 steps

struct Target {
    std::uint32_t group;
    std::uint32_t slot;        // the connection's slot in its group
    std::uint32_t connection;  // the network's connection index
    double delay;              // [ms]
};

// Per group: its node voltages and the watched variable's values, double-buffered so a
// reader on another thread copies one epoch's values while the next is written.
struct Snapshot {
    std::vector<double> buffers[2];
    std::vector<double> watched[2];
    int front = 0;
    mutable std::mutex swap;
};
}  // namespace

struct Simulation::Impl {
    Network network;
    RunOptions options;
    std::vector<std::unique_ptr<Group>> groups;  // every kind, from make_groups
    std::vector<CellGroup*> cables;              // the cable groups among them
    // The groups that receive events: the cable groups (at the same index as in cables),
    // then the point-neuron groups.
    std::vector<Group*> receivers;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> where;  // gid -> (receiver, local), neurons only
    std::vector<std::uint32_t> out_offsets;                      // gid -> targets (compressed rows)
    std::vector<Target> out_targets;
    std::int64_t step = 0;
    std::int64_t epoch_steps = max_epoch_steps;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stimulus_slots;  // per stimulus event: (group, slot)
    std::vector<Snapshot> snapshots;  // per group
    std::vector<std::vector<PendingEvent>> pending;  // per receiver: routed, merged when it next advances
    std::vector<PointNeuronGroup*> table_targets;    // point groups, when the network has a synapse table
    std::vector<Spike> table_spikes;                 // routed since the last advance, canonical order
    std::vector<std::unique_ptr<RecorderBuffer>> recorders;  // stable addresses: groups point at them
    std::string watched;  // the variable snapshots carry besides v (empty: none)
};

PointNeuronGroup& Simulation::point_group(std::size_t receiver) const {
    return *static_cast<PointNeuronGroup*>(d_->receivers.at(receiver));
}

std::vector<std::size_t> Simulation::group_sizes() const {
    std::vector<std::size_t> sizes;
    for (const auto* g : d_->cables) sizes.push_back(g->gids().size());
    return sizes;
}

Simulation::Simulation(const Network& network, RunOptions options) : d_(std::make_unique<Impl>()) {
    if (!(options.dt >= 1e-5 && options.dt <= 10))
        throw InvalidArgument("dt must be in [1e-05, 10] ms, got " + readable_number(options.dt));
    if (!std::isfinite(options.v_init)) throw InvalidArgument("v_init must be a finite number of mV");
    if (!(options.celsius > -273.15)) throw InvalidArgument("celsius must be above absolute zero");
    if (options.cells_per_group == 0) throw InvalidArgument("cells_per_group must be >= 1");
    if (options.threads < 0) throw InvalidArgument("threads must be >= 0, got " + std::to_string(options.threads));
    threads_ = options.threads > 0 ? options.threads : omp_get_max_threads();
    d_->network = network;
    d_->options = options;
    const Network& net = d_->network;

    for (const auto& [name, value] : options.globals) {
        bool known = false;
        for (const auto& mech : mechanism_names())
            for (const auto& g : mechanism_info(mech).globals) known = known || g.name == name;
        if (!known) throw InvalidArgument("unknown mechanism setting '" + name + "' (known: usetable_hh)");
        (void)value;
    }
    // Groups from the network alone, never from the threads.
    d_->groups = make_groups(net, options);
    d_->where.assign(net.size(), {std::numeric_limits<std::uint32_t>::max(), 0});
    for (const CellKind kind : {CellKind::cable, CellKind::point})
        for (auto& group : d_->groups) {
            if (group->kind() != kind) continue;
            const auto& members = group->gids();
            for (std::size_t k = 0; k < members.size(); ++k)
                d_->where[members[k]] = {static_cast<std::uint32_t>(d_->receivers.size()), static_cast<std::uint32_t>(k)};
            d_->receivers.push_back(group.get());
            if (kind == CellKind::cable) d_->cables.push_back(static_cast<CellGroup*>(group.get()));
        }
    d_->snapshots = std::vector<Snapshot>(d_->receivers.size());
    d_->pending.resize(d_->receivers.size());

    // Outgoing connections per source gid, in connection order.
    double min_delay = std::numeric_limits<double>::infinity();
    d_->out_offsets.assign(net.size() + 1, 0);
    for (const Connection& c : net.connections()) ++d_->out_offsets[c.source + 1];
    for (std::size_t g = 0; g < net.size(); ++g) d_->out_offsets[g + 1] += d_->out_offsets[g];
    d_->out_targets.resize(net.connections().size());
    std::vector<std::uint32_t> fill(d_->out_offsets.begin(), d_->out_offsets.end() - 1);
    for (std::size_t k = 0; k < net.connections().size(); ++k) {
        const Connection& c = net.connections()[k];
        const auto [group, local] = d_->where[c.target];
        const auto index = static_cast<std::uint32_t>(k);
        d_->out_targets[fill[c.source]++] = {group, d_->receivers[group]->add_connection(local, c.synapse, index, c.weight),
                                             index, c.delay};
        // Spike sources are known ahead and routed before each epoch, so only delays
        // from neurons (cable or point) bound the epoch length.
        if (net.is_neuron(c.source)) min_delay = std::min(min_delay, c.delay);
    }
    for (std::size_t i = 0; i < net.events().size(); ++i) {
        const ExternalEvent& e = net.events()[i];
        const auto [group, local] = d_->where[e.target];
        d_->stimulus_slots.emplace_back(
            group, d_->receivers[group]->add_stimulus(local, e.synapse, static_cast<std::uint32_t>(i), e.weight));
    }
    const SynapseTable* table = net.synapse_table();
    if (table) min_delay = std::min(min_delay, table->min_delay());  // any source: a safe bound
    // An event from a spike in one epoch must not fall due before the next epoch starts.
    if (std::isfinite(min_delay))
        d_->epoch_steps = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(min_delay / options.dt - 0.5)),
                                                   1, max_epoch_steps);
    if (table && table->size() > 0) {
        // Inputs fall due at most the longest delay after the end of the epoch that routes them.
        const auto ring = static_cast<std::size_t>(d_->epoch_steps + std::ceil(table->max_delay() / options.dt) + 2);
        for (std::size_t g = d_->cables.size(); g < d_->receivers.size(); ++g) {
            auto* points = static_cast<PointNeuronGroup*>(d_->receivers[g]);
            points->attach_table(*table, ring);
            d_->table_targets.push_back(points);
        }
    }
    initialize();
}

Simulation::~Simulation() = default;

double Simulation::time() const noexcept { return static_cast<double>(d_->step) * d_->options.dt; }

void Simulation::initialize() {
    finish_recording();  // recorders belong to the run that ends here
    d_->recorders.clear();
    d_->step = 0;
    spikes_.clear();
    d_->table_spikes.clear();
    for (auto& p : d_->pending) p.clear();
    for (auto& g : d_->groups) g->initialize(d_->options.v_init);
    // Stimulus events; each group puts its own in canonical order.
    const auto& events = d_->network.events();
    std::vector<std::vector<PendingEvent>> batches(d_->receivers.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto [group, slot] = d_->stimulus_slots[i];
        batches[group].push_back({delivery_step(events[i].time, d_->options.dt), events[i].time, no_source,
                                  static_cast<std::uint32_t>(i), slot});
    }
    for (std::size_t g = 0; g < batches.size(); ++g) d_->receivers[g]->set_external_events(std::move(batches[g]));
    for (std::size_t g = 0; g < d_->receivers.size(); ++g) publish_snapshot(g);
}

void Simulation::advance(double until, const std::function<void(const Progress&)>& progress,
                         const std::atomic<bool>* cancel) {
    if (!(until <= max_time)) throw InvalidArgument("tstop must be <= 1e+09 ms, got " + readable_number(until));
    if (!(until >= time() - 1e-9))
        throw InvalidArgument("tstop must be >= the current time " + std::to_string(time()) + " ms, got " +
                              std::to_string(until));
    const auto last = static_cast<std::int64_t>(std::llround(until / d_->options.dt));
    while (d_->step < last) {
        if (cancel && cancel->load()) return;
        const std::int64_t first = d_->step;
        const std::int64_t end = fit_recorders(first, std::min(last, first + d_->epoch_steps));
        // Groups whose spikes do not depend on events (spike sources) go first: their
        // spikes in this window are routed before the cells advance, so any delay works.
        std::vector<Spike> source_window;
        for (auto& group : d_->groups)
            if (group->spikes_ahead()) group->advance(first, end, source_window);
        route(source_window, false);
        const auto ngroups = static_cast<std::int64_t>(d_->receivers.size());
        std::vector<std::vector<Spike>> fresh(d_->receivers.size());
        std::vector<std::exception_ptr> errors(d_->receivers.size());
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
        for (std::int64_t g = 0; g < ngroups; ++g) {
            try {
                const auto index = static_cast<std::size_t>(g);
                Group& group = *d_->receivers[index];
                group.add_events(std::move(d_->pending[index]));
                d_->pending[index].clear();
                if (!d_->table_targets.empty() && index >= d_->cables.size())
                    static_cast<PointNeuronGroup&>(group).receive_table_spikes(first, d_->table_spikes);
                group.advance(first, end, fresh[index]);
                // Each thread copies its own groups; point groups, whose epochs can be a
                // single step, every 10 steps and at the end (pictures need no more).
                if (index < d_->cables.size() || end == last || end % 10 == 0) publish_snapshot(index);
            } catch (...) {
                errors[static_cast<std::size_t>(g)] = std::current_exception();
            }
        }
        d_->table_spikes.clear();
        for (auto& e : errors)
            if (e) std::rethrow_exception(e);
        std::vector<Spike> spikes;
        for (auto& f : fresh) spikes.insert(spikes.end(), f.begin(), f.end());
        d_->step = end;
        hand_over_rows();
        route(spikes, true);
        const auto recorded = spikes_.size() - spikes.size();
        spikes_.insert(spikes_.end(), source_window.begin(), source_window.end());
        std::inplace_merge(spikes_.begin() + static_cast<std::ptrdiff_t>(recorded),
                           spikes_.end() - static_cast<std::ptrdiff_t>(source_window.size()), spikes_.end());
        if (progress) progress({time(), until, spikes_.size()});
    }
}

void Simulation::route(std::vector<Spike>& fresh, bool record) {
    std::sort(fresh.begin(), fresh.end());
    std::vector<std::vector<PendingEvent>> batches(d_->receivers.size());
    for (const Spike& s : fresh) {
        if (record) spikes_.push_back(s);
        for (auto k = d_->out_offsets[s.gid]; k < d_->out_offsets[s.gid + 1]; ++k) {
            const Target& t = d_->out_targets[k];
            const double due = s.time + t.delay;
            const std::int64_t step = std::max(d_->step, delivery_step(due, d_->options.dt));
            batches[t.group].push_back({step, due, s.gid, t.connection, t.slot});
        }
    }
    // Each group merges its batch at the start of its next advance, on its own thread;
    // point groups read the table's share of the spikes from one shared list then.
    if (!d_->table_targets.empty()) d_->table_spikes.insert(d_->table_spikes.end(), fresh.begin(), fresh.end());
    for (std::size_t g = 0; g < batches.size(); ++g)
        d_->pending[g].insert(d_->pending[g].end(), batches[g].begin(), batches[g].end());
}

void Simulation::publish_snapshot(std::size_t g) {
    Snapshot& snap = d_->snapshots[g];
    auto& back = snap.buffers[1 - snap.front];
    if (g >= d_->cables.size()) {  // a point group: one membrane per neuron
        static_cast<const PointNeuronGroup*>(d_->receivers[g])->membranes(back);
        std::lock_guard lock(snap.swap);
        snap.front = 1 - snap.front;
        return;
    }
    const auto v = d_->cables[g]->voltages();
    back.assign(v.begin(), v.end());
    if (d_->watched.empty()) snap.watched[1 - snap.front].clear();
    else d_->cables[g]->node_values(d_->watched, snap.watched[1 - snap.front]);
    std::lock_guard lock(snap.swap);
    snap.front = 1 - snap.front;
}

std::vector<double> Simulation::voltage_snapshot(Gid gid) const {
    if (gid >= d_->where.size() || !d_->network.is_neuron(gid))
        throw InvalidArgument("gid " + std::to_string(gid) + " is not a cell or point neuron");
    const auto [group, local] = d_->where[gid];
    const Snapshot& snap = d_->snapshots[group];
    std::lock_guard lock(snap.swap);
    if (group >= d_->cables.size()) return {snap.buffers[snap.front].at(local)};
    return d_->cables[group]->cell_values(snap.buffers[snap.front], local);
}

std::vector<double> Simulation::watched_snapshot(Gid gid) const {
    const auto [group, local] = cell_place(gid, "watched values");
    const Snapshot& snap = d_->snapshots[group];
    std::lock_guard lock(snap.swap);
    const auto& values = snap.watched[snap.front];
    if (values.empty()) return {};
    return d_->cables[group]->cell_values(values, local);
}

void Simulation::watch(const std::string& variable) {
    if (!variable.empty()) {
        std::vector<double> scratch;
        bool anywhere = false;
        for (CellGroup* g : d_->cables) anywhere = g->node_values(variable, scratch) || anywhere;
        if (!anywhere) throw InvalidArgument("no cell has '" + variable + "' (try v, cai or a mechanism's Ih.gIhbar)");
    }
    d_->watched = variable;
    for (std::size_t g = 0; g < d_->cables.size(); ++g) publish_snapshot(g);
}

const std::string& Simulation::watched() const noexcept { return d_->watched; }

std::vector<std::string> Simulation::variables(Gid gid, const Location* where) const {
    if (gid < d_->where.size() && d_->network.is_point(gid)) return {"v"};  // the membrane is all a point neuron has
    const auto [group, local] = cell_place(gid, "variables");
    return d_->cables[group]->variables(local, where);
}

std::string Simulation::unit_of(const std::string& variable) const {
    for (const CellGroup* g : d_->cables)
        if (auto unit = g->unit_of(variable)) return *unit;
    return {};
}

std::vector<double> Simulation::compartment_values(Gid gid, const std::string& variable) {
    const auto [group, local] = cell_place(gid, "compartment values");
    std::vector<double> values;
    if (!d_->cables[group]->node_values(variable, values))
        throw InvalidArgument("gid " + std::to_string(gid) + "'s group has no '" + variable + "'");
    return d_->cables[group]->cell_values(values, local);
}

std::pair<std::uint32_t, std::uint32_t> Simulation::cell_place(Gid gid, const char* what) const {
    if (gid >= d_->where.size() || !d_->network.is_cell(gid))
        throw InvalidArgument(std::string(what) + ": gid " + std::to_string(gid) + " is not a cell");
    return d_->where[gid];
}

void Simulation::add_recorder(std::vector<ProbeAddress> columns, Schedule schedule,
                              std::shared_ptr<RecordingSink> sink, Precision precision) {
    if (schedule.stride < 1) throw InvalidArgument("a recording's stride must be >= 1 step");
    auto buffer = std::make_unique<RecorderBuffer>();
    buffer->schedule = schedule;
    buffer->sink = std::move(sink);
    buffer->columns = columns.size();
    buffer->single = precision == Precision::single;
    const std::size_t row_bytes = std::max<std::size_t>(1, columns.size()) * buffer->value_bytes();
    buffer->capacity_rows =
        std::clamp<std::size_t>(recorder_buffer_bytes / row_bytes, 1, static_cast<std::size_t>(max_epoch_steps) + 1);
    // Resolve every column before anything changes, so a bad one changes nothing.
    std::vector<GroupSampler> samplers(d_->cables.size());
    std::vector<PointSampler> point_samplers(d_->receivers.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].gid < d_->where.size() && d_->network.is_point(columns[c].gid)) {
            const auto [group, local] = d_->where[columns[c].gid];
            if (columns[c].variable != "v")
                throw InvalidArgument("recording: point neuron " + std::to_string(columns[c].gid) + " has only v, not '" +
                                      columns[c].variable + "'");
            point_samplers[group].buffer = buffer.get();
            point_samplers[group].columns.push_back(static_cast<std::uint32_t>(c));
            point_samplers[group].locals.push_back(local);
            continue;
        }
        const auto [group, local] = cell_place(columns[c].gid, "recording");
        samplers[group].buffer = buffer.get();
        samplers[group].add(static_cast<std::uint32_t>(c),
                            d_->cables[group]->probe_source(local, columns[c].where, columns[c].variable));
    }
    buffer->times.assign(buffer->capacity_rows, 0.0);
    buffer->restore();
    buffer->sink->begin(buffer->columns);
    for (std::size_t g = 0; g < samplers.size(); ++g)
        if (samplers[g].buffer) d_->cables[g]->add_sampler(std::move(samplers[g]));
    for (std::size_t g = d_->cables.size(); g < point_samplers.size(); ++g)
        if (point_samplers[g].buffer) point_group(g).add_sampler(std::move(point_samplers[g]));
    RecorderBuffer& added = *buffer;
    d_->recorders.push_back(std::move(buffer));
    if (schedule.samples(d_->step)) {  // the present state is its first row
        added.first_row_step = d_->step;
        added.rows = 1;
        added.times[0] = time();
        for (auto* g : d_->cables) g->sample(d_->step, &added);
        for (std::size_t g = d_->cables.size(); g < d_->receivers.size(); ++g) point_group(g).sample(d_->step, &added);
        RowBlock first = added.block();
        first.storage = nullptr;  // a block of one row: not worth giving the buffer away
        first.float_storage = nullptr;
        added.sink->append(first);
        added.rows = 0;
    }
}

std::int64_t Simulation::fit_recorders(std::int64_t first, std::int64_t end) {
    for (const auto& r : d_->recorders) {
        if (r->finished) continue;
        const std::int64_t next = r->schedule.next(first + 1);
        if (next > end || next >= r->schedule.end_step) continue;
        end = std::min(end, next + static_cast<std::int64_t>(r->capacity_rows - 1) * r->schedule.stride);
    }
    for (const auto& r : d_->recorders) {
        r->rows = 0;
        if (r->finished) continue;
        r->first_row_step = r->schedule.next(first + 1);
        for (std::int64_t s = r->first_row_step; s <= end && s < r->schedule.end_step; s += r->schedule.stride)
            r->times[r->rows++] = static_cast<double>(s) * d_->options.dt;
    }
    return end;
}

void Simulation::hand_over_rows() {
    for (const auto& r : d_->recorders) {
        if (r->finished || r->rows == 0) continue;
        r->sink->append(r->block());
        r->restore();  // whatever the sink swapped in
        r->rows = 0;
    }
}

void Simulation::finish_recording() {
    for (const auto& r : d_->recorders) {
        if (r->finished) continue;
        r->finished = true;
        for (auto* g : d_->cables) g->remove_samplers(r.get());
        for (std::size_t g = d_->cables.size(); g < d_->receivers.size(); ++g) point_group(g).remove_samplers(r.get());
        r->sink->finish();
    }
}

std::size_t Simulation::recording_bytes() const {
    std::size_t bytes = 0;
    for (const auto& r : d_->recorders)
        bytes += (r->values.capacity() + r->times.capacity()) * sizeof(double) + r->floats.capacity() * sizeof(float);
    return bytes;
}

std::shared_ptr<Trace> Simulation::add_probe(Gid gid, const Location& where, const std::string& variable) {
    auto trace = std::make_shared<Trace>();
    add_recorder({{gid, where, variable}}, {d_->step + 1, 1}, trace);
    return trace;
}

double Simulation::probe_value(Gid gid, const Location& where, const std::string& variable) {
    if (gid < d_->where.size() && d_->network.is_point(gid) && variable == "v")
        return point_group(d_->where[gid].first).membrane(d_->where[gid].second);
    const auto [group, local] = cell_place(gid, "probe");
    auto& g = *d_->cables[group];
    return g.probe_value(g.probe_source(local, where, variable));
}

Mechanism& Simulation::point_process(Gid gid, std::uint32_t placement) {
    if (gid >= d_->where.size() || !d_->network.is_cell(gid))
        throw InvalidArgument("gid " + std::to_string(gid) + " is not a cell");
    const auto [group, local] = d_->where[gid];
    return d_->cables[group]->point_process(local, placement);
}

void Simulation::set_point_parameter(Gid gid, std::uint32_t placement, const std::string& parameter, double value) {
    const auto [group, local] = cell_place(gid, "point process");
    d_->cables[group]->set_point_parameter(local, placement, parameter, value);
}

std::size_t Simulation::num_compartments() const noexcept {
    std::size_t n = 0;
    for (const auto& g : d_->groups) n += g->num_nodes();
    return n;
}

std::size_t Simulation::memory_bytes() const noexcept {
    std::size_t n = 0;
    for (const auto& g : d_->groups) n += g->memory_bytes();
    return n;
}

const char* method_key(Method method) { return method == Method::crank_nicolson ? "cn" : "ie"; }
const char* timing_key(SpikeTiming timing) { return timing == SpikeTiming::neuron ? "neuron" : "interpolated"; }

}  // namespace lamina::sim
