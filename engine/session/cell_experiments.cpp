#include "engine/session/cell_experiments.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "engine/errors.h"
#include "engine/sim/mechanism_parameter.h"
#include "engine/sim/simulation.h"

namespace lamina::session {

namespace {

constexpr double train_start = 50.0, recovery = 200.0;  // [ms]

std::vector<double> soma_trace(sim::Simulation& s, const std::string& variable, double until,
                               std::vector<double>* times) {
    auto probe = s.add_probe(0, {0, 0.5}, variable);
    s.advance(until);
    std::vector<sim::Sample> samples;
    probe->drain(samples);
    std::vector<double> v;
    v.reserve(samples.size());
    for (const auto& x : samples) {
        v.push_back(x.value);
        if (times) times->push_back(x.time);
    }
    return v;
}

}  // namespace

PulseTrain connection_train(const sim::Network& network, sim::Gid pre, sim::Gid post, double frequency, int spikes,
                            int trials, const sim::RunOptions& options, const std::atomic<bool>* cancel,
                            TrainRecording recording) {
    if (!(frequency > 0 && frequency <= 1000)) throw InvalidArgument("the train's frequency must be in (0, 1000] Hz");
    if (spikes < 1 || spikes > 100) throw InvalidArgument("a train has 1 to 100 spikes");
    if (post >= network.size() || !network.is_cell(post)) throw InvalidArgument("gid " + std::to_string(post) + " is not a cell");
    std::vector<sim::Connection> through;
    for (const sim::Connection& c : network.connections())
        if (c.source == pre && c.target == post) through.push_back(c);
    if (through.empty())
        throw InvalidArgument("gid " + std::to_string(pre) + " does not connect to gid " + std::to_string(post));
    std::vector<double> arrivals;
    for (int k = 0; k < spikes; ++k) arrivals.push_back(train_start + 1000.0 / frequency * k);
    const double tstop = arrivals.back() + recovery;
    const double delay = std::min_element(through.begin(), through.end(), [](const auto& a, const auto& b) {
                             return a.delay < b.delay;
                         })->delay;
    const double threshold = network.cell(post)->detector().threshold;

    // The copy: post alone, one spike source, the connection's synapses; when clamped, a
    // near-ideal clamp at the soma (0.01 MΩ: under 0.1 mV of error for 10 nA).
    const auto measure = [&](bool clamped) {
        PulseTrain out;
        out.frequency = frequency;
        out.clamped = clamped;
        out.holding = clamped ? options.v_init : 0.0;
        // The copy driven by the train, and the same copy left alone: a cell settling from
        // v_init drifts for hundreds of ms, and the drift is not part of the response.
        const auto make_copy = [&](const std::vector<double>& times, std::string& variable) {
            sim::Network copy;
            copy.add_cell(network.cell(post));
            const sim::Gid source = copy.add_spike_source({sim::SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, times});
            for (const sim::Connection& c : through) copy.connect({source, 0, c.synapse, c.weight, c.delay});
            variable = "v";
            if (clamped)
                variable = "synapse:" + std::to_string(copy.place_on_cell(
                                            0, {0, 0.5}, "SEClamp", {{"rs", 0.01}, {"dur1", tstop + 1.0}, {"amp1", options.v_init}}));
            return copy;
        };
        std::string variable;
        const sim::Network copy = make_copy(arrivals, variable);
        const sim::Network alone = make_copy({}, variable);
        sim::RunOptions o = options;
        o.threads = 1;
        {
            sim::Simulation s(alone, o);  // no event, no random draw: one run serves every trial
            out.baseline = soma_trace(s, variable, tstop, &out.time);
        }
        out.value.assign(out.baseline.size(), 0.0);
        for (int trial = 0; trial < std::max(1, trials); ++trial) {
            if (cancel && cancel->load()) break;
            o.seed = options.seed + static_cast<std::uint64_t>(trial);
            sim::Simulation s(copy, o);
            const std::vector<double> x = soma_trace(s, variable, tstop, nullptr);
            if (!clamped && std::any_of(x.begin(), x.end(), [&](double v) { return v > threshold; })) ++out.firing_trials;
            for (std::size_t k = 0; k < x.size() && k < out.value.size(); ++k) out.value[k] += x[k];
            ++out.trials;
        }
        return out;
    };
    PulseTrain out = measure(recording == TrainRecording::clamp_current);
    if (recording == TrainRecording::automatic && out.firing_trials > 0 && !(cancel && cancel->load())) {
        const int firing = out.firing_trials;
        out = measure(true);
        out.firing_trials = firing;
    }
    if (out.trials == 0) return out;
    for (double& x : out.value) x /= out.trials;
    // Each response: the trace less the cell's own drift, from its value at the arrival
    // to its largest deviation before the next arrival (PSPs and PSCs of either sign).
    const double dt = out.time.size() > 1 ? out.time[1] - out.time[0] : options.dt;
    const auto index = [&](double t) {
        return std::min(out.value.size() - 1,
                        static_cast<std::size_t>(std::max(0.0, std::round((t - out.time.front()) / dt))));
    };
    const auto response = [&](std::size_t i) { return out.value[i] - out.baseline[i]; };
    for (std::size_t k = 0; k < arrivals.size(); ++k) {
        const double from = arrivals[k] + delay, to = k + 1 < arrivals.size() ? arrivals[k + 1] + delay : from + recovery;
        const std::size_t a = index(from), b = index(to);
        double largest = 0;
        for (std::size_t i = a; i <= b; ++i) largest = std::max(largest, std::abs(response(i) - response(a)));
        out.amplitudes.push_back(largest);
    }
    return out;
}

std::vector<ConnectionSummary> incoming_connections(const sim::Network& network, sim::Gid post) {
    if (post >= network.size() || !network.is_cell(post)) return {};
    const sim::CellDescription& cell = *network.cell(post);
    std::map<sim::Gid, ConnectionSummary> by_pre;
    for (const sim::Connection& c : network.connections()) {
        if (c.target != post) continue;
        ConnectionSummary& s = by_pre[c.source];
        if (s.synapses == 0) {
            s.pre = c.source;
            s.from_cell = network.is_cell(c.source);
            s.weight_low = s.weight_high = c.weight;
            s.delay = c.delay;
            const sim::Placement& synapse = cell.placements().at(c.synapse);
            s.mechanism = synapse.mechanism;
            const sim::MechanismInfo& info = sim::mechanism_info(synapse.mechanism);
            for (const char* name : {"Use", "Dep", "Fac", "Nrrp"}) {
                const sim::ParameterInfo* p = sim::find_parameter(info, name);
                if (!p) continue;
                const auto placed = synapse.parameters.find(name);
                s.plasticity.emplace_back(name, placed != synapse.parameters.end() ? placed->second : p->default_value);
            }
        }
        ++s.synapses;
        s.weight_low = std::min(s.weight_low, c.weight);
        s.weight_high = std::max(s.weight_high, c.weight);
        s.delay = std::min(s.delay, c.delay);
    }
    std::vector<ConnectionSummary> out;
    for (auto& [pre, summary] : by_pre) out.push_back(std::move(summary));
    return out;
}

double adaptation_index(const std::vector<double>& spikes) {
    if (spikes.size() < 3) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (std::size_t k = 2; k < spikes.size(); ++k) {
        const double a = spikes[k - 1] - spikes[k - 2], b = spikes[k] - spikes[k - 1];
        sum += (b - a) / (b + a);
    }
    return sum / static_cast<double>(spikes.size() - 2);
}

std::vector<StepResponse> step_series(const sim::Network& network, sim::Gid cell, const std::vector<double>& amplitudes,
                                      double duration, const sim::RunOptions& options, const std::atomic<bool>* cancel) {
    if (cell >= network.size() || !network.is_cell(cell)) throw InvalidArgument("gid " + std::to_string(cell) + " is not a cell");
    if (!(duration > 0 && duration <= 10000)) throw InvalidArgument("a step lasts (0, 10000] ms");
    constexpr double onset = 100.0;
    std::vector<StepResponse> out;
    for (const double amplitude : amplitudes) {
        if (cancel && cancel->load()) break;
        sim::Network copy;
        copy.add_cell(network.cell(cell));
        copy.place_on_cell(0, {0, 0.5}, "IClamp", {{"del", onset}, {"dur", duration}, {"amp", amplitude}});
        sim::RunOptions o = options;
        o.threads = 1;
        sim::Simulation s(copy, o);
        StepResponse r;
        r.amplitude = amplitude;
        r.v = soma_trace(s, "v", onset + duration + 50, &r.time);
        for (const auto& spike : s.spikes())
            if (spike.time >= onset && spike.time < onset + duration) r.spikes.push_back(spike.time - onset);
        r.rate = static_cast<double>(r.spikes.size()) / (duration * 1e-3);
        r.adaptation = adaptation_index(r.spikes);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace lamina::session
