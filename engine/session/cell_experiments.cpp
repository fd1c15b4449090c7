#include "engine/session/cell_experiments.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "engine/errors.h"
#include "engine/sim/simulation.h"

namespace lamina::session {

namespace {

constexpr double train_start = 50.0, recovery = 200.0;  // [ms]

std::vector<double> soma_trace(sim::Simulation& s, double until, std::vector<double>* times) {
    auto probe = s.add_probe(0, {0, 0.5}, "v");
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
                            int trials, const sim::RunOptions& options, const std::atomic<bool>* cancel) {
    if (!(frequency > 0 && frequency <= 1000)) throw InvalidArgument("the train's frequency must be in (0, 1000] Hz");
    if (spikes < 1 || spikes > 100) throw InvalidArgument("a train has 1 to 100 spikes");
    if (post >= network.size() || !network.is_cell(post)) throw InvalidArgument("gid " + std::to_string(post) + " is not a cell");
    std::vector<sim::Connection> through;
    for (const sim::Connection& c : network.connections())
        if (c.source == pre && c.target == post) through.push_back(c);
    if (through.empty())
        throw InvalidArgument("gid " + std::to_string(pre) + " does not connect to gid " + std::to_string(post));
    PulseTrain out;
    out.frequency = frequency;
    std::vector<double> arrivals;
    for (int k = 0; k < spikes; ++k) arrivals.push_back(train_start + 1000.0 / frequency * k);
    const double tstop = arrivals.back() + recovery;
    // The copy: post alone, one spike source, the connection's synapses.
    sim::Network copy;
    copy.add_cell(network.cell(post));
    const sim::Gid source = copy.add_spike_source({sim::SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, arrivals});
    double delay = std::numeric_limits<double>::infinity();
    for (const sim::Connection& c : through) {
        copy.connect({source, 0, c.synapse, c.weight, c.delay});
        delay = std::min(delay, c.delay);
    }
    for (int trial = 0; trial < std::max(1, trials); ++trial) {
        if (cancel && cancel->load()) break;
        sim::RunOptions o = options;
        o.threads = 1;
        o.seed = options.seed + static_cast<std::uint64_t>(trial);
        sim::Simulation s(copy, o);
        std::vector<double> times;
        const std::vector<double> v = soma_trace(s, tstop, out.time.empty() ? &times : nullptr);
        if (out.time.empty()) {
            out.time = std::move(times);
            out.v.assign(v.size(), 0.0);
        }
        for (std::size_t k = 0; k < v.size() && k < out.v.size(); ++k) out.v[k] += v[k];
        ++out.trials;
    }
    if (out.trials == 0) return out;
    for (double& x : out.v) x /= out.trials;
    // Each PSP: from the averaged trace at its arrival to its peak before the next spike.
    const double dt = out.time.size() > 1 ? out.time[1] - out.time[0] : options.dt;
    for (std::size_t k = 0; k < arrivals.size(); ++k) {
        const double from = arrivals[k] + delay, to = k + 1 < arrivals.size() ? arrivals[k + 1] + delay : from + recovery;
        const auto index = [&](double t) {
            return std::min(out.v.size() - 1, static_cast<std::size_t>(std::max(0.0, std::round((t - out.time.front()) / dt))));
        };
        const std::size_t a = index(from), b = index(to);
        const double base = out.v[a];
        double peak = base;
        for (std::size_t i = a; i <= b; ++i) peak = std::max(peak, out.v[i]);
        out.amplitudes.push_back(peak - base);
    }
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
        r.v = soma_trace(s, onset + duration + 50, &r.time);
        for (const auto& spike : s.spikes())
            if (spike.time >= onset && spike.time < onset + duration) r.spikes.push_back(spike.time - onset);
        r.rate = static_cast<double>(r.spikes.size()) / (duration * 1e-3);
        r.adaptation = adaptation_index(r.spikes);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace lamina::session
