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
#include "engine/sim/run_options.h"

namespace lamina::sim {


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

    // A probe on a cell: "v", "mechanism.state" (e.g. "hh.m") or "synapse:N" (current of
    // point process N, nA). Samples every step into the returned ring (drain it while the
    // run goes on, from one other thread).
    std::shared_ptr<SampleRing> add_probe(Gid gid, const Location& where, const std::string& variable,
                                          std::size_t capacity = 1u << 16);
    // The present value of what a probe would sample (e.g. the t = 0 row of a report).
    double probe_value(Gid gid, const Location& where, const std::string& variable);

    // Every compartment voltage of a cell (for colouring a morphology), copied at epoch
    // boundaries into a double buffer; readable from another thread.
    std::vector<double> voltage_snapshot(Gid gid) const;

    // Changes a point process parameter (a clamp amplitude) between advance() calls.
    void set_point_parameter(Gid gid, std::uint32_t placement, const std::string& parameter, double value);
    Mechanism& point_process(Gid gid, std::uint32_t placement);

    int threads() const noexcept { return threads_; }
    std::size_t num_compartments() const noexcept;
    std::size_t memory_bytes() const noexcept;

private:
    // Sorts `fresh` canonically and turns it into events; records it in spikes() if asked.
    void route(std::vector<Spike>& fresh, bool record);
    void publish_snapshot(std::size_t group);

    struct Impl;
    std::unique_ptr<Impl> d_;
    std::vector<Spike> spikes_;
    int threads_ = 1;
};

}  // namespace lamina::sim
