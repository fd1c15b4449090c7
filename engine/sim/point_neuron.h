#pragma once
// Point neurons: cells without a morphology whose membrane is one equation, by the names
// and units NEST gives them. Each is a PointNeuron in the network (shared like a cable
// cell's description), simulated by a PointNeuronGroup.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/sim/lif.h"

namespace lamina::sim {

enum class PointModel { iaf_psc_exp, iaf_psc_alpha };

// Background input as NEST's poisson_generator gives it to each target: an independent
// Poisson train of `rate` whose spikes each add `weight`, drawn per step from a
// counter-based stream (seed, gid, step), so runs repeat for any thread count.
struct PoissonDrive {
    double rate = 0.0;         // [Hz]
    double weight = 0.0;       // [pA]
    std::uint64_t seed = 0;
};

struct PointNeuron {
    PointModel model = PointModel::iaf_psc_exp;
    LifParameters lif;
    double V_m = -70.0;  // [mV] the membrane at t = 0 (NEST's V_m; E_L unless given)
    PoissonDrive drive;
};

// The model names known (NEST's), for messages and menus.
std::vector<std::string> point_model_names();
std::string point_model_name(PointModel model);

// A neuron of `model` with `parameters` in NEST's names and units (C_m pF, tau_m ms,
// t_ref ms, E_L mV, V_reset mV, V_th mV, I_e pA, tau_syn_ex ms, tau_syn_in ms, V_m mV),
// NEST's defaults for the others. Throws InvalidArgument naming an unknown model or
// parameter, or a value out of range (and the value).
PointNeuron make_point_neuron(const std::string& model, const std::map<std::string, double>& parameters = {});

}  // namespace lamina::sim
