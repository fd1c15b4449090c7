// Point processes, as NEURON's IClamp, SEClamp, ExpSyn and Exp2Syn. Currents are in nA
// and conductances in µS; they enter the node equations as densities over the node area.

#include <algorithm>
#include <cmath>

#include "engine/errors.h"
#include "engine/sim/mechanism_base.h"
#include "engine/sim/mechanisms_builtin.h"

namespace lamina::sim {

namespace {

class CurrentClamp final : public MechanismBase {
public:
    const MechanismInfo& info() const override { return iclamp_info(); }
    void initialize(const SharedState&) override {}
    void advance_state(const SharedState&) override {}

    double amplitude(std::uint32_t i, double t) const {
        if (i < waveforms_.size() && !waveforms_[i].first.empty()) {
            const auto& [times, amps] = waveforms_[i];
            if (t <= times.front()) return amps.front();
            if (t >= times.back()) return amps.back();
            const auto upper = std::upper_bound(times.begin(), times.end(), t) - times.begin();
            const auto lower = upper - 1;
            const double f = (t - times[lower]) / (times[upper] - times[lower]);
            return amps[lower] + f * (amps[upper] - amps[lower]);
        }
        const double del = parameter(0)[i], dur = parameter(1)[i];
        return (t >= del && t < del + dur) ? parameter(2)[i] : 0.0;
    }

    void compute_currents(SharedState& s) override {
        for (std::uint32_t i = 0; i < size(); ++i) {
            const std::uint32_t k = nodes_[i];
            s.rhs[k] += nA_to_density(amplitude(i, s.t), s.area[k]);  // injected: depolarising
        }
    }

    double point_current(std::uint32_t i, const SharedState& s) const override { return amplitude(i, s.t); }

    void set_waveform(std::uint32_t i, std::vector<double> times, std::vector<double> amps) {
        if (i >= size()) throw InvalidArgument("IClamp instance " + std::to_string(i) + " does not exist");
        if (times.size() != amps.size() || times.empty())
            throw InvalidArgument("IClamp waveform needs as many amplitudes as times, at least one");
        if (!std::is_sorted(times.begin(), times.end()))
            throw InvalidArgument("IClamp waveform times must not decrease");
        waveforms_.resize(size());
        waveforms_[i] = {std::move(times), std::move(amps)};
    }

private:
    std::vector<std::pair<std::vector<double>, std::vector<double>>> waveforms_;
};

// Single-electrode voltage clamp: three levels held for three durations through a
// series resistance; off (no current) after the last.
class VoltageClamp final : public MechanismBase {
public:
    VoltageClamp() { add_state("i"); }
    const MechanismInfo& info() const override { return seclamp_info(); }
    void initialize(const SharedState&) override {}
    void advance_state(const SharedState& s) override {
        for (std::uint32_t i = 0; i < size(); ++i) state(0)[i] = current(i, s);
    }
    void compute_currents(SharedState& s) override {
        for (std::uint32_t i = 0; i < size(); ++i) {
            const std::uint32_t k = nodes_[i];
            if (!on(i, s.t)) continue;
            const double g = 1.0 / parameter(0)[i];  // [µS] from rs [MΩ]
            s.rhs[k] += nA_to_density(g * (command(i, s.t) - s.v[k]), s.area[k]);
            s.d[k] += nA_to_density(g, s.area[k]);
        }
    }
    double point_current(std::uint32_t i, const SharedState& s) const override { return current(i, s); }

private:
    bool on(std::uint32_t i, double t) const {
        return t < parameter(1)[i] + parameter(3)[i] + parameter(5)[i];
    }
    double command(std::uint32_t i, double t) const {
        const double d1 = parameter(1)[i], d2 = parameter(3)[i];
        if (t < d1) return parameter(2)[i];
        if (t < d1 + d2) return parameter(4)[i];
        return parameter(6)[i];
    }
    double current(std::uint32_t i, const SharedState& s) const {
        return on(i, s.t) ? (command(i, s.t) - s.v[nodes_[i]]) / parameter(0)[i] : 0.0;
    }
};

// g' = -g/tau; each event adds its weight [µS]; i = g (v - e).
class ExpSynapse final : public MechanismBase {
public:
    ExpSynapse() { add_state("g"); }
    const MechanismInfo& info() const override { return expsyn_info(); }
    void initialize(const SharedState& s) override {
        std::fill(state(0).begin(), state(0).end(), 0.0);
        decay_.assign(size(), 0.0);
        for (std::size_t i = 0; i < size(); ++i) decay_[i] = std::exp(-s.dt / parameter(0)[i]);
    }
    void compute_currents(SharedState& s) override {
        const double* g = state(0).data();
        const double* e = parameter(1).data();
        const double *v = s.v, *area = s.area;
        double *rhs = s.rhs, *d = s.d;
        for_each_instance([&](std::size_t i, std::size_t k) {
            rhs[k] -= nA_to_density(g[i] * (v[k] - e[i]), area[k]);
            d[k] += nA_to_density(g[i], area[k]);
        });
    }
    void advance_state(const SharedState&) override {
        double* g = state(0).data();
        for (std::size_t i = 0; i < size(); ++i) g[i] *= decay_[i];
    }
    void deliver_event(std::uint32_t i, double weight) override { state(0)[i] += weight; }
    double point_current(std::uint32_t i, const SharedState& s) const override {
        return state_at(i) * (s.v[nodes_[i]] - parameter(1)[i]);
    }

private:
    double state_at(std::uint32_t i) const { return states_[0].second[i]; }
    Array decay_;  // exp(-dt/tau), fixed for the run
};

// Difference of exponentials normalised so a weight w gives a peak conductance w.
class Exp2Synapse final : public MechanismBase {
public:
    Exp2Synapse() {
        add_state("A");
        add_state("B");
        add_state("g");
    }
    const MechanismInfo& info() const override { return exp2syn_info(); }
    void initialize(const SharedState& s) override {
        const std::size_t n = size();
        factor_.assign(n, 0.0);
        decay1_.assign(n, 0.0);
        decay2_.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            double tau1 = parameter(0)[i];
            const double tau2 = parameter(1)[i];
            // NEURON's guards keep the two time constants apart.
            if (tau1 / tau2 > 0.9999) tau1 = 0.9999 * tau2;
            if (tau1 / tau2 < 1e-9) tau1 = tau2 * 1e-9;
            const double tp = (tau1 * tau2) / (tau2 - tau1) * std::log(tau2 / tau1);
            factor_[i] = 1.0 / (-std::exp(-tp / tau1) + std::exp(-tp / tau2));
            decay1_[i] = std::exp(-s.dt / tau1);
            decay2_[i] = std::exp(-s.dt / tau2);
            state(0)[i] = state(1)[i] = state(2)[i] = 0.0;
        }
    }
    void compute_currents(SharedState& s) override {
        const double* e = parameter(2).data();
        for (std::uint32_t i = 0; i < size(); ++i) {
            const std::uint32_t k = nodes_[i];
            const double g = state(1)[i] - state(0)[i];
            state(2)[i] = g;
            s.rhs[k] -= nA_to_density(g * (s.v[k] - e[i]), s.area[k]);
            s.d[k] += nA_to_density(g, s.area[k]);
        }
    }
    void advance_state(const SharedState&) override {
        for (std::size_t i = 0; i < size(); ++i) {
            state(0)[i] *= decay1_[i];
            state(1)[i] *= decay2_[i];
        }
    }
    void deliver_event(std::uint32_t i, double weight) override {
        state(0)[i] += weight * factor_[i];
        state(1)[i] += weight * factor_[i];
    }
    double point_current(std::uint32_t i, const SharedState& s) const override {
        const double g = states_[1].second[i] - states_[0].second[i];
        return g * (s.v[nodes_[i]] - parameter(2)[i]);
    }

private:
    Array factor_, decay1_, decay2_;
};

}  // namespace

const MechanismInfo& iclamp_info() {
    static const MechanismInfo info{
        "IClamp", MechanismKind::point,
        {{"del", 0.0, "ms", 0.0}, {"dur", 0.0, "ms", 0.0}, {"amp", 0.0, "nA"}}, {}, {}, {}};
    return info;
}
const MechanismInfo& seclamp_info() {
    static const MechanismInfo info{"SEClamp",
                                    MechanismKind::point,
                                    {{"rs", 1.0, "MOhm", 1e-9},
                                     {"dur1", 0.0, "ms", 0.0},
                                     {"amp1", 0.0, "mV"},
                                     {"dur2", 0.0, "ms", 0.0},
                                     {"amp2", 0.0, "mV"},
                                     {"dur3", 0.0, "ms", 0.0},
                                     {"amp3", 0.0, "mV"}},
                                    {"i"},
                                    {},
                                    {}};
    return info;
}
const MechanismInfo& expsyn_info() {
    static const MechanismInfo info{
        "ExpSyn", MechanismKind::point, {{"tau", 0.1, "ms", 1e-9}, {"e", 0.0, "mV"}}, {"g"}, {}, {}};
    return info;
}
const MechanismInfo& exp2syn_info() {
    static const MechanismInfo info{"Exp2Syn",
                                    MechanismKind::point,
                                    {{"tau1", 0.1, "ms", 1e-9}, {"tau2", 10.0, "ms", 1e-9}, {"e", 0.0, "mV"}},
                                    {"A", "B", "g"},
                                    {},
                                    {}};
    return info;
}

std::unique_ptr<Mechanism> make_iclamp() { return std::make_unique<CurrentClamp>(); }
std::unique_ptr<Mechanism> make_seclamp() { return std::make_unique<VoltageClamp>(); }
std::unique_ptr<Mechanism> make_expsyn() { return std::make_unique<ExpSynapse>(); }
std::unique_ptr<Mechanism> make_exp2syn() { return std::make_unique<Exp2Synapse>(); }

void set_iclamp_waveform(Mechanism& iclamp, std::uint32_t instance, std::vector<double> times,
                         std::vector<double> amplitudes) {
    auto* clamp = dynamic_cast<CurrentClamp*>(&iclamp);
    if (!clamp) throw InvalidArgument("a waveform can only be set on an IClamp, not " + iclamp.info().name);
    clamp->set_waveform(instance, std::move(times), std::move(amplitudes));
}

}  // namespace lamina::sim
