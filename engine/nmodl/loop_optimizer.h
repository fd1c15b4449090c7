#pragma once
// Rewrites one instance's code inside a kernel's loop so that it costs fewer divisions
// and exponentials, computing the same values up to rounding (a few ulps). Divisions
// and exponentials are the slowest vector operations in a channel's rates; a
// hand-written kernel avoids them with algebra, and so does this pass:
//
//  - Fractions are carried, not divided: each temporary is kept as numerator and
//    denominator, and a division happens only where a real value is needed (a stored
//    state, a function's argument, a condition). alpha / (alpha + beta) with
//    alpha = x / (e - 1) then needs no division for alpha, and the shared denominator
//    cancels. Division by a constant becomes a product.
//  - Exponentials of the same variable share one: exp(a v + b) = e^b w^k with
//    w = exp(g v) and whole k = a / g, where g is the common measure of the
//    coefficients (hh.mod's six rates: g = -1/720, k = 40, 36, 9, 72, 72, 72).
//    A negative k goes into the denominator.
//
// The pass is optional: code it does not understand (a WHILE loop) is returned as it
// came.

#include <functional>
#include <string>
#include <vector>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

struct LoopCode {
    Block body;
    std::vector<std::string> new_locals;  // introduced temporaries (numerators, denominators, bases)
};

struct LoopNames {
    // Names that live only within one instance's pass through the loop and that nothing
    // after the block reads: the pass may keep them in another form.
    std::function<bool(const std::string&)> is_temporary;
    // The membrane potential's name(s): exponentials of it are fused.
    std::function<bool(const std::string&)> is_voltage;
    // Every name in use, so introduced names do not collide.
    std::function<bool(const std::string&)> is_taken;
};

LoopCode optimise_loop(const Block& body, const LoopNames& names);

}  // namespace lamina::nmodl
