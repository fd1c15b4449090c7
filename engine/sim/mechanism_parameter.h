#pragma once
// A mechanism's parameter by name, for code checking values against its range (recipes,
// synapse files, SONATA edge attributes). Apart from mechanism.h so that including it
// does not rebuild every kernel.

#include <string_view>

#include "engine/sim/mechanism.h"

namespace lamina::sim {

// Null when the mechanism has no such parameter.
inline const ParameterInfo* find_parameter(const MechanismInfo& info, std::string_view name) {
    for (const ParameterInfo& p : info.parameters)
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace lamina::sim
