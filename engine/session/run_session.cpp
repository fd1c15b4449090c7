#include "engine/session/run_session.h"

#include <algorithm>

#include "engine/errors.h"

namespace lamina::session {

RunSession::RunSession(std::shared_ptr<const sim::Network> network, sim::RunOptions options, circuit::GidMap gids)
    : network_(std::move(network)), options_(std::move(options)), gids_(std::move(gids)) {
    if (!network_) throw InvalidArgument("a run needs a network");
    reset();
}

RunSession::~RunSession() = default;

void RunSession::set_options(sim::RunOptions options) { options_ = std::move(options); }

void RunSession::set_tstop(double tstop) {
    if (!(tstop >= time() && tstop <= sim::max_time))
        throw InvalidArgument("tstop must be in [" + readable_number(time()) + ", 1e+09] ms, got " +
                              readable_number(tstop));
    options_.tstop = tstop;
}

void RunSession::set_network(std::shared_ptr<const sim::Network> network) {
    if (!network) throw InvalidArgument("a run needs a network");
    network_ = std::move(network);
}

void RunSession::reset() {
    if (simulation_) simulation_->finish_recording();
    for (auto& s : spike_sinks_) s.sink->finish();
    spike_sinks_.clear();
    // Built before the old one goes: options the engine refuses leave the session as it was.
    auto fresh = std::make_shared<sim::Simulation>(*network_, options_);
    // The watched variable carries over where the new model still has it.
    if (simulation_ && !simulation_->watched().empty()) {
        try {
            fresh->watch(simulation_->watched());
        } catch (const InvalidArgument&) {
            // The new model lacks it: nothing is watched.
        }
    }
    simulation_ = std::move(fresh);
    finished_ = false;
}

void RunSession::watch(const std::string& variable) { simulation_->watch(variable); }

std::vector<double> RunSession::compartment_values(sim::Gid gid, const std::string& variable) {
    return simulation_->compartment_values(gid, variable);
}

void RunSession::advance(double until, const std::function<void(const sim::Progress&)>& progress,
                         const std::atomic<bool>* cancel) {
    if (finished_) throw InvalidArgument("this run is finished; reset it to run again");
    simulation_->advance(std::min(until, options_.tstop), progress, cancel);
    feed_spike_sinks();
}

void RunSession::finish() {
    if (finished_) return;
    feed_spike_sinks();
    simulation_->finish_recording();
    for (auto& s : spike_sinks_) s.sink->finish();
    finished_ = true;
}

void RunSession::feed_spike_sinks() {
    const auto& all = simulation_->spikes();
    for (auto& s : spike_sinks_) {
        if (s.fed >= all.size()) continue;
        s.sink->append(std::span<const sim::Spike>(all).subspan(s.fed));
        s.fed = all.size();
    }
}

void RunSession::add_recorder(std::vector<sim::ProbeAddress> columns, sim::Schedule schedule,
                              std::shared_ptr<sim::RecordingSink> sink, sim::Precision precision) {
    simulation_->add_recorder(std::move(columns), schedule, std::move(sink), precision);
}

std::shared_ptr<sim::Trace> RunSession::add_probe(sim::Gid gid, const sim::Location& where,
                                                  const std::string& variable) {
    return simulation_->add_probe(gid, where, variable);
}

void RunSession::add_spike_sink(std::shared_ptr<sim::SpikeSink> sink) {
    spike_sinks_.push_back({std::move(sink), simulation_->spikes().size()});
}

double RunSession::probe_value(sim::Gid gid, const sim::Location& where, const std::string& variable) {
    return simulation_->probe_value(gid, where, variable);
}

void RunSession::set_point_parameter(sim::Gid gid, std::uint32_t placement, const std::string& parameter,
                                     double value) {
    simulation_->set_point_parameter(gid, placement, parameter, value);
}

double RunSession::estimated_hours() const {
    const double steps = options_.tstop / options_.dt;
    return steps * static_cast<double>(num_compartments()) * ns_per_compartment_step * 1e-9 / 3600.0 /
           std::max(1, threads());
}

}  // namespace lamina::session
