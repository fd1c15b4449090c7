#include "engine/nmodl/solvers.h"

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

#include "engine/nmodl/linear_system.h"
#include "engine/nmodl/nmodl_error.h"
#include "engine/nmodl/symbolic.h"

namespace lamina::nmodl {

namespace {

bool assigns_derivative(const Block& block) {
    for (const auto& s : block) {
        if (const auto* a = std::get_if<Assignment>(&s.what); a && a->derivative) return true;
        if (const auto* i = std::get_if<If>(&s.what); i && (assigns_derivative(i->then_block) || assigns_derivative(i->else_block)))
            return true;
    }
    return false;
}

bool assigns_any(const Block& block, const std::set<std::string>& names) {
    for (const auto& s : block) {
        if (const auto* a = std::get_if<Assignment>(&s.what); a && names.count(a->target)) return true;
        if (const auto* i = std::get_if<If>(&s.what); i && (assigns_any(i->then_block, names) || assigns_any(i->else_block, names)))
            return true;
    }
    return false;
}

}  // namespace

namespace {
// Walks a DERIVATIVE block for a method that reads equations through locals: copies
// every other statement to `out`, keeps the locals that depend on states as expressions
// of them, refuses what the method cannot handle (a derivative or a state-dependent
// value under if, an assigned STATE, a derivative of a non-state), and hands each
// equation x' = f, f read through those locals, to `equation`. `under_if` ends the
// message for a state-dependent value computed under if.
using Equation = std::function<void(const Statement&, const Assignment&, const Expression& f)>;
void walk_equations(const Block& body, const SolverContext& context, const std::string& method,
                    const std::string& under_if, Block& out, const Equation& equation) {
    std::map<std::string, Expression> through_states;
    for (const auto& s : body) {
        if (const auto* i = std::get_if<If>(&s.what)) {
            if (assigns_derivative(i->then_block) || assigns_derivative(i->else_block))
                throw NmodlError(context.file, s.at, "a derivative is assigned inside if: " + method + " needs each x' = ... unconditionally");
            std::set<std::string> dependent(context.states);
            for (const auto& [n, e] : through_states) dependent.insert(n);
            if (depends_on(i->condition, [&](const std::string& n) { return dependent.count(n) != 0; }) ||
                assigns_any(i->then_block, context.states) || assigns_any(i->else_block, context.states))
                throw NmodlError(context.file, s.at, "a value depending on a state is computed inside if" + under_if);
            out.push_back(s);
            continue;
        }
        const auto* a = std::get_if<Assignment>(&s.what);
        if (!a) {
            out.push_back(s);
            continue;
        }
        if (!a->derivative) {
            if (context.states.count(a->target))
                throw NmodlError(context.file, s.at, "STATE '" + a->target + "' is assigned in the DERIVATIVE block (only " + a->target + "' may be)");
            const Expression expanded = substitute(a->value, through_states);
            if (depends_on(expanded, [&](const std::string& n) { return context.states.count(n) != 0; }))
                through_states[a->target] = expanded;
            else
                through_states.erase(a->target);
            out.push_back(s);
            continue;
        }
        if (!context.states.count(a->target))
            throw NmodlError(context.file, s.at, "'" + a->target + "' is not a STATE: only states have derivatives");
        equation(s, *a, substitute(a->value, through_states));
    }
}

Block linear_update(const Block& body, const SolverContext& context, bool steady_state) {
    Block out;
    walk_equations(body, context, "cnexp", ": cnexp cannot split the equations into a + b x (use derivimplicit)", out,
                   [&](const Statement& s, const Assignment& eq, const Expression& f) {
        const std::string& x = eq.target;
        Expression b;
        try {
            b = simplify(differentiate(f, [&](const std::string& n) -> std::optional<Expression> {
                if (n == x) return number(1.0);
                return std::nullopt;
            }));
        } catch (const std::domain_error& e) {
            throw NmodlError(context.file, s.at, std::string("cnexp cannot integrate ") + x + "': " + e.what());
        }
        if (depends_on(b, [&](const std::string& n) { return n == x; }))
            throw NmodlError(context.file, s.at,
                             x + "' = " + to_string(eq.value) + " is not linear in " + x + ": cnexp needs x' = a + b x (use derivimplicit)");
        const Expression a0 = simplify(substitute(f, {{x, number(0.0)}}));
        Expression update;
        const Expression dt = name("dt");
        const Expression state = name(x);
        if (steady_state) {
            if (is_number(b, 0))
                throw NmodlError(context.file, s.at, x + "' does not depend on " + x + ": it has no steady state");
            update = simplify(binary(Operator::divide, negate(a0), b));
        } else if (is_number(b, 0)) {
            update = binary(Operator::add, state, binary(Operator::multiply, dt, a0));
        } else {
            const Expression decay = binary(Operator::subtract, number(1.0), call("exp", {simplify(binary(Operator::multiply, dt, b))}));
            const Expression target = simplify(binary(Operator::divide, negate(a0), b));
            update = binary(Operator::add, state, binary(Operator::multiply, decay, binary(Operator::subtract, target, state)));
        }
        out.push_back(Statement{s.at, Assignment{x, false, update}});
    });
    return out;
}
}  // namespace

Block integrate_cnexp(const Block& body, const SolverContext& context) { return linear_update(body, context, false); }
Block steady_state_cnexp(const Block& body, const SolverContext& context) { return linear_update(body, context, true); }

Block integrate_euler(const Block& body, const SolverContext& context) {
    Block out;
    std::vector<std::string> updated;
    for (const auto& s : body) {
        const auto* a = std::get_if<Assignment>(&s.what);
        if (const auto* i = std::get_if<If>(&s.what); i && (assigns_derivative(i->then_block) || assigns_derivative(i->else_block)))
            throw NmodlError(context.file, s.at, "a derivative is assigned inside if: euler needs each x' = ... unconditionally");
        if (!a || !a->derivative) {
            out.push_back(s);
            continue;
        }
        if (!context.states.count(a->target))
            throw NmodlError(context.file, s.at, "'" + a->target + "' is not a STATE: only states have derivatives");
        const std::string slope = a->target + "__slope";
        out.push_back(Statement{s.at, LocalDeclaration{{slope}}});
        out.push_back(Statement{s.at, Assignment{slope, false, a->value}});
        updated.push_back(a->target);
    }
    for (const auto& x : updated)
        out.push_back(Statement{{}, Assignment{x, false, binary(Operator::add, name(x), binary(Operator::multiply, name("dt"), name(x + "__slope")))}});
    return out;
}

Block integrate_derivimplicit(const Block& body, const SolverContext& context) {
    Block out;
    std::vector<std::string> xs;
    std::vector<Expression> fs;
    Position at;
    walk_equations(body, context, "derivimplicit", ", which derivimplicit cannot differentiate", out,
                   [&](const Statement& s, const Assignment& eq, const Expression& f) {
        if (std::find(xs.begin(), xs.end(), eq.target) != xs.end())
            throw NmodlError(context.file, s.at, eq.target + "' is given twice");
        if (xs.empty()) at = s.at;
        xs.push_back(eq.target);
        fs.push_back(f);
    });
    const std::size_t n = xs.size();
    if (n == 0) return out;
    // Implicit Euler, x_new = x_old + dt f(x_new), by Newton's method from x_old on
    // G(x) = x - x_old - dt f(x), G'(x) = I - dt df/dx: one iteration is exact when f
    // is linear in the states; otherwise four (quadratic convergence from a step's
    // change).
    std::vector<std::vector<Expression>> jacobian(n, std::vector<Expression>(n));
    bool linear = true;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            try {
                jacobian[i][j] = simplify(differentiate(fs[i], [&](const std::string& name_) -> std::optional<Expression> {
                    if (name_ == xs[j]) return number(1.0);
                    return std::nullopt;
                }));
            } catch (const std::domain_error& e) {
                throw NmodlError(context.file, at, std::string("derivimplicit cannot differentiate ") + xs[i] + "': " + e.what());
            }
            linear = linear && !depends_on(jacobian[i][j], [&](const std::string& name_) {
                return std::find(xs.begin(), xs.end(), name_) != xs.end();
            });
        }
    for (const auto& x : xs) {
        out.push_back(Statement{at, LocalDeclaration{{x + "__old"}}});
        out.push_back(Statement{at, Assignment{x + "__old", false, name(x)}});
    }
    const int iterations = linear ? 1 : 4;
    for (int it = 0; it < iterations; ++it) {
        std::vector<std::vector<Expression>> m(n, std::vector<Expression>(n));
        std::vector<Expression> g(n);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j)
                m[i][j] = simplify(binary(Operator::subtract, number(i == j ? 1.0 : 0.0),
                                          binary(Operator::multiply, name("dt"), jacobian[i][j])));
            g[i] = binary(Operator::subtract, binary(Operator::subtract, name(xs[i]), name(xs[i] + "__old")),
                          binary(Operator::multiply, name("dt"), fs[i]));
        }
        const auto step = write_linear_solve(m, g, xs, "newton" + std::to_string(it) + "__", context.file, at, out);
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(Statement{at, Assignment{xs[i], false, binary(Operator::subtract, name(xs[i]), name(step[i]))}});
    }
    return out;
}

}  // namespace lamina::nmodl
