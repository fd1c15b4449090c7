#pragma once
// NEURON's names for mechanism variables, in one place: a range variable of a mechanism
// is "<variable>_<mechanism>" (gnabar_hh, g_pas, m_hh); the engine says
// "mechanism.variable" (hh.m). Model files, per-node dynamics_params columns and report
// variables all decode through here.

#include <string>

namespace lamina::circuit {

struct NeuronName {
    std::string variable;   // "gnabar"
    std::string mechanism;  // "hh"; empty when the name has no suffix ("cm", "Ra", "v")
};

// Splits at the last '_' ("gnabar_hh" -> {gnabar, hh}); a name without one, or with it
// first or last, has no mechanism.
NeuronName split_neuron_name(const std::string& name);
// The name without "_<mechanism>" when it ends so ("gnabar_hh", "hh" -> "gnabar").
std::string without_mechanism(const std::string& name, const std::string& mechanism);
// A probe or report variable as the engine reads it: "m_hh" -> "hh.m"; "v" and dotted
// names unchanged.
std::string engine_variable(const std::string& name);

}  // namespace lamina::circuit
