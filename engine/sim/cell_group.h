#pragma once
// Cells lowered into one set of flat arrays and advanced together: the unit of work a
// thread takes. Holds the matrix (Hines ordering), every mechanism's instances over the
// group's nodes, the pending events and the spike detectors.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/sim/aligned.h"
#include "engine/sim/discretization.h"
#include "engine/sim/events.h"
#include "engine/sim/group.h"
#include "engine/sim/hines_solver.h"
#include "engine/sim/kernel_order.h"
#include "engine/sim/mechanism.h"
#include "engine/sim/network.h"
#include "engine/sim/run_options.h"
#include "engine/sim/recorder_buffer.h"
#include "engine/sim/ions.h"
#include "engine/sim/mechanism_storage.h"

namespace lamina::sim {

// Where a probe's value comes from: a value of the group's arrays (v, a mechanism state
// or parameter), or the current of a point process at the step's midpoint.
struct ProbeSource {
    const double* value = nullptr;
    std::uint32_t mechanism = 0;  // for point-process currents
    std::uint32_t instance = 0;
    bool point_current = false;
};

// The columns a group fills for one recorder: values read from the group's arrays in
// one tight loop, point currents computed.
struct GroupSampler {
    RecorderBuffer* buffer = nullptr;
    std::vector<std::uint32_t> value_columns;
    std::vector<const double*> values;
    std::vector<std::uint32_t> current_columns;
    std::vector<ProbeSource> currents;

    void add(std::uint32_t column, const ProbeSource& source) {
        if (source.point_current) {
            current_columns.push_back(column);
            currents.push_back(source);
        } else {
            value_columns.push_back(column);
            values.push_back(source.value);
        }
    }
};

class CellGroup final : public Group {
public:
    CellGroup(const Network& network, std::vector<Gid> gids, const RunOptions& options);
    CellKind kind() const noexcept override { return CellKind::cable; }

    void initialize(double v_init) override;
    // Steps [first, last): delivers due events, integrates, detects spikes into `spikes`.
    // Throws NumericalError naming cell, location and time on blow-up.
    void advance(std::int64_t first, std::int64_t last, std::vector<Spike>& spikes) override;

    // Where an event for (cell, synapse) goes, as (mechanism, instance).
    std::pair<std::uint32_t, std::uint32_t> synapse_target(std::uint32_t local_cell, std::uint32_t synapse) const;
    // A connection (or stimulus event) arriving on a cell's synapse; returns its slot.
    // The group keeps its weight, which plastic synapses may change during a run.
    std::uint32_t add_connection(std::uint32_t local_cell, std::uint32_t synapse, std::uint32_t connection,
                                 double weight) override;
    std::uint32_t add_stimulus(std::uint32_t local_cell, std::uint32_t synapse, std::uint32_t index, double weight) override;
    void add_events(std::vector<PendingEvent> events) override;  // any order; merged canonically
    // The events known before the run (stimulus inputs), kept apart from the network's
    // so that each epoch merges only its own few events, not the whole input schedule.
    void set_external_events(std::vector<PendingEvent> events) override;

    const std::vector<Gid>& gids() const noexcept override { return gids_; }
    std::size_t num_nodes() const noexcept override { return v_.size(); }
    std::size_t memory_bytes() const override;

    // Probes and state access.
    std::uint32_t node_of(std::uint32_t local_cell, const Location& where) const;
    // Throws InvalidArgument for a variable the location does not have.
    ProbeSource probe_source(std::uint32_t local_cell, const Location& where, const std::string& variable) const;
    double probe_value(const ProbeSource& source);
    // What a probe (at `where`) or a colouring (over the whole cell) can read of a cell:
    // "v", the ions' values ("eca", "cai") and every mechanism's parameters and states
    // ("Ih.gIhbar", "Ih.m"); point processes only at their node. "v" first, then sorted.
    std::vector<std::string> variables(std::uint32_t local_cell, const Location* where = nullptr) const;
    // Every node's present value of `variable` (names as above; density mechanisms only),
    // NaN where it does not exist; false when it exists nowhere in this group. Values only
    // observers read (mInf) are stored from the next step on.
    bool node_values(const std::string& variable, std::vector<double>& out);
    // The units of a variable as its mechanism declares them ("mV", "mM", "S/cm2", "1"),
    // nullopt when no mechanism of this group has it.
    std::optional<std::string> unit_of(const std::string& variable) const;
    void add_sampler(GroupSampler sampler) { samplers_.push_back(std::move(sampler)); }
    void remove_samplers(const RecorderBuffer* buffer);
    // Writes the samples due at `step` (the state now) into their recorders' rows; only
    // `only`'s when given.
    void sample(std::int64_t step, const RecorderBuffer* only = nullptr);
    std::span<const double> voltages() const noexcept { return v_; }
    // The group node of a cell's node (numbered as in its Discretization). Cells may be
    // interleaved, and a cell's nodes may be reordered for the solver.
    std::uint32_t node(std::uint32_t cell, std::uint32_t local) const {
        const std::uint32_t slot = orders_[layout_of_[cell]].slot[local];
        return interleaved_ ? slot * static_cast<std::uint32_t>(gids_.size()) + cell : cell_first_node_[cell] + slot;
    }
    // One cell's entries of a per-node array of this group (e.g. a voltage snapshot).
    std::vector<double> cell_values(std::span<const double> values, std::uint32_t cell) const;
    Mechanism& point_process(std::uint32_t local_cell, std::uint32_t placement);
    void set_point_parameter(std::uint32_t local_cell, std::uint32_t placement, const std::string& parameter,
                             double value);
    double time_of(std::int64_t step) const { return static_cast<double>(step) * options_.dt; }
    const std::vector<IonState>& ions() const noexcept { return ions_; }

private:
    // Lowering, in phases.
    void lower(const Network& network);
    void layout_cells(const Network& network);
    void assemble_matrix();
    struct Gathered;
    void gather_mechanisms(std::map<std::string, Gathered>& density, std::vector<std::string>& point_names,
                           std::map<std::string, Gathered>& points);
    void build_ions();
    std::vector<char> cell_nodes(std::uint32_t cell) const;  // per group node: belongs to `cell`
    // "Ih.gIhbar" as ("Ih", "gIhbar"); nullopt without a dot.
    static std::optional<std::pair<std::string_view, std::string_view>> mechanism_variable(std::string_view variable);
    // Density mechanisms see the kernels' copy of the membrane nodes when there is one.
    MechanismPack& pack_of(MechanismStorage& m) {
        const bool copy = !kernel_order_.identity && m.info().kind == MechanismKind::density;
        return copy ? m.pack(kernel_v_, kernel_rhs_, kernel_d_, options_.dt, t_, options_.celsius)
                    : m.pack(v_, rhs_, d_, options_.dt, t_, options_.celsius);
    }
    void gather_kernel_v();  // the kernels' copy of v from the group's

    void assemble(double t_mid);
    void solve();
    void check_finite(std::int64_t step) const;

    RunOptions options_;
    std::vector<Gid> gids_;
    std::vector<std::shared_ptr<const CellDescription>> descriptions_;
    std::vector<Discretization> layouts_;
    std::vector<std::size_t> layout_of_;  // per cell: index into layouts_

    std::vector<SolverOrder> orders_;     // per layout: the solver's numbering of its nodes
    HinesSolver solver_;

    // Per node of the group, parents first within each cell.
    Array v_;         // [mV]
    Array rhs_;       // [mA/cm²], then the solution dv [mV]
    Array d_;         // [S/cm²] diagonal
    Array a_;         // [S/cm²] coupling of a node in its parent's row
    Array b_;         // [S/cm²] coupling of the parent in the node's row
    Array cap_;       // [S/cm²] 1e-3 cm cj: capacitive diagonal term
    Array area_;      // [µm²]
    std::vector<std::uint32_t> cell_first_node_;  // when not interleaved
    bool interleaved_ = false;
    std::vector<std::int32_t> local_parent_;  // the shared tree, when interleaved

    std::vector<std::unique_ptr<MechanismStorage>> mechanisms_;  // point processes first
    std::size_t first_density_ = 0;
    // The density kernels' numbering, and their copy of the membrane nodes' v, rhs, d
    // and capacitive term where it differs from the group's (kernel_order.h).
    KernelOrder kernel_order_;
    Array kernel_v_, kernel_rhs_, kernel_d_, kernel_cap_;
    std::vector<IonState> ions_;
    // placements_[cell][p] = (mechanism, instance)
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> placements_;

    std::vector<std::uint32_t> detector_node_;
    std::vector<double> threshold_;        // [mV]
    std::vector<double> v_previous_;       // [mV] detector voltage at the last step
    std::vector<char> above_;              // detector above threshold

    // Connections and stimulus events arriving here: where each goes, and its weight.
    struct Slot {
        std::uint32_t mechanism, instance, connection;
        double initial_weight;
        std::uint32_t values;  // where its weight, then its connection state, sit in the values array
    };
    std::vector<Slot> slots_, stimulus_slots_;
    // Per slot its weight, then the target mechanism's connection state; mutable during a run.
    std::vector<double> weight_, stimulus_weight_;
    std::uint32_t add_slot(std::vector<Slot>& slots, std::vector<double>& values, std::uint32_t cell, std::uint32_t synapse,
                           std::uint32_t connection, double weight);
    void reset_slot_values(const std::vector<Slot>& slots, std::vector<double>& values) const;
    void initialize_connections(bool stimulus);  // NET_RECEIVE's INITIAL for each slot
    // A network or stimulus event (`self` false), or a self-event (net_send) of `slot`.
    void deliver(bool stimulus, std::uint32_t slot, std::uint32_t connection, double time, double flag);
    void deliver(const PendingEvent& e);

    // net_send's events, due in (step, time, order) order: order counts sends, so equal
    // times keep the order they were sent in.
    struct SelfEvent {
        std::int64_t step;
        double time;
        std::uint64_t order;
        bool stimulus;
        std::uint32_t slot;
        std::uint32_t connection;
        double flag;
    };
    std::vector<SelfEvent> self_events_;  // sorted, the next first
    std::uint64_t self_sends_ = 0;
    friend class SlotSelfEvents;

    std::vector<PendingEvent> events_;     // from spikes during the run, in canonical order
    std::size_t next_event_ = 0;
    std::vector<PendingEvent> external_;   // set before the run, in canonical order
    std::size_t next_external_ = 0;
    std::vector<GroupSampler> samplers_;
    double t_ = 0.0;  // [ms] the time kernels see now (mid-step while currents are computed)
};

}  // namespace lamina::sim
