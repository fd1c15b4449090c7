#include "engine/sim/cell_group.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "engine/errors.h"

namespace lamina::sim {

CellGroup::CellGroup(const Network& network, std::vector<Gid> gids, const RunOptions& options)
    : options_(options), gids_(std::move(gids)) {
    lower(network);
}

// Per mechanism: the nodes of its instances and one column of values per parameter.
struct CellGroup::Gathered {
    IndexArray nodes;
    std::vector<std::uint64_t> keys;  // random-stream key per instance
    std::vector<Array> parameters;
};

namespace {
// An instance's random-stream key from its cell and its place there, never from the
// group: the same for any thread count or layout. Point processes by placement index,
// density mechanisms by compartment (the high bit keeps the two apart).
std::uint64_t instance_key(Gid gid, std::uint32_t index, bool density) {
    return (std::uint64_t{gid} << 32) | (density ? 0x80000000u : 0u) | index;
}
}  // namespace

void CellGroup::lower(const Network& network) {
    layout_cells(network);
    assemble_matrix();
    std::map<std::string, Gathered> density, points;
    std::vector<std::string> point_names;
    gather_mechanisms(density, point_names, points);
    // Point processes first (their indices were fixed while gathering), then density
    // mechanisms by name: the order currents are summed in, fixed for reproducibility.
    for (const auto& name : point_names) {
        Gathered& g = points[name];
        mechanisms_.push_back(std::make_unique<MechanismStorage>(name, std::move(g.nodes), IndexArray{}, std::move(g.keys),
                                                                 std::move(g.parameters), area_, options_.globals,
                                                                 options_.seed));
    }
    first_density_ = mechanisms_.size();
    const std::size_t n = v_.size();
    std::vector<const IndexArray*> density_nodes;
    for (const auto& entry : density) density_nodes.push_back(&entry.second.nodes);
    kernel_order_ = kernel_order(n, density_nodes);
    const IndexArray& rank = kernel_order_.rank;
    for (auto& [name, g] : density) {
        // In kernel order, so that the mechanism's instances make runs (kernel_order.h).
        std::vector<std::size_t> order(g.nodes.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        const auto& group_nodes = g.nodes;  // clang 14 cannot capture structured bindings
        std::sort(order.begin(), order.end(),
                  [&](std::size_t x, std::size_t y) { return rank[group_nodes[x]] < rank[group_nodes[y]]; });
        IndexArray nodes(order.size()), kernel_nodes(order.size());
        std::vector<std::uint64_t> keys(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            nodes[i] = g.nodes[order[i]];
            kernel_nodes[i] = rank[nodes[i]];
            keys[i] = g.keys[order[i]];
        }
        for (auto& column : g.parameters) {
            Array sorted(order.size());
            for (std::size_t i = 0; i < order.size(); ++i) sorted[i] = column[order[i]];
            column = std::move(sorted);
        }
        if (kernel_order_.identity) kernel_nodes.clear();  // the same as nodes
        mechanisms_.push_back(std::make_unique<MechanismStorage>(name, std::move(nodes), std::move(kernel_nodes),
                                                                 std::move(keys), std::move(g.parameters), area_,
                                                                 options_.globals, options_.seed));
    }
    build_ions();
    rhs_.assign(n, 0.0);
    d_.assign(n, 0.0);
    if (!kernel_order_.identity) {
        const std::size_t m = kernel_order_.membrane.size();
        kernel_v_.assign(m, 0.0);
        kernel_rhs_.assign(m, 0.0);
        kernel_d_.assign(m, 0.0);
        kernel_cap_.resize(m);
        for (std::size_t j = 0; j < m; ++j) kernel_cap_[j] = cap_[kernel_order_.membrane[j]];
    }
    solver_.finish();
    v_previous_.assign(gids_.size(), 0.0);
    above_.assign(gids_.size(), 0);
}

void CellGroup::layout_cells(const Network& network) {
    // Discretize each distinct description once; identical cells share the layout.
    std::map<const CellDescription*, std::size_t> seen;
    for (Gid gid : gids_) {
        const auto& desc = network.cell(gid);
        descriptions_.push_back(desc);
        auto [it, inserted] = seen.emplace(desc.get(), layouts_.size());
        if (inserted) layouts_.push_back(discretize(*desc));
        layout_of_.push_back(it->second);
    }
    // Cells that share one layout are interleaved (node k of cell c at k*C + c): the
    // Hines sweeps then alternate between independent cells, whose elimination chains
    // overlap instead of waiting on each other's divisions.
    interleaved_ = layouts_.size() == 1 && gids_.size() > 1;
    for (const Discretization& lay : layouts_) orders_.push_back(solver_order(lay, !interleaved_));
    if (interleaved_) local_parent_ = orders_.front().parent;
    std::size_t total = 0;
    for (std::size_t c = 0; c < gids_.size(); ++c) {
        cell_first_node_.push_back(static_cast<std::uint32_t>(total));
        total += layouts_[layout_of_[c]].size();
    }
    solver_.resize(total);
    area_.assign(total, 0.0);
    b_.assign(total, 0.0);
    a_.assign(total, 0.0);
    cap_.assign(total, 0.0);
    v_.assign(total, 0.0);
}

void CellGroup::assemble_matrix() {
    const double cj = options_.method == Method::crank_nicolson ? 2.0 / options_.dt : 1.0 / options_.dt;
    for (std::size_t c = 0; c < gids_.size(); ++c) {
        const Discretization& lay = layouts_[layout_of_[c]];
        const auto cell = static_cast<std::uint32_t>(c);
        const SolverOrder& order = orders_[layout_of_[c]];
        for (std::uint32_t pos = 0; pos < lay.size(); ++pos) {
            const std::uint32_t i = order.node[pos];  // layout node at this solver position
            const std::int32_t pp = order.parent[pos];
            const std::uint32_t k = node(cell, i);
            const auto group_node = [&](std::int32_t position) {
                return position < 0 ? position
                                    : static_cast<std::int32_t>(node(cell, order.node[static_cast<std::size_t>(position)]));
            };
            solver_.set_node(k, group_node(pp), group_node(order.lower[pos]));
            area_[k] = lay.area[i];
            // NEURON's coupling: 100 rinv / area in each node's own row.
            const double parent_area = pp < 0 ? 1.0 : lay.area[order.node[static_cast<std::size_t>(pp)]];
            b_[k] = pp < 0 ? 0.0 : -1e2 * order.rinv[pos] / lay.area[i];
            a_[k] = pp < 0 ? 0.0 : -1e2 * order.rinv[pos] / parent_area;
            cap_[k] = 1e-3 * lay.cm[i] * cj;
        }
    }
}

void CellGroup::gather_mechanisms(std::map<std::string, Gathered>& density, std::vector<std::string>& point_names,
                                  std::map<std::string, Gathered>& points) {
    for (std::size_t c = 0; c < gids_.size(); ++c) {
        const CellDescription& desc = *descriptions_[c];
        const Discretization& lay = layouts_[layout_of_[c]];
        const auto cell = static_cast<std::uint32_t>(c);
        // The last painting of a mechanism on a node wins, as in NEURON.
        std::map<std::string, std::map<std::uint32_t, std::map<std::string, double>>> per_node;
        std::map<std::uint32_t, std::uint32_t> local_of;  // group node -> the cell's own node
        for (const Painting& paint : desc.paintings())
            for (auto s : desc.region_sections(paint.region))
                for (std::uint32_t k = 0; k < lay.section_nseg[s]; ++k) {
                    const std::uint32_t local = lay.section_first[s] + k;
                    local_of[node(cell, local)] = local;
                    auto& params = per_node[paint.mechanism][node(cell, local)];
                    for (const auto& [name, value] : paint.parameters) params[name] = value;
                    if (paint.distributed.empty()) continue;
                    const double x = (k + 0.5) / lay.section_nseg[s];
                    const double distance = desc.path_distance({s, x});
                    for (const auto& [name, f] : paint.distributed) {
                        const double value = f(distance);
                        if (!std::isfinite(value))
                            throw InvalidArgument(paint.mechanism + "." + name + " is " + std::to_string(value) +
                                                  " at " + std::to_string(distance) + " µm from the soma (section " +
                                                  desc.sections()[s].name + ", x = " + std::to_string(x) + ")");
                        params[name] = value;
                    }
                }
        for (const auto& [name, nodes] : per_node) {
            const MechanismInfo& info = mechanism_info(name);
            Gathered& g = density[name];
            g.parameters.resize(info.parameters.size());
            for (const auto& [group_node, overrides] : nodes) {
                g.nodes.push_back(group_node);
                g.keys.push_back(instance_key(gids_[c], local_of[group_node], true));
                for (std::size_t p = 0; p < info.parameters.size(); ++p) {
                    const auto it = overrides.find(info.parameters[p].name);
                    const double value = it != overrides.end() ? it->second : info.parameters[p].default_value;
                    // Painted constants were checked when painted; distributed ones only now.
                    if (value < info.parameters[p].minimum)
                        throw InvalidArgument(name + "." + info.parameters[p].name + " = " + std::to_string(value) +
                                              " on cell " + std::to_string(gids_[c]) + " is below its minimum " +
                                              std::to_string(info.parameters[p].minimum) + " " + info.parameters[p].units);
                    g.parameters[p].push_back(value);
                }
            }
        }
        // Point processes keep their placement order per cell. Instances of a linear
        // mechanism on one node with equal parameters are one instance (their events add
        // up in it exactly as in two): coalescing saves the work of the copies.
        placements_.emplace_back();
        std::map<std::tuple<std::string, std::uint32_t, std::vector<double>>, std::uint32_t> linear;
        for (std::uint32_t index = 0; index < desc.placements().size(); ++index) {
            const Placement& place = desc.placements()[index];
            const MechanismInfo& info = mechanism_info(place.mechanism);
            Gathered& g = points[place.mechanism];
            if (g.parameters.empty()) g.parameters.resize(info.parameters.size());
            // Point mechanisms are instantiated first, in order of first appearance.
            auto slot = std::find(point_names.begin(), point_names.end(), place.mechanism);
            if (slot == point_names.end()) slot = point_names.insert(slot, place.mechanism);
            const auto mechanism = static_cast<std::uint32_t>(slot - point_names.begin());
            const std::uint32_t at = node(cell, lay.node_at(place.where));
            std::vector<double> values(info.parameters.size());
            for (std::size_t p = 0; p < info.parameters.size(); ++p) {
                const auto it = place.parameters.find(info.parameters[p].name);
                values[p] = it != place.parameters.end() ? it->second : info.parameters[p].default_value;
            }
            const auto instance = static_cast<std::uint32_t>(g.nodes.size());
            if (info.linear) {
                const auto [it, fresh] = linear.try_emplace({place.mechanism, at, values}, instance);
                if (!fresh) {
                    placements_.back().emplace_back(mechanism, it->second);
                    continue;
                }
            }
            g.nodes.push_back(at);
            g.keys.push_back(instance_key(gids_[c], index, false));
            for (std::size_t p = 0; p < info.parameters.size(); ++p) g.parameters[p].push_back(values[p]);
            placements_.back().emplace_back(mechanism, instance);
        }
        detector_node_.push_back(node(cell, lay.node_at(desc.detector().where)));
        threshold_.push_back(desc.detector().threshold);
    }
}

void CellGroup::build_ions() {
    // Each species over the nodes of the mechanisms that use it, ascending; what each
    // node reads and writes decides its rule (Nernst where a concentration is written)
    // and whether writers record their currents (only where some mechanism reads them).
    struct Use {
        std::set<std::uint32_t> nodes, written_concentration;
        bool current_read = false, concentrations_used = false;
        int valence = 0;
    };
    std::map<std::string, Use> uses;
    for (const auto& m : mechanisms_)
        for (const IonUse& use : m->info().ions) {
            Use& u = uses[use.ion];
            u.nodes.insert(m->nodes().begin(), m->nodes().end());
            if (use.write_internal || use.write_external)
                u.written_concentration.insert(m->nodes().begin(), m->nodes().end());
            u.current_read = u.current_read || use.read_current;
            u.concentrations_used = u.concentrations_used || use.read_internal || use.write_internal ||
                                    use.read_external || use.write_external;
            if (use.valence != 0) u.valence = use.valence;
        }
    for (const auto& [name, use] : uses) {
        const IonSpecies* known = known_ion(name);
        const IonSpecies species = known ? *known : IonSpecies{name, use.valence, 1.0, 1.0, 0.0};
        IonState ion;
        ion.name = name;
        ion.charge = use.valence != 0 ? use.valence : species.charge;
        ion.node.assign(use.nodes.begin(), use.nodes.end());
        // In kernel order: a mechanism on all of the species' nodes then indexes it directly.
        std::sort(ion.node.begin(), ion.node.end(),
                  [this](std::uint32_t x, std::uint32_t y) { return kernel_order_.before(x, y); });
        const std::size_t n = ion.node.size();
        ion.current.assign(n, 0.0);
        ion.initial_reversal.assign(n, species.reversal);
        ion.initial_internal.assign(n, species.internal);
        ion.initial_external.assign(n, species.external);
        ion.nernst.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) ion.nernst[i] = use.written_concentration.count(ion.node[i]) != 0 ? 1.0 : 0.0;
        ion.any_nernst = !use.written_concentration.empty();
        ion.current_read = use.current_read;
        ions_.push_back(std::move(ion));
    }
    // The cells' settings, painting by painting: the last one on a node wins.
    for (IonState& ion : ions_)
        for (std::size_t c = 0; c < gids_.size(); ++c) {
            const Discretization& lay = layouts_[layout_of_[c]];
            for (const IonPainting& paint : descriptions_[c]->ion_paintings()) {
                if (paint.ion != ion.name) continue;
                for (auto s : descriptions_[c]->region_sections(paint.region))
                    for (std::uint32_t k = 0; k < lay.section_nseg[s]; ++k) {
                        const std::uint32_t group_node = node(static_cast<std::uint32_t>(c), lay.section_first[s] + k);
                        const auto slot = kernel_order_.find(ion.node, group_node);
                        if (!slot) continue;  // no mechanism uses it there
                        const std::size_t i = *slot;
                        if (paint.settings.reversal) ion.initial_reversal[i] = *paint.settings.reversal;
                        if (paint.settings.internal) ion.initial_internal[i] = *paint.settings.internal;
                        if (paint.settings.external) ion.initial_external[i] = *paint.settings.external;
                    }
            }
        }
    // Keep only what is used (see IonState).
    for (IonState& ion : ions_) {
        const Use& use = uses[ion.name];
        ion.reversal = ion.initial_reversal;
        if (!ion.any_nernst) Array().swap(ion.initial_reversal);
        if (!use.concentrations_used && !ion.any_nernst) {
            Array().swap(ion.initial_internal);
            Array().swap(ion.initial_external);
        }
        ion.internal = ion.initial_internal;
        ion.external = ion.initial_external;
        if (!ion.current_read) Array().swap(ion.current);
    }
    for (auto& m : mechanisms_)
        for (std::size_t k = 0; k < m->info().ions.size(); ++k) {
            const std::string& name = m->info().ions[k].ion;
            IonState& ion = *std::find_if(ions_.begin(), ions_.end(), [&](const IonState& s) { return s.name == name; });
            m->bind_ion(k, ion, uses[name].current_read, kernel_order_);
        }
}

constexpr std::size_t max_self_events_per_step = 1'000'000;

// What a kernel's net_send reaches: the slot being delivered to, from the event's time.
class SlotSelfEvents final : public SelfEvents {
public:
    SlotSelfEvents(CellGroup& group, bool stimulus, std::uint32_t slot, std::uint32_t connection, double time)
        : group_(group), stimulus_(stimulus), slot_(slot), connection_(connection), time_(time) {}
    void send(double delay, double flag) override {
        if (!(delay >= 0) || !std::isfinite(delay))
            throw InvalidArgument("net_send: the delay must be a finite number >= 0, got " + readable_number(delay));
        const double t = time_ + delay;
        const CellGroup::SelfEvent e{delivery_step(t, group_.options_.dt), t, group_.self_sends_++, stimulus_, slot_, connection_, flag};
        const auto before = [](const CellGroup::SelfEvent& a, const CellGroup::SelfEvent& b) {
            return std::tie(a.step, a.time, a.order) < std::tie(b.step, b.time, b.order);
        };
        auto& queue = group_.self_events_;
        queue.insert(std::upper_bound(queue.begin(), queue.end(), e, before), e);
    }

private:
    CellGroup& group_;
    bool stimulus_;
    std::uint32_t slot_, connection_;
    double time_;
};

void CellGroup::initialize(double v_init) {
    std::fill(v_.begin(), v_.end(), v_init);
    gather_kernel_v();
    t_ = 0.0;
    for (IonState& ion : ions_) ion.initialize(options_.celsius);
    for (auto& m : mechanisms_) m->kernels().initialize(pack_of(*m));
    for (std::size_t c = 0; c < gids_.size(); ++c) {
        v_previous_[c] = v_[detector_node_[c]];
        above_[c] = v_previous_[c] >= threshold_[c];
    }
    next_event_ = next_external_ = 0;
    events_.clear();  // the simulation sets the external events again after initialising
    external_.clear();
    reset_slot_values(slots_, weight_);
    reset_slot_values(stimulus_slots_, stimulus_weight_);
    self_events_.clear();
    self_sends_ = 0;
    initialize_connections(false);
    initialize_connections(true);
}

void CellGroup::initialize_connections(bool stimulus) {
    const auto& slots = stimulus ? stimulus_slots_ : slots_;
    auto& values = stimulus ? stimulus_weight_ : weight_;
    for (std::uint32_t k = 0; k < slots.size(); ++k) {
        const Slot& slot = slots[k];
        MechanismStorage& m = *mechanisms_[slot.mechanism];
        const std::uint32_t connection = stimulus ? no_connection : slot.connection;
        SlotSelfEvents self(*this, stimulus, k, connection, 0.0);
        m.kernels().initialize_connection(pack_of(m), EventDelivery{slot.instance, connection, values.data() + slot.values, 0.0, 0.0},
                                          self);
    }
}

void CellGroup::reset_slot_values(const std::vector<Slot>& slots, std::vector<double>& values) const {
    for (const Slot& s : slots) {
        values[s.values] = s.initial_weight;
        const std::size_t state = mechanisms_[s.mechanism]->info().connection_state.size();
        std::fill_n(values.begin() + s.values + 1, state, 0.0);
    }
}

std::pair<std::uint32_t, std::uint32_t> CellGroup::synapse_target(std::uint32_t cell, std::uint32_t synapse) const {
    return placements_.at(cell).at(synapse);
}

Mechanism& CellGroup::point_process(std::uint32_t cell, std::uint32_t placement) {
    return mechanisms_.at(placements_.at(cell).at(placement).first)->kernels();
}

void CellGroup::set_point_parameter(std::uint32_t cell, std::uint32_t placement, const std::string& parameter,
                                    double value) {
    const auto [mechanism, instance] = placements_.at(cell).at(placement);
    mechanisms_[mechanism]->set_parameter(parameter, instance, value);
}

std::uint32_t CellGroup::add_slot(std::vector<Slot>& slots, std::vector<double>& values, std::uint32_t cell,
                                  std::uint32_t synapse, std::uint32_t connection, double weight) {
    const auto [mechanism, instance] = synapse_target(cell, synapse);
    slots.push_back({mechanism, instance, connection, weight, static_cast<std::uint32_t>(values.size())});
    values.push_back(weight);
    values.resize(values.size() + mechanisms_[mechanism]->info().connection_state.size(), 0.0);
    return static_cast<std::uint32_t>(slots.size() - 1);
}

std::uint32_t CellGroup::add_connection(std::uint32_t cell, std::uint32_t synapse, std::uint32_t connection,
                                        double weight) {
    return add_slot(slots_, weight_, cell, synapse, connection, weight);
}

std::uint32_t CellGroup::add_stimulus(std::uint32_t cell, std::uint32_t synapse, std::uint32_t index, double weight) {
    return add_slot(stimulus_slots_, stimulus_weight_, cell, synapse, index, weight);
}

void CellGroup::deliver(bool stimulus, std::uint32_t slot_index, std::uint32_t connection, double time, double flag) {
    const Slot& slot = stimulus ? stimulus_slots_[slot_index] : slots_[slot_index];
    MechanismStorage& m = *mechanisms_[slot.mechanism];
    MechanismPack& pack = pack_of(m);
    pack.t = time;  // NET_RECEIVE sees the event's time (NEURON sets t to it while delivering)
    double* values = (stimulus ? stimulus_weight_ : weight_).data() + slot.values;
    SlotSelfEvents self(*this, stimulus, slot_index, connection, time);
    m.kernels().deliver_event(pack, EventDelivery{slot.instance, connection, values, time, flag}, self);
}

void CellGroup::deliver(const PendingEvent& e) {
    const bool stimulus = e.source == no_source;
    const Slot& slot = stimulus ? stimulus_slots_[e.slot] : slots_[e.slot];
    deliver(stimulus, e.slot, stimulus ? no_connection : slot.connection, e.time, 0.0);
}

void CellGroup::set_external_events(std::vector<PendingEvent> events) {
    std::sort(events.begin(), events.end(), earlier);
    external_ = std::move(events);
    next_external_ = 0;
}

void CellGroup::add_events(std::vector<PendingEvent> events) { merge_events(events_, next_event_, std::move(events)); }

void CellGroup::assemble(double t_mid) {
    const std::size_t n = v_.size();
    double* rhs = rhs_.data();
    double* d = d_.data();
    const double* cap = cap_.data();
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) {
        rhs[i] = 0.0;
        d[i] = cap[i];
    }
    t_ = t_mid;
    // Reversal potentials from the concentrations at the start of the step (NEURON).
    for (IonState& ion : ions_) ion.begin_step(options_.celsius);
    // Density mechanisms first, on the kernels' copy when there is one: each node's
    // sum is then the same whichever way the group is numbered.
    const bool copy = !kernel_order_.identity;
    const std::uint32_t* membrane = kernel_order_.membrane.data();
    const std::size_t m = kernel_order_.membrane.size();
    if (copy) {
        // kernel_v_ is up to date: v changes only where advance() copies it again.
        std::fill(kernel_rhs_.begin(), kernel_rhs_.end(), 0.0);
        std::copy(kernel_cap_.begin(), kernel_cap_.end(), kernel_d_.begin());
    }
    for (std::size_t k = first_density_; k < mechanisms_.size(); ++k)
        mechanisms_[k]->kernels().compute_currents(pack_of(*mechanisms_[k]));
    if (copy)
        for (std::size_t j = 0; j < m; ++j) {
            rhs[membrane[j]] = kernel_rhs_[j];
            d[membrane[j]] = kernel_d_[j];
        }
    for (std::size_t k = 0; k < first_density_; ++k) mechanisms_[k]->kernels().compute_currents(pack_of(*mechanisms_[k]));
}

void CellGroup::gather_kernel_v() {
    if (kernel_order_.identity) return;
    const std::uint32_t* membrane = kernel_order_.membrane.data();
    const std::size_t m = kernel_order_.membrane.size();
    for (std::size_t j = 0; j < m; ++j) kernel_v_[j] = v_[membrane[j]];
}


void CellGroup::solve() {
    if (interleaved_)
        solver_.solve_interleaved(local_parent_, gids_.size(), a_.data(), b_.data(), v_.data(), d_.data(),
                                  rhs_.data());
    else
        solver_.solve(a_.data(), b_.data(), v_.data(), d_.data(), rhs_.data());
}

void CellGroup::advance(std::int64_t first, std::int64_t last, std::vector<Spike>& spikes) {
    const double dt = options_.dt;
    const double scale = options_.method == Method::crank_nicolson ? 2.0 : 1.0;
    const std::size_t n = v_.size();
    for (std::int64_t step = first; step < last; ++step) {
        const double t0 = time_of(step);
        // Due events of both queues, merged in canonical (step, order) sequence; then
        // self-events (net_send) due by now, which a delivery may add to.
        std::size_t self_delivered = 0;
        for (;;) {
            const bool network_due = next_event_ < events_.size() && events_[next_event_].step <= step;
            const bool external_due = next_external_ < external_.size() && external_[next_external_].step <= step;
            const bool self_due = !self_events_.empty() && self_events_.front().step <= step;
            if (!network_due && !external_due && !self_due) break;
            if (!network_due && !external_due) {
                const SelfEvent e = self_events_.front();
                self_events_.erase(self_events_.begin());
                // A mechanism that answers each self-event with another at delay 0 would
                // never let the step end: stop it with a message instead of hanging.
                if (++self_delivered > max_self_events_per_step)
                    throw InvalidArgument("net_send: more than " + std::to_string(max_self_events_per_step) +
                                          " self-events due at t = " + readable_number(e.time) +
                                          " ms (a mechanism sends itself events with no delay, endlessly)");
                deliver(e.stimulus, e.slot, e.connection, e.time, e.flag);
                continue;
            }
            const bool take_external =
                external_due && (!network_due || earlier(external_[next_external_], events_[next_event_]));
            deliver(take_external ? external_[next_external_++] : events_[next_event_++]);
        }
        assemble(t0 + 0.5 * dt);
        solve();
        double* v = v_.data();
        const double* dv = rhs_.data();
#pragma omp simd
        for (std::size_t i = 0; i < n; ++i) v[i] += scale * dv[i];
        const double t1 = time_of(step + 1);
        t_ = t1;
        gather_kernel_v();
        for (auto& m : mechanisms_) m->kernels().advance_state(pack_of(*m));

        for (std::size_t c = 0; c < gids_.size(); ++c) {
            const double now = v[detector_node_[c]];
            const bool above = now >= threshold_[c];
            if (above && !above_[c]) {
                double t = t1;
                if (options_.timing == SpikeTiming::interpolated && now != v_previous_[c])
                    t = t0 + dt * (threshold_[c] - v_previous_[c]) / (now - v_previous_[c]);
                spikes.push_back({gids_[c], t});
            }
            above_[c] = above;
            v_previous_[c] = now;
        }
        if (!samplers_.empty()) {
            // Point currents are those applied in this step, at its midpoint (NEURON's
            // recorded i); voltages and states are the step's end values.
            t_ = t0 + 0.5 * dt;
            sample(step + 1);
            t_ = t1;
        }
        if ((step & 63) == 63 || step + 1 == last) check_finite(step + 1);
    }
}

void CellGroup::check_finite(std::int64_t step) const {
    for (std::size_t i = 0; i < v_.size(); ++i) {
        if (std::isfinite(v_[i]) && std::abs(v_[i]) <= 1e4) continue;
        std::size_t c = 0, position = 0;
        if (interleaved_) {
            c = i % gids_.size();
            position = i / gids_.size();
        } else {
            c = static_cast<std::size_t>(std::upper_bound(cell_first_node_.begin(), cell_first_node_.end(),
                                                          static_cast<std::uint32_t>(i)) -
                                         cell_first_node_.begin() - 1);
            position = i - cell_first_node_[c];
        }
        const std::size_t local = orders_[layout_of_[c]].node[position];
        const Discretization& lay = layouts_[layout_of_[c]];
        const std::int32_t section = lay.section[local];
        std::string where;
        if (section < 0) {
            where = "section 0 (" + descriptions_[c]->sections().front().name + ") at x = 0";
        } else {
            const auto s = static_cast<std::size_t>(section);
            const double x = local == lay.section_end[s]
                                 ? 1.0
                                 : (static_cast<double>(local - lay.section_first[s]) + 0.5) / lay.section_nseg[s];
            where = "section " + std::to_string(s) + " (" + descriptions_[c]->sections()[s].name + ") at x = " +
                    std::to_string(x);
        }
        throw NumericalError("numerical blow-up: v = " + std::to_string(v_[i]) + " mV in cell " +
                             std::to_string(gids_[c]) + ", " + where + ", by t = " + std::to_string(time_of(step)) +
                             " ms (try a smaller dt or check the parameters)");
    }
}

std::uint32_t CellGroup::node_of(std::uint32_t cell, const Location& where) const {
    descriptions_.at(cell)->check_location(where, "probe");
    return node(cell, layouts_[layout_of_[cell]].node_at(where));
}

void CellGroup::sample(std::int64_t step, const RecorderBuffer* only) {
    for (GroupSampler& g : samplers_) {
        if ((only && g.buffer != only) || !g.buffer->schedule.samples(step)) continue;
        const std::size_t offset = g.buffer->offset(step);
        const std::uint32_t* column = g.value_columns.data();
        const double* const* value = g.values.data();
        if (g.buffer->single) {
            float* row = g.buffer->floats.data() + offset;
            for (std::size_t k = 0, n = g.values.size(); k < n; ++k) row[column[k]] = static_cast<float>(*value[k]);
            for (std::size_t k = 0; k < g.currents.size(); ++k)
                row[g.current_columns[k]] = static_cast<float>(probe_value(g.currents[k]));
        } else {
            double* row = g.buffer->values.data() + offset;
            for (std::size_t k = 0, n = g.values.size(); k < n; ++k) row[column[k]] = *value[k];
            for (std::size_t k = 0; k < g.currents.size(); ++k) row[g.current_columns[k]] = probe_value(g.currents[k]);
        }
    }
}

void CellGroup::remove_samplers(const RecorderBuffer* buffer) {
    std::erase_if(samplers_, [&](const GroupSampler& g) { return g.buffer == buffer; });
}

double CellGroup::probe_value(const ProbeSource& source) {
    if (!source.point_current) return *source.value;
    MechanismStorage& m = *mechanisms_[source.mechanism];
    return m.kernels().point_current(pack_of(m), source.instance);
}

ProbeSource CellGroup::probe_source(std::uint32_t cell, const Location& where, const std::string& variable) const {
    ProbeSource probe;
    const std::uint32_t node = node_of(cell, where);
    if (variable == "v") {
        probe.value = &v_[node];
        return probe;
    }
    if (variable.starts_with("synapse:")) {
        std::uint32_t placement = 0;
        const char* first = variable.data() + 8;
        const auto [end, ec] = std::from_chars(first, variable.data() + variable.size(), placement);
        if (ec != std::errc() || end != variable.data() + variable.size() ||
            placement >= placements_.at(cell).size())
            throw InvalidArgument("probe variable '" + variable + "': no point process with that index on this cell");
        const auto [mech, instance] = synapse_target(cell, placement);
        probe.point_current = true;
        probe.mechanism = mech;
        probe.instance = instance;
        return probe;
    }
    // An ion's variable at the node: "cai", "eca", "nao".
    for (const IonState& ion : ions_) {
        const auto field = ion_variable(variable, ion.name);
        if (!field) continue;
        const auto slot = kernel_order_.find(ion.node, node);
        if (!slot)
            throw InvalidArgument("probe variable '" + variable + "': no mechanism uses " + ion.name + " there");
        const Array& values = ion.values(*field);
        if (values.empty())
            throw InvalidArgument("probe variable '" + variable + "': no mechanism there reads or writes " + ion.name +
                                  " concentrations, so none are kept");
        probe.value = &values[*slot];
        return probe;
    }
    // "mechanism.state", e.g. "hh.m", at the probed node.
    const auto named = mechanism_variable(variable);
    if (!named)
        throw InvalidArgument("probe variable '" + variable + "': use v, synapse:N or mechanism.state (hh.m)");
    const std::string mech_name(named->first), state(named->second);
    for (const auto& m : mechanisms_) {
        if (m->info().name != mech_name) continue;
        const auto values = m->values(state);
        if (values.empty()) throw InvalidArgument("mechanism " + mech_name + " has no state or parameter '" + state + "'");
        m->want_outputs();  // the kernels then keep mInf-like values in storage
        const auto& nodes = m->nodes();
        const auto it = std::find(nodes.begin(), nodes.end(), node);
        if (it == nodes.end()) break;
        probe.value = &values[static_cast<std::size_t>(it - nodes.begin())];
        return probe;
    }
    throw InvalidArgument("probe variable '" + variable + "': mechanism " + mech_name + " is not present there");
}

std::vector<double> CellGroup::cell_values(std::span<const double> values, std::uint32_t cell) const {
    std::vector<double> out(layouts_[layout_of_.at(cell)].size());
    for (std::uint32_t k = 0; k < out.size(); ++k) out[k] = values[node(cell, k)];
    return out;
}

std::size_t CellGroup::memory_bytes() const {
    std::size_t bytes = v_.size() * (7 * sizeof(double) + sizeof(std::uint32_t)) + solver_.memory_bytes() +
                        kernel_order_.membrane.size() * (4 * sizeof(double) + sizeof(std::uint32_t));
    for (const auto& m : mechanisms_) bytes += m->memory_bytes();
    for (const auto& ion : ions_)
        bytes += ion.node.size() * sizeof(std::uint32_t) + ion.nernst.size() * sizeof(double) +
                 sizeof(double) * (ion.current.size() + ion.reversal.size() + ion.internal.size() + ion.external.size() +
                                   ion.initial_internal.size() + ion.initial_external.size() +
                                   ion.initial_reversal.size());
    return bytes;
}

}  // namespace lamina::sim
