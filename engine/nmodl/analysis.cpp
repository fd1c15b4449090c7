// The analysis from a parsed module to a Model (see model.h): names and their roles,
// kernels inlined and checked, stored versus temporary values, currents and their
// conductances. The integration methods are in solvers.cpp.

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/nmodl/inliner.h"
#include "engine/nmodl/model.h"
#include "engine/nmodl/nmodl_error.h"
#include "engine/nmodl/solvers.h"
#include "engine/nmodl/symbolic.h"

namespace lamina::nmodl {

namespace {

// NEURON 9's values (2019 SI), as the engine's Nernst potentials use them.
constexpr double faraday = 96485.33212331;         // [C/mol]
constexpr double gas_constant = 8.31446261815324;  // [J/(mol K)]

bool contains(const std::vector<std::string>& list, const std::string& n) {
    return std::find(list.begin(), list.end(), n) != list.end();
}

class Analyser {
public:
    explicit Analyser(const Module& m) : m_(m) {}

    Model run() {
        model_.name = m_.name;
        model_.file = m_.file;
        model_.kind = m_.kind;
        declare();
        build_kernels();
        decide_storage();
        derive_conductances();
        return std::move(model_);
    }

private:
    [[noreturn]] void fail(Position at, const std::string& message) const { throw NmodlError(m_.file, at, message); }

    void role(const std::string& n, Role r) { model_.roles[n] = r; }
    bool known(const std::string& n) const { return model_.roles.count(n) != 0; }

    void declare() {
        role("v", Role::voltage);
        role("t", Role::time);
        role("dt", Role::step);
        role("celsius", Role::temperature);
        for (const auto& c : m_.unit_constants) constant(c);
        for (const auto& c : m_.constants) {
            if (!c.value) fail(c.at, "CONSTANT '" + c.name + "' has no value");
            model_.constants[c.name] = *c.value;
            role(c.name, Role::constant);
        }
        for (const auto& ion : m_.ions) declare_ion(ion);
        for (const auto& p : m_.parameters) {
            if (known(p.name)) continue;  // v, celsius, an ion's variable: theirs, not the mechanism's
            model_.parameters.push_back({p.name, p.units, p.value.value_or(0.0), p.limits ? p.limits->first : -1e300});
            role(p.name, Role::parameter);
        }
        for (const auto& s : m_.states) {
            if (known(s.name)) {
                if (model_.roles[s.name] != Role::ion) fail(s.at, "STATE '" + s.name + "' is already declared");
                // cai as a state: the ion's concentration itself, integrated in place.
                const IonBinding b = model_.ion_variables.at(s.name);
                const ModelIon& ion = model_.ions[b.ion];
                const bool written = (b.field == IonField::internal && ion.write_internal) ||
                                     (b.field == IonField::external && ion.write_external);
                if (!written) fail(s.at, "STATE '" + s.name + "' is ion " + ion.name + "'s, but USEION " + ion.name + " does not WRITE it");
                states_.insert(s.name);
                continue;
            }
            model_.stored.push_back(s.name);
            model_.stored_units.push_back(s.units);
            states_.insert(s.name);
            role(s.name, Role::stored);
        }
        for (const auto& a : m_.assigned) {
            if (known(a.name)) continue;
            if (contains(m_.nonspecific_currents, a.name) || contains(m_.electrode_currents, a.name)) {
                role(a.name, Role::temporary);
                continue;
            }
            candidates_.push_back(a.name);
            role(a.name, Role::temporary);  // until decide_storage()
        }
        for (const auto& n : m_.nonspecific_currents)
            if (!known(n)) fail(m_.neuron_at, "NONSPECIFIC_CURRENT '" + n + "' is not declared in ASSIGNED");
        for (const auto& n : m_.electrode_currents)
            if (!known(n)) fail(m_.neuron_at, "ELECTRODE_CURRENT '" + n + "' is not declared in ASSIGNED");
        for (const auto& n : m_.range)
            if (!known(n)) fail(m_.neuron_at, "RANGE '" + n + "' is not declared in PARAMETER, ASSIGNED or STATE");
        for (const auto& n : m_.pointers) fail(m_.neuron_at, "POINTER '" + n + "' is not supported");
    }

    void constant(const UnitConstant& c) {
        double value = 0;
        if (c.physical == "faraday" && (c.units.empty() || c.units == "coulomb" || c.units == "coulombs" || c.units == "coul"))
            value = faraday;
        else if (c.physical == "faraday" && (c.units == "kilocoulombs" || c.units == "kilocoulomb"))
            value = faraday * 1e-3;
        else if (c.physical == "k-mole" && c.units == "joule/degC")
            value = gas_constant;
        else if (c.physical == "pi" && (c.units.empty() || c.units == "1"))
            value = 3.14159265358979323846;
        else
            fail(c.at, "unknown physical constant (" + c.physical + ")" + (c.units.empty() ? "" : " (" + c.units + ")") +
                           ": FARADAY as (faraday) (coulomb) or (kilocoulombs), R as (k-mole) (joule/degC), PI as (pi)");
        model_.constants[c.name] = value;
        role(c.name, Role::constant);
    }

    void declare_ion(const IonDeclaration& d) {
        const std::size_t index = model_.ions.size();
        ModelIon ion;
        ion.name = d.ion;
        ion.valence = d.valence.value_or(0.0);
        const std::string e = "e" + d.ion, i = "i" + d.ion, in = d.ion + "i", out = d.ion + "o";
        const std::string known_names = " (" + e + ", " + i + ", " + in + ", " + out + ")";
        const auto bind = [&](const std::string& n, IonField f) {
            model_.ion_variables[n] = {index, f};
            role(n, Role::ion);
        };
        for (const auto& n : d.read) {
            if (n == e) ion.read_reversal = true, bind(n, IonField::reversal);
            else if (n == i) ion.read_current = true, bind(n, IonField::current);
            else if (n == in) ion.read_internal = true, bind(n, IonField::internal);
            else if (n == out) ion.read_external = true, bind(n, IonField::external);
            else fail(d.at, "'" + n + "' is not a variable of ion " + d.ion + known_names);
        }
        for (const auto& n : d.write) {
            if (n == i) ion.write_current = true, bind(n, IonField::current);
            else if (n == in) ion.write_internal = true, bind(n, IonField::internal);
            else if (n == out) ion.write_external = true, bind(n, IonField::external);
            else if (n == e)
                fail(d.at, "writing the reversal potential " + e + " is not supported (it is set, or follows the concentrations by Nernst)");
            else fail(d.at, "'" + n + "' is not a variable of ion " + d.ion + known_names);
        }
        if (ion.read_current && ion.write_current)
            fail(d.at, "ion " + d.ion + ": a mechanism either writes " + i + " or reads the sum of the others' (not both)");
        if (ion.write_current) {
            model_.current_names.push_back(i);
            model_.current_is_electrode.push_back(false);
        }
        model_.ions.push_back(std::move(ion));
    }

    void build_kernels() {
        if (m_.initial) {
            for (const auto& s : inline_calls(*m_.initial, m_, "INITIAL")) {
                const auto* solve = std::get_if<Solve>(&s.what);
                if (!solve) {
                    model_.initial.push_back(s);
                    continue;
                }
                for (auto& u : steady_state(*solve, s.at)) model_.initial.push_back(std::move(u));
            }
        }
        localize_voltage(model_.initial);
        check(model_.initial, "INITIAL");
        if (m_.breakpoint) {
            const Block breakpoint = inline_calls(*m_.breakpoint, m_, "BREAKPOINT");
            for (const auto& s : breakpoint) {
                if (const auto* solve = std::get_if<Solve>(&s.what)) {
                    for (auto& u : integrate(*solve, s.at)) model_.state_update.push_back(std::move(u));
                } else {
                    model_.currents.push_back(s);
                }
            }
        }
        localize_voltage(model_.currents);
        localize_voltage(model_.state_update);
        check(model_.currents, "BREAKPOINT");
        check(model_.state_update, "the SOLVE'd block");
        for (const auto& n : m_.nonspecific_currents) {
            model_.current_names.push_back(n);
            model_.current_is_electrode.push_back(false);
        }
        for (const auto& n : m_.electrode_currents) {
            model_.current_names.push_back(n);
            model_.current_is_electrode.push_back(true);
        }
        if (m_.net_receive) net_receive();
    }

    SolverContext context() const {
        SolverContext c{m_.file, states_, {}};
        for (const auto& s : m_.states) c.state_order.push_back(s.name);
        return c;
    }

    // SOLVE of a LINEAR or NONLINEAR block (no METHOD: it is solved, not integrated),
    // or null.
    const NamedBlock* linear_block(const Solve& solve, Position at, bool& nonlinear) const {
        for (const auto* blocks : {&m_.linears, &m_.nonlinears})
            for (const auto& l : *blocks) {
                if (l.name != solve.block) continue;
                nonlinear = blocks == &m_.nonlinears;
                const std::string kind = nonlinear ? "NONLINEAR " : "LINEAR ";
                if (!solve.method.empty() || !solve.steady_state.empty())
                    fail(at, kind + l.name + " is solved as it stands: SOLVE " + l.name + " takes no METHOD or STEADYSTATE");
                return &l;
            }
        return nullptr;
    }

    Block solve_linear(const Solve& solve, Position at) {
        bool nonlinear = false;
        const NamedBlock* l = linear_block(solve, at, nonlinear);
        if (!l) return {};
        const std::string kind = nonlinear ? "NONLINEAR " : "LINEAR ";
        return solve_linear_block(inline_calls(l->body, m_, kind + l->name), context(), l->name, nonlinear);
    }

    bool names_linear_block(const Solve& solve) const {
        for (const auto* blocks : {&m_.linears, &m_.nonlinears})
            for (const auto& l : *blocks)
                if (l.name == solve.block) return true;
        return false;
    }

    Block integrate(const Solve& solve, Position at) {
        if (names_linear_block(solve)) return solve_linear(solve, at);
        if (!solve.steady_state.empty()) fail(at, "STEADYSTATE belongs in INITIAL, not BREAKPOINT");
        for (const auto& d : m_.derivatives) {
            if (d.name != solve.block) continue;
            const Block body = inline_calls(d.body, m_, "DERIVATIVE " + d.name);
            if (solve.method == "cnexp") return integrate_cnexp(body, context());
            if (solve.method == "euler") return integrate_euler(body, context());
            if (solve.method == "derivimplicit") return integrate_derivimplicit(body, context());
            if (solve.method.empty()) fail(at, "SOLVE " + solve.block + " needs a METHOD (cnexp, derivimplicit, euler)");
            fail(at, "METHOD " + solve.method + " is not supported for DERIVATIVE blocks (cnexp, derivimplicit and euler are)");
        }
        for (const auto& k : m_.kinetics) {
            if (k.name != solve.block) continue;
            if (solve.method != "sparse") fail(at, "KINETIC " + k.name + " is integrated by METHOD sparse (given: " + (solve.method.empty() ? std::string("none") : solve.method) + ")");
            return integrate_kinetic(inline_calls(k.body, m_, "KINETIC " + k.name), context(), false);
        }
        fail(at, "SOLVE names '" + solve.block + "', which is no DERIVATIVE or KINETIC block");
    }

    // SOLVE ... STEADYSTATE in INITIAL: the states where their derivatives vanish.
    Block steady_state(const Solve& solve, Position at) {
        if (names_linear_block(solve)) return solve_linear(solve, at);
        if (solve.steady_state.empty()) fail(at, "in INITIAL, SOLVE takes STEADYSTATE (a METHOD integrates over time, in BREAKPOINT)");
        for (const auto& k : m_.kinetics) {
            if (k.name != solve.block) continue;
            if (solve.steady_state != "sparse") fail(at, "KINETIC " + k.name + " takes STEADYSTATE sparse");
            return integrate_kinetic(inline_calls(k.body, m_, "KINETIC " + k.name), context(), true);
        }
        for (const auto& d : m_.derivatives) {
            if (d.name != solve.block) continue;
            if (solve.steady_state != "derivimplicit" && solve.steady_state != "cnexp")
                fail(at, "DERIVATIVE " + d.name + " takes STEADYSTATE derivimplicit or cnexp");
            return steady_state_cnexp(inline_calls(d.body, m_, "DERIVATIVE " + d.name), context());
        }
        fail(at, "SOLVE names '" + solve.block + "', which is no DERIVATIVE or KINETIC block");
    }

    void net_receive() {
        const auto& r = *m_.net_receive;
        if (m_.kind == ModuleKind::density) fail(r.at, "NET_RECEIVE in a density mechanism (SUFFIX): only point processes receive events");
        if (r.arguments.empty()) fail(r.at, "NET_RECEIVE needs the weight as its first argument");
        model_.has_net_receive = true;
        // The weight and the further arguments are the connection's values (its state
        // kept between events, a Tsodyks-Markram synapse's resources and last spike).
        for (std::size_t k = 0; k < r.arguments.size(); ++k) {
            const std::string& n = r.arguments[k].name;
            if (model_.roles.count(n))
                fail(r.arguments[k].at, "NET_RECEIVE argument '" + n + "' has the name of a variable of the mechanism");
            model_.roles[n] = Role::local;
            if (k > 0) model_.connection_state.push_back(n);
        }
        model_.net_receive_weight = r.arguments[0].name;
        if (!model_.roles.count("flag")) {
            model_.roles["flag"] = Role::local;
            model_.reads_flag = true;
        }
        // INITIAL first, then the events' code.
        Block body;
        bool seen_initial = false;
        for (const auto& s : r.body) {
            if (const auto* initial = std::get_if<std::shared_ptr<NestedInitial>>(&s.what)) {
                if (!body.empty() || seen_initial) fail(s.at, "INITIAL must come first in NET_RECEIVE, and once");
                seen_initial = true;
                model_.connection_initial = inline_calls((*initial)->body, m_, "NET_RECEIVE's INITIAL");
                localize_voltage(model_.connection_initial);
                check(model_.connection_initial, "NET_RECEIVE's INITIAL");
                continue;
            }
            body.push_back(s);
        }
        model_.net_receive = inline_calls(body, m_, "NET_RECEIVE");
        localize_voltage(model_.net_receive);
        check(model_.net_receive, "NET_RECEIVE");
        // Linear in events: only `state = state + expression of the weight and values no
        // state changes`, so two synapses' events add like one synapse's.
        bool linear = model_.connection_state.empty();
        for (const auto& s : model_.net_receive) {
            const auto* a = std::get_if<Assignment>(&s.what);
            if (!a || !states_.count(a->target)) {
                linear = false;
                break;
            }
            const Expression& e = a->value;
            const bool adds = e->kind == ExpressionNode::Kind::binary && e->op == Operator::add &&
                              e->operands[0]->kind == ExpressionNode::Kind::name && e->operands[0]->name == a->target;
            if (!adds || depends_on(e->operands[1], [&](const std::string& n) { return states_.count(n) != 0; })) linear = false;
        }
        model_.linear_in_events = linear;
    }

    // A kernel that assigns v (Allen's Ca_LVA shifts it by 10 mV inside rates() and back)
    // works on its own copy, as NEURON's mechanisms do: the membrane potential of the
    // cable equation never changes. Every v of the kernel becomes a local set from v.
    static void localize_voltage(Block& block) {
        if (!assigns(block, "v")) return;
        const std::string copy = "v__local";
        rename_voltage(block, copy, {{"v", name(copy)}});
        block.insert(block.begin(), {Statement{{}, LocalDeclaration{{copy}}}, Statement{{}, Assignment{copy, false, name("v")}}});
    }

    static bool assigns(const Block& block, const std::string& target) {
        for (const auto& s : block) {
            if (const auto* a = std::get_if<Assignment>(&s.what); a && a->target == target) return true;
            if (const auto* i = std::get_if<If>(&s.what); i && (assigns(i->then_block, target) || assigns(i->else_block, target)))
                return true;
        }
        return false;
    }

    // Every v in `block`, read or written, becomes `copy` (`to_copy` maps v to it).
    static void rename_voltage(Block& block, const std::string& copy, const std::map<std::string, Expression>& to_copy) {
        for (auto& s : block) {
            if (auto* a = std::get_if<Assignment>(&s.what)) {
                if (a->target == "v") a->target = copy;
                a->value = substitute(a->value, to_copy);
            } else if (auto* i = std::get_if<If>(&s.what)) {
                i->condition = substitute(i->condition, to_copy);
                rename_voltage(i->then_block, copy, to_copy);
                rename_voltage(i->else_block, copy, to_copy);
            } else if (auto* c = std::get_if<CallStatement>(&s.what)) {
                for (auto& argument : c->arguments) argument = substitute(argument, to_copy);
            }
        }
    }

    // Every name read is known or a local in scope; every write goes to something writable.
    void check(const Block& block, const std::string& where) {
        std::set<std::string> locals;
        check(block, where, locals);
    }

    void check(const Block& block, const std::string& where, std::set<std::string>& locals) {
        const auto read = [&](const Expression& e, Position at) {
            depends_on(e, [&](const std::string& n) {
                if (!locals.count(n) && !known(n)) fail(at, "unknown variable '" + n + "' in " + where);
                return false;
            });
        };
        for (const auto& s : block) {
            if (const auto* l = std::get_if<LocalDeclaration>(&s.what)) {
                for (const auto& n : l->names) locals.insert(n);
            } else if (const auto* a = std::get_if<Assignment>(&s.what)) {
                read(a->value, s.at);
                if (!locals.count(a->target)) writable(a->target, s.at, where);
            } else if (const auto* i = std::get_if<If>(&s.what)) {
                read(i->condition, s.at);
                check(i->then_block, where, locals);
                check(i->else_block, where, locals);
            } else if (const auto* c = std::get_if<CallStatement>(&s.what)) {
                if (c->function != "net_send" || where != "NET_RECEIVE")
                    fail(s.at, c->function + " is not supported yet (in " + where + ")");
                if (c->arguments.size() != 2) fail(s.at, "net_send takes a delay and a flag");
                for (const auto& argument : c->arguments) read(argument, s.at);
            } else if (std::holds_alternative<Solve>(s.what)) {
                fail(s.at, "SOLVE is allowed only in BREAKPOINT and INITIAL (here: " + where + ")");
            } else {
                fail(s.at, "this statement is allowed only in KINETIC, LINEAR or NONLINEAR blocks (here: " + where + ")");
            }
        }
    }

    void writable(const std::string& n, Position at, const std::string& where) {
        const auto found = model_.roles.find(n);
        if (found == model_.roles.end()) fail(at, "unknown variable '" + n + "' assigned in " + where);
        switch (found->second) {
        case Role::voltage: fail(at, "v is assigned in " + where + ": the membrane potential belongs to the cable equation");
        case Role::time:
        case Role::step:
        case Role::temperature: fail(at, "'" + n + "' is assigned in " + where + ": it is the run's, read-only here");
        case Role::constant: fail(at, "CONSTANT '" + n + "' is assigned in " + where);
        case Role::ion: {
            const IonBinding b = model_.ion_variables.at(n);
            const ModelIon& ion = model_.ions[b.ion];
            const bool ok = (b.field == IonField::current && ion.write_current) ||
                            (b.field == IonField::internal && ion.write_internal) ||
                            (b.field == IonField::external && ion.write_external);
            if (!ok) fail(at, "'" + n + "' is assigned in " + where + " but USEION " + ion.name + " does not WRITE it");
            return;
        }
        default: return;
        }
    }

    // An ASSIGNED value is stored per instance when the user may look at it (RANGE) or a
    // kernel reads it before writing it; otherwise it is a local of each loop body.
    std::string declared_units(const std::string& name) const {
        for (const Variable& a : m_.assigned)
            if (a.name == name) return a.units;
        return {};
    }

    void decide_storage() {
        std::set<std::string> read_first;
        for (const Block* kernel : {&model_.initial, &model_.currents, &model_.state_update, &model_.net_receive}) {
            std::set<std::string> assigned;
            reads_before_writes(*kernel, assigned, read_first);
        }
        for (const auto& n : candidates_) {
            const bool range = contains(m_.range, n);
            if (range || read_first.count(n)) {
                model_.stored.push_back(n);
                model_.stored_units.push_back(declared_units(n));
                model_.roles[n] = Role::stored;
                if (!read_first.count(n)) model_.outputs.push_back(n);
            } else {
                model_.temporaries.push_back(n);
            }
        }
    }

    void reads_before_writes(const Block& block, std::set<std::string>& assigned, std::set<std::string>& stored) {
        const auto read = [&](const Expression& e) {
            depends_on(e, [&](const std::string& n) {
                if (contains(candidates_, n) && !assigned.count(n)) stored.insert(n);
                return false;
            });
        };
        for (const auto& s : block) {
            if (const auto* a = std::get_if<Assignment>(&s.what)) {
                read(a->value);
                assigned.insert(a->target);
            } else if (const auto* i = std::get_if<If>(&s.what)) {
                read(i->condition);
                std::set<std::string> then_assigned = assigned, else_assigned = assigned;
                reads_before_writes(i->then_block, then_assigned, stored);
                reads_before_writes(i->else_block, else_assigned, stored);
                std::set<std::string> both;
                std::set_intersection(then_assigned.begin(), then_assigned.end(), else_assigned.begin(),
                                      else_assigned.end(), std::inserter(both, both.begin()));
                assigned = std::move(both);
            }
        }
    }

    // Forward-mode derivatives of the currents with respect to v, as statements beside
    // the ones they differentiate: x__dv after each assignment to an x that may depend
    // on v. The conductance of each current is then its __dv local (exact for any
    // current, where NEURON differences at v + 0.001 mV).
    void derive_conductances() {
        std::set<std::string> tracked{"v"};
        for (bool grew = true; grew;) {
            grew = false;
            collect_tracked(model_.currents, tracked, grew);
        }
        tracked.erase("v");
        Block out;
        if (!tracked.empty()) {
            LocalDeclaration locals;
            for (const auto& n : tracked) locals.names.push_back(n + "__dv");
            out.push_back(Statement{{}, std::move(locals)});
            for (const auto& n : tracked) out.push_back(Statement{{}, Assignment{n + "__dv", false, number(0.0)}});
        }
        for (auto& s : with_derivatives(model_.currents, tracked)) out.push_back(std::move(s));
        model_.currents = std::move(out);
        for (const auto& c : model_.current_names)
            model_.current_conductances.push_back(tracked.count(c) ? name(c + "__dv") : number(0.0));
    }

    void collect_tracked(const Block& block, std::set<std::string>& tracked, bool& grew) {
        for (const auto& s : block) {
            if (const auto* a = std::get_if<Assignment>(&s.what)) {
                if (!tracked.count(a->target) &&
                    depends_on(a->value, [&](const std::string& n) { return tracked.count(n) != 0; })) {
                    tracked.insert(a->target);
                    grew = true;
                }
            } else if (const auto* i = std::get_if<If>(&s.what)) {
                collect_tracked(i->then_block, tracked, grew);
                collect_tracked(i->else_block, tracked, grew);
            }
        }
    }

    Block with_derivatives(const Block& block, const std::set<std::string>& tracked) {
        Block out;
        const auto derivative_of = [&](const std::string& n) -> std::optional<Expression> {
            if (n == "v") return number(1.0);
            if (tracked.count(n)) return name(n + "__dv");
            return std::nullopt;
        };
        for (const auto& s : block) {
            if (const auto* i = std::get_if<If>(&s.what)) {
                If copy = *i;
                copy.then_block = with_derivatives(i->then_block, tracked);
                copy.else_block = with_derivatives(i->else_block, tracked);
                out.push_back(Statement{s.at, std::move(copy)});
                continue;
            }
            out.push_back(s);
            const auto* a = std::get_if<Assignment>(&s.what);
            if (!a || !tracked.count(a->target)) continue;
            Expression d;
            try {
                d = differentiate(a->value, derivative_of);
            } catch (const std::domain_error& e) {
                fail(s.at, std::string("cannot derive the conductance: ") + e.what());
            }
            out.push_back(Statement{s.at, Assignment{a->target + "__dv", false, d}});
        }
        return out;
    }

    const Module& m_;
    Model model_;
    std::set<std::string> states_;
    std::vector<std::string> candidates_;
};

}  // namespace

Model analyse(const Module& module) { return Analyser(module).run(); }

}  // namespace lamina::nmodl
