#pragma once
// Flattens a kernel's block: each PROCEDURE call becomes the procedure's statements and
// each FUNCTION call in an expression becomes the function's statements before the
// statement, its value in a fresh local; locals and arguments of inlined code are
// renamed (name__N) so they cannot collide. TABLE statements go (values are computed
// exactly). Kernels then vectorise with no calls left but elementary functions.

#include <string>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

// The elementary functions kernels may call (exp, log, fabs, pow, sqrt, tanh, ...).
bool is_builtin_function(const std::string& name);

// Lamina's counter-based draws, NET_RECEIVE only: event_uniform(k) is the k-th uniform in
// (0, 1) of the connection's stream under the run's seed, event_binomial(n, p, k) a
// Binomial(n, p) count from that same k-th uniform (sim/random.h). A mod file keeps k in
// the connection's state, so draws follow the connection whatever the threads, the groups
// or the pauses.
bool is_event_random(const std::string& name);

// Throws NmodlError for an unknown function or procedure, a wrong argument count, or
// recursion. `where` names the block in messages.
Block inline_calls(const Block& block, const Module& module, const std::string& where);

}  // namespace lamina::nmodl
