#pragma once
// SONATA circuits for tests, built with the engine's circuit types and written with
// Lamina's writer: ball-and-stick cells (SWC morphology, dynamics_params in the Allen
// format), a virtual input population, and edges with explicit synapse locations.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/demo_sonata.h"
#include "engine/circuit/circuit.h"

namespace lamina::test {

// The ball-and-stick cell's model files (see app/demo_sonata.h).
inline void write_ballstick_models(const std::filesystem::path& folder) { app::write_ballstick_models(folder); }

inline circuit::Column numbers(std::vector<double> v, bool integer = false) {
    return circuit::Column::of_numbers(std::move(v), integer);
}
inline circuit::Column texts(std::size_t n, const std::string& value) {
    return circuit::Column::of_texts(std::vector<std::string>(n, value));
}

// Point neurons ("lif") of one NEST model, each with the parameters file named for it.
inline circuit::NodePopulation point_population(const std::vector<std::string>& dynamics_params,
                                                const std::string& model_template = "nest:iaf_psc_exp") {
    const std::size_t n = dynamics_params.size();
    circuit::NodePopulation p;
    p.name = "lif";
    p.node_type_id.assign(n, 100);
    p.attributes["model_type"] = texts(n, "point_neuron");
    p.attributes["model_template"] = texts(n, model_template);
    p.attributes["dynamics_params"] = circuit::Column::of_texts(dynamics_params);
    return p;
}

// `cells` ball-and-stick cells ("cells") and as many virtual inputs ("inputs"), input i
// driving cell i with weight `input_weight` and delay `input_delay`; recurrent edges
// given as (source, target, weight, delay) lists.
inline circuit::Circuit ballstick_circuit(std::size_t cells, const std::string& models, double input_weight,
                                          double input_delay, const std::vector<std::uint64_t>& sources = {},
                                          const std::vector<std::uint64_t>& targets = {},
                                          const std::vector<double>& weights = {},
                                          const std::vector<double>& delays = {}) {
    circuit::Circuit c;
    c.components.morphologies_dir = models;
    c.components.biophysical_neuron_models_dir = models;
    c.components.synaptic_models_dir = models;
    circuit::NodePopulation p;
    p.name = "cells";
    p.node_type_id.assign(cells, 100);
    std::vector<double> x(cells), layer(cells);
    for (std::size_t i = 0; i < cells; ++i) {
        x[i] = 30.0 * static_cast<double>(i);
        layer[i] = static_cast<double>(2 + i % 4);
    }
    p.attributes["model_type"] = texts(cells, "biophysical");
    p.attributes["morphology"] = texts(cells, "ballstick.swc");
    p.attributes["dynamics_params"] = texts(cells, "ballstick.json");
    p.attributes["model_template"] = texts(cells, "ctdb:Biophys1.hoc");
    p.attributes["x"] = numbers(x);
    p.attributes["y"] = numbers(std::vector<double>(cells, 0.0));
    p.attributes["z"] = numbers(std::vector<double>(cells, 12.5));
    p.attributes["layer"] = numbers(layer, true);
    c.nodes.push_back(p);
    circuit::NodePopulation inputs;
    inputs.name = "inputs";
    inputs.node_type_id.assign(cells, 200);
    inputs.attributes["model_type"] = texts(cells, "virtual");
    c.nodes.push_back(inputs);

    auto edges = [&](const std::string& name, const std::string& from, std::vector<std::uint64_t> s,
                     std::vector<std::uint64_t> t, std::vector<double> w, std::vector<double> d, std::int64_t type) {
        circuit::EdgePopulation e;
        e.name = name;
        e.source_population = from;
        e.target_population = "cells";
        const std::size_t n = s.size();
        e.source = std::move(s);
        e.target = std::move(t);
        e.edge_type_id.assign(n, type);
        e.attributes["syn_weight"] = numbers(std::move(w));
        e.attributes["delay"] = numbers(std::move(d));
        e.attributes["afferent_section_id"] = numbers(std::vector<double>(n, 1.0), true);
        e.attributes["afferent_section_pos"] = numbers(std::vector<double>(n, 0.5));
        e.attributes["model_template"] = texts(n, "expsyn");
        e.attributes["dynamics_params"] = texts(n, "expsyn.json");
        return e;
    };
    std::vector<std::uint64_t> ids(cells);
    for (std::size_t i = 0; i < cells; ++i) ids[i] = i;
    c.edges.push_back(edges("inputs_to_cells", "inputs", ids, ids, std::vector<double>(cells, input_weight),
                            std::vector<double>(cells, input_delay), 300));
    if (!sources.empty()) c.edges.push_back(edges("recurrent", "cells", sources, targets, weights, delays, 301));
    for (auto& e : c.edges) {
        e.by_source = circuit::EdgeIndex::build(e.source, c.node_population(e.source_population)->size());
        e.by_target = circuit::EdgeIndex::build(e.target, c.node_population(e.target_population)->size());
    }
    return c;
}

}  // namespace lamina::test
