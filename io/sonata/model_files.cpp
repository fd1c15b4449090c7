// The model files a circuit names: morphologies, biophysical dynamics_params (the
// Allen/BMTK format) and synaptic models, each read once and only when needed. Every
// key is checked: unknown keys warn, values of the wrong kind or outside their range
// are errors naming the file and key.

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "engine/circuit/biophysics.h"
#include "engine/errors.h"
#include "engine/sim/mechanism_parameter.h"
#include "io/morphology/morphology_io.h"
#include "io/sonata/neuroml_cell.h"
#include "io/sonata/simulation_config.h"
#include "io/sonata/sonata_json.h"

namespace fs = std::filesystem;

namespace lamina::io {

using namespace sonata;

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

// Allen's files hold some sections as a list of one object.
const Json& first_of(const JsonReader& json, const Json& value, const std::string& path) {
    if (!value.is_array()) return value;
    if (value.size() != 1) json.fail(path, "must be an object or a list of one object, got " + describe(value));
    return value[0];
}

void parse_passive(const JsonReader& json, const Json& passive, circuit::BiophysicalModel& model) {
    const Json& p = first_of(json, passive, "passive");
    json.check_keys(p, "passive", {"ra", "cm", "e_pas"});
    if (const Json* v = json.find(p, "ra")) model.ra = json.number_in(*v, "passive.ra", 1e-3, 1e7, "Ω·cm");
    if (const Json* v = json.find(p, "e_pas")) model.e_pas = json.number_in(*v, "passive.e_pas", -200, 200, "mV");
    const Json* cm = json.find(p, "cm");
    if (!cm) return;
    if (cm->is_number()) {
        model.cm["all"] = json.number_in(*cm, "passive.cm", 1e-4, 1e3, "µF/cm²");
        return;
    }
    if (!cm->is_array()) json.fail("passive.cm", "must be a number or a list of {section, cm}, got " + describe(*cm));
    for (std::size_t i = 0; i < cm->size(); ++i) {
        const std::string at = "passive.cm[" + std::to_string(i) + "]";
        json.check_keys((*cm)[i], at, {"section", "cm"});
        const Json* section = json.find((*cm)[i], "section");
        const Json* value = json.find((*cm)[i], "cm");
        if (!section || !value) json.fail(at, "needs section and cm");
        model.cm[json.text(*section, at + ".section")] = json.number_in(*value, at + ".cm", 1e-4, 1e3, "µF/cm²");
    }
}

void parse_genome(const JsonReader& json, const Json& genome, circuit::BiophysicalModel& model) {
    if (!genome.is_array()) json.fail("genome", "must be a list, got " + describe(genome));
    for (std::size_t i = 0; i < genome.size(); ++i) {
        const std::string at = "genome[" + std::to_string(i) + "]";
        const Json& g = genome[i];
        json.check_keys(g, at, {"section", "name", "value", "mechanism"});
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

void parse_model_conditions(const JsonReader& json, const Json& conditions, circuit::BiophysicalModel& model) {
    const Json& c = first_of(json, conditions, "conditions");
    json.check_keys(c, "conditions", {"erev", "celsius", "v_init"});
    // The run's conditions (simulation config) set temperature and initial voltage, as
    // in BMTK; a model's own values are read so a typo in them still fails.
    if (const Json* v = json.find(c, "celsius")) model.celsius = json.number_in(*v, "conditions.celsius", -20, 60, "°C");
    if (const Json* v = json.find(c, "v_init")) model.v_init = json.number_in(*v, "conditions.v_init", -200, 200, "mV");
    const Json* erev = json.find(c, "erev");
    if (!erev) return;
    if (!erev->is_array()) json.fail("conditions.erev", "must be a list of {section, e...}, got " + describe(*erev));
    for (std::size_t i = 0; i < erev->size(); ++i) {
        const std::string at = "conditions.erev[" + std::to_string(i) + "]";
        const Json& entry = (*erev)[i];
        if (!entry.is_object()) json.fail(at, "must be an object, got " + describe(entry));
        const Json* section = json.find(entry, "section");
        if (!section) json.fail(at, "needs a section");
        for (const auto& [key, value] : entry.items()) {
            if (key == "section") continue;
            if (key.size() < 2 || key[0] != 'e')
                json.fail(at + "." + key, "is not a reversal potential (ena, ek, eca, e_pas...)");
            model.erev[json.text(*section, at + ".section")][key] = json.number_in(value, at + "." + key, -200, 200, "mV");
        }
    }
}

}  // namespace

circuit::BiophysicalModel read_biophysical_model(const std::string& file, const DiagnosticOptions& diagnostics) {
    const Json root = read_json(file);
    const JsonReader json(file, diagnostics);
    circuit::BiophysicalModel model;
    model.file = file;
    if (!root.is_object()) json.fail("", "must be a JSON object, got " + describe(root));
    if (root.contains("mechanisms") && root.contains("parameters")) {  // BluePyOpt's e-model layout
        model.emodel = parse_emodel(root, file, diagnostics);
        return model;
    }
    json.check_keys(root, "", {"passive", "genome", "conditions", "L", "diam", "fitting", "axon_morph"});
    // Allen's models replace the axon by a stub; running the morphology's own axon
    // instead would change every spike, so it is refused until the engine can do it.
    if (json.find(root, "axon_morph"))
        json.fail("axon_morph", "replacing the axon (Allen's axon stub) is not supported yet");
    if (const Json* passive = json.find(root, "passive")) parse_passive(json, *passive, model);
    if (const Json* genome = json.find(root, "genome")) parse_genome(json, *genome, model);
    if (const Json* conditions = json.find(root, "conditions")) parse_model_conditions(json, *conditions, model);
    if (const Json* v = json.find(root, "L")) model.length = json.number_in(*v, "L", 1e-3, 1e5, "µm");
    if (const Json* v = json.find(root, "diam")) model.diameter = json.number_in(*v, "diam", 1e-3, 1e4, "µm");
    return model;
}

namespace {

// A catalogue synapse's file: its parameters by the mechanism's own names and ranges
// ("erev" for "e"), and the builder's informational "synapse_class".
void parse_catalogue_synapse(const Json& root, const JsonReader& json, const std::string& mechanism,
                             circuit::SynapseModel& model) {
    const sim::MechanismInfo& info = sim::mechanism_info(mechanism);
    for (const auto& [key, value] : root.items()) {
        if (key == "level_of_detail" || key == "synapse_class") continue;
        const std::string name = key == "erev" ? "e" : key;
        const sim::ParameterInfo* spec = sim::find_parameter(info, name);
        if (!spec) {
            json.warn(key, "not a parameter of " + mechanism + ": ignored");
            continue;
        }
        const double x = json.number(value, key);
        if (x < spec->minimum)
            json.fail(key, "must be at least " + std::to_string(spec->minimum) + ", got " + std::to_string(x));
        model.parameters[name] = x;
    }
}

circuit::SynapseModel parse_synapse(const std::string& file, const DiagnosticOptions& diagnostics) {
    const Json root = read_json(file);
    const JsonReader json(file, diagnostics);
    circuit::SynapseModel model;
    model.file = file;
    if (!root.is_object()) json.fail("", "must be a JSON object, got " + describe(root));
    std::string mechanism;
    if (const Json* v = json.find(root, "level_of_detail")) {
        const std::string level = json.text(*v, "level_of_detail");
        mechanism = circuit::synapse_mechanism(level);
        if (mechanism.empty())
            json.fail("level_of_detail", "'" + level +
                                             "' is not a synapse the engine has (exp2syn, expsyn, or a catalogue synapse "
                                             "such as ProbAmpaNmda)");
    }
    if (!mechanism.empty() && mechanism != "Exp2Syn" && mechanism != "ExpSyn") {
        parse_catalogue_synapse(root, json, mechanism, model);
        return model;
    }
    json.check_keys(root, "", {"level_of_detail", "tau1", "tau2", "tau", "erev", "e"});
    for (const char* tau : {"tau1", "tau2", "tau"})
        if (const Json* v = json.find(root, tau)) model.parameters[tau] = json.number_in(*v, tau, 1e-3, 1e5, "ms");
    for (const char* e : {"erev", "e"})
        if (const Json* v = json.find(root, e)) model.parameters[e] = json.number_in(*v, e, -200, 200, "mV");
    return model;
}

// A point neuron's parameters: a JSON object of numbers in NEST's names and units (the
// model checks the names and ranges when the node is built).
circuit::PointNeuronModel parse_point_neuron(const std::string& file, const DiagnosticOptions& diagnostics) {
    const Json root = read_json(file);
    const JsonReader json(file, diagnostics);
    if (!root.is_object()) json.fail("", "must be a JSON object of parameters, got " + describe(root));
    circuit::PointNeuronModel model;
    model.file = file;
    for (const auto& [key, value] : root.items()) model.parameters[key] = json.number(value, key);
    return model;
}

}  // namespace

namespace {

// The entry for `name`, loaded by `load` the first time it is asked for.
template <typename Value, typename Load>
const Value& cached(std::map<std::string, Value>& cache, const std::string& name, const Load& load) {
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, load()).first;
    return it->second;
}

}  // namespace

circuit::ModelFiles model_files(const circuit::Circuit& circuit, const DiagnosticOptions& diagnostics) {
    struct Cache {
        std::map<std::string, std::shared_ptr<const Morphology>> morphologies;
        std::map<std::string, circuit::BiophysicalModel> biophysics, neuroml;
        std::map<std::string, circuit::SynapseModel> synapses;
        std::map<std::string, circuit::PointNeuronModel> point_neurons;
    };
    auto cache = std::make_shared<Cache>();
    const circuit::Components components = circuit.components;
    circuit::ModelFiles files;
    files.morphology = [cache, components](const std::string& name) {
        return cached(cache->morphologies, name, [&] {
            return std::make_shared<const Morphology>(
                read_morphology(find_file(components.morphologies_dir, name, {".swc", ".h5", ".asc"}, "morphology")));
        });
    };
    files.biophysics = [cache, components, diagnostics](const std::string& name) -> const circuit::BiophysicalModel& {
        return cached(cache->biophysics, name, [&] {
            return read_biophysical_model(
                find_file(components.biophysical_neuron_models_dir, name, {".json"}, "dynamics_params"), diagnostics);
        });
    };
    // BMTK keeps NeuroML templates in templates_dir, or in an nml/ folder beside the
    // JSON models (shared_components/biophysical_neuron_templates/{json,nml}).
    files.neuroml = [cache, components, diagnostics](const std::string& name) -> const circuit::BiophysicalModel& {
        return cached(cache->neuroml, name, [&] {
            std::vector<std::string> folders;
            if (!components.templates_dir.empty()) folders.push_back(components.templates_dir);
            if (!components.biophysical_neuron_models_dir.empty()) {
                const fs::path models(components.biophysical_neuron_models_dir);
                folders.push_back(models.string());
                folders.push_back((models.parent_path() / "nml").string());
            }
            std::error_code ec;
            for (const auto& folder : folders)
                if (fs::is_regular_file(fs::path(folder) / name, ec))
                    return read_neuroml_cell((fs::path(folder) / name).string(), diagnostics);
            if (fs::path(name).is_absolute() && fs::is_regular_file(name, ec)) return read_neuroml_cell(name, diagnostics);
            std::string tried;
            for (const auto& folder : folders) tried += (tried.empty() ? "" : ", ") + folder;
            throw FileError(name, 0, "no such NeuroML cell file (looked in " +
                                         (tried.empty() ? std::string("no folder: the circuit config names no templates_dir") : tried) + ")");
        });
    };
    files.synapse = [cache, components, diagnostics](const std::string& name) -> const circuit::SynapseModel& {
        return cached(cache->synapses, name, [&] {
            return parse_synapse(find_file(components.synaptic_models_dir, name, {".json"}, "synaptic model"),
                                 diagnostics);
        });
    };
    files.point_neuron = [cache, components, diagnostics](const std::string& name) -> const circuit::PointNeuronModel& {
        return cached(cache->point_neurons, name, [&] {
            return parse_point_neuron(find_file(components.point_neuron_models_dir, name, {".json"}, "point-neuron model"),
                                      diagnostics);
        });
    };
    return files;
}

}  // namespace lamina::io
