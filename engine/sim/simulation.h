#pragma once
// Runs a Network: cells in fixed groups, advanced by OpenMP threads in epochs no longer
// than the shortest connection delay, spikes exchanged between epochs in a canonical
// order (time, gid), so results are identical for any thread count.

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <memory>
#include <vector>

#include "engine/sim/cell_group.h"
#include "engine/sim/network.h"
#include "engine/sim/recording.h"
#include "engine/sim/run_options.h"

namespace lamina::sim {

class PointNeuronGroup;


// [bytes] The rows one recorder may hold between two hand-overs to its sink.
inline constexpr std::size_t recorder_buffer_bytes = std::size_t{16} << 20;

struct Progress {
    double time;         // [ms] simulated so far
    double until;        // [ms] target of this advance()
    std::size_t spikes;  // all spikes so far
};

class Simulation {
public:
    // Validates options (dt > 0, ...) and lowers every cell. Throws InvalidArgument.
    Simulation(const Network& network, RunOptions options);
    ~Simulation();

    // Back to t = 0 with v_init and the mechanisms' initial states.
    void initialize();
    // Advances to `until` [ms] (>= time()). Callable repeatedly; stops early, between
    // epochs, when `cancel` becomes true. Progress is reported after each epoch.
    void advance(double until, const std::function<void(const Progress&)>& progress = {},
                 const std::atomic<bool>* cancel = nullptr);
    double time() const noexcept;

    // Every spike so far, sorted by (time, gid).
    const std::vector<Spike>& spikes() const noexcept { return spikes_; }
    // Cell groups (tasks per epoch) and the cells in each, in gid order.
    std::vector<std::size_t> group_sizes() const;

    // Samples `columns` on `schedule` into `sink`: begin() now, blocks of rows between
    // epochs, finish() from finish_recording(). A schedule that samples the present step
    // gets the present state as its first row. Each recorder holds at most
    // recorder_buffer_bytes of rows (epochs are cut shorter to keep it so). Throws
    // InvalidArgument for a gid that is not a cell or a variable its location lacks.
    void add_recorder(std::vector<ProbeAddress> columns, Schedule schedule, std::shared_ptr<RecordingSink> sink,
                      Precision precision = Precision::full);
    // The run is complete: every sink gets its last rows and finish(). Recorders stop.
    void finish_recording();
    // [bytes] Rows held by the recorders (their bound: recorder_buffer_bytes each).
    std::size_t recording_bytes() const;

    // A probe on a cell: "v", "mechanism.state" (e.g. "hh.m") or "synapse:N" (current of
    // point process N, nA), sampled every step from the next one into the returned trace
    // (drain it while the run goes on, from another thread).
    std::shared_ptr<Trace> add_probe(Gid gid, const Location& where, const std::string& variable);
    // The present value of what a probe would sample (e.g. the t = 0 row of a report).
    double probe_value(Gid gid, const Location& where, const std::string& variable);

    // Every compartment voltage of a cell (for colouring a morphology), copied at epoch
    // boundaries into a double buffer; readable from another thread.
    std::vector<double> voltage_snapshot(Gid gid) const;
    // Snapshots also carry `variable` ("cai", "Ih.m", "Ih.gIhbar"; empty: nothing more),
    // published at once. Between advance() calls; InvalidArgument when no cell has it.
    void watch(const std::string& variable);
    const std::string& watched() const noexcept;
    // The watched variable at every compartment of a cell as of the last epoch, in
    // voltage_snapshot's order, NaN where the cell lacks it (empty: nothing watched).
    // Readable from another thread.
    std::vector<double> watched_snapshot(Gid gid) const;
    // What a probe at `where` (or a colouring, over the whole cell) can read of a cell,
    // "v" first (CellGroup::variables). Reads only the model's structure, which a run
    // never changes: callable from another thread while one goes on.
    std::vector<std::string> variables(Gid gid, const Location* where = nullptr) const;
    // A variable's units as declared ("mV", "mM", "S/cm2", "1" for none); "" when no cell
    // has it. Structure only, like variables().
    std::string unit_of(const std::string& variable) const;
    // The present value of `variable` at every compartment of a cell (NaN where absent),
    // in voltage_snapshot's order. Between advance() calls.
    std::vector<double> compartment_values(Gid gid, const std::string& variable);

    // Changes a point process parameter (a clamp amplitude) between advance() calls.
    void set_point_parameter(Gid gid, std::uint32_t placement, const std::string& parameter, double value);
    Mechanism& point_process(Gid gid, std::uint32_t placement);

    int threads() const noexcept { return threads_; }
    std::size_t num_compartments() const noexcept;
    std::size_t memory_bytes() const noexcept;

private:
    // Sorts `fresh` canonically and turns it into events; records it in spikes() if asked.
    void route(std::vector<Spike>& fresh, bool record);
    // The last step of an epoch from `first` that every recorder's buffer can hold, at
    // most `end`; sets each recorder's rows for the epoch.
    std::int64_t fit_recorders(std::int64_t first, std::int64_t end);
    void hand_over_rows();
    // Which group holds `gid`, checked to be a cell.
    std::pair<std::uint32_t, std::uint32_t> cell_place(Gid gid, const char* what) const;
    PointNeuronGroup& point_group(std::size_t receiver) const;  // a receiver past the cable groups
    void publish_snapshot(std::size_t group);

    struct Impl;
    std::unique_ptr<Impl> d_;
    std::vector<Spike> spikes_;
    int threads_ = 1;
};

}  // namespace lamina::sim
