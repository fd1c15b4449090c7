#pragma once
// The mechanism interface. A mechanism instance serves every node (density mechanisms)
// or every placement (point processes) of one kind in a cell group: the simulator calls
// it once per step per group, never per compartment, and it sweeps its own flat arrays.
//
// What the next wave needs fits here without a rewrite:
//  - ion species and reversal potentials: a mechanism declares the ions it reads or
//    writes in MechanismInfo::ions; the group will own per-ion arrays (e, i, concentrations)
//    in SharedState the way it owns v and rhs now;
//  - parameters varying along the cell (Ih density growing with path distance): values
//    are per instance (per node) already, set at lowering from any function of location;
//  - kinetic schemes with many states: states are just more named arrays;
//  - event-receiving point processes with their own state and random streams:
//    deliver_event() per instance, with the weight.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sim/aligned.h"
#include "engine/sim/shared_state.h"

namespace lamina::sim {

enum class MechanismKind { density, point };

struct ParameterInfo {
    std::string name;
    double default_value;
    std::string units;
    double minimum = -1e300;  // values below are rejected with a message naming the units
};

struct MechanismInfo {
    std::string name;
    MechanismKind kind;
    std::vector<ParameterInfo> parameters;
    std::vector<std::string> states;  // readable by probes
    std::vector<std::string> ions;    // ion species used (for the channel library)
    std::vector<std::string> globals; // run-wide settings it reads (e.g. usetable_hh)
};

class Mechanism {
public:
    virtual ~Mechanism() = default;
    virtual const MechanismInfo& info() const = 0;

    // Called once at lowering: the group node of each instance and its parameter values
    // (one array per parameter, in info().parameters order, one value per instance).
    virtual void instantiate(IndexArray nodes, std::vector<Array> parameters) = 0;
    std::size_t size() const noexcept { return nodes_.size(); }
    const IndexArray& nodes() const noexcept { return nodes_; }

    // States to their initial values at the current v.
    virtual void initialize(const SharedState& state) = 0;
    // Adds this mechanism's currents to rhs and their conductances to d.
    virtual void compute_currents(SharedState& state) = 0;
    // Integrates the states over dt with the updated v.
    virtual void advance_state(const SharedState& state) = 0;
    // A point process receives an event (weight in the mechanism's units).
    virtual void deliver_event(std::uint32_t /*instance*/, double /*weight*/) {}
    // Changes one instance's parameter, e.g. a stimulus amplitude while a run is paused.
    // Throws InvalidArgument for an unknown name or instance, or a value below the minimum.
    virtual void set_parameter(std::string_view name, std::uint32_t instance, double value) = 0;
    // A named state or parameter array for probes; empty when unknown.
    virtual std::span<const double> values(std::string_view name) const = 0;
    // Current delivered by instance i in nA (point processes) for probes; 0 otherwise.
    virtual double point_current(std::uint32_t /*instance*/, const SharedState&) const { return 0.0; }

protected:
    IndexArray nodes_;
};

// The mechanisms Lamina knows, by name. Throws InvalidArgument naming the unknown name
// and listing the available ones.
std::unique_ptr<Mechanism> make_mechanism(std::string_view name);
const MechanismInfo& mechanism_info(std::string_view name);
std::vector<std::string> mechanism_names();

}  // namespace lamina::sim
