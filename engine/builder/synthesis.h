#pragma once
// Step 2: a morphology for every cell, grown from a seed so no download is needed.
// Each neurite is a binary tree grown as a persistent random walk (8 µm steps, the
// heading drifting a little at each), bifurcating a fixed number of times with branch
// lengths drawn around the class's parameters and diameters tapering outwards
// (children follow Rall's 3/2 power rule). The shapes by class:
// - pyramidal: basal dendrites spreading down and sideways; an apical trunk straight to
//   the target layer with obliques off its lower part and a tuft at its end; an axon
//   down with collaterals;
// - stellate: dendrites all around, an axon down with ascending collaterals;
// - basket: dendrites all around, a dense axon spreading sideways near the soma;
// - Martinotti: short dendrites, an axon climbing to the target layer (L1) and
//   spreading there;
// - neurogliaform: many short dendrites, a very dense, short, local axon.
// Morphologies are in the cell's own frame: soma at the origin, the pia towards +y.

#include <cstdint>

#include "engine/builder/recipe.h"
#include "engine/morphology/morphology.h"

namespace lamina::builder {

struct SynthesisTarget {
    MorphologyClass morphology_class = MorphologyClass::pyramidal;
    SynthesisParameters parameters;
    // [µm] from the soma up to the bottom and top of the layer the apical tuft (or the
    // Martinotti axon) aims at; ignored by other classes.
    double target_bottom = 400.0, target_top = 550.0;
};

// Deterministic for (target, seed, stream); passes MorphologyBuilder's validation.
Morphology synthesize(const SynthesisTarget& target, std::uint64_t seed, std::uint64_t stream);

// What the parameters ask for, on average (for tests and the build report).
struct ExpectedShape {
    std::size_t dendrite_bifurcations = 0;  // exact: the tree structure is fixed
    std::size_t axon_bifurcations = 0;      // exact
    double dendrite_length = 0.0;           // [µm] mean total, apical included
};
ExpectedShape expected_shape(const SynthesisTarget& target);

}  // namespace lamina::builder
