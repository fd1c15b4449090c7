#pragma once
// Mechanisms are metadata and kernels. The metadata (MechanismInfo) names the
// parameters, states, ions and globals; the cell group owns the storage for every
// instance (node index, weight, parameter and state arrays, ion views, global values)
// and hands the kernels one parameter pack (MechanismPack) over it. Kernels index the
// pack by the positions of the metadata: exactly what an NMODL translator emits, and
// what a mechanism defined outside the engine (a test, a user's mod file compiled at
// run time) plugs in through register_mechanism() without editing an engine file.
//
// Units are NEURON's: v [mV]; a density mechanism adds its current density to rhs
// [mA/cm²] (as current into the node: minus the membrane current) and its conductance
// to d [S/cm²]; a point process works in nA and µS and scales by its weight (1e2/area).

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sim/aligned.h"

namespace lamina::sim {

enum class MechanismKind { density, point };

struct ParameterInfo {
    std::string name;
    double default_value;
    std::string units;
    double minimum = -1e300;  // values below are rejected with a message naming the units
};

// How a mechanism uses an ion species (NMODL's USEION ... READ ... WRITE ...).
struct IonUse {
    std::string ion;                 // "na", "k", "ca", or any species with a valence
    bool read_reversal = false;      // eX [mV]
    bool write_current = false;      // iX [mA/cm²]
    bool read_current = false;       // iX, as a concentration mechanism does
    bool read_internal = false;      // Xi [mM]
    bool write_internal = false;
    bool read_external = false;      // Xo [mM]
    bool write_external = false;
    int valence = 0;                 // 0: the species' known valence
};

// A parameter as a constant expression, so kernels' named indices and the metadata come
// from one list (see named_index).
struct ParameterSpec {
    std::string_view name;
    double default_value;
    std::string_view units;
    double minimum = -1e300;
};

template <std::size_t N>
std::vector<ParameterInfo> parameter_infos(const std::array<ParameterSpec, N>& specs) {
    std::vector<ParameterInfo> out;
    for (const auto& s : specs) out.push_back({std::string(s.name), s.default_value, std::string(s.units), s.minimum});
    return out;
}
template <std::size_t N>
std::vector<std::string> names_of(const std::array<std::string_view, N>& names) {
    return {names.begin(), names.end()};
}

// The position of `name` in a list of names or parameter specs, at compile time: an
// index named in a kernel that the metadata lacks does not compile.
template <std::size_t N>
constexpr std::size_t named_index(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == name) return i;
    throw "no such name in the mechanism's metadata";
}
template <std::size_t N>
constexpr std::size_t named_index(const std::array<ParameterSpec, N>& specs, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (specs[i].name == name) return i;
    throw "no such parameter in the mechanism's metadata";
}

struct GlobalInfo {
    std::string name;
    double default_value = 0.0;
};

struct MechanismInfo {
    std::string name;
    MechanismKind kind = MechanismKind::density;
    std::vector<ParameterInfo> parameters;  // per instance, settable
    std::vector<std::string> states;        // per instance, readable by probes
    std::vector<IonUse> ions;
    std::vector<GlobalInfo> globals;        // run-wide settings it reads (e.g. usetable_hh)
    // A point process whose response to events is linear in their weights (ExpSyn,
    // Exp2Syn): instances on one node with equal parameters may be merged into one.
    bool linear = false;
    // It receives events (NMODL's NET_RECEIVE): connections may target it.
    bool receives_events = false;
    // Values each connection onto it keeps besides its weight (NET_RECEIVE's further
    // arguments: a Tsodyks-Markram synapse's last spike time, resources), in this order
    // after the weight; zero when a run starts.
    std::vector<std::string> connection_state = {};
    // Each state's units as declared ("" for none, i.e. 1); may be empty for built-ins.
    std::vector<std::string> state_units = {};
};

// One ion species as a mechanism sees it: per instance, the index of its node in the
// ion's arrays.
struct IonView {
    const std::uint32_t* index = nullptr;
    double* current = nullptr;         // iX [mA/cm²] (outward), summed over writers each step
    const double* reversal = nullptr;  // eX [mV]
    double* internal = nullptr;        // Xi [mM]
    double* external = nullptr;        // Xo [mM]
    double charge = 1.0;
};

// A maximal run of instances on consecutive nodes: loops over a run vectorise.
struct InstanceRun {
    std::size_t instance, node, count;
};

// Everything a kernel sees: pointers into storage the group owns, plus the step.
struct MechanismPack {
    std::size_t width = 0;                     // instances
    const std::uint32_t* node = nullptr;       // per instance: the group node
    const double* weight = nullptr;            // per instance, point processes: 1e2/area; null for density
    const double* v = nullptr;                 // [mV] per group node
    double* rhs = nullptr;                     // [mA/cm²] per group node: current into it
    double* d = nullptr;                       // [S/cm²] per group node: dI/dV
    double* const* parameters = nullptr;       // [parameter][instance], in info order
    double* const* states = nullptr;           // [state][instance]
    const IonView* ions = nullptr;             // [ion use], in info order
    const double* globals = nullptr;           // [global]
    // Random streams: each instance's key (its cell's gid and its index there, whatever
    // the group layout) under the run's seed, for counter-based draws (sim/random.h).
    const std::uint64_t* random_keys = nullptr;
    std::uint64_t seed = 0;
    std::span<const InstanceRun> runs;
    double dt = 0.025;                         // [ms]
    double t = 0.0;                            // [ms] when currents are evaluated (mid-step)
    double celsius = 6.3;                      // [°C]
    // Whether kernels store the values only observers read (a mod file's RANGE ASSIGNED
    // values no kernel reads first: mInf, mTau). The engine asks when a probe or report
    // reads one of the mechanism's values; skipping them keeps rates in registers.
    bool outputs = true;
};

// An event as a point process receives it.
struct EventDelivery {
    std::uint32_t instance = 0;
    std::uint32_t connection = 0;  // the network's connection index, or no_connection
    // The connection's weight, then its state (MechanismInfo::connection_state); the
    // target group owns them, and a plastic synapse may change them.
    double* values = nullptr;
    double time = 0;  // [ms] when it is due
    double flag = 0;  // 0 from a connection or stimulus; net_send's flag for a self-event
};

// Self-events (NMODL's net_send): the group delivering an event hands its kernels this;
// send(delay, flag) brings the same connection's values back to the same instance after
// `delay` with that flag.
class SelfEvents {
public:
    virtual ~SelfEvents() = default;
    virtual void send(double delay, double flag) = 0;
};

// The kernels of one mechanism in one cell group. An object per group, so a mechanism
// may keep private data derived from its parameters (rate tables, decay factors).
class Mechanism {
public:
    virtual ~Mechanism() = default;
    virtual const MechanismInfo& info() const = 0;
    // States to their initial values at the present v (and what the run needs: dt, tables).
    virtual void initialize(MechanismPack& pack) = 0;
    // Adds currents to rhs and conductances to d, ion currents to their ions.
    virtual void compute_currents(MechanismPack& pack) = 0;
    // Integrates the states over dt with the updated v.
    virtual void advance_state(MechanismPack& pack) = 0;
    // A parameter of some instance has changed (during a run, between steps): values
    // the kernels derived from parameters are recomputed. initialize() derives them too.
    virtual void parameters_changed(const MechanismPack& /*pack*/) {}
    // A point process receives an event on `instance` through `connection` (the
    // network's connection index, or no_connection for a stimulus from outside) with
    // that connection's weight, which the target group owns and a plastic synapse may
    // change.
    virtual void deliver_event(MechanismPack& /*pack*/, const EventDelivery& /*event*/, SelfEvents& /*self*/) {}
    // A connection's values when a run starts (NMODL's INITIAL inside NET_RECEIVE), after
    // the mechanism's own initialize; the values are the weight, then zeros.
    virtual void initialize_connection(MechanismPack& /*pack*/, const EventDelivery& /*connection*/, SelfEvents& /*self*/) {}
    // [nA] The current a point process delivers now (probes); 0 for others.
    virtual double point_current(const MechanismPack& /*pack*/, std::uint32_t /*instance*/) const { return 0.0; }
};

inline constexpr std::uint32_t no_connection = 0xffffffffu;

// Loops over every instance as kernel(i, node); along runs of consecutive nodes the
// node is an induction variable the compiler vectorises.
// Where runs are short (a mechanism on many short sections: section end nodes break
// them), a density mechanism's loop is vectorised with gathers and scatters instead:
// its instances sit on distinct nodes, so no two lanes write one node. Point processes
// (weight set) may share a node and stay scalar there.
// A vector of 8 lanes wants runs of a few vectors; shorter ones would spend their time
// in the loops' remainders, so a density mechanism gathers unless its runs average 16.
template <typename Kernel>
inline void for_each_instance(const MechanismPack& pack, Kernel&& kernel) {
    const std::uint32_t* nodes = pack.node;
    if (pack.weight) {
        if (pack.runs.size() * 4 > pack.width) {
            for (std::size_t i = 0; i < pack.width; ++i) kernel(i, std::size_t{nodes[i]});
            return;
        }
    } else if (pack.runs.size() * 16 > pack.width) {
        // 8 lanes of doubles: left to itself the vectoriser counts the 32-bit node
        // indices and takes 16 instances a step, leaving up to 15 of a mechanism's ~100
        // to the scalar remainder, where they cost as much as the rest together.
#pragma omp simd simdlen(8)
        for (std::size_t i = 0; i < pack.width; ++i) kernel(i, std::size_t{nodes[i]});
        return;
    }
    for (const InstanceRun& run : pack.runs) {
        // 64-bit indices: 32-bit arithmetic could wrap, which the vectoriser must
        // assume and then gives up.
        const std::size_t first = run.instance, node = run.node;
#pragma omp simd
        for (std::size_t j = 0; j < run.count; ++j) kernel(first + j, node + j);
    }
}

// The catalogue. Built-in mechanisms are registered on first use; register_mechanism
// adds one (a name already taken is refused). Lookups throw InvalidArgument naming the
// unknown name and listing the available ones.
using MechanismFactory = std::function<std::unique_ptr<Mechanism>()>;
void register_mechanism(MechanismInfo info, MechanismFactory make);
// Registers `info`, replacing a mechanism of that name if there is one (a user's mod
// file over a catalogue one); returns whether it replaced one. What was made from the
// old one stays valid.
bool register_or_replace_mechanism(MechanismInfo info, MechanismFactory make);
std::unique_ptr<Mechanism> make_mechanism(std::string_view name);
const MechanismInfo& mechanism_info(std::string_view name);
std::vector<std::string> mechanism_names();

}  // namespace lamina::sim
