#pragma once
// Ion species as cells carry them: each species has a valence and NEURON's default
// concentrations and reversal potential; a cell may set them per region (NEURON's
// `ena = 50` in a section); a cell group holds one state per species over the nodes
// where some mechanism uses it. Where a mechanism writes a concentration (a calcium
// pool), the reversal potential follows it by Nernst at every step, as in NEURON;
// elsewhere it stays as set.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sim/aligned.h"

namespace lamina::sim {

struct IonSpecies {
    std::string name;
    int charge = 1;
    double internal = 1.0;   // [mM] default Xi
    double external = 1.0;   // [mM] default Xo
    double reversal = 0.0;   // [mV] default eX where it is not computed
};

// NEURON's built-in na, k and ca; nullptr for another name.
const IonSpecies* known_ion(std::string_view name);

// Nernst potential [mV] of an ion of `charge` at `celsius` (NEURON 9's R and F).
double nernst_potential(double charge, double celsius, double internal, double external);

// Per region settings on a cell; unset values keep the species' defaults.
struct IonSettings {
    std::optional<double> reversal;  // [mV]
    std::optional<double> internal;  // [mM]
    std::optional<double> external;  // [mM]
};

// The ion variable a name refers to: "ena" -> {"na", reversal}, "cai" -> {"ca", internal},
// "cao" -> {"ca", external}. Empty ion when the name is none of these for `ion`.
enum class IonVariable { reversal, internal, external };
std::optional<IonVariable> ion_variable(std::string_view name, std::string_view ion);

// One species' state in a cell group, over its ion nodes (the group nodes where some
// mechanism uses it, ascending). Only what some mechanism or rule uses is kept: a fixed
// species that nobody reads currents or concentrations of costs its reversal potential.
struct IonState {
    std::string name;
    double charge = 1.0;
    IndexArray node;           // ion node -> group node
    Array current;             // [mA/cm²] iX, outward, summed over its writers; empty unless read
    Array reversal;            // [mV] eX
    Array internal, external;  // [mM] Xi, Xo; empty unless used
    Array initial_internal, initial_external;  // empty unless concentrations are used
    Array initial_reversal;    // empty unless some node follows Nernst
    // Per ion node: 1 where eX follows the concentrations, else 0. Doubles, not bytes: a
    // byte array in the Nernst loop makes the vectoriser take 64 nodes a step, leaving
    // most of a cell's nodes to the scalar remainder.
    Array nernst;
    bool any_nernst = false;   // some node does (else each step skips the sweep)
    bool current_read = false; // some mechanism reads iX (else writers leave it, and so does each step)

    std::size_t size() const noexcept { return node.size(); }
    // eX, Xi or Xo per ion node (concentrations empty unless used).
    const Array& values(IonVariable field) const {
        return field == IonVariable::reversal ? reversal : field == IonVariable::internal ? internal : external;
    }
    void initialize(double celsius);
    void begin_step(double celsius);  // currents to zero, Nernst potentials from the concentrations
};

}  // namespace lamina::sim
