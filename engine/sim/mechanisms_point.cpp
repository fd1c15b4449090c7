// Point processes, as NEURON's IClamp, SEClamp, ExpSyn and Exp2Syn. Currents are in nA
// and conductances in µS; each instance's weight (1e2 / node area, computed as NEURON
// does) turns them into the node's densities.

#include <algorithm>
#include <cmath>

#include "engine/errors.h"
#include "engine/sim/mechanisms_builtin.h"

namespace lamina::sim {

namespace {

// Each mechanism's metadata as constant lists, from which both its MechanismInfo and
// its kernels' named indices are made.
constexpr std::array<ParameterSpec, 3> iclamp_parameters{
    {{"del", 0.0, "ms", 0.0}, {"dur", 0.0, "ms", 0.0}, {"amp", 0.0, "nA"}}};
constexpr std::array<ParameterSpec, 7> seclamp_parameters{{{"rs", 1.0, "MOhm", 1e-9},
                                                           {"dur1", 0.0, "ms", 0.0},
                                                           {"amp1", 0.0, "mV"},
                                                           {"dur2", 0.0, "ms", 0.0},
                                                           {"amp2", 0.0, "mV"},
                                                           {"dur3", 0.0, "ms", 0.0},
                                                           {"amp3", 0.0, "mV"}}};
constexpr std::array<std::string_view, 1> seclamp_states{"i"};
constexpr std::array<ParameterSpec, 2> expsyn_parameters{{{"tau", 0.1, "ms", 1e-9}, {"e", 0.0, "mV"}}};
constexpr std::array<std::string_view, 1> expsyn_states{"g"};
constexpr std::array<ParameterSpec, 3> exp2syn_parameters{
    {{"tau1", 0.1, "ms", 1e-9}, {"tau2", 10.0, "ms", 1e-9}, {"e", 0.0, "mV"}}};
constexpr std::array<std::string_view, 3> exp2syn_states{"A", "B", "g"};

class CurrentClamp final : public Mechanism {
public:
    enum Parameter : std::size_t {
        del_ = named_index(iclamp_parameters, "del"),
        dur_ = named_index(iclamp_parameters, "dur"),
        amp_ = named_index(iclamp_parameters, "amp"),
    };
    const MechanismInfo& info() const override { return iclamp_info(); }
    void initialize(MechanismPack& p) override { width = p.width; }
    void advance_state(MechanismPack&) override {}

    double amplitude(const MechanismPack& p, std::size_t i) const {
        if (i < waveforms_.size() && !waveforms_[i].first.empty()) {
            const auto& [times, amps] = waveforms_[i];
            const double t = p.t;
            if (t <= times.front()) return amps.front();
            if (t >= times.back()) return amps.back();
            const auto upper = std::upper_bound(times.begin(), times.end(), t) - times.begin();
            const auto lower = upper - 1;
            const double f = (t - times[lower]) / (times[upper] - times[lower]);
            return amps[lower] + f * (amps[upper] - amps[lower]);
        }
        const double del = p.parameters[del_][i], dur = p.parameters[dur_][i];
        return (p.t >= del && p.t < del + dur) ? p.parameters[amp_][i] : 0.0;
    }

    void compute_currents(MechanismPack& p) override {
        for (std::size_t i = 0; i < p.width; ++i)
            p.rhs[p.node[i]] += amplitude(p, i) * p.weight[i];  // injected: depolarising
    }

    double point_current(const MechanismPack& p, std::uint32_t i) const override { return amplitude(p, i); }

    void set_waveform(std::uint32_t i, std::vector<double> times, std::vector<double> amps) {
        if (i >= width) throw InvalidArgument("IClamp instance " + std::to_string(i) + " does not exist");
        if (times.size() != amps.size() || times.empty())
            throw InvalidArgument("IClamp waveform needs as many amplitudes as times, at least one");
        if (!std::is_sorted(times.begin(), times.end()))
            throw InvalidArgument("IClamp waveform times must not decrease");
        waveforms_.resize(width);
        waveforms_[i] = {std::move(times), std::move(amps)};
    }
    std::size_t width = 0;  // instances, known from initialize on (waveforms are checked against it)

private:
    std::vector<std::pair<std::vector<double>, std::vector<double>>> waveforms_;
};

// Single-electrode voltage clamp: three levels held for three durations through a
// series resistance; off (no current) after the last.
class VoltageClamp final : public Mechanism {
public:
    enum Parameter : std::size_t {
        rs_ = named_index(seclamp_parameters, "rs"),
        dur1_ = named_index(seclamp_parameters, "dur1"),
        amp1_ = named_index(seclamp_parameters, "amp1"),
        dur2_ = named_index(seclamp_parameters, "dur2"),
        amp2_ = named_index(seclamp_parameters, "amp2"),
        dur3_ = named_index(seclamp_parameters, "dur3"),
        amp3_ = named_index(seclamp_parameters, "amp3"),
    };
    enum State : std::size_t { i_ = named_index(seclamp_states, "i") };
    const MechanismInfo& info() const override { return seclamp_info(); }
    void initialize(MechanismPack&) override {}
    void advance_state(MechanismPack& p) override {
        for (std::size_t i = 0; i < p.width; ++i) p.states[i_][i] = current(p, i);
    }
    void compute_currents(MechanismPack& p) override {
        for (std::size_t i = 0; i < p.width; ++i) {
            const std::uint32_t k = p.node[i];
            if (!on(p, i)) continue;
            const double g = 1.0 / p.parameters[rs_][i];  // [µS] from rs [MΩ]
            p.rhs[k] += g * (command(p, i) - p.v[k]) * p.weight[i];
            p.d[k] += g * p.weight[i];
        }
    }
    double point_current(const MechanismPack& p, std::uint32_t i) const override { return current(p, i); }

private:
    static bool on(const MechanismPack& p, std::size_t i) {
        return p.t < p.parameters[dur1_][i] + p.parameters[dur2_][i] + p.parameters[dur3_][i];
    }
    static double command(const MechanismPack& p, std::size_t i) {
        const double d1 = p.parameters[dur1_][i], d2 = p.parameters[dur2_][i];
        if (p.t < d1) return p.parameters[amp1_][i];
        if (p.t < d1 + d2) return p.parameters[amp2_][i];
        return p.parameters[amp3_][i];
    }
    static double current(const MechanismPack& p, std::size_t i) {
        return on(p, i) ? (command(p, i) - p.v[p.node[i]]) / p.parameters[rs_][i] : 0.0;
    }
};

// g' = -g/tau; each event adds its weight [µS]; i = g (v - e).
class ExpSynapse final : public Mechanism {
public:
    enum Parameter : std::size_t {
        tau_ = named_index(expsyn_parameters, "tau"),
        e_ = named_index(expsyn_parameters, "e"),
    };
    enum State : std::size_t { g_ = named_index(expsyn_states, "g") };
    const MechanismInfo& info() const override { return expsyn_info(); }
    void initialize(MechanismPack& p) override {
        std::fill(p.states[g_], p.states[g_] + p.width, 0.0);
        parameters_changed(p);
    }
    // NEURON computes exp(-dt/tau) every step: a tau changed during a run acts at once.
    void parameters_changed(const MechanismPack& p) override {
        decay_.assign(p.width, 0.0);
        for (std::size_t i = 0; i < p.width; ++i) decay_[i] = std::exp(-p.dt / p.parameters[tau_][i]);
    }
    void compute_currents(MechanismPack& p) override {
        const double* g = p.states[g_];
        const double* e = p.parameters[e_];
        const double *v = p.v, *weight = p.weight;
        double *rhs = p.rhs, *d = p.d;
        for_each_instance(p, [&](std::size_t i, std::size_t k) {
            rhs[k] -= g[i] * (v[k] - e[i]) * weight[i];
            d[k] += g[i] * weight[i];
        });
    }
    void advance_state(MechanismPack& p) override {
        double* g = p.states[g_];
        for (std::size_t i = 0; i < p.width; ++i) g[i] *= decay_[i];
    }
    void deliver_event(MechanismPack& p, const EventDelivery& e, SelfEvents&) override {
        p.states[g_][e.instance] += e.values[0];
    }
    double point_current(const MechanismPack& p, std::uint32_t i) const override {
        return p.states[g_][i] * (p.v[p.node[i]] - p.parameters[e_][i]);
    }

private:
    Array decay_;  // exp(-dt/tau)
};

// Difference of exponentials normalised so a weight w gives a peak conductance w.
class Exp2Synapse final : public Mechanism {
public:
    enum Parameter : std::size_t {
        tau1_ = named_index(exp2syn_parameters, "tau1"),
        tau2_ = named_index(exp2syn_parameters, "tau2"),
        e_ = named_index(exp2syn_parameters, "e"),
    };
    enum State : std::size_t {
        a_ = named_index(exp2syn_states, "A"),
        b_ = named_index(exp2syn_states, "B"),
        g_ = named_index(exp2syn_states, "g"),
    };
    const MechanismInfo& info() const override { return exp2syn_info(); }
    void initialize(MechanismPack& p) override {
        const std::size_t n = p.width;
        factor_.assign(n, 0.0);
        decay1_.assign(n, 0.0);
        decay2_.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto [tau1, tau2] = time_constants(p, i);
            const double tp = (tau1 * tau2) / (tau2 - tau1) * std::log(tau2 / tau1);
            factor_[i] = 1.0 / (-std::exp(-tp / tau1) + std::exp(-tp / tau2));
            p.states[a_][i] = p.states[b_][i] = p.states[g_][i] = 0.0;
        }
        parameters_changed(p);
    }
    // As in NEURON, new time constants change the decay at once and the peak
    // normalisation (computed in INITIAL) from the next run on.
    void parameters_changed(const MechanismPack& p) override {
        decay1_.assign(p.width, 0.0);
        decay2_.assign(p.width, 0.0);
        for (std::size_t i = 0; i < p.width; ++i) {
            const auto [tau1, tau2] = time_constants(p, i);
            decay1_[i] = std::exp(-p.dt / tau1);
            decay2_[i] = std::exp(-p.dt / tau2);
        }
    }
    void compute_currents(MechanismPack& p) override {
        const double* e = p.parameters[e_];
        double *a = p.states[a_], *b = p.states[b_], *gs = p.states[g_];
        for (std::size_t i = 0; i < p.width; ++i) {
            const std::uint32_t k = p.node[i];
            const double g = b[i] - a[i];
            gs[i] = g;
            p.rhs[k] -= g * (p.v[k] - e[i]) * p.weight[i];
            p.d[k] += g * p.weight[i];
        }
    }
    void advance_state(MechanismPack& p) override {
        double *a = p.states[a_], *b = p.states[b_];
        for (std::size_t i = 0; i < p.width; ++i) {
            a[i] *= decay1_[i];
            b[i] *= decay2_[i];
        }
    }
    void deliver_event(MechanismPack& p, const EventDelivery& e, SelfEvents&) override {
        p.states[a_][e.instance] += e.values[0] * factor_[e.instance];
        p.states[b_][e.instance] += e.values[0] * factor_[e.instance];
    }
    double point_current(const MechanismPack& p, std::uint32_t i) const override {
        const double g = p.states[b_][i] - p.states[a_][i];
        return g * (p.v[p.node[i]] - p.parameters[e_][i]);
    }

private:
    // NEURON's guards keep the two time constants apart.
    std::pair<double, double> time_constants(const MechanismPack& p, std::size_t i) const {
        double tau1 = p.parameters[tau1_][i];
        const double tau2 = p.parameters[tau2_][i];
        if (tau1 / tau2 > 0.9999) tau1 = 0.9999 * tau2;
        if (tau1 / tau2 < 1e-9) tau1 = tau2 * 1e-9;
        return {tau1, tau2};
    }
    Array factor_, decay1_, decay2_;
};

}  // namespace

const MechanismInfo& iclamp_info() {
    static const MechanismInfo info{"IClamp", MechanismKind::point, parameter_infos(iclamp_parameters), {}, {}, {},
                                    false};
    return info;
}
const MechanismInfo& seclamp_info() {
    static const MechanismInfo info{"SEClamp",           MechanismKind::point, parameter_infos(seclamp_parameters),
                                    names_of(seclamp_states), {},                 {},
                                    false};
    return info;
}
const MechanismInfo& expsyn_info() {
    static const MechanismInfo info{"ExpSyn",          MechanismKind::point, parameter_infos(expsyn_parameters),
                                    names_of(expsyn_states), {},                 {},
                                    true,              true};
    return info;
}
const MechanismInfo& exp2syn_info() {
    static const MechanismInfo info{"Exp2Syn",          MechanismKind::point, parameter_infos(exp2syn_parameters),
                                    names_of(exp2syn_states), {},                 {},
                                    true,               true};
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
