#include "ui/jobs/simulation_controller.h"

#include <algorithm>
#include <chrono>

#include "engine/errors.h"

namespace lamina::ui {

// The session's spikes as the GUI drains them: appended on the worker thread after each
// chunk, taken on the GUI thread.
class SpikeBuffer final : public sim::SpikeSink {
public:
    void append(std::span<const sim::Spike> spikes) override {
        std::lock_guard lock(mutex_);
        spikes_.insert(spikes_.end(), spikes.begin(), spikes.end());
    }
    void finish() override {}
    void drain(std::vector<sim::Spike>& out) {
        std::lock_guard lock(mutex_);
        out.insert(out.end(), spikes_.begin(), spikes_.end());
        spikes_.clear();
    }

private:
    std::mutex mutex_;
    std::vector<sim::Spike> spikes_;
};

SimulationController::SimulationController(QObject* parent) : QObject(parent) {
    worker_ = std::thread([this] { workerLoop(); });
}

SimulationController::~SimulationController() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
        want_running_ = false;
    }
    cancel_ = true;
    wake_.notify_all();
    worker_.join();
}

void SimulationController::post(std::function<void()> command) {
    {
        std::lock_guard lock(mutex_);
        commands_.push_back(std::move(command));
    }
    wake_.notify_all();
}

void SimulationController::setNetwork(std::shared_ptr<const sim::Network> network, const QString& name) {
    {
        std::lock_guard lock(mutex_);
        network_ = std::move(network);
        name_ = name;
        want_running_ = false;
        probes_.clear();  // a new model starts without probes
        traces_.clear();
        gids_ = {};
    }
    cancel_ = true;
    post([this] {
        session_.reset();  // a new model: a new session
        rebuild();
    });
    emit probesChanged();
}

void SimulationController::setSession(std::shared_ptr<session::RunSession> session, const QString& name) {
    {
        std::lock_guard lock(mutex_);
        network_ = session->network();
        settings_ = session->options();
        gids_ = session->gids();
        name_ = name;
        want_running_ = false;
        probes_.clear();
        traces_.clear();
    }
    cancel_ = true;
    post([this, session] {
        session_ = session;  // at t = 0 with the network and options just taken
        rebuild();
    });
    emit probesChanged();
}

void SimulationController::setSettings(const sim::RunOptions& settings) {
    bool at_start = false;
    {
        std::lock_guard lock(mutex_);
        settings_ = settings;
        at_start = time_.load() == 0.0 && state_.load() != State::running;
    }
    if (at_start) {
        post([this] { rebuild(); });
        return;
    }
    // The rest waits for a reset; the run's end moves now (never before the present).
    post([this, tstop = settings.tstop] {
        if (session_) session_->set_tstop(std::max(tstop, session_->time()));
    });
}

sim::RunOptions SimulationController::settings() const {
    std::lock_guard lock(mutex_);
    return settings_;
}

QString SimulationController::networkName() const {
    std::lock_guard lock(mutex_);
    return name_;
}

std::shared_ptr<const sim::Network> SimulationController::network() const {
    std::lock_guard lock(mutex_);
    return network_;
}

int SimulationController::addProbe(const ProbeSpec& probe) {
    int index = 0;
    {
        std::lock_guard lock(mutex_);
        probes_.push_back(probe);
        traces_.push_back(nullptr);
        index = static_cast<int>(probes_.size()) - 1;
    }
    emit probesChanged();
    post([this, index, probe] {
        if (!session_) return;
        auto trace = session_->add_probe(probe.gid, probe.where, probe.variable);
        std::lock_guard lock(mutex_);
        if (static_cast<std::size_t>(index) < traces_.size()) traces_[static_cast<std::size_t>(index)] = std::move(trace);
    });
    return index;
}

std::vector<ProbeSpec> SimulationController::probes() const {
    std::lock_guard lock(mutex_);
    return probes_;
}

std::uint64_t SimulationController::drainSamples(int probe, std::vector<sim::Sample>& out) {
    std::shared_ptr<sim::Trace> trace;
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        generation = generation_;
        if (probe < 0 || static_cast<std::size_t>(probe) >= traces_.size()) return generation;
        trace = traces_[static_cast<std::size_t>(probe)];
    }
    if (trace) trace->drain(out);
    return generation;
}

std::uint64_t SimulationController::drainSpikes(std::vector<sim::Spike>& out) {
    std::lock_guard lock(mutex_);
    if (spikes_) spikes_->drain(out);
    return generation_;
}

void SimulationController::setPointParameter(sim::Gid gid, std::uint32_t placement, const std::string& parameter,
                                             double value) {
    post([=, this] {
        if (session_) session_->set_point_parameter(gid, placement, parameter, value);
    });
}

bool SimulationController::atStart() const {
    return time_.load() == 0.0 && state_.load() != State::running;
}

void SimulationController::editNetwork(const std::function<void(sim::Network&)>& edit) {
    {
        std::lock_guard lock(mutex_);
        if (!network_) throw InvalidArgument("no network is loaded");
        auto edited = std::make_shared<sim::Network>(*network_);
        edit(*edited);
        network_ = std::move(edited);
    }
    emit networkEdited();
}

std::uint32_t SimulationController::addStimulus(sim::Gid gid, const sim::Location& where, const std::string& mechanism,
                                                const std::map<std::string, double>& parameters) {
    std::uint32_t index = 0;
    editNetwork([&](sim::Network& network) { index = network.place_on_cell(gid, where, mechanism, parameters); });
    if (atStart()) post([this] { rebuild(); });
    return index;
}

void SimulationController::setStimulusParameter(sim::Gid gid, std::uint32_t placement, const std::string& parameter,
                                                double value) {
    editNetwork([&](sim::Network& network) { network.set_point_parameter(gid, placement, parameter, value); });
    if (placement < livePointProcesses(gid)) setPointParameter(gid, placement, parameter, value);
}

void SimulationController::removeStimulus(sim::Gid gid, std::uint32_t placement) {
    if (!atStart())
        throw InvalidArgument("the running simulation still uses this stimulus: Reset to t = 0 to remove it "
                              "(an amplitude of 0 silences it meanwhile)");
    editNetwork([&](sim::Network& network) { network.remove_point_process(gid, placement); });
    post([this] { rebuild(); });
}

std::size_t SimulationController::livePointProcesses(sim::Gid gid) const {
    std::lock_guard lock(mutex_);
    if (!readable_network_ || gid >= readable_network_->size() || !readable_network_->is_cell(gid)) return 0;
    return readable_network_->cell(gid)->placements().size();
}

void SimulationController::run() { start(std::numeric_limits<double>::infinity()); }

void SimulationController::runUntil(double time) { start(time); }

void SimulationController::start(double pause_at) {
    const State now = state_.load();
    if (now == State::empty || now == State::failed) return;
    if (now == State::finished) reset();  // Run after the end (or Stop) starts over
    {
        std::lock_guard lock(mutex_);
        want_running_ = true;
        pause_at_ = pause_at;
    }
    wake_.notify_all();
}

void SimulationController::pause() {
    {
        std::lock_guard lock(mutex_);
        if (!want_running_) return;
        want_running_ = false;
    }
    cancel_ = true;  // stop inside the current chunk, at the next epoch
    post([this] { setState(State::paused); });
}

void SimulationController::stop() {
    {
        std::lock_guard lock(mutex_);
        want_running_ = false;
    }
    cancel_ = true;
    post([this] {
        if (state_.load() != State::empty && state_.load() != State::failed) setState(State::finished);
    });
}

void SimulationController::reset() {
    {
        std::lock_guard lock(mutex_);
        want_running_ = false;
    }
    cancel_ = true;
    post([this] { rebuild(); });
}

void SimulationController::setState(State state) {
    if (state_.exchange(state) != state) emit stateChanged(state);
}

void SimulationController::rebuild() {
    std::shared_ptr<const sim::Network> network;
    sim::RunOptions settings;
    std::vector<ProbeSpec> probes;
    circuit::GidMap gids;
    {
        std::lock_guard lock(mutex_);
        network = network_;
        settings = settings_;
        probes = probes_;
        gids = gids_;
    }
    time_ = 0.0;
    if (!network) {
        session_.reset();
        {
            std::lock_guard lock(mutex_);
            traces_.assign(probes_.size(), nullptr);
            spikes_.reset();
            readable_.reset();
            readable_network_.reset();
            ++generation_;
        }
        setState(State::empty);
        emit resetDone();
        return;
    }
    if (!session_) {
        session_ = std::make_shared<session::RunSession>(network, settings, std::move(gids));
    } else {
        session_->set_network(network);
        session_->set_options(settings);
        session_->reset();
    }
    std::vector<std::shared_ptr<sim::Trace>> traces(probes.size());
    for (std::size_t k = 0; k < probes.size(); ++k)
        traces[k] = session_->add_probe(probes[k].gid, probes[k].where, probes[k].variable);
    auto spikes = std::make_shared<SpikeBuffer>();
    session_->add_spike_sink(spikes);
    {
        std::lock_guard lock(mutex_);
        traces_ = std::move(traces);
        spikes_ = std::move(spikes);
        readable_ = session_->simulation();
        readable_network_ = network;
        traces_.resize(probes_.size());  // probes added meanwhile attach through their own command
        ++generation_;  // with the new traces, atomically: drains tell old data from new
    }
    setState(State::ready);
    emit resetDone();
    emit progress(0.0, settings.tstop, 0.0);
}

void SimulationController::workerLoop() {
    using clock = std::chrono::steady_clock;
    double chunk = 1.0;  // [ms] simulated per chunk, adapted to ~30 ms of wall time
    std::unique_lock lock(mutex_);
    while (!quit_) {
        if (!commands_.empty()) {
            auto command = std::move(commands_.front());
            commands_.pop_front();
            lock.unlock();
            try {
                command();
            } catch (const std::exception& e) {
                setState(State::failed);
                emit failed(QString::fromStdString(e.what()));
            }
            lock.lock();
            continue;
        }
        if (want_running_ && session_ && state_.load() != State::failed) {
            const double tstop = session_->options().tstop, dt = session_->options().dt, pause_at = pause_at_;
            if (session_->time() >= pause_at - 0.5 * dt && pause_at < tstop - 0.5 * dt) {
                want_running_ = false;
                pause_at_ = std::numeric_limits<double>::infinity();
                lock.unlock();
                setState(State::paused);
                lock.lock();
                continue;
            }
            if (session_->time() >= tstop - 0.5 * dt) {
                want_running_ = false;
                lock.unlock();
                setState(State::finished);
                lock.lock();
                continue;
            }
            lock.unlock();
            setState(State::running);
            cancel_ = false;
            const auto start = clock::now();
            const double from = session_->time();
            try {
                session_->advance(std::min({tstop, pause_at, from + chunk}), {}, &cancel_);
            } catch (const std::exception& e) {
                lock.lock();
                want_running_ = false;
                lock.unlock();
                setState(State::failed);
                emit failed(QString::fromStdString(e.what()));
                lock.lock();
                continue;
            }
            const double wall = std::chrono::duration<double>(clock::now() - start).count();
            const double simulated = session_->time() - from;
            const double rate = wall > 0 ? simulated / wall : 0.0;  // [ms/s]
            if (simulated > 0 && wall > 0) chunk = std::clamp(rate * 0.03, dt, 100.0);
            time_ = session_->time();
            emit progress(session_->time(), tstop, rate);
            lock.lock();
            continue;
        }
        wake_.wait(lock);
    }
}

}  // namespace lamina::ui

namespace lamina::ui {

std::vector<std::vector<double>> SimulationController::snapshots(const std::vector<sim::Gid>& gids,
                                                                 Snapshot snapshot) const {
    const auto [simulation, network] = readable();
    std::vector<std::vector<double>> out(gids.size());
    if (!simulation || !network) return out;
    for (std::size_t i = 0; i < gids.size(); ++i)
        if (gids[i] < network->size() &&
            (network->is_cell(gids[i]) || (snapshot == &sim::Simulation::voltage_snapshot && network->is_point(gids[i]))))
            out[i] = ((*simulation).*snapshot)(gids[i]);
    return out;
}

std::vector<std::vector<double>> SimulationController::voltageSnapshots(const std::vector<sim::Gid>& gids) const {
    return snapshots(gids, &sim::Simulation::voltage_snapshot);
}

void SimulationController::setWatchedVariable(const std::string& variable) {
    post([this, variable] {
        if (!session_) return;
        try {
            session_->watch(variable);
            emit watchApplied();
        } catch (const std::exception& e) {
            emit watchFailed(QString::fromStdString(e.what()));
        }
    });
}

std::vector<std::vector<double>> SimulationController::watchedSnapshots(const std::vector<sim::Gid>& gids) const {
    return snapshots(gids, &sim::Simulation::watched_snapshot);
}

std::vector<std::string> SimulationController::variables(sim::Gid gid, const sim::Location* where) const {
    const auto [simulation, network] = readable();
    if (!simulation || !network || gid >= network->size() || !network->is_cell(gid)) return {};
    try {
        return simulation->variables(gid, where);
    } catch (const InvalidArgument&) {
        return {};  // a location the cell does not have
    }
}

std::string SimulationController::unitOf(const std::string& variable) const {
    const auto [simulation, network] = readable();
    return simulation ? simulation->unit_of(variable) : std::string();
}

void SimulationController::requestCompartmentValues(sim::Gid gid, const std::string& variable) {
    post([this, gid, variable] {
        const QString name = QString::fromStdString(variable);
        if (!session_) {
            emit compartmentValues(gid, name, {}, tr("Nothing is built yet"));
            return;
        }
        try {
            emit compartmentValues(gid, name, session_->compartment_values(gid, variable), {});
        } catch (const std::exception& e) {
            emit compartmentValues(gid, name, {}, QString::fromStdString(e.what()));
        }
    });
}

std::pair<std::shared_ptr<const sim::Simulation>, std::shared_ptr<const sim::Network>> SimulationController::readable()
    const {
    std::lock_guard lock(mutex_);
    return {readable_, readable_network_};
}

}  // namespace lamina::ui
