#pragma once
// Integration methods for a DERIVATIVE block (already inlined): each turns the block's
// statements into the statements that advance its states over dt.
//  - cnexp: for x' = a + b x with a, b free of x, the exact update
//    x <- x + (1 - exp(b dt)) (-a/b - x), as NEURON writes it (x += a dt when b = 0);
//  - euler: every derivative from the present states, then x <- x + dt x'.
// And for a KINETIC block (kinetic.cpp): METHOD sparse, one implicit Euler step of the
// reaction system, or STEADYSTATE sparse, its steady state; a CONSERVE statement
// replaces one species' equation by the conservation law.

#include <set>
#include <string>
#include <vector>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

struct SolverContext {
    std::string file;
    std::set<std::string> states;
    std::vector<std::string> state_order;  // as declared
};

// Throws NmodlError at an equation that is not linear in its state, or a derivative
// assigned under `if`.
Block integrate_cnexp(const Block& body, const SolverContext& context);
Block integrate_euler(const Block& body, const SolverContext& context);
// derivimplicit: implicit Euler by Newton's method over all the block's states at once
// (symbolic Jacobian; one iteration when the equations are linear in the states, four
// otherwise).
Block integrate_derivimplicit(const Block& body, const SolverContext& context);
// The steady state of a DERIVATIVE block whose equations cnexp can integrate: x = -a/b.
Block steady_state_cnexp(const Block& body, const SolverContext& context);

// Linear schemes (first-order reactions and fluxes whose rates do not depend on the
// species); others are refused naming the reaction.
Block integrate_kinetic(const Block& body, const SolverContext& context, bool steady_state);

// A LINEAR block: its ~ equations, linear in the states they name (one per state), solved
// for those states. Throws NmodlError at an equation that is not linear, a count that
// does not match, or a singular system.
// NONLINEAR blocks: the same equations, any function of the states, solved by Newton's
// method from the states' present values (nonlinear_iterations steps, each an exact
// linear solve with the symbolic Jacobian; the error squares with each step).
inline constexpr int nonlinear_iterations = 8;
Block solve_linear_block(const Block& body, const SolverContext& context, const std::string& block,
                         bool nonlinear = false);

}  // namespace lamina::nmodl
