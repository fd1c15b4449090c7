#include "engine/sim/point_neuron.h"

#include <cmath>

#include "engine/errors.h"

namespace lamina::sim {

namespace {
struct Known {
    PointModel model;
    const char* name;
};
constexpr Known known[] = {{PointModel::iaf_psc_exp, "iaf_psc_exp"}, {PointModel::iaf_psc_alpha, "iaf_psc_alpha"}};

void positive(const std::string& model, const char* name, double value, const char* unit) {
    if (!(value > 0 && std::isfinite(value)))
        throw InvalidArgument(model + ": " + name + " must be a positive number of " + unit + ", got " + readable_number(value));
}
}  // namespace

std::vector<std::string> point_model_names() {
    std::vector<std::string> names;
    for (const Known& k : known) names.emplace_back(k.name);
    return names;
}

std::string point_model_name(PointModel model) {
    for (const Known& k : known)
        if (k.model == model) return k.name;
    return "?";
}

PointNeuron make_point_neuron(const std::string& model, const std::map<std::string, double>& parameters) {
    PointNeuron n;
    const Known* found = nullptr;
    for (const Known& k : known)
        if (model == k.name) found = &k;
    if (!found) {
        std::string list;
        for (const std::string& name : point_model_names()) list += (list.empty() ? "" : ", ") + name;
        throw InvalidArgument("unknown point-neuron model '" + model + "' (known: " + list + ")");
    }
    n.model = found->model;
    n.lif.alpha = n.model == PointModel::iaf_psc_alpha;
    bool v_m_given = false;
    LifParameters& p = n.lif;
    const std::map<std::string, double*> slots{{"C_m", &p.C_m},       {"tau_m", &p.tau_m},           {"t_ref", &p.t_ref},
                                               {"E_L", &p.E_L},       {"V_reset", &p.V_reset},       {"V_th", &p.V_th},
                                               {"I_e", &p.I_e},       {"tau_syn_ex", &p.tau_syn_ex}, {"tau_syn_in", &p.tau_syn_in},
                                               {"V_m", &n.V_m}};
    for (const auto& [name, value] : parameters) {
        const auto slot = slots.find(name);
        if (slot == slots.end()) {
            std::string list;
            for (const auto& [known_name, _] : slots) list += (list.empty() ? "" : ", ") + known_name;
            throw InvalidArgument(model + ": unknown parameter '" + name + "' (known: " + list + ")");
        }
        if (!std::isfinite(value)) throw InvalidArgument(model + ": " + name + " must be a finite number");
        *slot->second = value;
        v_m_given = v_m_given || name == "V_m";
    }
    if (!v_m_given) n.V_m = p.E_L;
    positive(model, "C_m", p.C_m, "pF");
    positive(model, "tau_m", p.tau_m, "ms");
    positive(model, "tau_syn_ex", p.tau_syn_ex, "ms");
    positive(model, "tau_syn_in", p.tau_syn_in, "ms");
    if (!(p.t_ref >= 0)) throw InvalidArgument(model + ": t_ref must be >= 0 ms, got " + readable_number(p.t_ref));
    if (!(p.V_reset < p.V_th))
        throw InvalidArgument(model + ": V_reset (" + readable_number(p.V_reset) + " mV) must be below V_th (" +
                              readable_number(p.V_th) + " mV)");
    return n;
}

}  // namespace lamina::sim
