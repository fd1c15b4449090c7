#pragma once
// Cell and synapse models as SONATA's dynamics_params files describe them (the format
// the Allen Institute's models and BMTK use), mapped onto the engine's mechanisms.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/circuit/emodel.h"
#include "engine/sim/cell_description.h"
#include "engine/sim/mechanism.h"

namespace lamina::circuit {

struct BiophysicalModel {
    std::string file;                     // for messages
    std::optional<double> ra;             // [Ω·cm], every section
    std::map<std::string, double> cm;     // [µF/cm²] by region (soma, axon, dend, apic, all)
    std::optional<double> e_pas;          // [mV] where pas is inserted
    struct Value {
        std::string section;              // region
        std::string name;                 // NEURON's name: gnabar_hh, g_pas, cm, Ra
        std::string mechanism;            // "hh", or "" for passive properties
        double value;
    };
    std::vector<Value> genome;
    std::map<std::string, std::map<std::string, double>> erev;  // region -> {"ena": 50, "ek": -77}
    // The temperature [°C] and initial voltage [mV] the model was fitted at, when the file
    // says (Allen's conditions, NeuroML's initMembPotential): the run's conditions set
    // them; these only inform (a single-cell experiment starts from them).
    std::optional<double> celsius, v_init;
    // Single-compartment models: the soma cylinder [µm].
    std::optional<double> length, diameter;
    // The file is an e-model in BluePyOpt's layout instead (the fields above unused).
    std::optional<EModel> emodel;
};

struct SynapseModel {
    std::string file;
    std::map<std::string, double> parameters;  // tau1, tau2, tau, erev ...
};

// Paints the model onto `cell`: Ra, cm, mechanisms with their parameters per region,
// reversal potentials. A mechanism the engine does not have is added to `missing`
// (mechanism name) and skipped, so a caller can report all of them at once. Throws
// InvalidArgument naming the file for a value the engine rejects.
void apply_biophysics(const BiophysicalModel& model, sim::CellDescription& cell, std::set<std::string>& missing);

// The engine mechanism of a SONATA synapse model_template ("exp2syn", "Exp2Syn",
// "expsyn"), or "" when the engine has none; and its parameters in engine names.
// Any catalogue point process that receives events also serves, by name in any case.
std::string synapse_mechanism(const std::string& model_template);

// A per-edge SONATA attribute of the synapse model ("u_syn") and the parameters it sets,
// the first one a mechanism has ("Use").
struct EdgeParameter {
    std::string attribute;
    std::vector<std::string> parameters;
};
const std::vector<EdgeParameter>& edge_parameters();
// The parameter of `info` that `attribute` sets, or null when the mechanism has none.
const sim::ParameterInfo* edge_parameter_target(const EdgeParameter& attribute, const sim::MechanismInfo& info);
std::map<std::string, double> synapse_parameters(const std::string& mechanism, const SynapseModel& model);

}  // namespace lamina::circuit
