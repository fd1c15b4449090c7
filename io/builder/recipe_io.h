#pragma once
// Circuit-builder recipes as JSON: read with messages naming the file and the key
// ("cell_types[2].density"), unknown keys refused (a typo must not silently fall back to
// a default), then validated; written back with every value spelled out, atomically.
//
// {
//   "column": {"shape": "hexagon", "radius": 250, "scale": 0.25, "min_soma_distance": 10},
//   "layers": [{"name": "L1", "thickness": 165}, ...],        (default: rat somatosensory)
//   "seed": 1, "touch_distance": 2.5,
//   "cell_types": [{"name": "L5_TTPC", "layer": "L5", "density": 20000,
//                   "morphology": {"class": "pyramidal", "apical_target_layer": "L1"},
//                   (synthesis parameters override the class's defaults; "folder": files)
//                   "electrical_model": "hh_soma", "excitatory": true}],
//   "pathways": [{"pre": "L5_TTPC", "post": "L5_TTPC", "connection_probability": 0.1,
//                 "at_distance": 100, "synapses_per_connection": 5,
//                 "synapse": {"model": "Exp2Syn", "tau1": 0.2, "tau2": 3, "e": 0},
//                 "weight": 0.001, "conduction_velocity": 300, "synaptic_delay": 0.5,
//                 "target_regions": ["basal", "apical"]}],
//   "drive": {"rate": 10, "weight": 0.002, "duration": 1000, "cell_types": []}
//            (a Poisson train per cell onto its soma; rate 0 or no "drive": none)
// }

#include <filesystem>
#include <string>

#include "engine/builder/recipe.h"

namespace lamina::io {

// Throws FileError (malformed JSON with its line; a bad key or value with its path).
builder::Recipe read_recipe(const std::filesystem::path& path);
builder::Recipe parse_recipe(const std::string& text, const std::string& name);
std::string format_recipe(const builder::Recipe& recipe);
void write_recipe(const builder::Recipe& recipe, const std::filesystem::path& path);

}  // namespace lamina::io
