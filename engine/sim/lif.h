#pragma once
// The leaky integrate-and-fire membrane with current synapses (NEST's iaf_psc_exp and
// iaf_psc_alpha), integrated exactly: between inputs the membrane and the synaptic
// currents follow their closed-form solution (Rotter & Diesmann 1999), so a step of any
// length is one linear map of the state, and the time at which the membrane reaches
// threshold inside a step is found on that solution to well under a nanosecond.
//
//   C dV/dt = -(C/tau_m)(V - E_L) + I_ex + I_in + I_e
//   exponential: dI/dt = -I/tau_syn; a spike of weight w adds w [pA] to I
//   alpha:       dI/dt = -I/tau_syn + J, dJ/dt = -J/tau_syn; a spike adds w e/tau_syn to J,
//                so that I peaks at w [pA] tau_syn after it
// A spike (V reaching V_th) sets V to V_reset and holds it there for t_ref; the currents
// go on decaying. Positive weights go to I_ex, negative to I_in.

#include <array>

namespace lamina::sim {

struct LifParameters {
    double C_m = 250.0;        // [pF]
    double tau_m = 10.0;       // [ms]
    double t_ref = 2.0;        // [ms]
    double E_L = -70.0;        // [mV]
    double V_reset = -70.0;    // [mV]
    double V_th = -55.0;       // [mV]
    double I_e = 0.0;          // [pA] constant input
    double tau_syn_ex = 2.0;   // [ms]
    double tau_syn_in = 2.0;   // [ms]
    bool alpha = false;        // alpha-shaped currents (iaf_psc_alpha) instead of exponential
};

// The state the closed form carries: the membrane relative to rest and, per receptor,
// the current and (alpha only) its rate of rise.
struct LifState {
    double y = 0.0;        // [mV] V - E_L
    double i_ex = 0.0;     // [pA]
    double j_ex = 0.0;     // [pA/ms] alpha only
    double i_in = 0.0;     // [pA]
    double j_in = 0.0;     // [pA/ms]
};

// The linear map of a free (non-refractory) interval of length t: the new y is
// yy*y + y_ex*i_ex + y_jex*j_ex + y_in*i_in + y_jin*j_in + y_0, each current decays by
// its receptor's factor and, for alpha, gains t*j.
class LifPropagator {
public:
    LifPropagator() = default;
    LifPropagator(const LifParameters& p, double t);
    LifState free(const LifState& s) const;
    // The currents alone over the interval (during the refractory period).
    LifState currents_only(const LifState& s) const;

private:
    double t_ = 0;  // [ms] the interval, for alpha currents' rise; 0 for exponential ones
    double yy_ = 1, y_ex_ = 0, y_jex_ = 0, y_in_ = 0, y_jin_ = 0, y_0_ = 0;
    double decay_ex_ = 1, decay_in_ = 1;
};

// The membrane's value and slope over a free interval from `s`: y(t) and dy/dt(t).
double lif_membrane(const LifParameters& p, const LifState& s, double t);
double lif_slope(const LifParameters& p, const LifState& s, double t);

// The first time in (0, h] at which y reaches theta = V_th - E_L, given y(0) < theta <=
// y(h) (the caller checks the end of the interval, as NEST's precise models do): Newton
// steps kept inside a shrinking bracket, to 1e-12 ms.
double lif_crossing(const LifParameters& p, const LifState& s, double h);

// The inputs a spike of weight w [pA] adds (to I, or for alpha to J).
void lif_receive(const LifParameters& p, LifState& s, double weight);

// The interval between spikes of a neuron driven by I_e alone from V_reset, and its rate:
// infinite / zero when I_e cannot bring it to threshold.
double lif_interspike_interval(const LifParameters& p);

}  // namespace lamina::sim
