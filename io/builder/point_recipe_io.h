#pragma once
// Point-neuron microcircuit recipes as JSON (resources/recipes/potjans_diesmann_2014.json
// is one): read with messages naming the file and the key, unknown keys refused.
//
// {
//   "kind": "point_microcircuit", "name": "...",
//   "neuron": {"model": "iaf_psc_exp", "C_m": 250, "tau_m": 10, ...},   (NEST's names)
//   "populations": [{"name": "L23E", "layer": "L2/3", "size": 20683, "excitatory": true,
//                    "external_in_degree": 1600, "published_rate": 0.971}, ...],
//   "probability": [[...per source...], ...per target...],
//   "synapses": {"psp_mean": 0.15, "weight_rel_sd": 0.1, "g": -4,
//                "weight_factors": [{"target": "L23E", "source": "L4E", "factor": 2}],
//                "delay_exc": 1.5, "delay_inh": 0.75, "delay_rel_sd": 0.5, "delay_min": 0.1},
//   "background": {"rate": 8, "drive": "poisson" | "dc"},
//   "initial_membrane": {"mean": -58, "sd": 10},
//   "thalamus": {"enabled": false, "size": 902, "probability": [...], "rate": 120,
//                "start": 700, "duration": 10, "psp": 0.15, "delay_mean": 1.5, "delay_rel_sd": 0.5},
//   "layers": [{"name": "L1", "thickness": 165}, ...], "side": 1000,   (where to draw neurons, µm)
//   "build": {"scale": 0.1, "in_degree_scale": 0.1, "seed": 55}
// }

#include <filesystem>
#include <string>

#include "engine/builder/point_microcircuit.h"

namespace lamina::io {

struct PointRecipe {
    builder::PointMicrocircuitSpec spec;
    builder::PointMicrocircuitOptions options;  // the recipe's "build" and drive choices
};

// Whether recipe text declares "kind": "point_microcircuit" (without validating the rest).
bool is_point_recipe_text(const std::string& text);
// Throws FileError naming the file and the key.
PointRecipe parse_point_recipe(const std::string& text, const std::string& name);
PointRecipe read_point_recipe(const std::filesystem::path& path);

}  // namespace lamina::io
