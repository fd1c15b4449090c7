#include "engine/sim/lif.h"

#include <cmath>
#include <limits>

namespace lamina::sim {

namespace {

// With k = 1/tau_m - 1/tau_syn (zero when the two are equal), the integrals over [0, t]
// of e^(k s) and of s e^(k s): what a decaying current adds to the membrane, in forms
// that stay exact as the time constants approach each other.
double integral_exp(double t, double k) {
    return k == 0.0 ? t : std::expm1(t * k) / k;
}

double integral_s_exp(double t, double k) {
    const double x = t * k;
    // The series where the closed form would cancel: its next term is x^5/840 of t^2.
    if (std::abs(x) < 1e-3) return t * t * (0.5 + x / 3.0 + x * x / 8.0 + x * x * x / 30.0 + x * x * x * x / 144.0);
    return (t * std::exp(x) - integral_exp(t, k)) / k;
}

double rate_difference(double tau_m, double tau_syn) { return 1.0 / tau_m - 1.0 / tau_syn; }

}  // namespace

LifPropagator::LifPropagator(const LifParameters& p, double t) : t_(p.alpha ? t : 0.0) {
    const double decay_m = std::exp(-t / p.tau_m);
    const double k_ex = rate_difference(p.tau_m, p.tau_syn_ex), k_in = rate_difference(p.tau_m, p.tau_syn_in);
    yy_ = decay_m;
    y_0_ = p.I_e * p.tau_m / p.C_m * -std::expm1(-t / p.tau_m);
    y_ex_ = decay_m * integral_exp(t, k_ex) / p.C_m;
    y_in_ = decay_m * integral_exp(t, k_in) / p.C_m;
    if (p.alpha) {
        y_jex_ = decay_m * integral_s_exp(t, k_ex) / p.C_m;
        y_jin_ = decay_m * integral_s_exp(t, k_in) / p.C_m;
    }
    decay_ex_ = std::exp(-t / p.tau_syn_ex);
    decay_in_ = std::exp(-t / p.tau_syn_in);
}

LifState LifPropagator::currents_only(const LifState& s) const {
    LifState out = s;
    // Only alpha currents have a rising part (t_ is 0 for exponential ones).
    out.i_ex = (s.i_ex + t_ * s.j_ex) * decay_ex_;
    out.j_ex = s.j_ex * decay_ex_;
    out.i_in = (s.i_in + t_ * s.j_in) * decay_in_;
    out.j_in = s.j_in * decay_in_;
    return out;
}

LifState LifPropagator::free(const LifState& s) const {
    LifState out = currents_only(s);
    out.y = yy_ * s.y + y_ex_ * s.i_ex + y_jex_ * s.j_ex + y_in_ * s.i_in + y_jin_ * s.j_in + y_0_;
    return out;
}

double lif_membrane(const LifParameters& p, const LifState& s, double t) {
    return LifPropagator(p, t).free(s).y;
}

double lif_slope(const LifParameters& p, const LifState& s, double t) {
    const LifState at = LifPropagator(p, t).free(s);
    return -at.y / p.tau_m + (at.i_ex + at.i_in + p.I_e) / p.C_m;
}

double lif_crossing(const LifParameters& p, const LifState& s, double h) {
    const double theta = p.V_th - p.E_L;
    double lo = 0.0, hi = h;
    // From the linear interpolation between the ends, Newton's steps; any step leaving
    // the bracket (or a flat slope) is replaced by bisection.
    const double y0 = s.y - theta, yh = lif_membrane(p, s, h) - theta;
    double t = yh > y0 ? h * (-y0) / (yh - y0) : 0.5 * h;
    for (int iteration = 0; iteration < 200; ++iteration) {
        const double g = lif_membrane(p, s, t) - theta;
        if (g < 0) lo = t;
        else hi = t;
        if (hi - lo < 1e-13) break;
        const double slope = lif_slope(p, s, t);
        double next = slope > 0 ? t - g / slope : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        const bool converged = std::abs(next - t) < 1e-14;
        t = next;
        if (converged) break;
    }
    return t;
}

void lif_receive(const LifParameters& p, LifState& s, double weight) {
    const bool excitatory = weight >= 0;
    if (p.alpha) (excitatory ? s.j_ex : s.j_in) += weight * std::exp(1.0) / (excitatory ? p.tau_syn_ex : p.tau_syn_in);
    else (excitatory ? s.i_ex : s.i_in) += weight;
}

double lif_interspike_interval(const LifParameters& p) {
    const double y_inf = p.I_e * p.tau_m / p.C_m, theta = p.V_th - p.E_L, y_reset = p.V_reset - p.E_L;
    if (!(y_inf > theta)) return std::numeric_limits<double>::infinity();
    return p.t_ref - p.tau_m * std::log((y_inf - theta) / (y_inf - y_reset));
}

}  // namespace lamina::sim
