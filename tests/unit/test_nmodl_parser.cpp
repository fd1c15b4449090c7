// The NMODL parser: every construct the catalogue's and users' mod files use, read into
// the tree with its values; every refusal with its file:line:column; no input, however
// cut or nested, ends in anything but a tree or an NmodlError.

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/nmodl/codegen.h"
#include "engine/nmodl/model.h"
#include "engine/nmodl/nmodl_error.h"
#include "engine/nmodl/parser.h"

using namespace lamina;
using namespace lamina::nmodl;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(LAMINA_FIXTURE_DIR) / "nmodl";

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

template <typename T>
const T& as(const Statement& s) {
    const T* p = std::get_if<T>(&s.what);
    if (!p) throw std::runtime_error("statement of another kind");
    return *p;
}

// The message parsing `text` gives (empty when it parses).
std::string error_of(const std::string& text) {
    try {
        parse_module(text, "x.mod");
    } catch (const NmodlError& e) {
        return e.what();
    }
    return {};
}

// The message analysing `text` gives (empty when it is a valid mechanism).
std::string analysis_error(const std::string& text) {
    try {
        analyse(parse_module(text, "x.mod"));
    } catch (const NmodlError& e) {
        return e.what();
    }
    return {};
}

const Variable& variable(const std::vector<Variable>& list, const std::string& n) {
    for (const auto& v : list)
        if (v.name == n) return v;
    throw std::runtime_error("no variable " + n);
}

const std::string neuron = "NEURON { SUFFIX x }\n";

}  // namespace

class TestNmodlParser : public QObject {
    Q_OBJECT

private slots:
    void hhReadWhole() {
        const Module m = read_module(fixtures / "hh.mod");
        QCOMPARE(m.title, std::string("hh.mod: the squid axon's sodium, potassium and leak currents"));
        QCOMPARE(m.name, std::string("hh"));
        QVERIFY(m.kind == ModuleKind::density);
        QCOMPARE(m.name_at.line, 16u);
        QCOMPARE(m.name_at.column, 12u);
        QCOMPARE(m.ions.size(), 2u);
        QCOMPARE(m.ions[0].ion, std::string("na"));
        QVERIFY(m.ions[0].read == std::vector<std::string>{"ena"});
        QVERIFY(m.ions[0].write == std::vector<std::string>{"ina"});
        QVERIFY(m.nonspecific_currents == std::vector<std::string>{"il"});
        QCOMPARE(m.range.size(), 6u);
        QCOMPARE(m.global.size(), 6u);
        QVERIFY(m.threadsafe);
        QCOMPARE(m.parameters.size(), 4u);
        const Variable& gnabar = variable(m.parameters, "gnabar");
        QCOMPARE(*gnabar.value, 0.12);
        QCOMPARE(gnabar.units, std::string("S/cm2"));
        QCOMPARE(gnabar.limits->first, 0.0);
        QCOMPARE(gnabar.limits->second, 1e9);
        QCOMPARE(*variable(m.parameters, "el").value, -54.3);
        QCOMPARE(m.states.size(), 3u);
        QCOMPARE(m.assigned.size(), 15u);
        QCOMPARE(variable(m.assigned, "htau").units, std::string("ms"));

        QVERIFY(m.breakpoint.has_value());
        const auto& solve = as<Solve>(m.breakpoint->front());
        QCOMPARE(solve.block, std::string("states"));
        QCOMPARE(solve.method, std::string("cnexp"));
        QCOMPARE(to_string(as<Assignment>((*m.breakpoint)[1]).value), std::string("gnabar * m * m * m * h"));
        QCOMPARE(m.initial->size(), 4u);
        QCOMPARE(as<CallStatement>(m.initial->front()).function, std::string("rates"));

        QCOMPARE(m.derivatives.size(), 1u);
        const auto& states = m.derivatives[0];
        QCOMPARE(states.name, std::string("states"));
        QCOMPARE(states.body.size(), 4u);
        const auto& h = as<Assignment>(states.body[2]);
        QVERIFY(h.derivative);
        QCOMPARE(h.target, std::string("h"));
        QCOMPARE(to_string(h.value), std::string("(hinf - h) / htau"));
        QCOMPARE(states.body[2].at.line, 69u);
        QCOMPARE(states.body[2].at.column, 5u);

        QCOMPARE(m.callables.size(), 2u);
        const Callable& rates = m.callables[0];
        QVERIFY(!rates.function);
        QCOMPARE(rates.parameters.size(), 1u);
        QCOMPARE(rates.parameters[0].units, std::string("mV"));
        QCOMPARE(as<LocalDeclaration>(rates.body[0]).names.size(), 4u);
        const auto& table = as<Table>(rates.body[1]);
        QCOMPARE(table.names.size(), 6u);
        QVERIFY(table.depend == std::vector<std::string>{"celsius"});
        QCOMPARE(to_string(table.from), std::string("-100"));
        QCOMPARE(table.with, 200.0);
        QCOMPARE(to_string(as<Assignment>(rates.body[2]).value), std::string("3 ^ ((celsius - 6.3) / 10)"));
        QCOMPARE(to_string(as<Assignment>(rates.body[3]).value), std::string("0.1 * vtrap(-(v + 40), 10)"));
        const Callable& vtrap = m.callables[1];
        QVERIFY(vtrap.function);
        const auto& branch = as<If>(vtrap.body[0]);
        QCOMPARE(to_string(branch.condition), std::string("fabs(x / y) < 1e-06"));
        QCOMPARE(to_string(as<Assignment>(branch.then_block[0]).value), std::string("y * (1 - x / y / 2)"));
        QCOMPARE(branch.else_block.size(), 1u);
    }

    void expressionsBindAsNmodlSays() {
        const auto value = [](const std::string& e) {
            const Module m = parse_module(neuron + "INITIAL { a = " + e + " }", "x.mod");
            return to_string(as<Assignment>(m.initial->front()).value);
        };
        QCOMPARE(value("-x^2"), std::string("-x ^ 2"));
        QCOMPARE(value("(-x)^2"), std::string("(-x) ^ 2"));
        QCOMPARE(value("2^3^2"), std::string("2 ^ 3 ^ 2"));
        QCOMPARE(value("(2^3)^2"), std::string("(2 ^ 3) ^ 2"));
        QCOMPARE(value("a - (b - c)"), std::string("a - (b - c)"));
        QCOMPARE(value("a - b - c"), std::string("a - b - c"));
        QCOMPARE(value("a / b * c"), std::string("a / b * c"));
        QCOMPARE(value("a / (b * c)"), std::string("a / (b * c)"));
        QCOMPARE(value("x^-1"), std::string("x ^ (-1)"));
        QCOMPARE(value("a < b && !c || d >= 1e-3"), std::string("a < b && !c || d >= 0.001"));
        QCOMPARE(value("(celsius - 23 (degC))/10 (degC)"), std::string("(celsius - 23) / 10"));
        QCOMPARE(value(".5e1 + 1.e2 + 7E-1"), std::string("5 + 100 + 0.7"));
        QCOMPARE(value("0.1234567890123"), std::string("0.1234567890123"));
        // Statements need no separator: the next name starts the next statement.
        const Module m = parse_module(neuron + "INITIAL { a = b c = d\n e = f(g, 2) }", "x.mod");
        QCOMPARE(m.initial->size(), 3u);
        QCOMPARE(to_string(as<Assignment>((*m.initial)[2]).value), std::string("f(g, 2)"));
    }

    void kineticLinearAndEvents() {
        const std::string text = R"(
NEURON { POINT_PROCESS Syn  USEION ca READ cai WRITE ica VALENCE 2  NONSPECIFIC_CURRENT i }
UNITS { FARADAY = (faraday) (coulomb)  R = (k-mole) (joule/degC) }
CONSTANT { k0 = 2.5 (/ms) }
STATE { C O I cai (mM) A B }
KINETIC scheme {
    COMPARTMENT diam*diam {cai}
    ~ C <-> O (a(v), b(v))
    ~ 2A + B -> C (k0)
    ~ cai << (-ica*k0)
    CONSERVE C + O + I = 1
}
LINEAR init {
    ~ C + O = 1
    ~ a*C = b*O
}
NET_RECEIVE (weight (uS), tlast (ms)) {
    if (flag == 0) {
        net_send(2, 1)
    } else if (flag == 1) {
        net_event(t)
    } else {
        tlast = t
    }
}
)";
        const Module m = parse_module(text, "syn.mod");
        QVERIFY(m.kind == ModuleKind::point_process);
        QCOMPARE(*m.ions[0].valence, 2.0);
        QCOMPARE(m.unit_constants.size(), 2u);
        QCOMPARE(m.unit_constants[0].physical, std::string("faraday"));
        QCOMPARE(m.unit_constants[0].units, std::string("coulomb"));
        QCOMPARE(m.unit_constants[1].physical, std::string("k-mole"));
        QCOMPARE(m.unit_constants[1].units, std::string("joule/degC"));
        QCOMPARE(*m.constants[0].value, 2.5);
        QCOMPARE(m.constants[0].units, std::string("/ms"));
        const auto& body = m.kinetics.at(0).body;
        QCOMPARE(body.size(), 4u);  // COMPARTMENT has no effect
        const auto& first = as<Reaction>(body[0]);
        QVERIFY(first.kind == Reaction::Kind::reversible);
        QCOMPARE(to_string(first.backward), std::string("b(v)"));
        const auto& second = as<Reaction>(body[1]);
        QVERIFY(second.kind == Reaction::Kind::forward);
        QCOMPARE(second.left.size(), 2u);
        QCOMPARE(second.left[0].stoichiometry, 2);
        QCOMPARE(second.left[0].species, std::string("A"));
        QCOMPARE(second.right[0].species, std::string("C"));
        const auto& flux = as<Reaction>(body[2]);
        QVERIFY(flux.kind == Reaction::Kind::flux);
        QCOMPARE(to_string(flux.forward), std::string("-ica * k0"));
        QCOMPARE(to_string(as<Conserve>(body[3]).left), std::string("C + O + I"));
        QCOMPARE(to_string(as<Equation>(m.linears.at(0).body[1]).right), std::string("b * O"));
        QCOMPARE(m.net_receive->arguments.size(), 2u);
        QCOMPARE(m.net_receive->arguments[0].units, std::string("uS"));
        const auto& chain = as<If>(m.net_receive->body[0]);
        const auto& send = as<CallStatement>(chain.then_block[0]);
        QCOMPARE(send.function, std::string("net_send"));
        QCOMPARE(send.arguments.size(), 2u);
        const auto& else_if = as<If>(chain.else_block.at(0));
        QCOMPARE(to_string(else_if.condition), std::string("flag == 1"));
        QCOMPARE(as<Assignment>(else_if.else_block.at(0)).target, std::string("tlast"));
    }

    void refusalsNameLineAndColumn() {
        QCOMPARE(error_of(neuron + "BREAKPOINT {\n  VERBATIM\n  x = 1;\n  ENDVERBATIM\n}"),
                 std::string("x.mod:3:3: VERBATIM blocks are not supported (C code inside a mod file)"));
        QCOMPARE(error_of(neuron + "VERBATIM\nstatic int x;\nENDVERBATIM\n"),
                 std::string("x.mod:2:1: VERBATIM blocks are not supported (C code inside a mod file)"));
        QCOMPARE(error_of(neuron + "BREAKPONT { }"), std::string("x.mod:2:1: unknown block 'BREAKPONT'"));
        QCOMPARE(error_of(neuron + "INITIAL {\n  a = 1\n"), std::string("x.mod:2:9: INITIAL is never closed by '}'"));
        QCOMPARE(error_of(neuron + "INITIAL { a = b @ c }"), std::string("x.mod:2:17: unexpected character '@'"));
        QCOMPARE(error_of(neuron + "INITIAL { m' = 1 }"),
                 std::string("x.mod:2:11: a derivative (m') is allowed only in a DERIVATIVE block, not in INITIAL"));
        QCOMPARE(error_of(neuron + "DERIVATIVE d { ~ a <-> b (1, 2) }"),
                 std::string("x.mod:2:16: '~' reactions are allowed only in KINETIC, LINEAR and NONLINEAR blocks, not in DERIVATIVE d"));
        QCOMPARE(error_of(neuron + "ASSIGNED { g[4] }"), std::string("x.mod:2:13: array variables ('g[...]') are not supported"));
        QCOMPARE(error_of(neuron + "INITIAL { a = (b + }"),
                 std::string("x.mod:2:20: expected a value (a number, a name, a call or '('), found '}'"));
        QCOMPARE(error_of(neuron + "INITIAL { a = (b + c }"), std::string("x.mod:2:22: expected ')' to close '(' at 2:15, found '}'"));
        QCOMPARE(error_of(neuron + "INITIAL { a b }"),
                 std::string("x.mod:2:13: expected '=', ''' or '(' after 'a' in INITIAL, found 'b'"));
        QCOMPARE(error_of(neuron + "PARAMETER { g = 1e999 }"), std::string("x.mod:2:17: number 1e999 is too large for a double"));
        QCOMPARE(error_of(neuron + "COMMENT\nnever closed\n"), std::string("x.mod:2:1: COMMENT block is never closed by ENDCOMMENT"));
        QCOMPARE(error_of("PARAMETER { g = 1 }"), std::string("x.mod:1:1: no NEURON block: the file does not name its mechanism"));
        QCOMPARE(error_of("NEURON { RANGE g }"),
                 std::string("x.mod:1:1: the NEURON block has no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL"));
        QCOMPARE(error_of("NEURON { SUFFIX a  SUFFIX b }"), std::string("x.mod:1:20: the NEURON block names the mechanism twice (a already)"));
        QCOMPARE(error_of(neuron + "PARAMETER { g = 1 (S/cm2 }"),
                 std::string("x.mod:2:19: units opened here are not closed by ')' on the same line"));
        QCOMPARE(error_of(neuron + "KINETIC k { ~ 1.5A <-> B (1, 2) }"),
                 std::string("x.mod:2:15: a stoichiometric coefficient must be a whole number from 1 to 100, not 1.5"));
        QCOMPARE(error_of(neuron + "INCLUDE \"other.mod\""),
                 std::string("x.mod:2:1: INCLUDE is not supported (put the included text in the file)"));
        QCOMPARE(error_of(neuron + "BREAKPOINT { FROM i = 0 TO 3 { } }"), std::string("x.mod:2:14: FROM ... TO loops are not supported"));
        // A file that is not a mod file at all.
        QCOMPARE(error_of("\x01\x02"), std::string("x.mod:1:1: unexpected character 'byte 1'"));
        // Missing files and oversized ones are named.
        try {
            read_module(fixtures / "absent.mod");
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY2(std::string(e.what()).find("absent.mod: no such mod file") != std::string::npos, e.what());
        }
    }

    // LINEAR blocks solved in INITIAL: one equation per state they name, linear in the
    // states; anything else is refused at the equation.
    void linearBlocks() {
        const std::string head = "NEURON { SUFFIX x }\nSTATE { a b }\nPARAMETER { k = 2 }\n";
        const std::string solve = "INITIAL { SOLVE init }\n";
        QCOMPARE(analysis_error(head + solve + "LINEAR init {\n ~ a + b = 1\n ~ k*a = b\n}\n"), std::string());
        const Model m = analyse(parse_module(head + solve + "LINEAR init {\n ~ a + b = 1\n ~ k*a = b\n}\n", "x.mod"));
        int assigned = 0;
        for (const auto& st : m.initial)
            if (const auto* asg = std::get_if<Assignment>(&st.what); asg && (asg->target == "a" || asg->target == "b")) ++assigned;
        QCOMPARE(assigned, 2);
        QCOMPARE(analysis_error(head + solve + "LINEAR init {\n ~ a + b = 1\n ~ a*b = k\n}\n"),
                 std::string("x.mod:7:2: this equation is not linear in the states (write it in a NONLINEAR block)"));
        QCOMPARE(analysis_error(head + solve + "LINEAR init {\n ~ a + b = 1\n}\n"),
                 std::string("x.mod:6:2: LINEAR init has 1 equations for 2 states; it needs one equation per state it names"));
        QCOMPARE(analysis_error(head + solve + "LINEAR init {\n ~ a = 1\n ~ a + 0*b = 2\n}\n"),
                 std::string("x.mod:6:2: LINEAR init is singular: some states cannot be solved for from its equations"));
        QCOMPARE(analysis_error(head + solve + "LINEAR init {\n ~ a = 1\n ~ a = 2\n}\n"),
                 std::string("x.mod:6:2: LINEAR init has 2 equations for 1 states; it needs one equation per state it names"));
        QCOMPARE(analysis_error(head + "INITIAL { SOLVE init METHOD sparse }\nLINEAR init {\n ~ a = 1\n ~ b = 2\n}\n"),
                 std::string("x.mod:4:11: LINEAR init is solved as it stands: SOLVE init takes no METHOD or STEADYSTATE"));
        QCOMPARE(analysis_error(head + solve + "NONLINEAR init {\n ~ a*a = 1\n ~ b = 2\n}\n"), std::string());
        QCOMPARE(analysis_error(head + solve + "NONLINEAR init {\n ~ a*a = 1\n ~ a = 2\n}\n"),
                 std::string("x.mod:6:2: NONLINEAR init has 2 equations for 1 states; it needs one equation per state it names"));
        QCOMPARE(analysis_error(head + "INITIAL { SOLVE init STEADYSTATE sparse }\nNONLINEAR init {\n ~ a*a = 1\n}\n"),
                 std::string("x.mod:4:11: NONLINEAR init is solved as it stands: SOLVE init takes no METHOD or STEADYSTATE"));
    }

    // NET_RECEIVE: further arguments, INITIAL first, net_send only where events arrive.
    void netReceiveForms() {
        const std::string head = "NEURON { POINT_PROCESS x }\nSTATE { g }\n";
        const Model m = analyse(parse_module(head + "NET_RECEIVE(w, u, n) {\n INITIAL { u = 1 }\n g = g + w*u\n n = n + 1\n"
                                             " net_send(2, 1)\n}\n", "x.mod"));
        QCOMPARE(m.connection_state, (std::vector<std::string>{"u", "n"}));
        QVERIFY(!m.connection_initial.empty());
        QCOMPARE(analysis_error(head + "NET_RECEIVE(w, u) {\n g = g + w\n INITIAL { u = 1 }\n}\n"),
                 std::string("x.mod:5:2: INITIAL must come first in NET_RECEIVE, and once"));
        QCOMPARE(analysis_error(head + "NET_RECEIVE(w, u) {\n INITIAL { net_send(1, 1) }\n}\n"),
                 std::string("x.mod:4:12: net_send is not supported yet (in NET_RECEIVE's INITIAL)"));
        QCOMPARE(analysis_error(head + "NET_RECEIVE(w, g) {\n}\n"),
                 std::string("x.mod:3:16: NET_RECEIVE argument 'g' has the name of a variable of the mechanism"));
        QCOMPARE(analysis_error(head + "NET_RECEIVE(w) {\n net_send(1)\n}\n"), std::string("x.mod:4:2: net_send takes a delay and a flag"));
        // The connection's random draws: in NET_RECEIVE (and its INITIAL) only, with their arguments.
        QCOMPARE(analysis_error(head + "NET_RECEIVE(w, k) {\n INITIAL { g = event_uniform(0) }\n g = g + w*event_binomial(4, 0.5, k)\n}\n"),
                 std::string());
        QCOMPARE(analysis_error(head + "BREAKPOINT {\n g = event_uniform(1)\n}\n"),
                 std::string("x.mod:4:6: event_uniform() draws from a connection's random stream and is allowed only in "
                             "NET_RECEIVE (here: BREAKPOINT)"));
        QCOMPARE(analysis_error(head + "NET_RECEIVE(w) {\n g = event_binomial(4, 0.5)\n}\n"),
                 std::string("x.mod:4:6: event_binomial() takes 3 arguments, given 2"));
    }

    // Deep nesting is refused with a message, never a stack overflow.
    void deepNestingRefused() {
        const std::string deep = neuron + "INITIAL { a = " + std::string(100000, '(') + "1" + std::string(100000, ')') + " }";
        QVERIFY2(error_of(deep).find("nested more than 200 levels deep") != std::string::npos, error_of(deep).c_str());
        std::string blocks = neuron + "INITIAL ";
        for (int i = 0; i < 50000; ++i) blocks += "{ ";
        QVERIFY(error_of(blocks).find("nested more than 200 levels deep") != std::string::npos);
        std::string minus = neuron + "INITIAL { a = " + std::string(100000, '-') + "1 }";
        QVERIFY(error_of(minus).find("nested more than 200 levels deep") != std::string::npos);
        std::string ifs = neuron + "INITIAL { ";
        for (int i = 0; i < 50000; ++i) ifs += "if (a) { b = 1 } else ";
        QVERIFY(error_of(ifs).find("nested more than 200 levels deep") != std::string::npos);
    }

    // Every prefix of a real file either parses or is refused with an NmodlError.
    void everyPrefixParsesOrIsRefused() {
        const std::string text = read_text(fixtures / "hh.mod");
        int refused = 0;
        for (std::size_t cut = 0; cut <= text.size(); cut += 3) {
            try {
                parse_module(std::string_view(text).substr(0, cut), "hh.mod");
            } catch (const NmodlError&) {
                ++refused;
            }
        }
        QVERIFY(refused > static_cast<int>(text.size() / 3) * 9 / 10);
        parse_module(text, "hh.mod");
    }

    // The fuzzing corpus (tests/fuzz/corpus/nmodl, kept growing by scripts/fuzz nmodl)
    // through the whole translator: C++ or a lamina::Error, never anything else, and
    // every catalogue file translates.
    void fuzzCorpusTranslatesOrIsRefused() {
        int translated = 0, refused = 0;
        for (const auto& entry : fs::directory_iterator(fs::path(LAMINA_FUZZ_CORPUS_DIR) / "nmodl")) {
            const std::string text = read_text(entry.path());
            try {
                const std::string cpp = generate_cpp(analyse(parse_module(text, entry.path().filename().string())), "register_x");
                QVERIFY(cpp.find("register_mechanism") != std::string::npos);
                ++translated;
            } catch (const Error&) {
                ++refused;
            }
        }
        QVERIFY(translated >= 8);
        for (const auto& entry : fs::directory_iterator(fs::path(LAMINA_RESOURCE_DIR) / "mechanisms")) {
            if (entry.path().extension() != ".mod") continue;
            const Model model = analyse(read_module(entry.path()));
            QCOMPARE(model.name, entry.path().stem().string());
        }
        qInfo("%d translated, %d refused", translated, refused);
    }
};

QTEST_GUILESS_MAIN(TestNmodlParser)
#include "test_nmodl_parser.moc"
