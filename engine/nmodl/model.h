#pragma once
// A mod file analysed into what the engine runs: the mechanism's metadata (parameters,
// stored per-instance values, ions with their roles) and its kernels as flat statement
// lists — procedures and functions inlined, each SOLVE replaced by its integration
// method's update, conductances derived symbolically — ready for the C++ writer.

#include <map>
#include <string>
#include <vector>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

// What a name in a kernel stands for.
enum class Role {
    parameter,     // per instance, settable (PARAMETER)
    stored,        // per instance, kept between kernels (STATE, RANGE or read-before-written ASSIGNED)
    temporary,     // written before read in every kernel: a local of the loop body
    local,         // LOCAL, an inlined argument or result
    ion,           // an ion's variable (ena, ina, cai, cao)
    voltage,       // v
    time,          // t
    step,          // dt
    temperature,   // celsius
    constant,      // CONSTANT, DEFINE, UNITS constants: a number
};

enum class IonField { reversal, current, internal, external };

struct IonBinding {
    std::size_t ion = 0;  // index in Model::ions
    IonField field = IonField::reversal;
};

struct ModelIon {
    std::string name;
    bool read_reversal = false, write_current = false, read_current = false;
    bool read_internal = false, write_internal = false, read_external = false, write_external = false;
    double valence = 0;  // 0: the species' known valence
};

struct ModelParameter {
    std::string name, units;
    double default_value = 0;
    double minimum = -1e300;
};

struct Model {
    std::string name, file;
    ModuleKind kind = ModuleKind::density;
    std::vector<ModelParameter> parameters;
    std::vector<std::string> stored;  // STATE first (in declaration order), then stored ASSIGNED
    std::vector<std::string> stored_units;  // of each stored value, as declared ("" for none: 1)
    std::vector<ModelIon> ions;
    std::map<std::string, Role> roles;
    std::map<std::string, IonBinding> ion_variables;
    std::map<std::string, double> constants;
    std::vector<std::string> temporaries;  // ASSIGNED names that are loop-body locals
    // Stored ASSIGNED values only an observer reads (RANGE, never read before written in
    // a kernel: Hay's mInf, mTau): INITIAL and the SOLVE'd block store them only when the
    // pack asks (MechanismPack::outputs), else keep them as locals.
    std::vector<std::string> outputs;

    // Kernels as flat statement lists (only Assignment, LocalDeclaration and If remain).
    Block initial;
    Block currents;              // BREAKPOINT without its SOLVE: assigns the currents below
    Block state_update;          // the SOLVE'd block, integrated over dt
    std::vector<std::string> current_names;  // every current the mechanism contributes (ion and nonspecific)
    std::vector<bool> current_is_electrode;  // ELECTRODE_CURRENT: injected, not membrane current
    std::vector<Expression> current_conductances;  // d(current)/dv of each, after `currents`
    bool has_net_receive = false;
    Block net_receive;           // with the weight named by net_receive_weight
    std::string net_receive_weight;
    std::vector<std::string> connection_state;  // NET_RECEIVE's further arguments, per connection
    Block connection_initial;                   // NET_RECEIVE's INITIAL: each connection's values when a run starts
    bool reads_flag = false;                    // NET_RECEIVE reads flag (net_send's)
    bool linear_in_events = false;  // NET_RECEIVE only adds weights to states (ExpSyn-like)
};

// Analyses a parsed module. Throws NmodlError naming the construct and its position:
// unknown names, writes to parameters, equations cnexp cannot integrate, unsupported
// methods or statements.
Model analyse(const Module& module);

}  // namespace lamina::nmodl
