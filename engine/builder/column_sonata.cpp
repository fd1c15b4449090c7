#include "engine/builder/column_sonata.h"

#include <algorithm>
#include <cmath>

#include "engine/builder/synapse_classes.h"
#include "engine/sim/random.h"

namespace lamina::builder {

namespace {
circuit::Column numbers(std::vector<double> values, bool integer = false) {
    return circuit::Column::of_numbers(std::move(values), integer);
}
}  // namespace

std::vector<std::uint32_t> driven_cells(const BuiltColumn& column) {
    const Drive& drive = column.recipe.drive;
    std::vector<std::uint32_t> cells;
    if (drive.rate <= 0) return cells;
    for (std::size_t i = 0; i < column.cells.size(); ++i) {
        const std::string& type = column.recipe.cell_types[column.cells[i].type].name;
        if (drive.cell_types.empty() ||
            std::find(drive.cell_types.begin(), drive.cell_types.end(), type) != drive.cell_types.end())
            cells.push_back(static_cast<std::uint32_t>(i));
    }
    return cells;
}

std::vector<double> drive_train(const Recipe& recipe, std::size_t cell) {
    constexpr std::uint64_t drive_stream = 0x3000'0000'0000ULL;  // apart from placement's streams
    std::vector<double> times;
    const double rate_per_ms = recipe.drive.rate * 1e-3;
    if (!(rate_per_ms > 0)) return times;
    double t = 0;
    for (std::uint64_t k = 0;; ++k) {  // exponential intervals
        t -= std::log(sim::uniform_open(recipe.seed, drive_stream + cell, k)) / rate_per_ms;
        if (t >= recipe.drive.duration) return times;
        times.push_back(t);
    }
}

std::vector<double> drive_train(const BuiltColumn& column, std::size_t cell) {
    const Recipe& recipe = column.recipe;
    std::vector<double> times = drive_train(recipe, cell);
    const Drive& d = recipe.drive;
    if (d.volley_layer.empty() || recipe.layers.at(column.cells.at(cell).layer).name != d.volley_layer) return times;
    constexpr std::uint64_t volley_stream = 0x3100'0000'0000ULL;  // apart from the Poisson trains
    for (int k = 0; k < d.volley_spikes; ++k) {
        const double t = d.volley_time + d.volley_jitter * sim::uniform_open(recipe.seed, volley_stream + cell, std::uint64_t(k));
        if (t < d.duration) times.push_back(t);
    }
    std::sort(times.begin(), times.end());
    return times;
}

std::string morphology_file(const BuiltColumn& column, std::size_t cell) {
    return column.morphology_names.at(cell) + ".h5";
}

std::string membrane_file(const std::string& electrical_model) { return electrical_model + ".json"; }

std::string synapse_file(const Recipe& recipe, std::size_t pathway) {
    const Pathway& w = recipe.pathways.at(pathway);
    return w.pre + "__" + w.post + ".json";
}

circuit::Circuit column_circuit(const BuiltColumn& column, const std::string& morphologies, const std::string& models,
                                const std::string& synapses) {
    const Recipe& recipe = column.recipe;
    circuit::Circuit c;
    c.components.morphologies_dir = morphologies;
    c.components.biophysical_neuron_models_dir = models;
    c.components.synaptic_models_dir = synapses;

    const std::size_t n = column.cells.size();
    circuit::NodePopulation nodes;
    nodes.name = column_population;
    std::vector<double> x(n), y(n), z(n), angle(n);
    std::vector<std::string> morphology(n), mtype(n), layer(n), synapse_class(n), dynamics(n);
    for (std::size_t i = 0; i < n; ++i) {
        const PlacedCell& cell = column.cells[i];
        const CellType& type = recipe.cell_types[cell.type];
        nodes.node_type_id.push_back(100 + static_cast<std::int64_t>(cell.type));
        x[i] = cell.position.x(), y[i] = cell.position.y(), z[i] = cell.position.z();
        angle[i] = cell.rotation_y;
        morphology[i] = morphology_file(column, i);
        mtype[i] = type.name;
        layer[i] = recipe.layers[cell.layer].name;
        synapse_class[i] = type.excitatory ? "EXC" : "INH";
        dynamics[i] = membrane_file(type.electrical_model);
    }
    nodes.attributes["x"] = numbers(std::move(x));
    nodes.attributes["y"] = numbers(std::move(y));
    nodes.attributes["z"] = numbers(std::move(z));
    nodes.attributes["rotation_angle_yaxis"] = numbers(std::move(angle));
    nodes.attributes["morphology"] = circuit::Column::of_texts(std::move(morphology));
    nodes.attributes["mtype"] = circuit::Column::of_texts(std::move(mtype));
    nodes.attributes["layer"] = circuit::Column::of_texts(std::move(layer));
    nodes.attributes["synapse_class"] = circuit::Column::of_texts(std::move(synapse_class));
    nodes.attributes["dynamics_params"] = circuit::Column::of_texts(std::move(dynamics));
    nodes.attributes["model_type"] = circuit::Column::of_texts(std::vector<std::string>(n, "biophysical"));
    nodes.attributes["model_template"] = circuit::Column::of_texts(std::vector<std::string>(n, "ctdb:Biophys1.hoc"));
    c.nodes.push_back(std::move(nodes));

    const std::size_t m = column.synapses.size();
    circuit::EdgePopulation edges;
    edges.name = column_edges;
    edges.source_population = edges.target_population = column_population;
    std::vector<double> a_section(m), a_pos(m), e_section(m), e_pos(m), cx(m), cy(m), cz(m), weight(m), delay(m);
    std::vector<std::string> model(m), params(m);
    // Per-edge synapse parameters of pathways with a class (NaN elsewhere: not given).
    const double none = std::nan("");
    std::vector<double> use(m, none), depression(m, none), facilitation(m, none), decay(m, none), sites(m, none),
        slow(m, none), conductance(m, none);
    bool any_class = false;
    for (std::size_t k = 0; k < m; ++k) {
        const Synapse& s = column.synapses[k];
        const Pathway& w = recipe.pathways[s.pathway];
        // The pathway's mean weight, scaled for a column smaller than its reference.
        const double mean_weight =
            w.weight * (s.pathway < column.pathways.size() ? column.pathways[s.pathway].weight_scale : 1.0);
        edges.source.push_back(s.touch.pre);
        edges.target.push_back(s.touch.post);
        edges.edge_type_id.push_back(200 + static_cast<std::int64_t>(s.pathway));
        a_section[k] = s.touch.post_section;
        a_pos[k] = s.touch.post_x;
        e_section[k] = s.touch.pre_section;
        e_pos[k] = s.touch.pre_x;
        cx[k] = s.touch.position.x(), cy[k] = s.touch.position.y(), cz[k] = s.touch.position.z();
        weight[k] = mean_weight;
        delay[k] = s.touch.axon_path / w.conduction_velocity + w.synaptic_delay;
        model[k] = w.synapse_model == "Exp2Syn" ? "exp2syn" : w.synapse_model == "ExpSyn" ? "expsyn" : w.synapse_model;
        params[k] = synapse_file(recipe, s.pathway);
        if (const SynapseClass* cls = find_synapse_class(w.synapse_class)) {
            any_class = true;
            const bool onto_excitatory = recipe.cell_types[column.cells[s.touch.post].type].excitatory;
            const SynapseDraw d = draw_synapse(*cls, mean_weight, onto_excitatory, recipe.seed, s.touch.pre, s.touch.post);
            weight[k] = d.weight;
            conductance[k] = d.weight * 1e3;  // [nS], as Blue Brain circuits give it
            use[k] = d.use;
            depression[k] = d.depression;
            facilitation[k] = d.facilitation;
            decay[k] = d.decay;
            sites[k] = d.release_sites;
            slow[k] = d.slow_ratio;
        }
    }
    if (any_class) {
        edges.attributes["conductance"] = numbers(std::move(conductance));
        edges.attributes["u_syn"] = numbers(std::move(use));
        edges.attributes["depression_time"] = numbers(std::move(depression));
        edges.attributes["facilitation_time"] = numbers(std::move(facilitation));
        edges.attributes["decay_time"] = numbers(std::move(decay));
        edges.attributes["n_rrp_vesicles"] = numbers(std::move(sites));
        edges.attributes["conductance_scale_factor"] = numbers(std::move(slow));
    }
    edges.attributes["afferent_section_id"] = numbers(std::move(a_section), true);
    edges.attributes["afferent_section_pos"] = numbers(std::move(a_pos));
    edges.attributes["efferent_section_id"] = numbers(std::move(e_section), true);
    edges.attributes["efferent_section_pos"] = numbers(std::move(e_pos));
    edges.attributes["afferent_center_x"] = numbers(std::move(cx));
    edges.attributes["afferent_center_y"] = numbers(std::move(cy));
    edges.attributes["afferent_center_z"] = numbers(std::move(cz));
    edges.attributes["syn_weight"] = numbers(std::move(weight));
    edges.attributes["delay"] = numbers(std::move(delay));
    edges.attributes["model_template"] = circuit::Column::of_texts(std::move(model));
    edges.attributes["dynamics_params"] = circuit::Column::of_texts(std::move(params));
    edges.by_source = circuit::EdgeIndex::build(edges.source, n);
    edges.by_target = circuit::EdgeIndex::build(edges.target, n);
    c.edges.push_back(std::move(edges));

    const std::vector<std::uint32_t> driven = driven_cells(column);
    if (!driven.empty()) {
        const std::size_t k = driven.size();
        circuit::NodePopulation inputs;
        inputs.name = drive_population;
        inputs.node_type_id.assign(k, 90);
        inputs.attributes["model_type"] = circuit::Column::of_texts(std::vector<std::string>(k, "virtual"));
        c.nodes.push_back(std::move(inputs));
        circuit::EdgePopulation drive;
        drive.name = drive_edges;
        drive.source_population = drive_population;
        drive.target_population = column_population;
        for (std::size_t j = 0; j < k; ++j) {
            drive.source.push_back(j);
            drive.target.push_back(driven[j]);
        }
        drive.edge_type_id.assign(k, 190);
        drive.attributes["afferent_section_id"] = numbers(std::vector<double>(k, 0.0), true);
        drive.attributes["afferent_section_pos"] = numbers(std::vector<double>(k, 0.5));
        std::vector<double> weights, ratios;
        for (const std::uint32_t cell : driven) {
            const CellType& type = recipe.cell_types[column.cells[cell].type];
            weights.push_back(recipe.drive.weight_of(type.name));
            ratios.push_back(type.excitatory ? 0.4 : 0.8);  // NMDA/AMPA as the column's own synapses
        }
        drive.attributes["syn_weight"] = numbers(std::move(weights));
        drive.attributes["delay"] = numbers(std::vector<double>(k, drive_delay));
        // Every input spike releases its whole weight: AMPA/NMDA without plasticity.
        drive.attributes["model_template"] = circuit::Column::of_texts(std::vector<std::string>(k, "DetAmpaNmda"));
        drive.attributes["u_syn"] = numbers(std::vector<double>(k, 1.0));
        drive.attributes["depression_time"] = numbers(std::vector<double>(k, 0.0));
        drive.attributes["facilitation_time"] = numbers(std::vector<double>(k, 0.0));
        drive.attributes["conductance_scale_factor"] = numbers(std::move(ratios));
        drive.attributes["dynamics_params"] = circuit::Column::of_texts(std::vector<std::string>(k, drive_synapse_file));
        drive.by_source = circuit::EdgeIndex::build(drive.source, k);
        drive.by_target = circuit::EdgeIndex::build(drive.target, n);
        c.edges.push_back(std::move(drive));
    }
    return c;
}

}  // namespace lamina::builder
