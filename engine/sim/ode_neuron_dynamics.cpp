// Point neurons with no closed form (NEST's iaf_cond_exp, aeif_cond_exp and izhikevich):
// each integrated over a step by an embedded Runge-Kutta 5(4) pair (Dormand & Prince)
// whose sub-step adapts to a tight error bound, as NEST integrates them with GSL's
// adaptive solvers. A spike is timed inside the sub-step where the membrane reaches its
// threshold, by bisection on the sub-step's length, so spike times are off the grid.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "engine/errors.h"
#include "engine/sim/point_dynamics.h"

namespace lamina::sim {

namespace {

using State = std::array<double, 4>;  // V, then g_ex, g_in, w (conductance models) or U (Izhikevich)

// The sub-step's error bound per component: absolute and relative.
constexpr double abs_tol = 1e-9, rel_tol = 1e-9;
constexpr int max_substeps = 100000;  // per step; beyond it the model is not integrable
constexpr double vertical = 1e-6;     // [ms] see OdeDynamics::step

struct Neuron {
    PointModel model;
    ConductanceParameters c;
    IzhikevichParameters z;
    double threshold;  // where a spike is detected: V_peak, V_th
    double v0;
};

State derivative(const Neuron& m, const State& y, bool clamped) {
    State d{};
    if (m.model == PointModel::izhikevich) {
        const IzhikevichParameters& p = m.z;
        d[0] = 0.04 * y[0] * y[0] + 5.0 * y[0] + 140.0 - y[1] + p.I_e;
        d[1] = p.a * (p.b * y[0] - y[1]);
        return d;
    }
    const ConductanceParameters& p = m.c;
    const double v = y[0];
    double current = -p.g_L * (v - p.E_L) - y[1] * (v - p.E_ex) - y[2] * (v - p.E_in) - y[3] + p.I_e;
    // Capped at V_peak as NEST does, so the exponential cannot overflow on the way there.
    if (p.adaptive_exponential && p.Delta_T > 0)
        current += p.g_L * p.Delta_T * std::exp((std::min(v, p.V_peak) - p.V_th) / p.Delta_T);
    d[0] = clamped ? 0.0 : current / p.C_m;
    d[1] = -y[1] / p.tau_syn_ex;
    d[2] = -y[2] / p.tau_syn_in;
    d[3] = p.adaptive_exponential ? (p.a * (v - p.E_L) - y[3]) / p.tau_w : 0.0;
    return d;
}

// One Dormand-Prince step of length h: the 5th-order result and the error estimate's norm.
std::pair<State, double> dopri_step(const Neuron& m, const State& y, double h, bool clamped) {
    static constexpr double a21 = 1.0 / 5, a31 = 3.0 / 40, a32 = 9.0 / 40, a41 = 44.0 / 45, a42 = -56.0 / 15,
                            a43 = 32.0 / 9, a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561,
                            a54 = -212.0 / 729, a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247,
                            a64 = 49.0 / 176, a65 = -5103.0 / 18656, b1 = 35.0 / 384, b3 = 500.0 / 1113,
                            b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84, e1 = 71.0 / 57600,
                            e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200, e6 = 22.0 / 525,
                            e7 = -1.0 / 40;
    const auto at = [&](std::initializer_list<std::pair<double, const State*>> terms) {
        State out = y;
        for (const auto& [coefficient, k] : terms)
            for (std::size_t i = 0; i < 4; ++i) out[i] += h * coefficient * (*k)[i];
        return out;
    };
    const State k1 = derivative(m, y, clamped);
    const State k2 = derivative(m, at({{a21, &k1}}), clamped);
    const State k3 = derivative(m, at({{a31, &k1}, {a32, &k2}}), clamped);
    const State k4 = derivative(m, at({{a41, &k1}, {a42, &k2}, {a43, &k3}}), clamped);
    const State k5 = derivative(m, at({{a51, &k1}, {a52, &k2}, {a53, &k3}, {a54, &k4}}), clamped);
    const State k6 = derivative(m, at({{a61, &k1}, {a62, &k2}, {a63, &k3}, {a64, &k4}, {a65, &k5}}), clamped);
    const State y5 = at({{b1, &k1}, {b3, &k3}, {b4, &k4}, {b5, &k5}, {b6, &k6}});
    const State k7 = derivative(m, y5, clamped);
    double error = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const double e = h * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] + e7 * k7[i]);
        error = std::max(error, std::abs(e) / (abs_tol + rel_tol * std::max(std::abs(y[i]), std::abs(y5[i]))));
    }
    if (!std::isfinite(error)) error = std::numeric_limits<double>::infinity();
    return {y5, error};
}

class OdeDynamics final : public PointDynamics {
public:
    OdeDynamics(const std::vector<const PointNeuron*>& neurons, double dt) : dt_(dt) {
        for (const PointNeuron* n : neurons) {
            Neuron m{n->model, n->cond, n->izh, 0.0, n->V_m};
            m.threshold = n->model == PointModel::izhikevich ? n->izh.V_th : n->cond.V_peak;
            neurons_.push_back(m);
        }
        initialize();
    }

    void initialize() override {
        state_.assign(neurons_.size(), State{});
        for (std::size_t n = 0; n < neurons_.size(); ++n) {
            state_[n][0] = neurons_[n].v0;
            if (neurons_[n].model == PointModel::izhikevich) state_[n][1] = neurons_[n].z.U_m;
        }
        substep_.assign(neurons_.size(), dt_);
        refractory_until_.assign(neurons_.size(), -std::numeric_limits<double>::infinity());
    }

    void receive(std::uint32_t n, double weight, double) override {
        if (neurons_[n].model == PointModel::izhikevich) state_[n][0] += weight;  // a jump of the membrane [mV]
        else state_[n][weight >= 0 ? 1 : 2] += std::abs(weight);                  // conductance [nS]
    }

    void advance(double t0, double dt, const std::vector<Gid>& gids, std::vector<Spike>& spikes) override {
        for (std::uint32_t n = 0; n < neurons_.size(); ++n) step(n, t0, t0 + dt, gids[n], spikes);
    }

    double membrane(std::uint32_t n) const override { return state_.at(n)[0]; }

    std::size_t memory_bytes() const override {
        return neurons_.size() * (sizeof(Neuron) + sizeof(State) + 2 * sizeof(double));
    }

private:
    void step(std::uint32_t n, double t, double end, Gid gid, std::vector<Spike>& spikes) {
        const Neuron& m = neurons_[n];
        State& y = state_[n];
        double h = substep_[n];
        for (int tries = 0; t < end; ++tries) {
            if (tries > max_substeps)
                throw NumericalError("point neuron " + std::to_string(gid) + " (" + point_model_name(m.model) +
                                     ") cannot be integrated at t = " + readable_number(t) + " ms (V = " +
                                     readable_number(y[0]) + ")");
            const bool clamped = refractory_until_[n] > t;
            const double stop = clamped ? std::min(end, refractory_until_[n]) : end;
            h = std::min(h, stop - t);
            const auto [next, error] = dopri_step(m, y, h, clamped);
            const bool crossed = !clamped && next[0] >= m.threshold;
            // Too coarse: shorter, by the usual fifth-root rule. Except in AdEx's upswing,
            // where the exponential makes the membrane all but vertical: a step of
            // `vertical` ms that crosses V_peak is the spike, to within that step.
            if (error > 1.0 && !(crossed && h <= vertical)) {
                h *= std::clamp(0.9 * std::pow(error, -0.2), 0.1, 0.9);
                if (h < 1e-12) h = 1e-12;
                continue;
            }
            if (crossed && error > 1.0) {
                t += h;
                spikes.push_back({gid, t});
                reset(n, y, t);
                continue;
            }
            if (crossed) {
                // The threshold inside this sub-step: bisect on its length.
                double lo = 0, hi = h;
                while (hi - lo > 1e-12 * std::max(1.0, t)) {
                    const double mid = 0.5 * (lo + hi);
                    (dopri_step(m, y, mid, false).first[0] >= m.threshold ? hi : lo) = mid;
                }
                y = dopri_step(m, y, hi, false).first;
                t += hi;
                spikes.push_back({gid, t});
                reset(n, y, t);
                continue;
            }
            y = next;
            t += h;
            h *= std::clamp(0.9 * std::pow(std::max(error, 1e-10), -0.2), 1.0, 5.0);
            h = std::min(h, dt_);
        }
        substep_[n] = h;
    }

    void reset(std::uint32_t n, State& y, double t) {
        const Neuron& m = neurons_[n];
        if (m.model == PointModel::izhikevich) {
            y[0] = m.z.c;
            y[1] += m.z.d;
            return;
        }
        y[0] = m.c.V_reset;
        y[3] += m.c.b;
        refractory_until_[n] = t + m.c.t_ref;
    }

    double dt_;
    std::vector<Neuron> neurons_;
    std::vector<State> state_;
    std::vector<double> substep_;           // [ms] the last accepted sub-step, to start the next step with
    std::vector<double> refractory_until_;  // [ms]
};

}  // namespace

std::unique_ptr<PointDynamics> make_ode_dynamics(const std::vector<const PointNeuron*>& neurons, double dt) {
    return std::make_unique<OdeDynamics>(neurons, dt);
}

}  // namespace lamina::sim
