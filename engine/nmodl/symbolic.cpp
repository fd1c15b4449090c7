#include "engine/nmodl/symbolic.h"

#include <cmath>
#include <stdexcept>

namespace lamina::nmodl {

namespace {
using Kind = ExpressionNode::Kind;

Expression add(Expression a, Expression b) { return simplify(binary(Operator::add, std::move(a), std::move(b))); }
Expression sub(Expression a, Expression b) { return simplify(binary(Operator::subtract, std::move(a), std::move(b))); }
Expression mul(Expression a, Expression b) { return simplify(binary(Operator::multiply, std::move(a), std::move(b))); }
Expression div(Expression a, Expression b) { return simplify(binary(Operator::divide, std::move(a), std::move(b))); }
Expression neg(Expression a) { return simplify(negate(std::move(a))); }
Expression num(double x) { return number(x); }
}  // namespace

bool is_number(const Expression& e) { return e->kind == Kind::number; }

bool same(const Expression& a, const Expression& b) {
    if (a == b) return true;
    if (a->kind != b->kind || a->operands.size() != b->operands.size()) return false;
    if (a->kind == Kind::number && a->number != b->number) return false;
    if ((a->kind == Kind::name || a->kind == Kind::call) && a->name != b->name) return false;
    if (a->kind == Kind::binary && a->op != b->op) return false;
    for (std::size_t k = 0; k < a->operands.size(); ++k)
        if (!same(a->operands[k], b->operands[k])) return false;
    return true;
}
bool is_number(const Expression& e, double value) { return e->kind == Kind::number && e->number == value; }

Expression simplify(const Expression& e) {
    switch (e->kind) {
    case Kind::number:
    case Kind::name: return e;
    case Kind::call: {
        std::vector<Expression> args;
        for (const auto& a : e->operands) args.push_back(simplify(a));
        return call(e->name, std::move(args), e->at);
    }
    case Kind::logical_not: return logical_not(simplify(e->operands[0]), e->at);
    case Kind::negate: {
        const Expression x = simplify(e->operands[0]);
        if (is_number(x)) return number(-x->number, e->at);
        if (x->kind == Kind::negate) return x->operands[0];
        // -(a/b) = (-a)/b exactly; the sign then cancels against one below.
        if (x->kind == Kind::binary && x->op == Operator::divide)
            return simplify(binary(Operator::divide, negate(x->operands[0]), x->operands[1], e->at));
        return negate(x, e->at);
    }
    case Kind::binary: break;
    }
    const Expression l = simplify(e->operands[0]);
    const Expression r = simplify(e->operands[1]);
    const bool nl = is_number(l), nr = is_number(r);
    switch (e->op) {
    case Operator::add:
        if (nl && nr) return number(l->number + r->number, e->at);
        if (is_number(l, 0)) return r;
        if (is_number(r, 0)) return l;
        if (r->kind == Kind::negate) return binary(Operator::subtract, l, r->operands[0], e->at);
        break;
    case Operator::subtract:
        if (nl && nr) return number(l->number - r->number, e->at);
        if (is_number(r, 0)) return l;
        if (is_number(l, 0)) return simplify(negate(r, e->at));
        if (r->kind == Kind::negate) return binary(Operator::add, l, r->operands[0], e->at);
        break;
    case Operator::multiply:
        if (nl && nr) return number(l->number * r->number, e->at);
        if (is_number(l, 0) || is_number(r, 0)) return number(0.0, e->at);
        if (is_number(l, 1)) return r;
        if (is_number(r, 1)) return l;
        if (is_number(l, -1)) return simplify(negate(r, e->at));
        if (is_number(r, -1)) return simplify(negate(l, e->at));
        // x (c / t) = (x c) / t: one rounding and one operation fewer (dt (-1/tau) -> -dt/tau).
        if (r->kind == Kind::binary && r->op == Operator::divide && is_number(r->operands[0]))
            return simplify(binary(Operator::divide, binary(Operator::multiply, l, r->operands[0]), r->operands[1], e->at));
        break;
    case Operator::divide:
        if (nl && nr && r->number != 0) return number(l->number / r->number, e->at);
        if (is_number(l, 0)) return number(0.0, e->at);
        if (is_number(r, 1)) return l;
        if (is_number(r, -1)) return simplify(negate(l, e->at));
        if (l->kind == Kind::negate && r->kind == Kind::negate)
            return simplify(binary(Operator::divide, l->operands[0], r->operands[0], e->at));
        // (a/t) / (b/t) = a/b: cnexp's -a/b for x' = (inf - x)/tau is inf again.
        if (l->kind == Kind::binary && l->op == Operator::divide && r->kind == Kind::binary && r->op == Operator::divide &&
            same(l->operands[1], r->operands[1]))
            return simplify(binary(Operator::divide, l->operands[0], r->operands[0], e->at));
        break;
    case Operator::power:
        if (nl && nr) return number(std::pow(l->number, r->number), e->at);
        if (is_number(r, 1)) return l;
        if (is_number(r, 0)) return number(1.0, e->at);
        break;
    default: break;
    }
    if (l == e->operands[0] && r == e->operands[1]) return e;
    return binary(e->op, l, r, e->at);
}

Expression substitute(const Expression& e, const std::map<std::string, Expression>& values) {
    if (e->kind == Kind::name) {
        const auto found = values.find(e->name);
        return found == values.end() ? e : found->second;
    }
    if (e->operands.empty()) return e;
    auto copy = std::make_shared<ExpressionNode>(*e);
    bool changed = false;
    for (auto& operand : copy->operands) {
        Expression replaced = substitute(operand, values);
        changed |= replaced != operand;
        operand = std::move(replaced);
    }
    return changed ? Expression(std::move(copy)) : e;
}

bool depends_on(const Expression& e, const std::function<bool(const std::string&)>& is_variable) {
    if (e->kind == Kind::name) return is_variable(e->name);
    for (const auto& operand : e->operands)
        if (depends_on(operand, is_variable)) return true;
    return false;
}

Expression differentiate(const Expression& e,
                         const std::function<std::optional<Expression>(const std::string&)>& derivative_of) {
    const auto d = [&](const Expression& x) { return differentiate(x, derivative_of); };
    switch (e->kind) {
    case Kind::number: return num(0);
    case Kind::name: {
        auto found = derivative_of(e->name);
        return found ? simplify(*found) : num(0);
    }
    case Kind::negate: return neg(d(e->operands[0]));
    case Kind::logical_not: return num(0);
    case Kind::call: {
        const std::string& f = e->name;
        const auto& args = e->operands;
        if (args.size() == 1) {
            const Expression& x = args[0];
            const Expression dx = d(x);
            if (is_number(dx, 0)) return num(0);
            if (f == "exp") return mul(e, dx);
            if (f == "log") return div(dx, x);
            if (f == "log10") return div(dx, mul(x, num(std::log(10.0))));
            if (f == "sqrt") return div(dx, mul(num(2), e));
            if (f == "fabs") return mul(div(x, e), dx);  // sign(x), 0/0 at x = 0 as the kink is
            if (f == "sin") return mul(call("cos", {x}), dx);
            if (f == "cos") return neg(mul(call("sin", {x}), dx));
            if (f == "tanh") return mul(sub(num(1), mul(e, e)), dx);
            if (f == "sinh") return mul(call("cosh", {x}), dx);
            if (f == "cosh") return mul(call("sinh", {x}), dx);
            if (f == "atan") return div(dx, add(num(1), mul(x, x)));
            if (f == "floor" || f == "ceil") return num(0);
        }
        if (f == "pow" && args.size() == 2)
            return d(binary(Operator::power, args[0], args[1], e->at));
        throw std::domain_error("no derivative is known for " + f + "()");
    }
    case Kind::binary: break;
    }
    const Expression& l = e->operands[0];
    const Expression& r = e->operands[1];
    switch (e->op) {
    case Operator::add: return add(d(l), d(r));
    case Operator::subtract: return sub(d(l), d(r));
    case Operator::multiply: return add(mul(d(l), r), mul(l, d(r)));
    case Operator::divide: {
        const Expression dl = d(l), dr = d(r);
        if (is_number(dr, 0)) return div(dl, r);
        return div(sub(mul(dl, r), mul(l, dr)), mul(r, r));
    }
    case Operator::power: {
        const Expression dl = d(l), dr = d(r);
        if (is_number(dr, 0)) {  // x^c: c x^(c-1) x'
            if (is_number(dl, 0)) return num(0);
            return mul(mul(r, simplify(binary(Operator::power, l, sub(r, num(1))))), dl);
        }
        // a^x: a^x (x' log a + a' x / a)
        return mul(e, add(mul(dr, call("log", {l})), div(mul(dl, r), l)));
    }
    default: return num(0);  // comparisons and logic are piecewise constant
    }
}

}  // namespace lamina::nmodl
