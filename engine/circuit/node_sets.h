#pragma once
// Node sets: which nodes a report, an input or a selection applies to.

#include <map>
#include <string>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/circuit/simulation_setup.h"

namespace lamina::circuit {

struct NodeSelection {
    const NodePopulation* population = nullptr;
    std::vector<std::uint64_t> ids;  // sorted, unique
};

// The nodes of the named set, per population (populations without matches are left
// out). A name that is not a defined set but a population's name selects that whole
// population. Throws InvalidArgument naming the set for an unknown name, a cycle of
// compound sets, or a node id outside its population.
std::vector<NodeSelection> select_nodes(const Circuit& circuit, const std::map<std::string, NodeSetRule>& sets,
                                        const std::string& name);

}  // namespace lamina::circuit
