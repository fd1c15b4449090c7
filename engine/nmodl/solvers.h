#pragma once
// Integration methods for a DERIVATIVE block (already inlined): each turns the block's
// statements into the statements that advance its states over dt.
//  - cnexp: for x' = a + b x with a, b free of x, the exact update
//    x <- x + (1 - exp(b dt)) (-a/b - x), as NEURON writes it (x += a dt when b = 0);
//  - euler: every derivative from the present states, then x <- x + dt x'.

#include <functional>
#include <set>
#include <string>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

struct SolverContext {
    std::string file;
    std::set<std::string> states;
    std::function<bool(const std::string&)> is_uniform;  // run-wide values (constants, celsius, dt)
};

// Throws NmodlError at an equation that is not linear in its state, or a derivative
// assigned under `if`.
Block integrate_cnexp(const Block& body, const SolverContext& context);
Block integrate_euler(const Block& body, const SolverContext& context);

}  // namespace lamina::nmodl
