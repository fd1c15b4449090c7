#include "engine/circuit/biophysics.h"

#include "engine/sim/mechanism_parameter.h"

#include <algorithm>
#include <cctype>

#include "engine/circuit/neuron_names.h"
#include "engine/errors.h"
#include "engine/sim/mechanism.h"

namespace lamina::circuit {

namespace {

bool engine_has(const std::string& mechanism) {
    const auto names = sim::mechanism_names();
    return std::find(names.begin(), names.end(), mechanism) != names.end();
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Allen's files name every mechanism's conductance `gbar`; the catalogue's Ca_HVA, Ih
// and Im are shared with Hay's set and keep Hay's names (gCa_HVAbar, gIhbar, gImbar).
std::string allen_parameter_name(const std::string& mechanism, const std::string& parameter) {
    if (parameter != "gbar") return parameter;
    const auto& parameters = sim::mechanism_info(mechanism).parameters;
    const auto has = [&](const std::string& n) {
        return std::any_of(parameters.begin(), parameters.end(), [&](const sim::ParameterInfo& p) { return p.name == n; });
    };
    const std::string hay = "g" + mechanism + "bar";
    return !has("gbar") && has(hay) ? hay : parameter;
}

}  // namespace

void apply_biophysics(const BiophysicalModel& model, sim::CellDescription& cell, std::set<std::string>& missing) {
    const std::string where = model.file.empty() ? std::string("dynamics_params") : model.file;
    try {
        if (model.ra) cell.set_ra("all", *model.ra);
        for (const auto& [region, cm] : model.cm) cell.set_cm(region, cm);
        // Group the genome by (region, mechanism) in first-seen order: one painting each,
        // with all its parameters (NEURON: insert once, then set each range variable).
        struct Paint {
            std::string region, mechanism;
            std::map<std::string, double> parameters;
        };
        std::vector<Paint> paints;
        for (const auto& v : model.genome) {
            if (v.mechanism.empty() && (v.name == "cm" || v.name == "Ra")) {
                if (v.name == "cm") cell.set_cm(v.section, v.value);
                else cell.set_ra(v.section, v.value);
                continue;
            }
            std::string mechanism = v.mechanism, parameter = without_mechanism(v.name, v.mechanism);
            if (mechanism.empty()) {  // "g_pas": the mechanism is the name's suffix
                const NeuronName split = split_neuron_name(v.name);
                if (split.mechanism.empty()) throw InvalidArgument("genome entry '" + v.name + "' names no mechanism");
                mechanism = split.mechanism;
                parameter = split.variable;
            }
            if (!engine_has(mechanism)) {
                missing.insert(mechanism);
                continue;
            }
            parameter = allen_parameter_name(mechanism, parameter);
            auto it = std::find_if(paints.begin(), paints.end(),
                                   [&](const Paint& p) { return p.region == v.section && p.mechanism == mechanism; });
            if (it == paints.end()) it = paints.insert(paints.end(), {v.section, mechanism, {}});
            it->parameters[parameter] = v.value;
        }
        for (auto& p : paints) {
            if (p.mechanism == "pas" && model.e_pas && !p.parameters.count("e")) p.parameters["e"] = *model.e_pas;
            cell.paint(p.region, p.mechanism, p.parameters);
        }
        // Reversal potentials ("ena": 53 on the soma) belong to the ions of those
        // sections, whichever mechanisms use them; "all" first, so a section's own wins.
        const auto set_reversals = [&](const std::string& region, const std::map<std::string, double>& values) {
            for (const auto& [key, e] : values) {
                if (key.size() < 2 || key.front() != 'e')
                    throw InvalidArgument("erev entry '" + key + "' is not a reversal potential (ena, ek, eca ...)");
                sim::IonSettings settings;
                settings.reversal = e;
                cell.set_ion(region, key.substr(1), settings);
            }
        };
        if (const auto all = model.erev.find("all"); all != model.erev.end()) set_reversals("all", all->second);
        for (const auto& [region, values] : model.erev)
            if (region != "all") set_reversals(region, values);
    } catch (const FileError&) {
        throw;
    } catch (const Error& e) {
        throw InvalidArgument(where + ": " + e.what());
    }
}

std::string synapse_mechanism(const std::string& model_template) {
    std::string name = lower(model_template);
    if (const auto colon = name.rfind(':'); colon != std::string::npos) name = name.substr(colon + 1);
    if (name == "exp2syn") return "Exp2Syn";
    if (name == "expsyn") return "ExpSyn";
    // Any point process of the catalogue that receives events, by its name in any case
    // ("ProbAmpaNmda", "probampanmda").
    for (const std::string& known : sim::mechanism_names()) {
        if (lower(known) != name) continue;
        const sim::MechanismInfo& info = sim::mechanism_info(known);
        if (info.kind == sim::MechanismKind::point && info.receives_events) return known;
    }
    return {};
}

const std::vector<EdgeParameter>& edge_parameters() {
    // SONATA's per-edge synapse attributes (as Blue Brain circuits write them) and the
    // catalogue synapses' parameters they set. decay_time is the fast conductance's.
    static const std::vector<EdgeParameter> table{
        {"u_syn", {"Use"}},
        {"depression_time", {"Dep"}},
        {"facilitation_time", {"Fac"}},
        {"n_rrp_vesicles", {"Nrrp"}},
        {"decay_time", {"tau_d_AMPA", "tau_d_GABAA", "tau2", "tau"}},
        {"conductance_scale_factor", {"NMDA_ratio", "GABAB_ratio"}},
    };
    return table;
}

const sim::ParameterInfo* edge_parameter_target(const EdgeParameter& attribute, const sim::MechanismInfo& info) {
    for (const std::string& name : attribute.parameters)
        if (const sim::ParameterInfo* p = sim::find_parameter(info, name)) return p;
    return nullptr;
}

std::map<std::string, double> synapse_parameters(const std::string& mechanism, const SynapseModel& model) {
    const sim::MechanismInfo& info = sim::mechanism_info(mechanism);
    std::map<std::string, double> out;
    for (const auto& [key, value] : model.parameters) {
        const std::string name = key == "erev" ? "e" : key;
        const bool known = std::any_of(info.parameters.begin(), info.parameters.end(),
                                       [&](const sim::ParameterInfo& p) { return p.name == name; });
        if (known) out[name] = value;
    }
    return out;
}

}  // namespace lamina::circuit
