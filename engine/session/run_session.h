#pragma once
// A run of a network: the one object that `lamina simulate`, the app's worker thread,
// lessons and (later) MPI ranks drive, so nothing about a run is decided anywhere else.
// It holds the network, its gid map, the run options, the simulation built from them,
// the recorders and the spike sinks. Qt-free; one thread drives it, while voltage
// snapshots (simulation()) and traces may be read from others.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/circuit/gid_map.h"
#include "engine/sim/network.h"
#include "engine/sim/recording.h"
#include "engine/sim/run_options.h"
#include "engine/sim/simulation.h"

namespace lamina::session {

// A generous speed [ns per compartment and step] for telling how long a run would take.
inline constexpr double ns_per_compartment_step = 20;

class RunSession {
public:
    // Builds the simulation at t = 0. Throws InvalidArgument for options the engine
    // refuses (dt out of range, an unknown mechanism setting, ...).
    RunSession(std::shared_ptr<const sim::Network> network, sim::RunOptions options, circuit::GidMap gids = {});
    ~RunSession();
    RunSession(const RunSession&) = delete;
    RunSession& operator=(const RunSession&) = delete;

    const sim::RunOptions& options() const noexcept { return options_; }
    const std::shared_ptr<const sim::Network>& network() const noexcept { return network_; }
    const circuit::GidMap& gids() const noexcept { return gids_; }
    // Both take effect at the next reset(); the running simulation keeps its own.
    void set_options(sim::RunOptions options);
    // The end of the run, now: a run may be made longer or shorter while it goes, but
    // not shorter than the time already simulated.
    void set_tstop(double tstop);
    void set_network(std::shared_ptr<const sim::Network> network);

    // Back to t = 0: recorders and spike sinks are finished and dropped (each run has
    // its own), and a fresh simulation is built from the present network and options.
    void reset();

    // Advances to `until`, at most tstop, in epochs; stops early between epochs when
    // `cancel` becomes true. Spike sinks get the new spikes after each call.
    void advance(double until, const std::function<void(const sim::Progress&)>& progress = {},
                 const std::atomic<bool>* cancel = nullptr);
    double time() const noexcept { return simulation_->time(); }
    // tstop reached (within half a step).
    bool done() const noexcept { return time() >= options_.tstop - 0.5 * options_.dt; }
    // The run is complete: every recorder hands over its last rows and every sink
    // finishes (files appear under their names). Further advances are refused.
    void finish();

    // Recording, from the present step on (see sim::Simulation::add_recorder).
    void add_recorder(std::vector<sim::ProbeAddress> columns, sim::Schedule schedule,
                      std::shared_ptr<sim::RecordingSink> sink, sim::Precision precision = sim::Precision::full);
    std::shared_ptr<sim::Trace> add_probe(sim::Gid gid, const sim::Location& where, const std::string& variable);
    // Receives every spike from now on (spikes before are not repeated).
    void add_spike_sink(std::shared_ptr<sim::SpikeSink> sink);
    const std::vector<sim::Spike>& spikes() const noexcept { return simulation_->spikes(); }
    double probe_value(sim::Gid gid, const sim::Location& where, const std::string& variable);

    // Snapshots also carry `variable` (sim::Simulation::watch), through resets as long
    // as the model has it. InvalidArgument when no cell has it.
    void watch(const std::string& variable);
    // A variable at every compartment of a cell now (sim::Simulation::compartment_values).
    std::vector<double> compartment_values(sim::Gid gid, const std::string& variable);

    // A point process parameter (a clamp amplitude), now and for the rest of the run.
    void set_point_parameter(sim::Gid gid, std::uint32_t placement, const std::string& parameter, double value);

    // The simulation that runs now, shared so a reader on another thread (voltage
    // snapshots) keeps it alive through a reset.
    std::shared_ptr<const sim::Simulation> simulation() const noexcept { return simulation_; }
    std::size_t num_compartments() const noexcept { return simulation_->num_compartments(); }
    int threads() const noexcept { return simulation_->threads(); }
    // [h] How long the whole run would take at ns_per_compartment_step.
    double estimated_hours() const;

private:
    void feed_spike_sinks();

    std::shared_ptr<const sim::Network> network_;
    sim::RunOptions options_;
    circuit::GidMap gids_;
    std::shared_ptr<sim::Simulation> simulation_;
    struct FedSink {
        std::shared_ptr<sim::SpikeSink> sink;
        std::size_t fed = 0;  // spikes() already handed to it
    };
    std::vector<FedSink> spike_sinks_;
    bool finished_ = false;
};

}  // namespace lamina::session
