#include "engine/builder/recipe.h"

#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <sstream>

#include "engine/errors.h"

namespace lamina::builder {

namespace {

std::string number(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

[[noreturn]] void fail(const std::string& key, const std::string& problem) {
    throw InvalidArgument("recipe: " + key + ": " + problem);
}

void positive(const std::string& key, double value) {
    if (!(std::isfinite(value) && value > 0)) fail(key, "must be a number > 0, got " + number(value));
}

void non_negative(const std::string& key, double value) {
    if (!(std::isfinite(value) && value >= 0)) fail(key, "must be a number >= 0, got " + number(value));
}

void check_synthesis(const std::string& key, const SynthesisParameters& s) {
    positive(key + ".soma_radius", s.soma_radius);
    positive(key + ".basal_length", s.basal_length);
    positive(key + ".axon_length", s.axon_length);
    non_negative(key + ".axon_collateral_length", s.axon_collateral_length);
    positive(key + ".trunk_diameter", s.trunk_diameter);
    positive(key + ".dendrite_diameter", s.dendrite_diameter);
    positive(key + ".axon_diameter", s.axon_diameter);
    const std::pair<const char*, int> counts[] = {{"basal_dendrites", s.basal_dendrites},
                                                  {"basal_branchings", s.basal_branchings},
                                                  {"apical_obliques", s.apical_obliques},
                                                  {"tuft_branches", s.tuft_branches},
                                                  {"axon_collaterals", s.axon_collaterals}};
    for (const auto& [name, value] : counts)
        if (value < 0 || value > 64) fail(key + "." + name, "must be in [0, 64], got " + std::to_string(value));
    if (s.basal_dendrites < 1) fail(key + ".basal_dendrites", "must be at least 1");
    if (s.tuft_branches == 1) fail(key + ".tuft_branches", "must be 0 (no tuft) or at least 2");
}

}  // namespace

void validate(const Recipe& r) {
    positive("radius", r.radius);
    positive("scale", r.scale);
    non_negative("min_soma_distance", r.min_soma_distance);
    positive("touch_distance", r.touch_distance);
    if (r.layers.empty()) fail("layers", "at least one layer is needed");
    std::set<std::string> layer_names;
    double total = 0;
    for (std::size_t k = 0; k < r.layers.size(); ++k) {
        const std::string key = "layers[" + std::to_string(k) + "]";
        if (r.layers[k].name.empty()) fail(key + ".name", "is empty");
        if (!layer_names.insert(r.layers[k].name).second) fail(key + ".name", "'" + r.layers[k].name + "' appears twice");
        positive(key + ".thickness", r.layers[k].thickness);
        total += r.layers[k].thickness;
    }
    if (r.height && std::abs(*r.height - total) > 1e-6 * std::max(1.0, total))
        fail("height", "is " + number(*r.height) + " µm but the layers add up to " + number(total) + " µm");

    std::set<std::string> type_names;
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
        if (c.density) non_negative(key + ".density", *c.density);
        if (c.count && *c.count > 10'000'000) fail(key + ".count", "is absurdly large: " + std::to_string(*c.count));
        check_synthesis(key + ".synthesis", c.synthesis);
        if (!c.synthesis.apical_target_layer.empty() && !layer_names.count(c.synthesis.apical_target_layer))
            fail(key + ".synthesis.apical_target_layer",
                 "'" + c.synthesis.apical_target_layer + "' is not one of the recipe's layers");
        if (c.electrical_model != "hh_soma" && c.electrical_model != "hh_all")
            fail(key + ".electrical_model", "'" + c.electrical_model + "' is not one of: hh_soma, hh_all");
    }

    // A desktop build holds its morphologies and touches in memory (about 250 kB a cell):
    // far more cells is a mistyped scale or density, not a plan.
    double cells = 0;
    for (const double n : expected_cells(r)) cells += n;
    if (cells > max_cells)
        fail("cell_types", "the column would hold " + std::to_string(std::llround(cells)) +
                               " cells; a build takes at most " + std::to_string(std::llround(max_cells)) +
                               " (check the scale, radius and densities)");

    std::map<std::pair<std::string, std::string>, std::size_t> pairs;
    for (std::size_t p = 0; p < r.pathways.size(); ++p) {
        const Pathway& w = r.pathways[p];
        const std::string key = "pathways[" + std::to_string(p) + "]";
        if (!type_names.count(w.pre)) fail(key + ".pre", "'" + w.pre + "' is not one of the recipe's cell types");
        if (!type_names.count(w.post)) fail(key + ".post", "'" + w.post + "' is not one of the recipe's cell types");
        // One pathway per pair of types: a second would never form a synapse.
        if (const auto [it, fresh] = pairs.try_emplace({w.pre, w.post}, p); !fresh)
            fail(key, w.pre + " -> " + w.post + " is already pathways[" + std::to_string(it->second) + "]");
        if (!(w.connection_probability >= 0 && w.connection_probability <= 1))
            fail(key + ".connection_probability", "must be in [0, 1], got " + number(w.connection_probability));
        positive(key + ".at_distance", w.at_distance);
        if (!(std::isfinite(w.synapses_per_connection) && w.synapses_per_connection >= 1))
            fail(key + ".synapses_per_connection", "must be >= 1, got " + number(w.synapses_per_connection));
        if (w.synapse_model != "ExpSyn" && w.synapse_model != "Exp2Syn")
            fail(key + ".synapse_model", "'" + w.synapse_model + "' is not one of: ExpSyn, Exp2Syn");
        if (!std::isfinite(w.weight)) fail(key + ".weight", "must be a finite number");
        positive(key + ".conduction_velocity", w.conduction_velocity);
        non_negative(key + ".synaptic_delay", w.synaptic_delay);
        if (w.target_regions.empty()) fail(key + ".target_regions", "name at least one region");
    }

    const Drive& d = r.drive;
    non_negative("drive.rate", d.rate);
    if (d.rate > 1000) fail("drive.rate", "must be at most 1000 Hz, got " + number(d.rate));
    non_negative("drive.weight", d.weight);
    positive("drive.duration", d.duration);
    if (d.duration > 3.6e6) fail("drive.duration", "must be at most 3.6e6 ms (an hour), got " + number(d.duration));
    if (d.rate * d.duration * 1e-3 > 1e5)  // the trains are written with the circuit
        fail("drive", "rate × duration gives " + number(d.rate * d.duration * 1e-3) +
                          " input spikes per cell; at most 100000");
    for (std::size_t k = 0; k < d.cell_types.size(); ++k)
        if (!type_names.count(d.cell_types[k]))
            fail("drive.cell_types[" + std::to_string(k) + "]",
                 "'" + d.cell_types[k] + "' is not one of the recipe's cell types");
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
