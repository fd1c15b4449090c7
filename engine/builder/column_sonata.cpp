#include "engine/builder/column_sonata.h"

namespace lamina::builder {

namespace {
circuit::Column numbers(std::vector<double> values, bool integer = false) {
    return circuit::Column::of_numbers(std::move(values), integer);
}
}  // namespace

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
    for (std::size_t k = 0; k < m; ++k) {
        const Synapse& s = column.synapses[k];
        const Pathway& w = recipe.pathways[s.pathway];
        edges.source.push_back(s.touch.pre);
        edges.target.push_back(s.touch.post);
        edges.edge_type_id.push_back(200 + static_cast<std::int64_t>(s.pathway));
        a_section[k] = s.touch.post_section;
        a_pos[k] = s.touch.post_x;
        e_section[k] = s.touch.pre_section;
        e_pos[k] = s.touch.pre_x;
        cx[k] = s.touch.position.x(), cy[k] = s.touch.position.y(), cz[k] = s.touch.position.z();
        weight[k] = w.weight;
        delay[k] = s.touch.axon_path / w.conduction_velocity + w.synaptic_delay;
        model[k] = w.synapse_model == "Exp2Syn" ? "exp2syn" : "expsyn";
        params[k] = synapse_file(recipe, s.pathway);
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
    return c;
}

}  // namespace lamina::builder
