#pragma once
// Private to the solvers: statements that solve a small linear system A x = r per
// instance, by Gaussian elimination without pivoting written out over the entries that
// can be non-zero (with fill-in). The systems the solvers build are diagonally dominant
// (I - dt J for small dt, reaction schemes) or put their conservation row last.

#include <string>
#include <vector>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

// `a[i][j]` null where the entry is zero. Appends the statements to `out` and returns
// the locals holding x (named `<prefix>x__k`). Throws NmodlError (file, at) naming
// `unknowns[k]` when a pivot is structurally zero.
std::vector<std::string> write_linear_solve(const std::vector<std::vector<Expression>>& a, const std::vector<Expression>& r,
                                            const std::vector<std::string>& unknowns, const std::string& prefix,
                                            const std::string& file, Position at, Block& out);

}  // namespace lamina::nmodl
