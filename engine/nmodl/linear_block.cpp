// LINEAR and NONLINEAR blocks (see solvers.h): their equations ~ left = right in the STATEs
// they name, as one system solved per instance by the same written-out elimination as
// kinetic schemes. Rows are matched to unknowns so that no pivot is structurally zero
// (a balance equation per state and the conservation law, in any order).

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

#include "engine/nmodl/linear_system.h"
#include "engine/nmodl/nmodl_error.h"
#include "engine/nmodl/solvers.h"
#include "engine/nmodl/symbolic.h"

namespace lamina::nmodl {

namespace {

std::function<std::optional<Expression>(const std::string&)> with_respect_to(const std::string& x) {
    return [x](const std::string& n) -> std::optional<Expression> {
        if (n == x) return number(1.0);
        return std::nullopt;
    };
}

// A row for every unknown with a non-zero entry at it (augmenting paths; the systems
// are small). Empty when there is none.
std::vector<std::size_t> match_rows(const std::vector<std::vector<Expression>>& a) {
    const std::size_t n = a.size();
    std::vector<std::size_t> row_of(n, n), column_of(n, n);
    std::function<bool(std::size_t, std::vector<bool>&)> augment = [&](std::size_t row, std::vector<bool>& seen) {
        for (std::size_t j = 0; j < n; ++j) {
            if (!a[row][j] || seen[j]) continue;
            seen[j] = true;
            if (row_of[j] == n || augment(row_of[j], seen)) {
                row_of[j] = row;
                column_of[row] = j;
                return true;
            }
        }
        return false;
    };
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<bool> seen(n, false);
        if (!augment(i, seen)) return {};
    }
    return row_of;
}

}  // namespace

Block solve_linear_block(const Block& body, const SolverContext& c, const std::string& block_name, bool nonlinear) {
    const std::string block = (nonlinear ? "NONLINEAR " : "LINEAR ") + block_name;
    Block out;
    std::vector<Expression> equations;
    std::vector<Position> where;
    for (const auto& s : body) {
        if (const auto* e = std::get_if<Equation>(&s.what)) {
            equations.push_back(binary(Operator::subtract, e->left, e->right));
            where.push_back(s.at);
            continue;
        }
        if (const auto* a = std::get_if<Assignment>(&s.what)) {
            if (a->derivative || c.states.count(a->target))
                throw NmodlError(c.file, s.at, block + " assigns '" + a->target + "': its states are what it solves for");
            if (depends_on(a->value, [&](const std::string& n) { return c.states.count(n) != 0; }))
                throw NmodlError(c.file, s.at, "a value depending on a STATE in " + block + " (only its ~ equations may read the states)");
            out.push_back(s);
            continue;
        }
        if (std::holds_alternative<LocalDeclaration>(s.what)) {
            out.push_back(s);
            continue;
        }
        throw NmodlError(c.file, s.at, block + " holds ~ equations and assignments only");
    }
    if (equations.empty()) throw NmodlError(c.file, Position{}, block + " has no equations");
    std::vector<std::string> unknowns;
    for (const auto& n : c.state_order)
        for (const auto& e : equations)
            if (depends_on(e, [&](const std::string& x) { return x == n; })) {
                unknowns.push_back(n);
                break;
            }
    const std::size_t n = unknowns.size();
    if (equations.size() != n)
        throw NmodlError(c.file, where[0], block + " has " + std::to_string(equations.size()) + " equations for " +
                                               std::to_string(n) + " states; it needs one equation per state it names");
    const auto is_state = [&](const std::string& x) { return c.states.count(x) != 0; };
    // a[i][j] = d equation_i / d unknown_j: the matrix of a linear system, or Newton's
    // Jacobian of a nonlinear one.
    std::vector<std::vector<Expression>> a(n, std::vector<Expression>(n));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            Expression coefficient;
            try {
                coefficient = simplify(differentiate(equations[i], with_respect_to(unknowns[j])));
            } catch (const std::domain_error& e) {
                throw NmodlError(c.file, where[i], block + " cannot differentiate this equation: " + e.what());
            }
            if (!nonlinear && depends_on(coefficient, is_state))
                throw NmodlError(c.file, where[i], "this equation is not linear in the states (write it in a NONLINEAR block)");
            if (!is_number(coefficient, 0.0)) a[i][j] = coefficient;
        }
    const std::vector<std::size_t> row_of = match_rows(a);
    if (row_of.empty())
        throw NmodlError(c.file, where[0], block + " is singular: some states cannot be solved for from its equations");
    std::vector<std::vector<Expression>> ordered(n);
    for (std::size_t k = 0; k < n; ++k) ordered[k] = a[row_of[k]];
    if (!nonlinear) {
        std::map<std::string, Expression> zeros;
        for (const auto& u : unknowns) zeros[u] = number(0.0);
        std::vector<Expression> right(n);
        for (std::size_t k = 0; k < n; ++k) right[k] = simplify(negate(substitute(equations[row_of[k]], zeros)));
        const auto solution = write_linear_solve(ordered, right, unknowns, "lin" + block_name + "__", c.file, where[0], out);
        for (std::size_t k = 0; k < n; ++k) out.push_back(Statement{{}, Assignment{unknowns[k], false, name(solution[k])}});
        return out;
    }
    // Newton: J(x) step = F(x), x -= step, from the values the states hold now.
    std::vector<Expression> residual(n);
    for (std::size_t k = 0; k < n; ++k) residual[k] = simplify(equations[row_of[k]]);
    for (int it = 0; it < nonlinear_iterations; ++it) {
        const auto step = write_linear_solve(ordered, residual, unknowns,
                                             "nonlin" + block_name + std::to_string(it) + "__", c.file, where[0], out);
        for (std::size_t k = 0; k < n; ++k)
            out.push_back(Statement{where[0], Assignment{unknowns[k], false,
                                                         binary(Operator::subtract, name(unknowns[k]), name(step[k]))}});
    }
    return out;
}

}  // namespace lamina::nmodl
