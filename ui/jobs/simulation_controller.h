#pragma once
// Runs a session (engine/session/run_session.h, the same one `lamina simulate` drives)
// on a worker thread so the window never waits for it: a thin thread wrapper. The worker
// owns the session and advances it in chunks of about 30 ms of wall time; between chunks
// it applies what the GUI asked for (pause, stop, reset, a new probe, a changed clamp
// amplitude). The GUI drains probe traces and spikes at screen rate, and hears about
// progress and state changes through queued signals.

#include <QObject>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/circuit/gid_map.h"
#include "engine/session/run_session.h"
#include "engine/sim/network.h"
#include "engine/sim/simulation.h"

namespace lamina::ui {

struct ProbeSpec {
    sim::Gid gid = 0;
    sim::Location where{0, 0.5};
    std::string variable = "v";
    QString label;
};

class SimulationController : public QObject {
    Q_OBJECT
public:
    enum class State { empty, ready, running, paused, finished, failed };
    Q_ENUM(State)

    explicit SimulationController(QObject* parent = nullptr);
    ~SimulationController() override;

    // A new model (and its name for titles); the run goes back to t = 0 with the
    // current settings, without probes.
    void setNetwork(std::shared_ptr<const sim::Network> network, const QString& name);
    // A run opened from a SONATA config (io::open_sonata_run): its network, gid map and
    // every run key it set, taken as they are; without probes.
    void setSession(std::shared_ptr<session::RunSession> session, const QString& name);
    // Takes effect at the next reset (or now, when nothing has run yet).
    void setSettings(const sim::RunOptions& settings);
    sim::RunOptions settings() const;
    State state() const { return state_.load(); }
    QString networkName() const;
    std::shared_ptr<const sim::Network> network() const;

    // Probes sample every step. Adding one during a run waits for the next chunk.
    int addProbe(const ProbeSpec& probe);
    std::vector<ProbeSpec> probes() const;
    // New samples of one probe / new spikes since the last call (GUI thread). Each
    // returns the generation of what it drained: it grows with every reset, so a view
    // that sees a new one clears its old data first (and never data of the new run).
    std::uint64_t drainSamples(int probe, std::vector<sim::Sample>& out);
    std::uint64_t drainSpikes(std::vector<sim::Spike>& out);
    // A point process parameter (a clamp's amplitude), applied between chunks.
    void setPointParameter(sim::Gid gid, std::uint32_t placement, const std::string& parameter, double value);

    // Stimuli edited in the app become part of the model, so a reset keeps them. At t = 0
    // the simulation is rebuilt with them at once; during a run a changed parameter also
    // applies live (between chunks), while a new stimulus waits for the next reset.
    // Each throws InvalidArgument, and changes nothing, for a bad gid, location or value.
    std::uint32_t addStimulus(sim::Gid gid, const sim::Location& where, const std::string& mechanism,
                              const std::map<std::string, double>& parameters);
    void setStimulusParameter(sim::Gid gid, std::uint32_t placement, const std::string& parameter, double value);
    // Only at t = 0: the running simulation still holds the stimulus (an amplitude of 0
    // silences it meanwhile).
    void removeStimulus(sim::Gid gid, std::uint32_t placement);
    // t = 0 and not running: model edits go into the simulation at once.
    bool atStart() const;
    // Point processes of a cell in the simulation that runs now (new ones beyond it wait
    // for a reset).
    std::size_t livePointProcesses(sim::Gid gid) const;

    double simulatedTime() const { return time_.load(); }
    // Every compartment voltage of each cell as of the last epoch (GUI thread; empty for
    // a gid that is not a cell, or when nothing is built), for colouring morphologies.
    std::vector<std::vector<double>> voltageSnapshots(const std::vector<sim::Gid>& gids) const;

    // Live colouring by any variable: snapshots carry it from the next chunk (or at once
    // when paused) and through resets; an empty name stops it. watchFailed() tells when
    // the model has no such variable.
    void setWatchedVariable(const std::string& variable);
    // The watched variable of each cell as of the last epoch (empty where not yet known).
    std::vector<std::vector<double>> watchedSnapshots(const std::vector<sim::Gid>& gids) const;
    // What a probe at `where` (or a colouring, over the whole cell) can read of a cell;
    // empty when nothing is built or the gid is not a cell.
    std::vector<std::string> variables(sim::Gid gid, const sim::Location* where = nullptr) const;
    // A variable's units ("mV", "mM", "S/cm2", "1"); "" when nothing built has it.
    std::string unitOf(const std::string& variable) const;
    // Asks for a variable at every compartment of a cell; compartmentValues() answers
    // (from the worker, between chunks).
    void requestCompartmentValues(sim::Gid gid, const std::string& variable);

public slots:
    void run();     // from ready, paused or stopped: continue to tstop
    // Like run(), but pauses at `time` [ms] exactly (a lesson's step, a scripted check).
    void runUntil(double time);
    void pause();
    void stop();    // ends the run where it is (Reset starts over)
    void reset();   // t = 0, probes emptied

signals:
    void stateChanged(lamina::ui::SimulationController::State state);
    void progress(double time, double tstop, double simulatedMsPerSecond);
    void failed(const QString& message);
    void resetDone();  // views should clear their data
    void networkEdited();  // a stimulus was added, changed or removed (GUI thread)
    void probesChanged();  // a probe was added, or a new network dropped them (GUI thread)
    void watchFailed(const QString& message);
    void watchApplied();  // the watched variable's snapshots are there to read
    // The answer to requestCompartmentValues: values in the cell's node order, or an error.
    void compartmentValues(lamina::sim::Gid gid, const QString& variable, const std::vector<double>& values,
                           const QString& error);

private:
    void post(std::function<void()> command);
    void workerLoop();
    void rebuild();  // worker thread: a fresh Simulation with the probes
    void setState(State state);
    // One snapshot per gid (empty for a gid that is not a cell, or when nothing is built).
    using Snapshot = std::vector<double> (sim::Simulation::*)(sim::Gid) const;
    std::vector<std::vector<double>> snapshots(const std::vector<sim::Gid>& gids, Snapshot snapshot) const;
    // The simulation the GUI may read and the network it runs (null when none).
    std::pair<std::shared_ptr<const sim::Simulation>, std::shared_ptr<const sim::Network>> readable() const;
    void start(double pause_at);  // run() and runUntil()
    // Applies `edit` to a copy of the model and installs the copy if it did not throw.
    void editNetwork(const std::function<void(sim::Network&)>& edit);

    mutable std::mutex mutex_;  // guards everything below that both threads touch
    std::condition_variable wake_;
    std::deque<std::function<void()>> commands_;
    bool quit_ = false;
    bool want_running_ = false;
    double pause_at_ = std::numeric_limits<double>::infinity();  // [ms]
    std::shared_ptr<const sim::Network> network_;
    QString name_;
    sim::RunOptions settings_;
    std::vector<ProbeSpec> probes_;
    std::vector<std::shared_ptr<sim::Trace>> traces_;  // one per probe; replaced on reset
    std::shared_ptr<class SpikeBuffer> spikes_;        // the session's spikes for the GUI; replaced on reset
    circuit::GidMap gids_;
    std::uint64_t generation_ = 0;  // rebuilds so far
    // The simulation whose snapshots the GUI reads: shared, so a reset on the worker never
    // frees it under a reader.
    std::shared_ptr<const sim::Simulation> readable_;
    std::shared_ptr<const sim::Network> readable_network_;  // the one readable_ runs

    std::atomic<State> state_{State::empty};
    std::atomic<double> time_{0.0};
    std::atomic<bool> cancel_{false};

    // Worker thread only.
    std::shared_ptr<session::RunSession> session_;
    std::thread worker_;
};

}  // namespace lamina::ui
