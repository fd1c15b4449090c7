#pragma once
// Algebra on NMODL expressions, for the solvers and for conductances: simplification,
// substitution and symbolic derivatives. Derivatives follow names through earlier
// assignments (forward mode): the caller says what the derivative of each name is.

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

// Folds constants and removes identities (x + 0, x * 1, x * 0, x ^ 1, --x). Does not
// reorder: the result evaluates as the input does, up to those identities.
Expression simplify(const Expression& e);

// e with every name found in `values` replaced by its expression.
Expression substitute(const Expression& e, const std::map<std::string, Expression>& values);

// Whether e reads any name for which `is_variable` says yes.
bool depends_on(const Expression& e, const std::function<bool(const std::string&)>& is_variable);

// The derivative of e, where the derivative of a name is `derivative_of(name)` (nullopt:
// constant). Throws std::domain_error naming a function with no known derivative.
Expression differentiate(const Expression& e, const std::function<std::optional<Expression>(const std::string&)>& derivative_of);

// Structurally equal: the same tree (names, numbers, operators).
bool same(const Expression& a, const Expression& b);

bool is_number(const Expression& e, double value);
bool is_number(const Expression& e);

}  // namespace lamina::nmodl
