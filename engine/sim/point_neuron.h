#pragma once
// Point neurons: cells without a morphology whose membrane is one equation, by the names
// and units their simulators give them (NEST's models, NEURON's IntFire cells). Each is a
// PointNeuron in the network, simulated by a PointNeuronGroup whose PointDynamics
// integrates its family of models.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/sim/lif.h"

namespace lamina::sim {

enum class PointModel { iaf_psc_exp, iaf_psc_alpha, iaf_cond_exp, aeif_cond_exp, izhikevich, IntFire1, IntFire2, IntFire4 };

// How a model is integrated: exactly (LIF with current synapses, and IntFire2, which is
// one), by an adaptive Runge-Kutta step (conductance-based and Izhikevich), or from
// event to event on their closed forms (IntFire1, IntFire4).
enum class PointFamily { lif, ode, intfire };
PointFamily point_family(PointModel model);

// NEST's iaf_cond_exp and aeif_cond_exp (AdEx): conductance synapses decaying
// exponentially, a weight adding [nS] to g_ex (or, negative, to g_in).
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - g_ex (V - E_ex)
//               - g_in (V - E_in) - w + I_e
//   tau_w dw/dt = a (V - E_L) - w
// A spike when V reaches V_peak (AdEx) or V_th (iaf_cond_exp: Delta_T = a = b = 0): V to
// V_reset, held there for t_ref, w += b.
struct ConductanceParameters {
    double C_m = 250.0, g_L = 16.6667, E_L = -70.0, V_th = -55.0, V_reset = -60.0, t_ref = 2.0;
    double E_ex = 0.0, E_in = -85.0, tau_syn_ex = 0.2, tau_syn_in = 2.0, I_e = 0.0;
    double Delta_T = 0.0, a = 0.0, b = 0.0, tau_w = 144.0, V_peak = -55.0;
    bool adaptive_exponential = false;  // aeif_cond_exp
};

// NEST's izhikevich: dV/dt = 0.04 V^2 + 5 V + 140 - U + I_e, dU/dt = a (b V - U); at V >=
// V_th, V = c and U += d. A weight adds [mV] to V directly.
struct IzhikevichParameters {
    double a = 0.02, b = 0.2, c = -65.0, d = 8.0, V_th = 30.0, I_e = 0.0;
    double U_m = -13.0;  // U at t = 0 (b V_m unless given)
};

// NEURON's IntFire1 (m decays with tau; an input adds w; m > 1 fires, then refrac ms
// deaf to input and m = 0) and IntFire4 (an excitatory current e, an inhibitory one of
// two stages i1 -> i2, a membrane m, each decaying with its time constant, normalised so
// that a weight of 1 brings m's peak to 1; m reaching 1 fires and resets m to 0).
struct IntFireParameters {
    double tau = 10.0, refrac = 5.0;                               // IntFire1 [ms]
    double taue = 5.0, taui1 = 10.0, taui2 = 20.0, taum = 50.0;    // IntFire4 [ms]
};

// Background input as NEST's poisson_generator gives it to each target: an independent
// Poisson train of `rate` whose spikes each add `weight` (in the model's weight unit),
// drawn per step from a counter-based stream (seed, gid, step), so runs repeat for any
// thread count.
struct PoissonDrive {
    double rate = 0.0;         // [Hz]
    double weight = 0.0;
    std::uint64_t seed = 0;
};

struct PointNeuron {
    PointModel model = PointModel::iaf_psc_exp;
    LifParameters lif;            // iaf_psc_exp, iaf_psc_alpha, IntFire2
    ConductanceParameters cond;   // iaf_cond_exp, aeif_cond_exp
    IzhikevichParameters izh;     // izhikevich
    IntFireParameters intfire;    // IntFire1, IntFire4
    double V_m = -70.0;  // the membrane at t = 0 (NEST's V_m, E_L unless given; IntFire m = 0)
    PoissonDrive drive;
};

// Every parameter of a neuron by its model's own name, defaults included (for display).
std::vector<std::pair<std::string, double>> point_neuron_parameters(const PointNeuron& neuron);

// The model names known, for messages and menus: NEST's, then NEURON's IntFire cells.
std::vector<std::string> point_model_names();
std::string point_model_name(PointModel model);
// The unit of a model's synaptic weights: "pA", "nS", "mV" or "1".
const char* point_weight_unit(PointModel model);
// The range a membrane lives in between spikes (reset or rest to threshold), for colour
// scales: [low, high] in the model's membrane unit.
std::pair<double, double> point_membrane_range(const PointNeuron& neuron);

// A neuron of `model` with `parameters` in the model's names and units (NEST: C_m pF,
// tau_m ms, t_ref ms, E_L mV, V_reset mV, V_th mV, I_e pA, tau_syn_ex ms, g_L nS, ...;
// NEURON: tau, refrac, taum, taus, ib, taue, taui1, taui2), defaults for the others.
// Throws InvalidArgument naming an unknown model or parameter, or a value out of range.
PointNeuron make_point_neuron(const std::string& model, const std::map<std::string, double>& parameters = {});

}  // namespace lamina::sim
