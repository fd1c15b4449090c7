#include "io/builder/recipe_io.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/builder/synapse_classes.h"
#include "engine/errors.h"
#include "io/builder/recipe_json.h"
#include "io/file_util.h"

namespace lamina::io {

namespace {

using namespace lamina::builder;
using namespace recipe_json;

MorphologyClass class_of(const Reader& r, const std::string& key, const std::string& name) {
    for (const MorphologyClass c : {MorphologyClass::pyramidal, MorphologyClass::stellate, MorphologyClass::basket,
                                    MorphologyClass::martinotti, MorphologyClass::neurogliaform})
        if (name == to_string(c)) return c;
    r.fail(key, "'" + name + "' is not one of: pyramidal, stellate, basket, martinotti, neurogliaform");
}

TargetRegion region_of(const Reader& r, const std::string& key, const std::string& name) {
    for (const TargetRegion t : {TargetRegion::soma, TargetRegion::basal, TargetRegion::apical,
                                 TargetRegion::axon_initial_segment})
        if (name == to_string(t)) return t;
    r.fail(key, "'" + name + "' is not one of: soma, basal, apical, axon_initial_segment");
}

void read_synthesis(const Reader& r, const Json& m, const std::string& path, SynthesisParameters& s) {
    s.soma_radius = r.number(m, path, "soma_radius", s.soma_radius);
    s.basal_dendrites = r.integer(m, path, "basal_dendrites", s.basal_dendrites);
    s.basal_length = r.number(m, path, "basal_length", s.basal_length);
    s.basal_branchings = r.integer(m, path, "basal_branchings", s.basal_branchings);
    s.apical_target_layer = r.text(m, path, "apical_target_layer", s.apical_target_layer);
    s.apical_obliques = r.integer(m, path, "apical_obliques", s.apical_obliques);
    s.tuft_branches = r.integer(m, path, "tuft_branches", s.tuft_branches);
    s.axon_length = r.number(m, path, "axon_length", s.axon_length);
    s.axon_collaterals = r.integer(m, path, "axon_collaterals", s.axon_collaterals);
    s.axon_collateral_length = r.number(m, path, "axon_collateral_length", s.axon_collateral_length);
    s.ascending_collaterals = r.flag(m, path, "ascending_collaterals", s.ascending_collaterals);
    s.trunk_diameter = r.number(m, path, "trunk_diameter", s.trunk_diameter);
    s.dendrite_diameter = r.number(m, path, "dendrite_diameter", s.dendrite_diameter);
    s.axon_diameter = r.number(m, path, "axon_diameter", s.axon_diameter);
}

const std::set<std::string> synthesis_keys{"class",           "soma_radius",     "basal_dendrites",  "basal_length",
                                           "basal_branchings", "apical_target_layer", "apical_obliques", "tuft_branches",
                                           "axon_length",     "axon_collaterals", "axon_collateral_length", "ascending_collaterals",
                                           "trunk_diameter",  "dendrite_diameter", "axon_diameter",   "folder"};

// cell_types[k].
CellType read_cell_type(const Reader& r, const Json& t, std::size_t k) {
    const std::string path = "cell_types[" + std::to_string(k) + "]";
    r.only(t, path, {"name", "layer", "density", "count", "morphology", "electrical_model", "excitatory"});
    CellType type;
    type.name = r.text(t, path, "name", "", true);
    type.layer = r.text(t, path, "layer", "", true);
    type.density = r.optional_number(t, path, "density");
    if (t.contains("count")) {
        if (!t["count"].is_number_unsigned()) r.fail(path + ".count", "must be a whole number >= 0, got " + shown(t["count"]));
        type.count = t["count"].get<std::uint64_t>();
    }
    const std::string mpath = path + ".morphology";
    const Json morphology = t.contains("morphology") ? t["morphology"] : Json::object();
    r.only(morphology, mpath, synthesis_keys);
    type.morphology_class = class_of(r, mpath + ".class", r.text(morphology, mpath, "class", "pyramidal"));
    type.synthesis = default_synthesis(type.morphology_class);
    read_synthesis(r, morphology, mpath, type.synthesis);
    type.morphology_folder = r.text(morphology, mpath, "folder", "");
    type.electrical_model = r.text(t, path, "electrical_model", type.electrical_model);
    const bool interneuron = type.morphology_class == MorphologyClass::basket ||
                             type.morphology_class == MorphologyClass::martinotti ||
                             type.morphology_class == MorphologyClass::neurogliaform;
    type.excitatory = r.flag(t, path, "excitatory", !interneuron);
    return type;
}

// pathways[k].
Pathway read_pathway(const Reader& r, const Json& p, std::size_t k) {
    const std::string path = "pathways[" + std::to_string(k) + "]";
    r.only(p, path, {"pre", "post", "connection_probability", "at_distance", "synapses_per_connection", "synapse",
                     "weight", "reference_in_degree", "conduction_velocity", "synaptic_delay", "target_regions"});
    Pathway w;
    w.pre = r.text(p, path, "pre", "", true);
    w.post = r.text(p, path, "post", "", true);
    w.connection_probability = r.number(p, path, "connection_probability", w.connection_probability);
    w.at_distance = r.number(p, path, "at_distance", w.at_distance);
    w.synapses_per_connection = r.number(p, path, "synapses_per_connection", w.synapses_per_connection);
    w.weight = r.number(p, path, "weight", w.weight);
    w.reference_in_degree = r.number(p, path, "reference_in_degree", w.reference_in_degree);
    w.conduction_velocity = r.number(p, path, "conduction_velocity", w.conduction_velocity);
    w.synaptic_delay = r.number(p, path, "synaptic_delay", w.synaptic_delay);
    if (p.contains("synapse")) {
        const Json& s = p["synapse"];
        if (!s.is_object()) r.fail(path + ".synapse", "must be a JSON object");
        for (const auto& [key, value] : s.items()) {
            if (key == "model") {
                w.synapse_model = r.text(s, path + ".synapse", "model", w.synapse_model);
                continue;
            }
            if (key == "class") {
                w.synapse_class = r.text(s, path + ".synapse", "class", "");
                continue;
            }
            w.synapse_parameters[key] = r.number(s, path + ".synapse", key, 0.0);
        }
        // A class alone asks for its plastic synapse with stochastic release.
        if (!s.contains("model"))
            if (const SynapseClass* c = find_synapse_class(w.synapse_class)) w.synapse_model = class_synapse_model(*c, true);
    }
    if (p.contains("target_regions")) {
        w.target_regions.clear();
        const Json& regions = r.list(p, path, "target_regions");
        for (std::size_t j = 0; j < regions.size(); ++j) {
            const std::string key = path + ".target_regions[" + std::to_string(j) + "]";
            if (!regions[j].is_string()) r.fail(key, "must be a string");
            w.target_regions.push_back(region_of(r, key, regions[j].get<std::string>()));
        }
    }
    return w;
}

// The drive: the Poisson input, its per-type weights and the thalamic volley.
void read_drive(const Reader& r, const Json& d, Drive& drive) {
    r.only(d, "drive", {"rate", "weight", "duration", "cell_types", "type_weights", "volley"});
    if (d.contains("type_weights")) {
        const Json& weights = d["type_weights"];
        if (!weights.is_object()) r.fail("drive.type_weights", "must be a JSON object of cell type: weight");
        for (const auto& [type, value] : weights.items())
            drive.type_weights[type] = r.number(weights, "drive.type_weights", type, 0.0);
    }
    if (d.contains("volley")) {
        const Json& v = d["volley"];
        if (!v.is_object()) r.fail("drive.volley", "must be a JSON object");
        r.only(v, "drive.volley", {"layer", "time", "jitter", "spikes"});
        drive.volley_layer = r.text(v, "drive.volley", "layer", "", true);
        drive.volley_time = r.number(v, "drive.volley", "time", drive.volley_time);
        drive.volley_jitter = r.number(v, "drive.volley", "jitter", drive.volley_jitter);
        const double spikes = r.number(v, "drive.volley", "spikes", drive.volley_spikes);
        if (spikes != std::floor(spikes) || !(spikes >= 1 && spikes <= 100))
            r.fail("drive.volley.spikes", "must be a whole number in [1, 100], got " + std::to_string(spikes));
        drive.volley_spikes = static_cast<int>(spikes);
    }
    drive.rate = r.number(d, "drive", "rate", drive.rate);
    drive.weight = r.number(d, "drive", "weight", drive.weight);
    drive.duration = r.number(d, "drive", "duration", drive.duration);
    const Json& driven = r.list(d, "drive", "cell_types");
    for (std::size_t j = 0; j < driven.size(); ++j) {
        if (!driven[j].is_string()) r.fail("drive.cell_types[" + std::to_string(j) + "]", "must be a string");
        drive.cell_types.push_back(driven[j].get<std::string>());
    }
}

}  // namespace

Recipe parse_recipe(const std::string& text, const std::string& name) {
    const Json root = parse_json(text, name);
    const Reader r(name);
    r.only(root, "", {"column", "layers", "seed", "touch_distance", "cell_types", "pathways", "drive"});
    Recipe recipe;
    if (root.contains("column")) {
        const Json& c = root["column"];
        r.only(c, "column", {"shape", "radius", "scale", "height", "min_soma_distance"});
        const std::string shape = r.text(c, "column", "shape", "hexagon");
        if (shape != "hexagon" && shape != "cylinder") r.fail("column.shape", "'" + shape + "' is not hexagon or cylinder");
        recipe.shape = shape == "hexagon" ? ColumnShape::hexagon : ColumnShape::cylinder;
        recipe.radius = r.number(c, "column", "radius", recipe.radius);
        recipe.scale = r.number(c, "column", "scale", recipe.scale);
        recipe.height = r.optional_number(c, "column", "height");
        recipe.min_soma_distance = r.number(c, "column", "min_soma_distance", recipe.min_soma_distance);
    }
    if (root.contains("seed")) {
        if (!root["seed"].is_number_unsigned()) r.fail("seed", "must be a whole number >= 0, got " + shown(root["seed"]));
        recipe.seed = root["seed"].get<std::uint64_t>();
    }
    recipe.touch_distance = r.number(root, "", "touch_distance", recipe.touch_distance);
    if (root.contains("layers")) {
        recipe.layers.clear();
        const Json& layers = r.list(root, "", "layers");
        for (std::size_t k = 0; k < layers.size(); ++k) {
            const std::string path = "layers[" + std::to_string(k) + "]";
            r.only(layers[k], path, {"name", "thickness"});
            recipe.layers.push_back({r.text(layers[k], path, "name", "", true), r.number(layers[k], path, "thickness", 0.0)});
        }
    }
    const Json& types = r.list(root, "", "cell_types");
    for (std::size_t k = 0; k < types.size(); ++k) recipe.cell_types.push_back(read_cell_type(r, types[k], k));
    const Json& pathways = r.list(root, "", "pathways");
    for (std::size_t k = 0; k < pathways.size(); ++k) recipe.pathways.push_back(read_pathway(r, pathways[k], k));
    if (root.contains("drive")) read_drive(r, root["drive"], recipe.drive);
    try {
        validate(recipe);
    } catch (const InvalidArgument& e) {
        // validate() names a type's shape "synthesis" (as the Builder's table does); the
        // file spells it "morphology".
        std::string message = e.what();
        for (std::size_t at = message.find("].synthesis"); at != std::string::npos; at = message.find("].synthesis", at))
            message.replace(at + 2, 9, "morphology");
        throw FileError(name, 0, message);
    }
    return recipe;
}

Recipe read_recipe(const std::filesystem::path& path) { return parse_recipe(read_recipe_text(path), path.string()); }

std::string format_recipe(const Recipe& recipe) {
    Json root;
    root["column"] = {{"shape", to_string(recipe.shape)},
                      {"radius", recipe.radius},
                      {"scale", recipe.scale},
                      {"min_soma_distance", recipe.min_soma_distance}};
    if (recipe.height) root["column"]["height"] = *recipe.height;
    root["seed"] = recipe.seed;
    root["touch_distance"] = recipe.touch_distance;
    root["layers"] = Json::array();
    for (const LayerSpec& l : recipe.layers) root["layers"].push_back({{"name", l.name}, {"thickness", l.thickness}});
    root["cell_types"] = Json::array();
    for (const CellType& t : recipe.cell_types) {
        Json type = {{"name", t.name}, {"layer", t.layer}, {"electrical_model", t.electrical_model},
                     {"excitatory", t.excitatory}};
        if (t.density) type["density"] = *t.density;
        if (t.count) type["count"] = *t.count;
        const SynthesisParameters& s = t.synthesis;
        type["morphology"] = {{"class", to_string(t.morphology_class)},
                              {"soma_radius", s.soma_radius},
                              {"basal_dendrites", s.basal_dendrites},
                              {"basal_length", s.basal_length},
                              {"basal_branchings", s.basal_branchings},
                              {"apical_target_layer", s.apical_target_layer},
                              {"apical_obliques", s.apical_obliques},
                              {"tuft_branches", s.tuft_branches},
                              {"axon_length", s.axon_length},
                              {"axon_collaterals", s.axon_collaterals},
                              {"axon_collateral_length", s.axon_collateral_length},
                              {"ascending_collaterals", s.ascending_collaterals},
                              {"trunk_diameter", s.trunk_diameter},
                              {"dendrite_diameter", s.dendrite_diameter},
                              {"axon_diameter", s.axon_diameter}};
        if (!t.morphology_folder.empty()) type["morphology"]["folder"] = t.morphology_folder;
        root["cell_types"].push_back(type);
    }
    root["pathways"] = Json::array();
    for (const Pathway& w : recipe.pathways) {
        Json synapse = {{"model", w.synapse_model}};
        if (!w.synapse_class.empty()) synapse["class"] = w.synapse_class;
        for (const auto& [key, value] : w.synapse_parameters) synapse[key] = value;
        Json regions = Json::array();
        for (const TargetRegion region : w.target_regions) regions.push_back(to_string(region));
        root["pathways"].push_back({{"pre", w.pre},
                                    {"post", w.post},
                                    {"connection_probability", w.connection_probability},
                                    {"at_distance", w.at_distance},
                                    {"synapses_per_connection", w.synapses_per_connection},
                                    {"synapse", synapse},
                                    {"weight", w.weight},
                                    {"conduction_velocity", w.conduction_velocity},
                                    {"synaptic_delay", w.synaptic_delay},
                                    {"target_regions", regions}});
        if (w.reference_in_degree > 0) root["pathways"].back()["reference_in_degree"] = w.reference_in_degree;
    }
    root["drive"] = {{"rate", recipe.drive.rate},
                     {"weight", recipe.drive.weight},
                     {"duration", recipe.drive.duration},
                     {"cell_types", recipe.drive.cell_types}};
    if (!recipe.drive.type_weights.empty()) root["drive"]["type_weights"] = recipe.drive.type_weights;
    if (!recipe.drive.volley_layer.empty())
        root["drive"]["volley"] = {{"layer", recipe.drive.volley_layer},
                                   {"time", recipe.drive.volley_time},
                                   {"jitter", recipe.drive.volley_jitter},
                                   {"spikes", recipe.drive.volley_spikes}};
    return root.dump(2) + "\n";
}

void write_recipe(const Recipe& recipe, const std::filesystem::path& path) {
    write_text_file_atomically(path, [&](std::ostream& out) { out << format_recipe(recipe); });
}

}  // namespace lamina::io
