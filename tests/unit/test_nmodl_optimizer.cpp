// The translator's loop optimiser (carried fractions, shared exponentials): what it
// writes computes what it was given, to rounding, at every voltage, with fewer
// exponentials and divisions, and never overflows where the original does not.

#include <QtTest>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "engine/nmodl/loop_optimizer.h"
#include "engine/nmodl/parser.h"

using namespace lamina::nmodl;

namespace {

using Kind = ExpressionNode::Kind;
using Values = std::map<std::string, double>;

double evaluate(const Expression& e, const Values& values) {
    switch (e->kind) {
    case Kind::number: return e->number;
    case Kind::name: {
        const auto found = values.find(e->name);
        return found == values.end() ? 0.0 : found->second;  // locals start at 0, as the kernel declares them
    }
    case Kind::negate: return -evaluate(e->operands[0], values);
    case Kind::logical_not: return evaluate(e->operands[0], values) == 0.0;
    case Kind::call: {
        const double x = evaluate(e->operands[0], values);
        if (e->name == "exp") return std::exp(x);
        if (e->name == "fabs") return std::fabs(x);
        if (e->name == "log") return std::log(x);
        throw std::runtime_error("no function " + e->name);
    }
    case Kind::binary: break;
    }
    const double l = evaluate(e->operands[0], values), r = evaluate(e->operands[1], values);
    switch (e->op) {
    case Operator::add: return l + r;
    case Operator::subtract: return l - r;
    case Operator::multiply: return l * r;
    case Operator::divide: return l / r;
    case Operator::power: return std::pow(l, r);
    case Operator::less: return l < r;
    case Operator::greater: return l > r;
    case Operator::equal: return l == r;
    default: throw std::runtime_error("operator not evaluated here");
    }
}

void run(const Block& b, Values& values) {
    for (const auto& s : b) {
        if (const auto* a = std::get_if<Assignment>(&s.what)) values[a->target] = evaluate(a->value, values);
        if (const auto* i = std::get_if<If>(&s.what)) run(evaluate(i->condition, values) != 0.0 ? i->then_block : i->else_block, values);
    }
}

struct Counts {
    int exps = 0, divisions = 0;
};
void count(const Expression& e, Counts& c) {
    if (e->kind == Kind::call && e->name == "exp") ++c.exps;
    if (e->kind == Kind::binary && e->op == Operator::divide) ++c.divisions;
    for (const auto& o : e->operands) count(o, c);
}
Counts count(const Block& b) {
    Counts c;
    for (const auto& s : b) {
        if (const auto* a = std::get_if<Assignment>(&s.what)) count(a->value, c);
        if (const auto* i = std::get_if<If>(&s.what)) {
            count(i->condition, c);
            const Counts t = count(i->then_block), e = count(i->else_block);
            c.exps += t.exps + e.exps;
            c.divisions += t.divisions + e.divisions;
        }
    }
    return c;
}

// The body of PROCEDURE p in a mod file made of `body`; its LOCALs are the temporaries.
struct Case {
    Block body;
    std::set<std::string> temporaries;
};
Case procedure(const std::string& body) {
    const Module m = parse_module("NEURON { SUFFIX x }\nPROCEDURE p() {\n" + body + "\n}\n", "x.mod");
    Case c;
    c.body = m.callables.at(0).body;
    for (const auto& s : c.body)
        if (const auto* l = std::get_if<LocalDeclaration>(&s.what)) c.temporaries.insert(l->names.begin(), l->names.end());
    return c;
}

LoopCode optimise(const Case& c) {
    std::set<std::string> taken = c.temporaries;
    LoopNames names;
    names.is_temporary = [&](const std::string& n) { return c.temporaries.count(n) > 0; };
    names.is_voltage = [](const std::string& n) { return n == "v"; };
    names.is_taken = [taken](const std::string& n) { return taken.count(n) > 0 || n == "v"; };
    return optimise_loop(c.body, names);
}

// Every value outside the temporaries, before and after, at `inputs`.
void expect_same(const Case& c, const LoopCode& code, const Values& inputs, double tolerance) {
    Values before = inputs, after = inputs;
    run(c.body, before);
    run(code.body, after);
    for (const auto& [n, want] : before) {
        if (c.temporaries.count(n)) continue;
        const double got = after[n];
        const double scale = std::max(std::fabs(want), 1e-300);
        QVERIFY2(std::isfinite(got) == std::isfinite(want) && std::fabs(got - want) <= tolerance * scale,
                 qPrintable(QString("%1 = %2, not %3 (v = %4)").arg(n.c_str()).arg(got, 0, 'g', 17).arg(want, 0, 'g', 17)
                                .arg(inputs.count("v") ? inputs.at("v") : 0.0)));
    }
}

// hh.mod's m and h rates, vtrap written out: four exponentials of v, one of dt/tau.
const char* hh_rates = R"(
    LOCAL alpha, beta, sum, x
    x = -(v + 40)
    if (fabs(x/10) < 1e-6) { alpha = .1*10*(1 - x/10/2) } else { alpha = .1*x/(exp(x/10) - 1) }
    beta = 4*exp(-(v + 65)/18)
    sum = alpha + beta
    mtau = 1/(q10*sum)
    minf = alpha/sum
    alpha = .07*exp(-(v + 65)/20)
    beta = 1/(exp(-(v + 35)/10) + 1)
    sum = alpha + beta
    htau = 1/(q10*sum)
    hinf = alpha/sum
    m = m + (1 - exp(-dt/mtau))*(minf - m)
)";

}  // namespace

class TestNmodlOptimizer : public QObject {
    Q_OBJECT

private slots:
    // The rates keep their values to 1e-13 across the whole voltage range (and at the
    // removable singularity), with one exponential of v instead of four.
    void hhRatesKeepTheirValues() {
        const Case c = procedure(hh_rates);
        const LoopCode code = optimise(c);
        const Counts before = count(c.body), after = count(code.body);
        QCOMPARE(before.exps, 5);
        QCOMPARE(after.exps, 2);  // the shared w = exp(v/720) and the gate's exp(-dt/tau)
        QVERIFY2(after.divisions < before.divisions,
                 qPrintable(QString("%1 divisions, were %2").arg(after.divisions).arg(before.divisions)));
        for (double v = -150.0; v <= 80.0; v += 0.37)
            expect_same(c, code, {{"v", v}, {"q10", 3.0}, {"dt", 0.025}, {"m", 0.3}}, 1e-13);
        expect_same(c, code, {{"v", -40.0}, {"q10", 1.0}, {"dt", 0.025}, {"m", 0.05}}, 1e-13);
    }

    // exp(v/6) and exp(-v/6) share one exponential, the negative power as a denominator.
    void exponentialsOfBothSignsShare() {
        const Case c = procedure("LOCAL a, b\n a = 0.182*(v + 38)/(1 - exp(-(v + 38)/6))\n"
                                 " b = 0.124*(-v - 38)/(1 - exp((v + 38)/6))\n minf = a/(a + b)\n tau = 1/(a + b)");
        const LoopCode code = optimise(c);
        QCOMPARE(count(code.body).exps, 1);
        for (double v = -120.0; v <= 60.0; v += 0.71) expect_same(c, code, {{"v", v}}, 1e-12);
    }

    // Blue Brain's guard against 0/0 (NaTa_t): `if (u == -38) { u = u + 0.0001 }`, then
    // another at -66. The shifted value's exponentials are the unshifted one's times a
    // factor that is 1 off the guard, so the activation and inactivation rates share one
    // exponential of v instead of one each; at the guards the values agree to rounding.
    void guardedShiftsShareTheExponential() {
        const Case c = procedure(R"(
    LOCAL u, x, y, ma, mb, ha, hb
    u = v
    if (u == -38) { u = u + 0.0001 }
    x = u + 38
    ma = 0.182*x/(1 - exp(-x/6))
    mb = 0.124*(-x)/(1 - exp(x/6))
    minf = ma/(ma + mb)
    if (u == -66) { u = u + 0.0001 }
    y = u + 66
    ha = 0.015*(-y)/(1 - exp(y/6))
    hb = 0.015*y/(1 - exp(-y/6))
    hinf = ha/(ha + hb)
    htau = 1/(ha + hb)
)");
        const LoopCode code = optimise(c);
        QCOMPARE(count(c.body).exps, 4);
        QCOMPARE(count(code.body).exps, 1);
        for (double v = -130.0; v <= 60.0; v += 0.43) expect_same(c, code, {{"v", v}}, 1e-12);
        // On the guards 0/0 is near: 1 - exp(-x/6) at x = 1e-4 loses 5 digits to cancellation.
        for (double v : {-38.0, -66.0, -37.9999, -65.9999}) expect_same(c, code, {{"v", v}}, 1e-9);
    }

    // A value read after a stored name changes keeps the old one (it is computed first).
    void storesDoNotChangeWhatWasRead() {
        const Case c = procedure("LOCAL a\n a = m*2/(v + 100)\n m = 5\n b = a + 1");
        const LoopCode code = optimise(c);
        expect_same(c, code, {{"v", -65.0}, {"m", 0.25}}, 1e-15);
    }

    // Temporaries written in one branch only keep their earlier value in the other.
    void branchesMergeTheirValues() {
        const Case c = procedure("LOCAL a, b\n a = 1/(v + 200)\n b = 3\n if (v > 0) { a = v/(v + 7) b = a*a }\n"
                                 " r = a/b\n s = b");
        const LoopCode code = optimise(c);
        for (double v : {-80.0, -1.0, 0.5, 30.0}) expect_same(c, code, {{"v", v}}, 1e-14);
    }

    // A long chain of divisions (an elimination) is divided out as it goes rather than
    // carried: the values stay finite and equal.
    void longChainsDoNotOverflow() {
        std::string body = "LOCAL x\n x = 1/(exp(v/7) + 3)\n";
        for (int k = 0; k < 40; ++k) body += " x = (x*exp(v/7) + 1e3)/(x + 1e-3*exp(-v/7))\n";
        body += " y = x";
        const Case c = procedure(body);
        const LoopCode code = optimise(c);
        for (double v : {-120.0, -65.0, 0.0, 40.0}) expect_same(c, code, {{"v", v}}, 1e-12);
    }

    // What the pass does not know is left as it was.
    void whileLoopsAreLeftAlone() {
        const Case c = procedure("LOCAL a\n a = 0\n WHILE (a < 3) { a = a + 1 }\n b = a/(v + 1)");
        const LoopCode code = optimise(c);
        QCOMPARE(code.body.size(), c.body.size());
        QVERIFY(code.new_locals.empty());
    }
};

QTEST_APPLESS_MAIN(TestNmodlOptimizer)
#include "test_nmodl_optimizer.moc"
