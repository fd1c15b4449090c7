#include "io/sonata/simulation_config.h"

#include <filesystem>
#include <map>

#include "engine/errors.h"
#include "io/morphology/morphology_io.h"
#include "io/sonata/sonata_json.h"
#include "io/sonata/spikes_io.h"

namespace fs = std::filesystem;

namespace lamina::io {

using namespace sonata;

namespace {

circuit::NodeSetRule parse_node_set(const JsonReader& json, const Json& value, const std::string& path) {
    circuit::NodeSetRule rule;
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            rule.compound.push_back(json.text(value[i], path + "[" + std::to_string(i) + "]"));
        return rule;
    }
    if (!value.is_object()) json.fail(path, "a node set is an object of conditions or a list of node set names");
    for (const auto& [key, v] : value.items()) {
        const std::string at = path + "." + key;
        if (key == "population") {
            rule.population = json.text(v, at);
        } else if (key == "node_id" || key == "node_ids") {
            std::vector<std::uint64_t> ids;
            for (double d : json.numbers(v, at)) {
                if (!(d >= 0) || d != static_cast<double>(static_cast<std::uint64_t>(d)))
                    json.fail(at, "node ids are non-negative integers");
                ids.push_back(static_cast<std::uint64_t>(d));
            }
            rule.node_ids = std::move(ids);
        } else {
            std::vector<std::string> values;
            auto add = [&](const Json& item) {
                if (item.is_string()) values.push_back(item.get<std::string>());
                else if (item.is_number()) values.push_back(circuit::Column::of_numbers({item.get<double>()}).text(0));
                else json.fail(at, "attribute values are strings or numbers");
            };
            if (v.is_array()) for (const auto& item : v) add(item);
            else add(v);
            rule.attributes[key] = std::move(values);
        }
    }
    return rule;
}

void read_node_sets(const JsonReader& json, const Json& object, std::map<std::string, circuit::NodeSetRule>& out,
                    const std::string& prefix) {
    if (!object.is_object()) json.fail(prefix.empty() ? "(top level)" : prefix, "node sets are a JSON object");
    for (const auto& [name, value] : object.items())
        out[name] = parse_node_set(json, value, prefix.empty() ? name : prefix + "." + name);
}

}  // namespace

circuit::SimulationSetup read_simulation_or_circuit_config(const std::string& path) {
    const Json root = read_json(path);
    if (root.is_object() && !root.contains("run") && root.contains("networks")) {
        circuit::SimulationSetup setup;
        setup.config_file = path;
        setup.circuit_config = path;
        setup.run.tstop = 500.0;
        return setup;
    }
    return read_simulation_config(path);
}

circuit::SimulationSetup read_simulation_config(const std::string& path) {
    const Json root = read_json(path);
    if (!root.is_object()) throw FileError(path, "(top level)", "must be a JSON object");
    const Manifest manifest(root, path);
    const JsonReader json(path);
    circuit::SimulationSetup setup;
    setup.config_file = path;
    if (const Json* network = json.find(root, "network")) setup.circuit_config = manifest.path(json.text(*network, "network"), "network");
    else if (json.find(root, "networks")) setup.circuit_config = path;  // the circuit is inline
    else json.fail("network", "missing: name the circuit_config.json to simulate");

    const Json& run = json.object(root, "run", "run");
    const Json* tstop = json.find(run, "tstop");
    if (!tstop) json.fail("run.tstop", "missing");
    setup.run.tstop = json.number(*tstop, "run.tstop");
    if (!(setup.run.tstop > 0)) json.fail("run.tstop", "must be > 0 ms, got " + tstop->dump());
    if (const Json* v = json.find(run, "dt")) {
        setup.run.dt = json.number(*v, "run.dt");
        if (!(setup.run.dt > 0) || setup.run.dt > setup.run.tstop)
            json.fail("run.dt", "must be > 0 ms and at most tstop, got " + v->dump());
    }
    if (const Json* v = json.find(run, "dL")) {
        setup.run.dL = json.number(*v, "run.dL");
        if (!(*setup.run.dL > 0)) json.fail("run.dL", "must be > 0 µm, got " + v->dump());
    }
    if (const Json* v = json.find(run, "spike_threshold")) setup.run.spike_threshold = json.number(*v, "run.spike_threshold");
    if (const Json* v = json.find(run, "nsteps_block")) {
        const double steps = json.number(*v, "run.nsteps_block");
        if (!(steps >= 1)) json.fail("run.nsteps_block", "must be >= 1, got " + v->dump());
        setup.run.nsteps_block = static_cast<int>(steps);
    }
    if (const Json* v = json.find(run, "spike_timing")) {
        const std::string timing = json.text(*v, "run.spike_timing");
        if (timing != "neuron" && timing != "interpolated")
            json.fail("run.spike_timing", "must be neuron or interpolated, got '" + timing + "'");
        setup.run.neuron_timing = timing == "neuron";
    }
    if (const Json* v = json.find(run, "hh_tables")) {
        if (!v->is_boolean()) json.fail("run.hh_tables", "must be true or false");
        setup.run.hh_tables = v->get<bool>();
    }
    if (const Json* conditions = json.find(root, "conditions")) {
        if (const Json* v = json.find(*conditions, "celsius")) setup.conditions.celsius = json.number(*v, "conditions.celsius");
        if (const Json* v = json.find(*conditions, "v_init")) setup.conditions.v_init = json.number(*v, "conditions.v_init");
    }

    if (const Json* file = json.find(root, "node_sets_file")) {
        const std::string sets_path = manifest.path(json.text(*file, "node_sets_file"), "node_sets_file");
        read_node_sets(JsonReader(sets_path), read_json(sets_path), setup.node_sets, "");
    }
    if (const Json* inline_sets = json.find(root, "node_sets")) read_node_sets(json, *inline_sets, setup.node_sets, "node_sets");

    if (const Json* inputs = json.find(root, "inputs")) {
        if (!inputs->is_object()) json.fail("inputs", "must be an object of named inputs");
        for (const auto& [name, input] : inputs->items()) {
            const std::string at = "inputs." + name;
            const Json* type = json.find(input, "input_type");
            if (!type) json.fail(at + ".input_type", "missing (current_clamp or spikes)");
            const std::string kind = json.text(*type, at + ".input_type");
            const Json* node_set = json.find(input, "node_set");
            if (!node_set) json.fail(at + ".node_set", "missing");
            if (kind == "current_clamp") {
                circuit::CurrentClamp clamp;
                clamp.name = name;
                clamp.node_set = json.text(*node_set, at + ".node_set");
                for (auto [key, target] : {std::pair{"amp", &clamp.amp}, {"delay", &clamp.delay}, {"duration", &clamp.duration}}) {
                    const Json* v = json.find(input, key);
                    if (!v) json.fail(at + "." + key, "missing");
                    *target = json.numbers(*v, at + "." + key);
                }
                for (double d : clamp.duration)
                    if (!(d >= 0)) json.fail(at + ".duration", "must be >= 0 ms");
                if (const Json* v = json.find(input, "section")) clamp.section = json.text(*v, at + ".section");
                if (const Json* v = json.find(input, "section_pos")) clamp.x = json.number(*v, at + ".section_pos");
                setup.current_clamps.push_back(std::move(clamp));
            } else if (kind == "spikes") {
                circuit::SpikeInput spikes;
                spikes.name = name;
                spikes.node_set = json.text(*node_set, at + ".node_set");
                const Json* file = json.find(input, "input_file");
                if (!file) json.fail(at + ".input_file", "missing");
                spikes.file = manifest.path(json.text(*file, at + ".input_file"), at + ".input_file");
                const auto rule = setup.node_sets.find(spikes.node_set);
                const std::string population =
                    rule != setup.node_sets.end() && rule->second.population ? *rule->second.population : spikes.node_set;
                for (auto& p : read_spikes(spikes.file, population)) {
                    if (spikes.population.empty()) spikes.population = p.population;
                    for (std::size_t i = 0; i < p.node_ids.size(); ++i)
                        spikes.trains[p.node_ids[i]].push_back(p.timestamps[i]);
                }
                setup.spike_inputs.push_back(std::move(spikes));
            } else {
                json.fail(at + ".input_type", "'" + kind + "' is not supported (current_clamp, spikes)");
            }
        }
    }

    const Json* output = json.find(root, "output");
    std::string output_dir = manifest.path("output", "output.output_dir");
    if (output) {
        if (const Json* v = json.find(*output, "output_dir")) output_dir = manifest.path(json.text(*v, "output.output_dir"), "output.output_dir");
    }
    setup.output.output_dir = output_dir;
    auto in_output = [&](const std::string& name) {
        fs::path p(name);
        return (p.is_relative() ? fs::path(output_dir) / p : p).lexically_normal().string();
    };
    setup.output.spikes_file = in_output("spikes.h5");
    if (output) {
        if (const Json* v = json.find(*output, "spikes_file")) setup.output.spikes_file = in_output(json.text(*v, "output.spikes_file"));
        if (const Json* v = json.find(*output, "spikes_file_csv")) setup.output.spikes_csv = in_output(json.text(*v, "output.spikes_file_csv"));
        if (const Json* v = json.find(*output, "log_file")) setup.output.log_file = in_output(json.text(*v, "output.log_file"));
        if (const Json* v = json.find(*output, "overwrite_output_dir")) {
            if (!v->is_boolean()) json.fail("output.overwrite_output_dir", "must be true or false");
            setup.output.overwrite_output_dir = v->get<bool>();
        }
    }

    if (const Json* reports = json.find(root, "reports")) {
        if (!reports->is_object()) json.fail("reports", "must be an object of named reports");
        for (const auto& [name, r] : reports->items()) {
            const std::string at = "reports." + name;
            circuit::ReportRequest report;
            report.name = name;
            const Json* cells = json.find(r, "cells");
            if (!cells) json.fail(at + ".cells", "missing (a node set)");
            report.cells = json.text(*cells, at + ".cells");
            if (const Json* v = json.find(r, "variable_name")) report.variable = json.text(*v, at + ".variable_name");
            if (const Json* v = json.find(r, "sections")) report.sections = json.text(*v, at + ".sections");
            if (report.sections != "soma" && report.sections != "all")
                json.fail(at + ".sections", "'" + report.sections + "' is not supported (soma or all)");
            report.dt = setup.run.dt;
            if (const Json* v = json.find(r, "dt")) report.dt = json.number(*v, at + ".dt");
            const double ratio = report.dt / setup.run.dt;
            if (!(report.dt > 0) || std::abs(ratio - std::round(ratio)) > 1e-9 || std::round(ratio) < 1)
                json.fail(at + ".dt", "must be a whole multiple of run.dt (" + std::to_string(setup.run.dt) + " ms)");
            if (const Json* v = json.find(r, "start_time")) report.start_time = json.number(*v, at + ".start_time");
            report.end_time = setup.run.tstop;
            if (const Json* v = json.find(r, "end_time")) report.end_time = json.number(*v, at + ".end_time");
            if (!(report.start_time >= 0) || !(report.end_time > report.start_time))
                json.fail(at, "needs 0 <= start_time < end_time");
            report.file_name = in_output(name + ".h5");
            if (const Json* v = json.find(r, "file_name")) report.file_name = in_output(json.text(*v, at + ".file_name"));
            setup.reports.push_back(std::move(report));
        }
    }
    return setup;
}

namespace {

std::string find_file(const std::string& folder, const std::string& name, std::initializer_list<const char*> extensions,
                      const char* what) {
    fs::path p(name);
    if (p.is_relative() && !folder.empty()) p = fs::path(folder) / p;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p.string();
    for (const char* ext : extensions) {
        fs::path with = p;
        with += ext;
        if (fs::is_regular_file(with, ec)) return with.string();
    }
    throw FileError(p.string(), 0, std::string("no such ") + what + " file" +
                                       (folder.empty() ? " (the circuit config names no folder for them)" : ""));
}

circuit::BiophysicalModel parse_biophysics(const std::string& file) {
    const Json root = read_json(file);
    const JsonReader json(file);
    circuit::BiophysicalModel model;
    model.file = file;
    if (!root.is_object()) json.fail("(top level)", "must be a JSON object");
    if (const Json* passive = json.find(root, "passive")) {
        const Json& p = passive->is_array() && !passive->empty() ? (*passive)[0] : *passive;
        if (const Json* v = json.find(p, "ra")) model.ra = json.number(*v, "passive.ra");
        if (const Json* v = json.find(p, "e_pas")) model.e_pas = json.number(*v, "passive.e_pas");
        if (const Json* cm = json.find(p, "cm")) {
            if (cm->is_number()) model.cm["all"] = cm->get<double>();
            else if (cm->is_array())
                for (std::size_t i = 0; i < cm->size(); ++i) {
                    const std::string at = "passive.cm[" + std::to_string(i) + "]";
                    const Json* section = json.find((*cm)[i], "section");
                    const Json* value = json.find((*cm)[i], "cm");
                    if (!section || !value) json.fail(at, "needs section and cm");
                    model.cm[json.text(*section, at + ".section")] = json.number(*value, at + ".cm");
                }
        }
    }
    if (const Json* genome = json.find(root, "genome")) {
        if (!genome->is_array()) json.fail("genome", "must be a list");
        for (std::size_t i = 0; i < genome->size(); ++i) {
            const std::string at = "genome[" + std::to_string(i) + "]";
            const Json& g = (*genome)[i];
            circuit::BiophysicalModel::Value v;
            const Json* section = json.find(g, "section");
            const Json* name = json.find(g, "name");
            const Json* value = json.find(g, "value");
            if (!section || !name || !value) json.fail(at, "needs section, name and value");
            v.section = json.text(*section, at + ".section");
            v.name = json.text(*name, at + ".name");
            v.value = json.number(*value, at + ".value");
            if (const Json* m = json.find(g, "mechanism")) v.mechanism = json.text(*m, at + ".mechanism");
            model.genome.push_back(std::move(v));
        }
    }
    if (const Json* conditions = json.find(root, "conditions")) {
        const Json& c = conditions->is_array() && !conditions->empty() ? (*conditions)[0] : *conditions;
        if (const Json* erev = json.find(c, "erev"); erev && erev->is_array())
            for (std::size_t i = 0; i < erev->size(); ++i) {
                const std::string at = "conditions.erev[" + std::to_string(i) + "]";
                const Json* section = json.find((*erev)[i], "section");
                if (!section) json.fail(at, "needs a section");
                for (const auto& [key, value] : (*erev)[i].items())
                    if (key != "section") model.erev[json.text(*section, at + ".section")][key] = json.number(value, at + "." + key);
            }
    }
    if (const Json* v = json.find(root, "L")) model.length = json.number(*v, "L");
    if (const Json* v = json.find(root, "diam")) model.diameter = json.number(*v, "diam");
    return model;
}

circuit::SynapseModel parse_synapse(const std::string& file) {
    const Json root = read_json(file);
    const JsonReader json(file);
    circuit::SynapseModel model;
    model.file = file;
    if (!root.is_object()) json.fail("(top level)", "must be a JSON object");
    for (const auto& [key, value] : root.items())
        if (value.is_number()) model.parameters[key] = value.get<double>();
    return model;
}

}  // namespace

circuit::ModelFiles model_files(const circuit::Circuit& circuit) {
    struct Cache {
        std::map<std::string, std::shared_ptr<const Morphology>> morphologies;
        std::map<std::string, circuit::BiophysicalModel> biophysics;
        std::map<std::string, circuit::SynapseModel> synapses;
    };
    auto cache = std::make_shared<Cache>();
    const circuit::Components components = circuit.components;
    circuit::ModelFiles files;
    files.morphology = [cache, components](const std::string& name) {
        auto& slot = cache->morphologies[name];
        if (!slot)
            slot = std::make_shared<const Morphology>(
                read_morphology(find_file(components.morphologies_dir, name, {".swc", ".h5", ".asc"}, "morphology")));
        return slot;
    };
    files.biophysics = [cache, components](const std::string& name) -> const circuit::BiophysicalModel& {
        auto it = cache->biophysics.find(name);
        if (it == cache->biophysics.end())
            it = cache->biophysics
                     .emplace(name, parse_biophysics(find_file(components.biophysical_neuron_models_dir, name, {".json"},
                                                               "dynamics_params")))
                     .first;
        return it->second;
    };
    files.synapse = [cache, components](const std::string& name) -> const circuit::SynapseModel& {
        auto it = cache->synapses.find(name);
        if (it == cache->synapses.end())
            it = cache->synapses
                     .emplace(name, parse_synapse(find_file(components.synaptic_models_dir, name, {".json"},
                                                            "synaptic model")))
                     .first;
        return it->second;
    };
    return files;
}

}  // namespace lamina::io
