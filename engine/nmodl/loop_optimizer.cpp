#include "engine/nmodl/loop_optimizer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "engine/nmodl/symbolic.h"

namespace lamina::nmodl {

namespace {

using Kind = ExpressionNode::Kind;

// A value as numerator / denominator; no denominator: 1. The weight counts the
// divisions deferred into it: each multiplies numerator and denominator by another
// factor, so values grow with it (fraction-free elimination of a kinetic scheme's
// matrix would overflow); past max_weight the division is done.
struct Fraction {
    Expression n, d;
    int weight = 0;
};

Expression make(Operator op, Expression a, Expression b) { return simplify(binary(op, std::move(a), std::move(b))); }
Expression times(const Expression& a, const Expression& b) {
    if (!a) return b;
    if (!b) return a;
    // c1 (c2 x) as (c1 c2) x: one product fewer (4 (e^b w^k) with e^b a constant).
    const auto constant_times = [](const Expression& e) {
        return e->kind == Kind::binary && e->op == Operator::multiply && is_number(e->operands[0]);
    };
    if (is_number(a) && constant_times(b))
        return make(Operator::multiply, number(a->number * b->operands[0]->number), b->operands[1]);
    if (is_number(b) && constant_times(a))
        return make(Operator::multiply, number(b->number * a->operands[0]->number), a->operands[1]);
    return make(Operator::multiply, a, b);
}

std::size_t size(const Expression& e) {
    std::size_t n = 1;
    for (const auto& o : e->operands) n += size(o);
    return n;
}

// Past this many nodes a denominator is divided out rather than carried: products of
// ever more factors cost more than the division they save, and could overflow.
constexpr std::size_t max_denominator_size = 24;
constexpr int max_weight = 8;
// Powers of a shared exponential are products by squaring; beyond this the rounding
// (about k ulps) and the products outweigh an exponential.
constexpr long max_power = 128;

// exp(a B + b) for a base name B, as the collecting pass saw it.
struct Affine {
    std::string base;
    double a = 0, b = 0;
};

// e as a B + b, looking through the names in `definitions` (values fixed once set).
std::optional<Affine> affine(const Expression& e, const std::map<std::string, Expression>& definitions) {
    const auto recurse = [&](const Expression& x) { return affine(x, definitions); };
    switch (e->kind) {
    case Kind::number: return Affine{"", 0.0, e->number};
    case Kind::name: {
        const auto found = definitions.find(e->name);
        if (found != definitions.end()) {
            auto through = recurse(found->second);
            if (through && !through->base.empty()) return through;
        }
        return Affine{e->name, 1.0, 0.0};
    }
    case Kind::negate: {
        auto x = recurse(e->operands[0]);
        if (x) x->a = -x->a, x->b = -x->b;
        return x;
    }
    case Kind::binary: break;
    default: return std::nullopt;
    }
    auto l = recurse(e->operands[0]), r = recurse(e->operands[1]);
    if (!l || !r) return std::nullopt;
    const bool lc = l->base.empty(), rc = r->base.empty();
    switch (e->op) {
    case Operator::add:
    case Operator::subtract: {
        if (!lc && !rc && l->base != r->base) return std::nullopt;
        const double s = e->op == Operator::add ? 1.0 : -1.0;
        return Affine{lc ? r->base : l->base, l->a + s * r->a, l->b + s * r->b};
    }
    case Operator::multiply:
        if (lc) return Affine{r->base, l->b * r->a, l->b * r->b};
        if (rc) return Affine{l->base, r->b * l->a, r->b * l->b};
        return std::nullopt;
    case Operator::divide:
        if (!rc || r->b == 0.0) return std::nullopt;
        return Affine{l->base, l->a / r->b, l->b / r->b};
    default: return std::nullopt;
    }
}

// a as p / q with a small q, when a is that fraction to rounding.
std::optional<std::pair<long, long>> rational(double a) {
    for (long q = 1; q <= 1000; ++q) {
        const double p = std::round(a * static_cast<double>(q));
        if (p == 0 || std::fabs(p) > 1e6) continue;
        if (std::fabs(p / static_cast<double>(q) - a) <= 4 * std::numeric_limits<double>::epsilon() * std::fabs(a))
            return std::pair{static_cast<long>(p), q};
    }
    return std::nullopt;
}

// Exponentials of one base sharing w = exp(g B).
struct Group {
    std::vector<std::pair<long, long>> members;  // coefficients as p / q
    double g = 0;
    int uses = 0;
    std::string w;  // the shared exponential's name
};

// g for a set of coefficients, or nothing when some power would exceed max_power.
std::optional<double> common_measure(const std::vector<std::pair<long, long>>& members, int sign) {
    long l = 1;
    for (const auto& [p, q] : members) {
        l = std::lcm(l, q);
        if (l > 10'000'000) return std::nullopt;
    }
    long g = 0;
    for (const auto& [p, q] : members) g = std::gcd(g, std::labs(p * (l / q)));
    for (const auto& [p, q] : members)
        if (std::labs(p * (l / q)) / g > max_power) return std::nullopt;
    return sign * static_cast<double>(g) / static_cast<double>(l);
}

class Rewriter {
public:
    Rewriter(const LoopNames& names, std::map<std::string, std::vector<Group>>* plan) : names_(names), plan_(plan) {}

    // The exponentials' coefficients per base, when collecting.
    std::map<std::string, std::map<double, int>> seen;
    std::vector<std::string> new_locals;

    bool run(const Block& in, Block& out) {
        if (plan_) emit_bases("", out, true);
        return block(in, out, true);
    }

private:
    bool block(const Block& in, Block& out, bool top) {
        for (const auto& s : in) {
            if (std::holds_alternative<LocalDeclaration>(s.what)) continue;
            if (const auto* a = std::get_if<Assignment>(&s.what)) {
                if (a->derivative) return false;
                assign(*a, s.at, out, top);
            } else if (const auto* i = std::get_if<If>(&s.what)) {
                if (!branch(*i, s.at, out, top)) return false;
            } else {
                return false;
            }
        }
        return true;
    }

    void assign(const Assignment& a, Position at, Block& out, bool top) {
        if (!names_.is_temporary(a.target)) {
            const Expression value = real_sum(a.value);
            settle_dependents({a.target}, out);
            out.push_back(Statement{at, Assignment{a.target, false, value}});
            return;
        }
        Fraction f = lower(a.value);
        const int k = counter_++;
        const bool trivial_n = f.n->kind == Kind::number || f.n->kind == Kind::name;
        if (!trivial_n) f.n = slot(a.target + "__n" + std::to_string(k), f.n, at, out, top);
        if (f.d && f.d->kind != Kind::number && f.d->kind != Kind::name)
            f.d = slot(a.target + "__d" + std::to_string(k), f.d, at, out, top);
        known_[a.target] = f;
    }

    bool branch(const If& i, Position at, Block& out, bool top) {
        std::set<std::string> written;
        writes(i.then_block, written);
        writes(i.else_block, written);
        std::set<std::string> outside;
        for (const auto& n : written)
            if (!names_.is_temporary(n)) outside.insert(n);
        settle_dependents(outside, out);
        If result;
        result.condition = real(lower(i.condition));
        const auto before = known_;
        if (!block(i.then_block, result.then_block, false)) return false;
        const auto after_then = known_;
        known_ = before;
        if (!block(i.else_block, result.else_block, false)) return false;
        const auto after_else = known_;
        // Each temporary written in either branch leaves it in one pair of new names.
        known_ = before;
        std::vector<std::pair<std::string, Fraction>> merged;
        for (const auto& n : written) {
            if (!names_.is_temporary(n)) continue;
            const int k = counter_++;
            const Fraction t = value_in(after_then, n), e = value_in(after_else, n);
            Fraction f{name(fresh(n + "__n" + std::to_string(k))), nullptr, std::max(t.weight, e.weight)};
            result.then_block.push_back(Statement{at, Assignment{f.n->name, false, t.n}});
            result.else_block.push_back(Statement{at, Assignment{f.n->name, false, e.n}});
            if (t.d || e.d) {
                f.d = name(fresh(n + "__d" + std::to_string(k)));
                result.then_block.push_back(Statement{at, Assignment{f.d->name, false, t.d ? t.d : number(1.0)}});
                result.else_block.push_back(Statement{at, Assignment{f.d->name, false, e.d ? e.d : number(1.0)}});
            }
            merged.emplace_back(n, f);
        }
        for (const auto& [n, f] : merged)
            if (auto g = guard_of(before, after_then, after_else, n, result.condition)) guarded_[f.n->name] = std::move(*g);
        out.push_back(Statement{at, std::move(result)});
        for (const auto& [n, f] : merged) {
            known_[n] = f;
            if (top) {
                base_defined(f.n->name, out);
                if (f.d) base_defined(f.d->name, out);
            }
        }
        return true;
    }

    // A temporary that keeps its value in one branch and moves by a constant in the
    // other, on a condition of values fixed once set: BBP's guard against 0/0,
    // `if (u == -38) { u = u + 0.0001 }`. Exponentials of it are those of the value it
    // had, times a factor that is 1 off the guard (see exponential).
    struct Guard {
        Expression base;       // the value before the branch
        double shift = 0;      // added where the condition holds
        Expression condition;  // 1 or 0
    };
    std::optional<Guard> guard_of(const std::map<std::string, Fraction>& before,
                                  const std::map<std::string, Fraction>& after_then,
                                  const std::map<std::string, Fraction>& after_else, const std::string& n,
                                  const Expression& condition) const {
        const Fraction b = value_in(before, n), t = value_in(after_then, n), e = value_in(after_else, n);
        if (b.d || t.d || e.d || b.n->kind != Kind::name) return std::nullopt;
        const bool fixed = !depends_on(condition, [&](const std::string& x) {
            return !names_.is_voltage(x) && std::find(new_locals.begin(), new_locals.end(), x) == new_locals.end();
        });
        if (!fixed) return std::nullopt;
        const auto shift = [&](const Fraction& x) -> std::optional<double> {
            if (x.n->kind != Kind::name) return std::nullopt;
            const auto found = slot_values_.find(x.n->name);
            if (found == slot_values_.end()) return std::nullopt;
            const Expression& sum = found->second;
            if (sum->kind != Kind::binary || (sum->op != Operator::add && sum->op != Operator::subtract)) return std::nullopt;
            const Expression &l = sum->operands[0], &r = sum->operands[1];
            if (same(l, b.n) && is_number(r)) return sum->op == Operator::add ? r->number : -r->number;
            if (sum->op == Operator::add && same(r, b.n) && is_number(l)) return l->number;
            return std::nullopt;
        };
        if (same(e.n, b.n))
            if (const auto c = shift(t)) return Guard{b.n, *c, condition};
        if (same(t.n, b.n))
            if (const auto c = shift(e)) return Guard{b.n, *c, logical_not(condition)};
        return std::nullopt;
    }

    Fraction value_in(const std::map<std::string, Fraction>& known, const std::string& n) const {
        const auto found = known.find(n);
        return found == known.end() ? Fraction{name(n), nullptr, 0} : found->second;
    }

    static void writes(const Block& b, std::set<std::string>& out) {
        for (const auto& s : b) {
            if (const auto* a = std::get_if<Assignment>(&s.what)) out.insert(a->target);
            if (const auto* i = std::get_if<If>(&s.what)) {
                writes(i->then_block, out);
                writes(i->else_block, out);
            }
        }
    }

    // Before a name outside the temporaries changes, values that read it are computed.
    void settle_dependents(const std::set<std::string>& changing, Block& out) {
        if (changing.empty()) return;
        const auto reads = [&](const Expression& e) {
            return e && depends_on(e, [&](const std::string& n) { return changing.count(n) > 0; });
        };
        for (auto& [n, f] : known_) {
            if (!reads(f.n) && !reads(f.d)) continue;
            const int k = counter_++;
            f.n = slot(n + "__n" + std::to_string(k), f.n, {}, out, false);
            if (f.d) f.d = slot(n + "__d" + std::to_string(k), f.d, {}, out, false);
        }
    }

    Expression slot(const std::string& wanted, const Expression& value, Position at, Block& out, bool top) {
        const std::string n = fresh(wanted);
        out.push_back(Statement{at, Assignment{n, false, value}});
        slot_values_[n] = value;
        if (top) {
            definitions_[n] = value;
            base_defined(n, out);
        }
        return name(n);
    }

    std::string fresh(std::string n) {
        while (names_.is_taken(n) || std::find(new_locals.begin(), new_locals.end(), n) != new_locals.end()) n += "_";
        new_locals.push_back(n);
        return n;
    }

    // A name now holds its final value for this instance: exponentials of it may share.
    void base_defined(const std::string& base, Block& out) {
        if (!plan_) {
            bases_.insert(base);
            return;
        }
        emit_bases(base, out, false);
    }

    void emit_bases(const std::string& base, Block& out, bool voltage) {
        for (auto& [b, groups] : *plan_) {
            if (voltage ? !names_.is_voltage(b) : b != base) continue;
            for (auto& g : groups) {
                g.w = fresh("expw__" + std::to_string(bases_counter_++));  // own counter: slot names must match the collecting pass
                out.push_back(Statement{{}, Assignment{g.w, false, call("exp", {make(Operator::multiply, number(g.g), name(b))})}});
                bases_.insert(b);
            }
        }
    }

    // A real value of the form x + a/b with x whole: dividing a by b first saves the
    // products of x by b and the division is needed anyway (a gate's m + (1 - e)(inf - m)).
    Expression real_sum(const Expression& e) {
        if (e->kind == Kind::binary && (e->op == Operator::add || e->op == Operator::subtract)) {
            const Fraction l = lower(e->operands[0]);
            const Fraction r = lower(e->operands[1]);
            if (!l.d || !r.d) return make(e->op, real(l), real(r));
            return real(sum(e->op, l, r));
        }
        return real(lower(e));
    }

    Expression real(const Fraction& f) const { return f.d ? make(Operator::divide, f.n, f.d) : f.n; }

    Fraction lower(const Expression& e) {
        switch (e->kind) {
        case Kind::number: return {e, nullptr, 0};
        case Kind::name: {
            const auto found = known_.find(e->name);
            return found == known_.end() ? Fraction{e, nullptr, 0} : found->second;
        }
        case Kind::negate: {
            Fraction x = lower(e->operands[0]);
            return {simplify(negate(x.n)), x.d, x.weight};
        }
        case Kind::logical_not: return {logical_not(real(lower(e->operands[0]))), nullptr, 0};
        case Kind::call: {
            std::vector<Expression> args;
            for (const auto& a : e->operands) args.push_back(real(lower(a)));
            if (e->name == "exp" && args.size() == 1) return exponential(args[0]);
            return {call(e->name, std::move(args), e->at), nullptr, 0};
        }
        case Kind::binary: break;
        }
        const Fraction l = lower(e->operands[0]);
        switch (e->op) {
        case Operator::add:
        case Operator::subtract: return bounded(sum(e->op, l, lower(e->operands[1])));
        case Operator::multiply: {
            const Fraction r = lower(e->operands[1]);
            return bounded({times(l.n, r.n), times(l.d, r.d), l.weight + r.weight});
        }
        case Operator::divide: {
            const Fraction r = lower(e->operands[1]);
            if (!r.d && is_number(r.n) && r.n->number != 0 && std::isfinite(1.0 / r.n->number))
                return {times(l.n, number(1.0 / r.n->number)), l.d, l.weight};  // x / c as x (1/c)
            const int weight = l.weight + r.weight + 1;
            if (l.d && r.d && same(l.d, r.d)) return bounded({l.n, r.n, weight});  // (a/t) / (b/t) = a/b
            return bounded({times(l.n, r.d), times(l.d, r.n), weight});
        }
        case Operator::power: {
            const Expression& p = e->operands[1];
            if (is_number(p) && p->number == std::round(p->number) && std::fabs(p->number) <= 8 && p->number != 0) {
                const Expression k = number(std::fabs(p->number));
                const Expression n = make(Operator::power, l.n, k);
                const Expression d = l.d ? make(Operator::power, l.d, k) : nullptr;
                const int weight = l.weight * static_cast<int>(k->number) + (p->number < 0);
                if (p->number > 0) return bounded({n, d, weight});
                return bounded({d ? d : number(1.0), n, weight});
            }
            return {make(Operator::power, real(l), real(lower(p))), nullptr, 0};
        }
        default: return {make(e->op, real(l), real(lower(e->operands[1]))), nullptr, 0};
        }
    }

    static Fraction sum(Operator op, const Fraction& l, const Fraction& r) {
        if (!l.d && !r.d) return {make(op, l.n, r.n), nullptr, std::max(l.weight, r.weight)};
        if (l.d && r.d && same(l.d, r.d)) return {make(op, l.n, r.n), l.d, std::max(l.weight, r.weight)};
        return {make(op, times(l.n, r.d), times(r.n, l.d)), times(l.d, r.d), l.weight + r.weight};
    }

    Fraction bounded(Fraction f) const {
        if (f.d && (size(f.d) > max_denominator_size || f.weight > max_weight)) return {real(f), nullptr, 0};
        return f;
    }

    Fraction exponential(const Expression& argument) {
        const auto x = affine(argument, definitions_);
        if (x && !x->base.empty() && x->a != 0) {
            const auto guard = guarded_.find(x->base);
            if (guard != guarded_.end()) {
                // exp(a (y + c [cond]) + b) = exp(a y + b) (1 + [cond] (e^(a c) - 1)): the
                // unshifted value's exponential shares its base; off the guard the factor
                // is exactly 1, on it the result is within an ulp or two.
                const Guard& g = guard->second;
                const Fraction inner = exponential(
                    make(Operator::add, make(Operator::multiply, number(x->a), g.base), number(x->b)));
                const Expression factor = make(Operator::add, number(1.0),
                                               make(Operator::multiply, g.condition, number(std::expm1(x->a * g.shift))));
                return {times(inner.n, factor), inner.d, inner.weight};
            }
        }
        const Fraction plain{call("exp", {argument}), nullptr, 0};
        if (!x || x->base.empty() || x->a == 0 || std::fabs(x->b) > 700) return plain;
        if (!names_.is_voltage(x->base) && !bases_.count(x->base)) return plain;
        if (!plan_) {
            ++seen[x->base][x->a];
            return plain;
        }
        const auto groups = plan_->find(x->base);
        if (groups == plan_->end() || !bases_.count(x->base)) return plain;
        for (const auto& g : groups->second) {
            const double k = x->a / g.g;
            if (g.w.empty() || std::fabs(k - std::round(k)) > 1e-9 * std::fabs(k) || std::fabs(k) > max_power) continue;
            const Expression power = make(Operator::power, name(g.w), number(std::fabs(std::round(k))));
            const Expression scale = number(std::exp(x->b));
            if (k > 0) return {times(scale, power), nullptr, 0};
            return {scale, power, 1};
        }
        return plain;
    }

    const LoopNames& names_;
    std::map<std::string, std::vector<Group>>* plan_;
    std::map<std::string, Fraction> known_;
    std::map<std::string, Expression> definitions_;  // slots set once, at the top level
    std::map<std::string, Expression> slot_values_;  // every slot's value, in a branch too
    std::map<std::string, Guard> guarded_;           // merged names a guard shifts
    std::set<std::string> bases_;  // names whose final value is known before the exponentials read them
    int counter_ = 0, bases_counter_ = 0;
};

// Coefficients into groups that share one exponential, each power at most max_power.
std::map<std::string, std::vector<Group>> plan_fusion(const std::map<std::string, std::map<double, int>>& seen) {
    std::map<std::string, std::vector<Group>> plan;
    for (const auto& [base, coefficients] : seen) {
        std::vector<Group> groups;
        for (const auto& [a, uses] : coefficients) {
            const auto pq = rational(a);
            if (!pq) continue;
            bool placed = false;
            for (auto& g : groups) {
                auto members = g.members;
                members.push_back(*pq);
                if (!common_measure(members, 1)) continue;
                g.members = std::move(members);
                g.uses += uses;
                placed = true;
                break;
            }
            if (!placed) groups.push_back(Group{{*pq}, 0.0, uses, {}});
        }
        std::vector<Group> kept;
        for (auto& g : groups) {
            if (g.uses < 2) continue;  // one exponential: nothing to share
            int sign = 0;
            for (const auto& [p, q] : g.members) sign += p > 0 ? 1 : -1;
            g.g = *common_measure(g.members, sign >= 0 ? 1 : -1);  // most powers positive
            kept.push_back(std::move(g));
        }
        if (!kept.empty()) plan[base] = std::move(kept);
    }
    return plan;
}

}  // namespace

LoopCode optimise_loop(const Block& body, const LoopNames& names) {
    // First pass: which exponentials of which bases occur; second: the rewrite.
    Rewriter collect(names, nullptr);
    Block ignored;
    if (!collect.run(body, ignored)) return LoopCode{body, {}};
    auto plan = plan_fusion(collect.seen);
    Rewriter rewrite(names, &plan);
    LoopCode out;
    if (!rewrite.run(body, out.body)) return LoopCode{body, {}};
    out.new_locals = rewrite.new_locals;
    return out;
}

}  // namespace lamina::nmodl
