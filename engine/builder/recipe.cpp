#include "engine/builder/recipe.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>

#include "engine/builder/etypes.h"
#include "engine/builder/synapse_classes.h"
#include "engine/errors.h"
#include "engine/sim/mechanism_parameter.h"

namespace lamina::builder {

namespace {

// %g-style: "1e-300", "0.025", never three hundred digits.
std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

[[noreturn]] void fail(const std::string& key, const std::string& problem) {
    throw InvalidArgument("recipe: " + key + ": " + problem);
}

// Every number of a recipe has a stated range: beyond it a value is a typo or would
// overflow (a delay from a velocity of 1e-300) or exhaust memory. NaN fails every test.
void within(const std::string& key, double value, double low, double high, const char* unit, bool low_open = false) {
    const bool ok = std::isfinite(value) && (low_open ? value > low : value >= low) && value <= high;
    if (!ok)
        fail(key, "must be in " + std::string(low_open ? "(" : "[") + number(low) + ", " + number(high) + "]" +
                      (*unit ? " " : "") + unit + ", got " + number(value));
}

void whole(const std::string& key, int value, int low, int high) {
    if (value < low || value > high)
        fail(key, "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " +
                      std::to_string(value));
}

// Bounds on what one synthesised cell may ask for: a tree of 2^(branchings+1) − 1
// sections per dendrite grows exponentially, so its depth is held to 8.
constexpr double max_cell_neurite = 200'000;     // [µm] of neurite in one synthesised cell
constexpr double max_column_neurite = 4.0e9;     // [µm] in the whole column (4000 m)
constexpr double max_drive_spikes = 5.0e7;       // input spikes written with a column

// [µm] a generous estimate of the neurite a synthesised cell grows (the synthesiser's
// tree lengths, the apical trunk as long as the column is high).
double neurite_estimate(MorphologyClass c, const SynthesisParameters& s, double height) {
    const auto tree = [](int levels, double length) {
        return (std::pow(2.0, levels + 1) - 1.0) * length / (levels + 1);
    };
    // Apical trunks and Martinotti axons reach up to the pia.
    const double climb = c == MorphologyClass::pyramidal || c == MorphologyClass::martinotti ? height : 0.0;
    return s.basal_dendrites * tree(s.basal_branchings, s.basal_length) + climb +
           s.apical_obliques * 0.6 * s.basal_length + s.tuft_branches * std::max(80.0, height) * 2 + s.axon_length +
           s.axon_collaterals * tree(2, s.axon_collateral_length) * 3;
}

void check_synthesis(const std::string& key, MorphologyClass c, const SynthesisParameters& s, double height) {
    within(key + ".soma_radius", s.soma_radius, 0, 100, "µm", true);
    within(key + ".basal_length", s.basal_length, 0, 5000, "µm", true);
    within(key + ".axon_length", s.axon_length, 0, 20000, "µm", true);
    within(key + ".axon_collateral_length", s.axon_collateral_length, 0, 5000, "µm");
    within(key + ".trunk_diameter", s.trunk_diameter, 0, 50, "µm", true);
    within(key + ".dendrite_diameter", s.dendrite_diameter, 0, 50, "µm", true);
    within(key + ".axon_diameter", s.axon_diameter, 0, 50, "µm", true);
    const std::pair<const char*, int> counts[] = {{"basal_dendrites", s.basal_dendrites},
                                                  {"basal_branchings", s.basal_branchings},
                                                  {"apical_obliques", s.apical_obliques},
                                                  {"tuft_branches", s.tuft_branches},
                                                  {"axon_collaterals", s.axon_collaterals}};
    for (const auto& [name, value] : counts) whole(key + "." + name, value, 0, 64);
    whole(key + ".basal_branchings", s.basal_branchings, 0, 8);
    if (s.basal_dendrites < 1) fail(key + ".basal_dendrites", "must be at least 1");
    if (s.tuft_branches == 1) fail(key + ".tuft_branches", "must be 0 (no tuft) or at least 2");
    const double neurite = neurite_estimate(c, s, height);
    if (neurite > max_cell_neurite)
        fail(key, "asks for about " + number(neurite * 1e-3) + " mm of neurite a cell; at most " +
                      number(max_cell_neurite * 1e-3) + " mm (fewer branchings or dendrites, or shorter ones)");
}

void check_column(const Recipe& r, std::set<std::string>& layer_names) {
    within("column.radius", r.radius, 1, 10000, "µm");
    within("column.scale", r.scale, 0.001, 100, "");
    within("column.min_soma_distance", r.min_soma_distance, 0, 1000, "µm");
    // Wider is no apposition, and the touches (held in memory) grow with its square.
    within("touch_distance", r.touch_distance, 0, 10, "µm", true);
    if (r.layers.empty()) fail("layers", "at least one layer is needed");
    double total = 0;
    for (std::size_t k = 0; k < r.layers.size(); ++k) {
        const std::string key = "layers[" + std::to_string(k) + "]";
        if (r.layers[k].name.empty()) fail(key + ".name", "is empty");
        if (!layer_names.insert(r.layers[k].name).second) fail(key + ".name", "'" + r.layers[k].name + "' appears twice");
        within(key + ".thickness", r.layers[k].thickness, 1, 10000, "µm");
        total += r.layers[k].thickness;
    }
    if (r.height) {
        within("column.height", *r.height, 0, 1e6, "µm", true);
        if (std::abs(*r.height - total) > 1e-6 * std::max(1.0, total))
            fail("column.height", "is " + number(*r.height) + " µm but the layers add up to " + number(total) + " µm");
    }
}

void check_cell_types(const Recipe& r, const std::set<std::string>& layer_names, std::set<std::string>& type_names) {
    for (std::size_t t = 0; t < r.cell_types.size(); ++t) {
        const CellType& c = r.cell_types[t];
        const std::string key = "cell_types[" + std::to_string(t) + "]";
        if (c.name.empty()) fail(key + ".name", "is empty");
        if (!type_names.insert(c.name).second) fail(key + ".name", "'" + c.name + "' appears twice");
        if (!layer_names.count(c.layer))
            fail(key + ".layer", "'" + c.layer + "' is not one of the recipe's layers");
        if (c.density.has_value() == c.count.has_value())
            fail(key, "give either a density (cells/mm³) or a count, not " +
                          std::string(c.density ? "both" : "neither"));
        if (c.density) within(key + ".density", *c.density, 0, 1e7, "cells/mm³");
        if (c.count && *c.count > static_cast<std::uint64_t>(max_cells))
            fail(key + ".count", "must be at most " + number(max_cells) + ", got " + std::to_string(*c.count));
    }
    // A desktop build holds its morphologies and touches in memory (about 250 kB a cell):
    // far more cells is a mistyped scale or density, not a plan. Checked before the
    // shapes, since a wrong scale is the likelier slip.
    const std::vector<double> expected = expected_cells(r);
    double cells = 0, neurite = 0;
    for (double n : expected) cells += n;
    if (!(cells <= max_cells))
        fail("cell_types", "the column would hold " + number(std::round(cells)) + " cells; a build takes at most " +
                               number(max_cells) + " (check the scale, radius and densities)");
    for (std::size_t t = 0; t < r.cell_types.size(); ++t) {
        const CellType& c = r.cell_types[t];
        const std::string key = "cell_types[" + std::to_string(t) + "]";
        check_synthesis(key + ".synthesis", c.morphology_class, c.synthesis, column_height(r));
        if (!c.synthesis.apical_target_layer.empty() && !layer_names.count(c.synthesis.apical_target_layer))
            fail(key + ".synthesis.apical_target_layer",
                 "'" + c.synthesis.apical_target_layer + "' is not one of the recipe's layers");
        if (!find_electrical_type(c.electrical_model)) {
            std::string names;
            for (const ElectricalType& e : electrical_types()) names += (names.empty() ? "" : ", ") + e.name;
            fail(key + ".electrical_model", "'" + c.electrical_model + "' is not one of: " + names);
        }
        if (c.morphology_folder.empty())
            neurite += expected[t] * neurite_estimate(c.morphology_class, c.synthesis, column_height(r));
    }
    if (!(neurite <= max_column_neurite))
        fail("cell_types", "the column's cells would grow about " + number(neurite * 1e-6) +
                               " m of neurite; a build takes at most " + number(max_column_neurite * 1e-6) +
                               " m (fewer cells or smaller morphologies)");
}

// A catalogue synapse with plasticity: its parameters by the mechanism's own list and
// ranges, its class one of the published ones and of its sign.
void check_plastic_synapse(const std::string& key, const Pathway& w) {
    const sim::MechanismInfo& info = sim::mechanism_info(w.synapse_model);
    for (const auto& [name, value] : w.synapse_parameters) {
        const sim::ParameterInfo* spec = sim::find_parameter(info, name);
        if (!spec) {
            std::string names;
            for (const auto& p : info.parameters) names += (names.empty() ? "" : ", ") + p.name;
            fail(key + ".synapse." + name, "is not a parameter of " + w.synapse_model + " (" + names + ")");
        }
        if (!std::isfinite(value) || value < spec->minimum)
            fail(key + ".synapse." + name, "must be a finite number >= " + number(spec->minimum) + ", got " + number(value));
    }
    if (w.synapse_class.empty()) return;
    const SynapseClass* c = find_synapse_class(w.synapse_class);
    const bool excitatory_model = is_excitatory_synapse(w.synapse_model);
    if (c->excitatory != excitatory_model)
        fail(key + ".synapse.class", "'" + w.synapse_class + "' is " + (c->excitatory ? "an excitatory" : "an inhibitory") +
                                         " class but " + w.synapse_model + " is " +
                                         (excitatory_model ? "excitatory (AMPA/NMDA)" : "inhibitory (GABA)"));
}

// The mechanism's parameters the simulator knows, each with its range; any other key
// would be dropped by the simulator without a word, so it is refused here.
void check_synapse(const std::string& key, const Pathway& w) {
    if (!w.synapse_class.empty() && !find_synapse_class(w.synapse_class))
        fail(key + ".synapse.class", "'" + w.synapse_class + "' is not one of: E1, E2, E3, I1, I2, I3");
    if (is_plastic_synapse(w.synapse_model)) return check_plastic_synapse(key, w);
    if (w.synapse_model != "ExpSyn" && w.synapse_model != "Exp2Syn")
        fail(key + ".synapse.model", "'" + w.synapse_model +
                                         "' is not one of: ExpSyn, Exp2Syn, ProbAmpaNmda, DetAmpaNmda, ProbGabaAB, DetGabaAB");
    if (!w.synapse_class.empty())
        fail(key + ".synapse.class", "a class ('" + w.synapse_class + "') needs a model with short-term plasticity "
                                     "(ProbAmpaNmda, DetAmpaNmda, ProbGabaAB, DetGabaAB), not " + w.synapse_model);
    const bool two = w.synapse_model == "Exp2Syn";
    for (const auto& [name, value] : w.synapse_parameters) {
        const std::string at = key + ".synapse." + name;
        if (name == "e")
            within(at, value, -200, 200, "mV");
        else if (two ? (name == "tau1" || name == "tau2") : name == "tau")
            within(at, value, 0.001, 10000, "ms");  // 0 or negative: no decay the simulator can run
        else
            fail(at, "is not a parameter of " + w.synapse_model + " (" + (two ? "tau1, tau2, e" : "tau, e") + ")");
    }
    const auto given = [&](const char* name, double fallback) {
        const auto it = w.synapse_parameters.find(name);
        return it == w.synapse_parameters.end() ? fallback : it->second;
    };
    // The simulator (like NEURON) would quietly move tau1 just below tau2.
    if (two && !(given("tau1", 0.1) < given("tau2", 10.0)))
        fail(key + ".synapse.tau1", "must be smaller than tau2 (the rise is faster than the decay), got " +
                                        number(given("tau1", 0.1)) + " and " + number(given("tau2", 10.0)));
}

void check_pathways(const Recipe& r, const std::set<std::string>& type_names) {
    std::map<std::pair<std::string, std::string>, std::size_t> pairs;
    for (std::size_t p = 0; p < r.pathways.size(); ++p) {
        const Pathway& w = r.pathways[p];
        const std::string key = "pathways[" + std::to_string(p) + "]";
        if (!type_names.count(w.pre)) fail(key + ".pre", "'" + w.pre + "' is not one of the recipe's cell types");
        if (!type_names.count(w.post)) fail(key + ".post", "'" + w.post + "' is not one of the recipe's cell types");
        // One pathway per pair of types: a second would never form a synapse.
        if (const auto [it, fresh] = pairs.try_emplace({w.pre, w.post}, p); !fresh)
            fail(key, w.pre + " -> " + w.post + " is already pathways[" + std::to_string(it->second) + "]");
        within(key + ".connection_probability", w.connection_probability, 0, 1, "");
        within(key + ".at_distance", w.at_distance, 0, 5000, "µm", true);
        within(key + ".synapses_per_connection", w.synapses_per_connection, 1, 1000, "");
        check_synapse(key, w);
        // Conductances: inhibition comes from the synapse's reversal potential e.
        within(key + ".weight", w.weight, 0, 100, "µS");
        within(key + ".reference_in_degree", w.reference_in_degree, 0, 1e5, "");
        within(key + ".conduction_velocity", w.conduction_velocity, 1, 1e5, "µm/ms");
        // The simulator refuses a delay below its step: the built config's dt.
        within(key + ".synaptic_delay", w.synaptic_delay, built_dt, 1000, "ms");
        if (w.target_regions.empty()) fail(key + ".target_regions", "name at least one region");
    }
}

void check_drive(const Recipe& r, const std::set<std::string>& type_names) {
    const Drive& d = r.drive;
    within("drive.rate", d.rate, 0, 1000, "Hz");
    within("drive.weight", d.weight, 0, 100, "µS");
    within("drive.duration", d.duration, 0, 3.6e6, "ms", true);
    if (d.rate * d.duration * 1e-3 > 1e5)  // the trains are written with the circuit
        fail("drive", "rate × duration gives " + number(d.rate * d.duration * 1e-3) +
                          " input spikes per cell; at most 100000");
    for (const auto& [type, weight] : d.type_weights) {
        if (!type_names.count(type)) fail("drive.type_weights." + type, "is not one of the recipe's cell types");
        within("drive.type_weights." + type, weight, 0, 100, "µS");
    }
    if (!d.volley_layer.empty()) {
        if (layer_index(r, d.volley_layer) < 0)
            fail("drive.volley.layer", "'" + d.volley_layer + "' is not one of the recipe's layers");
        within("drive.volley.time", d.volley_time, 0, d.duration, "ms");
        within("drive.volley.jitter", d.volley_jitter, 0, 1000, "ms");
        within("drive.volley.spikes", d.volley_spikes, 1, 100, "");
    }
    for (std::size_t k = 0; k < d.cell_types.size(); ++k)
        if (!type_names.count(d.cell_types[k]))
            fail("drive.cell_types[" + std::to_string(k) + "]",
                 "'" + d.cell_types[k] + "' is not one of the recipe's cell types");
    double driven = 0;
    const std::vector<double> expected = expected_cells(r);
    for (std::size_t t = 0; t < expected.size(); ++t)
        if (d.cell_types.empty() ||
            std::find(d.cell_types.begin(), d.cell_types.end(), r.cell_types[t].name) != d.cell_types.end())
            driven += expected[t];
    const double spikes = d.rate * d.duration * 1e-3 * driven;
    if (spikes > max_drive_spikes)
        fail("drive", "rate × duration × driven cells gives about " + number(spikes) + " input spikes; at most " +
                          number(max_drive_spikes));
}

}  // namespace

void validate(const Recipe& r) {
    std::set<std::string> layer_names, type_names;
    check_column(r, layer_names);
    check_cell_types(r, layer_names, type_names);
    check_pathways(r, type_names);
    check_drive(r, type_names);
}

SynthesisParameters default_synthesis(MorphologyClass c) {
    SynthesisParameters p;
    switch (c) {
        case MorphologyClass::pyramidal:
            p.basal_dendrites = 6, p.basal_length = 200, p.basal_branchings = 3;
            p.apical_obliques = 6, p.tuft_branches = 5;
            p.axon_length = 700, p.axon_collaterals = 5, p.axon_collateral_length = 300;
            break;
        case MorphologyClass::stellate:
            p.soma_radius = 6, p.basal_dendrites = 6, p.basal_length = 150, p.basal_branchings = 3;
            p.axon_length = 400, p.axon_collaterals = 4, p.axon_collateral_length = 250;
            break;
        case MorphologyClass::basket:
            p.soma_radius = 7, p.basal_dendrites = 6, p.basal_length = 180, p.basal_branchings = 2;
            p.axon_length = 300, p.axon_collaterals = 8, p.axon_collateral_length = 240;
            break;
        case MorphologyClass::martinotti:
            p.soma_radius = 6, p.basal_dendrites = 5, p.basal_length = 150, p.basal_branchings = 2;
            p.axon_collaterals = 3, p.axon_collateral_length = 200;
            break;
        case MorphologyClass::neurogliaform:
            p.soma_radius = 5, p.basal_dendrites = 9, p.basal_length = 80, p.basal_branchings = 2;
            p.axon_length = 150, p.axon_collaterals = 10, p.axon_collateral_length = 150;
            break;
    }
    if (c != MorphologyClass::pyramidal) p.apical_obliques = 0, p.tuft_branches = 0;
    return p;
}

const char* to_string(ColumnShape shape) { return shape == ColumnShape::hexagon ? "hexagon" : "cylinder"; }

const char* to_string(MorphologyClass c) {
    switch (c) {
        case MorphologyClass::pyramidal: return "pyramidal";
        case MorphologyClass::stellate: return "stellate";
        case MorphologyClass::basket: return "basket";
        case MorphologyClass::martinotti: return "martinotti";
        case MorphologyClass::neurogliaform: return "neurogliaform";
    }
    return "?";
}

const char* to_string(TargetRegion region) {
    switch (region) {
        case TargetRegion::soma: return "soma";
        case TargetRegion::basal: return "basal";
        case TargetRegion::apical: return "apical";
        case TargetRegion::axon_initial_segment: return "axon_initial_segment";
    }
    return "?";
}

double column_height(const Recipe& r) {
    double total = 0;
    for (const LayerSpec& l : r.layers) total += l.thickness;
    return total * r.scale;
}

double column_radius(const Recipe& r) { return r.radius * r.scale; }

double column_area_mm2(const Recipe& r) {
    const double radius_mm = column_radius(r) * 1e-3;
    return r.shape == ColumnShape::hexagon ? 1.5 * std::sqrt(3.0) * radius_mm * radius_mm
                                           : std::numbers::pi * radius_mm * radius_mm;
}

std::pair<double, double> layer_extent(const Recipe& r, std::size_t layer) {
    double top = column_height(r);  // layers are listed from the pia down
    for (std::size_t k = 0; k < layer; ++k) top -= r.layers[k].thickness * r.scale;
    return {top - r.layers.at(layer).thickness * r.scale, top};
}

std::vector<double> expected_cells(const Recipe& r) {
    std::vector<double> cells;
    for (const CellType& type : r.cell_types) {
        if (type.count) {
            cells.push_back(static_cast<double>(*type.count));
            continue;
        }
        const auto [bottom, top] = layer_extent(r, static_cast<std::size_t>(layer_index(r, type.layer)));
        cells.push_back(type.density.value_or(0.0) * column_area_mm2(r) * (top - bottom) * 1e-3);
    }
    return cells;
}

int layer_index(const Recipe& r, const std::string& name) {
    for (std::size_t k = 0; k < r.layers.size(); ++k)
        if (r.layers[k].name == name) return static_cast<int>(k);
    return -1;
}

int cell_type_index(const Recipe& r, const std::string& name) {
    for (std::size_t k = 0; k < r.cell_types.size(); ++k)
        if (r.cell_types[k].name == name) return static_cast<int>(k);
    return -1;
}

}  // namespace lamina::builder
