#include "engine/sim/point_neuron.h"

#include <algorithm>
#include <cmath>

#include "engine/errors.h"

namespace lamina::sim {

namespace {
struct Known {
    PointModel model;
    const char* name;
    PointFamily family;
    const char* weight_unit;
};
constexpr Known known[] = {
    {PointModel::iaf_psc_exp, "iaf_psc_exp", PointFamily::lif, "pA"},
    {PointModel::iaf_psc_alpha, "iaf_psc_alpha", PointFamily::lif, "pA"},
    {PointModel::iaf_cond_exp, "iaf_cond_exp", PointFamily::ode, "nS"},
    {PointModel::aeif_cond_exp, "aeif_cond_exp", PointFamily::ode, "nS"},
    {PointModel::izhikevich, "izhikevich", PointFamily::ode, "mV"},
    {PointModel::IntFire1, "IntFire1", PointFamily::intfire, "1"},
    {PointModel::IntFire2, "IntFire2", PointFamily::lif, "1"},
    {PointModel::IntFire4, "IntFire4", PointFamily::intfire, "1"},
};

const Known& entry(PointModel model) {
    for (const Known& k : known)
        if (k.model == model) return k;
    throw InternalError("a point model without an entry");
}

void positive(const std::string& model, const char* name, double value, const char* unit) {
    if (!(value > 0 && std::isfinite(value)))
        throw InvalidArgument(model + ": " + name + " must be a positive number of " + unit + ", got " + readable_number(value));
}

void below(const std::string& model, const char* low_name, double low, const char* high_name, double high, const char* unit) {
    if (!(low < high))
        throw InvalidArgument(model + ": " + low_name + " (" + readable_number(low) + " " + unit + ") must be below " + high_name +
                              " (" + readable_number(high) + " " + unit + ")");
}

// A model's parameters: each name with where its value lives.
using Slots = std::vector<std::pair<std::string, double*>>;

Slots slots_of(PointNeuron& n) {
    LifParameters& l = n.lif;
    ConductanceParameters& c = n.cond;
    IzhikevichParameters& z = n.izh;
    IntFireParameters& f = n.intfire;
    switch (n.model) {
        case PointModel::iaf_psc_exp:
        case PointModel::iaf_psc_alpha:
            return {{"C_m", &l.C_m},     {"tau_m", &l.tau_m}, {"t_ref", &l.t_ref},           {"E_L", &l.E_L},
                    {"V_reset", &l.V_reset}, {"V_th", &l.V_th}, {"I_e", &l.I_e},           {"tau_syn_ex", &l.tau_syn_ex},
                    {"tau_syn_in", &l.tau_syn_in}, {"V_m", &n.V_m}};
        case PointModel::iaf_cond_exp:
            return {{"C_m", &c.C_m},         {"g_L", &c.g_L},   {"E_L", &c.E_L},   {"V_th", &c.V_th},
                    {"V_reset", &c.V_reset}, {"t_ref", &c.t_ref}, {"E_ex", &c.E_ex}, {"E_in", &c.E_in},
                    {"tau_syn_ex", &c.tau_syn_ex}, {"tau_syn_in", &c.tau_syn_in}, {"I_e", &c.I_e}, {"V_m", &n.V_m}};
        case PointModel::aeif_cond_exp:
            return {{"C_m", &c.C_m},         {"g_L", &c.g_L},     {"E_L", &c.E_L},       {"V_th", &c.V_th},
                    {"Delta_T", &c.Delta_T}, {"tau_w", &c.tau_w}, {"a", &c.a},           {"b", &c.b},
                    {"V_reset", &c.V_reset}, {"t_ref", &c.t_ref}, {"V_peak", &c.V_peak}, {"E_ex", &c.E_ex},
                    {"E_in", &c.E_in},       {"tau_syn_ex", &c.tau_syn_ex}, {"tau_syn_in", &c.tau_syn_in},
                    {"I_e", &c.I_e},         {"V_m", &n.V_m}};
        case PointModel::izhikevich:
            return {{"a", &z.a}, {"b", &z.b}, {"c", &z.c}, {"d", &z.d}, {"V_th", &z.V_th}, {"I_e", &z.I_e},
                    {"V_m", &n.V_m}, {"U_m", &z.U_m}};
        case PointModel::IntFire1: return {{"tau", &f.tau}, {"refrac", &f.refrac}, {"m", &n.V_m}};
        case PointModel::IntFire2: return {{"taum", &l.tau_m}, {"taus", &l.tau_syn_ex}, {"ib", &l.I_e}, {"m", &n.V_m}};
        case PointModel::IntFire4:
            return {{"taue", &f.taue}, {"taui1", &f.taui1}, {"taui2", &f.taui2}, {"taum", &f.taum}, {"m", &n.V_m}};
    }
    return {};
}

// Defaults that differ from the structs' (which are those of the first model using them).
void set_defaults(PointNeuron& n) {
    ConductanceParameters& c = n.cond;
    switch (n.model) {
        case PointModel::iaf_psc_alpha: n.lif.alpha = true; break;
        case PointModel::aeif_cond_exp:  // NEST's AdEx: Brette & Gerstner (2005)
            c.adaptive_exponential = true;
            c.C_m = 281.0, c.g_L = 30.0, c.E_L = -70.6, c.V_th = -50.4, c.Delta_T = 2.0, c.tau_w = 144.0, c.a = 4.0;
            c.b = 80.5, c.V_reset = -60.0, c.t_ref = 0.0, c.V_peak = 0.0;
            break;
        case PointModel::IntFire2:  // taum dm/dt = -m + ib + i, taus di/dt = -i: a LIF in units of m
            n.lif.tau_m = 10.0, n.lif.tau_syn_ex = 20.0, n.lif.I_e = 0.0, n.lif.t_ref = 0.0;
            n.lif.E_L = 0.0, n.lif.V_reset = 0.0, n.lif.V_th = 1.0;
            break;
        default: break;
    }
}

void check(PointNeuron& n, const std::string& model, bool v_m_given, bool u_m_given) {
    switch (n.model) {
        case PointModel::iaf_psc_exp:
        case PointModel::iaf_psc_alpha: {
            const LifParameters& p = n.lif;
            if (!v_m_given) n.V_m = p.E_L;
            positive(model, "C_m", p.C_m, "pF");
            positive(model, "tau_m", p.tau_m, "ms");
            positive(model, "tau_syn_ex", p.tau_syn_ex, "ms");
            positive(model, "tau_syn_in", p.tau_syn_in, "ms");
            if (!(p.t_ref >= 0)) throw InvalidArgument(model + ": t_ref must be >= 0 ms, got " + readable_number(p.t_ref));
            below(model, "V_reset", p.V_reset, "V_th", p.V_th, "mV");
            break;
        }
        case PointModel::iaf_cond_exp:
        case PointModel::aeif_cond_exp: {
            ConductanceParameters& p = n.cond;
            if (!v_m_given) n.V_m = p.E_L;
            if (n.model == PointModel::iaf_cond_exp) p.V_peak = p.V_th;
            positive(model, "C_m", p.C_m, "pF");
            positive(model, "g_L", p.g_L, "nS");
            positive(model, "tau_syn_ex", p.tau_syn_ex, "ms");
            positive(model, "tau_syn_in", p.tau_syn_in, "ms");
            if (!(p.t_ref >= 0)) throw InvalidArgument(model + ": t_ref must be >= 0 ms, got " + readable_number(p.t_ref));
            if (p.adaptive_exponential) {
                positive(model, "tau_w", p.tau_w, "ms");
                if (!(p.Delta_T >= 0)) throw InvalidArgument(model + ": Delta_T must be >= 0 mV, got " + readable_number(p.Delta_T));
                below(model, "V_reset", p.V_reset, "V_peak", p.V_peak, "mV");
                if (p.Delta_T > 0 && !(p.V_peak >= p.V_th))
                    throw InvalidArgument(model + ": V_peak (" + readable_number(p.V_peak) + " mV) must be at least V_th (" +
                                          readable_number(p.V_th) + " mV)");
            } else {
                below(model, "V_reset", p.V_reset, "V_th", p.V_th, "mV");
            }
            break;
        }
        case PointModel::izhikevich: {
            IzhikevichParameters& p = n.izh;
            if (!v_m_given) n.V_m = -65.0;
            if (!u_m_given) p.U_m = p.b * n.V_m;
            below(model, "c", p.c, "V_th", p.V_th, "mV");
            break;
        }
        case PointModel::IntFire1:
            positive(model, "tau", n.intfire.tau, "ms");
            if (!(n.intfire.refrac >= 0)) throw InvalidArgument(model + ": refrac must be >= 0 ms, got " + readable_number(n.intfire.refrac));
            if (!v_m_given) n.V_m = 0.0;
            break;
        case PointModel::IntFire2:
            positive(model, "taum", n.lif.tau_m, "ms");
            positive(model, "taus", n.lif.tau_syn_ex, "ms");
            n.lif.C_m = n.lif.tau_m;  // dm/dt = (-m + i)/taum: the LIF's C dV/dt = -(C/tau_m) V + I with C = taum
            n.lif.tau_syn_in = n.lif.tau_syn_ex;
            if (!v_m_given) n.V_m = 0.0;
            break;
        case PointModel::IntFire4: {
            const IntFireParameters& f = n.intfire;
            for (const auto& [name, value] : {std::pair{"taue", f.taue}, {"taui1", f.taui1}, {"taui2", f.taui2}, {"taum", f.taum}})
                positive(model, name, value, "ms");
            // NEURON's solution needs all four distinct and in this order.
            if (!(f.taue < f.taui1 && f.taui1 < f.taui2 && f.taui2 < f.taum))
                throw InvalidArgument(model + ": needs taue < taui1 < taui2 < taum, got " + readable_number(f.taue) + ", " +
                                      readable_number(f.taui1) + ", " + readable_number(f.taui2) + ", " + readable_number(f.taum));
            if (!v_m_given) n.V_m = 0.0;
            break;
        }
    }
}
}  // namespace

PointFamily point_family(PointModel model) { return entry(model).family; }

std::vector<std::pair<std::string, double>> point_neuron_parameters(const PointNeuron& neuron) {
    PointNeuron copy = neuron;  // slots_of points into a neuron it may write; this one is ours
    std::vector<std::pair<std::string, double>> out;
    for (const auto& [name, where] : slots_of(copy)) out.emplace_back(name, *where);
    return out;
}

std::vector<std::string> point_model_names() {
    std::vector<std::string> names;
    for (const Known& k : known) names.emplace_back(k.name);
    return names;
}

std::string point_model_name(PointModel model) { return entry(model).name; }

const char* point_weight_unit(PointModel model) { return entry(model).weight_unit; }

std::pair<double, double> point_membrane_range(const PointNeuron& n) {
    switch (n.model) {
        case PointModel::iaf_psc_exp:
        case PointModel::iaf_psc_alpha: return {std::min(n.lif.V_reset, n.lif.E_L) - 5.0, n.lif.V_th};
        case PointModel::iaf_cond_exp:
        case PointModel::aeif_cond_exp: return {std::min(n.cond.V_reset, n.cond.E_L) - 5.0, n.cond.V_th};
        case PointModel::izhikevich: return {std::min(n.izh.c, -70.0) - 5.0, n.izh.V_th};
        default: return {-0.5, 1.0};  // IntFire cells: m, threshold 1
    }
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
    set_defaults(n);
    const Slots slots = slots_of(n);
    bool v_m_given = false, u_m_given = false;
    for (const auto& [name, value] : parameters) {
        const auto slot = std::find_if(slots.begin(), slots.end(), [&](const auto& s) { return s.first == name; });
        if (slot == slots.end()) {
            std::string list;
            for (const auto& s : slots) list += (list.empty() ? "" : ", ") + s.first;
            throw InvalidArgument(model + ": unknown parameter '" + name + "' (known: " + list + ")");
        }
        if (!std::isfinite(value)) throw InvalidArgument(model + ": " + name + " must be a finite number");
        *slot->second = value;
        v_m_given = v_m_given || slot->second == &n.V_m;
        u_m_given = u_m_given || name == "U_m";
    }
    check(n, model, v_m_given, u_m_given);
    return n;
}

}  // namespace lamina::sim
