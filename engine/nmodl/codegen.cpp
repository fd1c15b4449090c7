#include "engine/nmodl/codegen.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "engine/errors.h"
#include "engine/nmodl/loop_optimizer.h"
#include "engine/nmodl/symbolic.h"

namespace lamina::nmodl {

namespace {

using Kind = ExpressionNode::Kind;

std::string literal(double x) {
    if (std::isnan(x)) return "std::numeric_limits<double>::quiet_NaN()";
    if (std::isinf(x)) return x > 0 ? "std::numeric_limits<double>::infinity()" : "(-std::numeric_limits<double>::infinity())";
    char text[40];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, x);
    std::string out(text, end);
    if (out.find_first_of(".e") == std::string::npos) out += ".0";
    return x < 0 ? "(" + out + ")" : out;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// The functions left after inlining, as C++ spells them: all without side effects.
const std::map<std::string, std::string> math_functions{
    {"exp", "exp_simd"}, {"log", "std::log"}, {"log10", "std::log10"}, {"sqrt", "std::sqrt"},
    {"fabs", "std::fabs"}, {"pow", "std::pow"}, {"sin", "std::sin"}, {"cos", "std::cos"},
    {"tan", "std::tan"}, {"tanh", "std::tanh"}, {"sinh", "std::sinh"}, {"cosh", "std::cosh"},
    {"atan", "std::atan"}, {"floor", "std::floor"}, {"ceil", "std::ceil"}};

// Kernels differ in what they finish with.
enum class KernelKind { initial, currents, state, event, probe };

// Marks where generated code resumes after statements mapped to the mod file; replaced by
// `#line N "output"` once the whole file's line numbers are known.
const char* line_reset = "#line LAMINA_RESUME\n";

class Writer {
public:
    Writer(const Model& m, bool lines) : m_(m), lines_(lines) {
        // A kernel that assigns a parameter would leave the cached values stale.
        for (const Block* b : {&m.initial, &m.currents, &m.state_update, &m.net_receive, &m.connection_initial})
            cache_allowed_ = cache_allowed_ && !assigns_parameter(*b, m);
    }

    // Values of the state kernel computed from parameters, dt and celsius alone
    // (exp(-dt/tau) with a per-instance tau), each kept per instance: computed when a run
    // starts and when a parameter changes instead of at every step.
    const std::vector<Expression>& cached() const { return cached_; }

    // The cached values for every instance, as the loop would compute them.
    std::string refresh_cache() {
        std::ostringstream out;
        out << "    void refresh_cache_(const MechanismPack& p) {\n";
        out << "        [[maybe_unused]] const double dt_ = p.dt, celsius_ = p.celsius;\n";
        for (std::size_t k = 0; k < m_.parameters.size(); ++k)
            out << "        [[maybe_unused]] const double* P_" << m_.parameters[k].name << " = p.parameters[" << k << "];\n";
        out << "        cache_.resize(" << cached_.size() << ");\n";
        out << "        for (auto& values : cache_) values.assign(p.width, 0.0);\n";
        out << "        for (std::size_t i_ = 0; i_ < p.width; ++i_) {\n";
        locals_.clear();
        in_loop_ = true;
        for (std::size_t k = 0; k < cached_.size(); ++k)
            out << "            cache_[" << k << "][i_] = " << expression(cached_[k]) << ";\n";
        out << "        }\n    }\n\n";
        return out.str();
    }

    std::string expression(const Expression& e) const {
        switch (e->kind) {
        case Kind::number: return literal(e->number);
        case Kind::name: return access(e->name);
        case Kind::negate: return "(-" + expression(e->operands[0]) + ")";
        case Kind::logical_not: return "(!" + expression(e->operands[0]) + ")";
        case Kind::call: {
            // In the loop, the vectorisable forms; before it (run-wide values) the C library's.
            if (in_loop_ && e->name == "log") return "log_simd(" + expression(e->operands[0]) + ")";
            if (in_loop_ && e->name == "log10")
                return "(log_simd(" + expression(e->operands[0]) + ") * 0.43429448190325182765)";
            if (in_loop_ && e->name == "pow")
                return "pow_simd(" + expression(e->operands[0]) + ", " + expression(e->operands[1]) + ")";
            // Draws of the event's stream (only in NET_RECEIVE, as the inliner checks).
            if (e->name == "event_uniform")
                return "event_uniform_(p, e_, " + expression(e->operands[0]) + ")";
            if (e->name == "event_binomial")
                return "binomial_from_uniform(" + expression(e->operands[0]) + ", " + expression(e->operands[1]) +
                       ", event_uniform_(p, e_, " + expression(e->operands[2]) + "))";
            const auto found = math_functions.find(e->name);
            if (found == math_functions.end()) throw InternalError("function " + e->name + " left after inlining");
            std::string out = found->second + "(";
            for (std::size_t k = 0; k < e->operands.size(); ++k) out += (k ? ", " : "") + expression(e->operands[k]);
            return out + ")";
        }
        case Kind::binary: break;
        }
        const std::string l = expression(e->operands[0]);
        if (e->op == Operator::power) {
            const Expression& r = e->operands[1];
            if (is_number(r) && r->number == std::round(r->number) && std::fabs(r->number) <= 128)
                return "ipow_<" + std::to_string(static_cast<int>(r->number)) + ">(" + l + ")";
            if (is_number(r, 0.5)) return "std::sqrt(" + l + ")";
            return std::string(in_loop_ ? "pow_simd(" : "std::pow(") + l + ", " + expression(r) + ")";
        }
        const std::string r = expression(e->operands[1]);
        return "(" + l + " " + spelling(e->op) + " " + r + ")";
    }

    std::string access(const std::string& n) const {
        if (!n.empty() && n.front() == '$') return "Q_" + n.substr(1) + "[i_]";  // a cached value
        if (locals_.count(n)) return "L_" + n;
        const auto role = m_.roles.find(n);
        if (role == m_.roles.end()) throw InternalError("name " + n + " has no role");
        switch (role->second) {
        case Role::parameter: return "P_" + n + "[i_]";
        case Role::stored: return "S_" + n + "[i_]";
        case Role::temporary:
        case Role::local: return "L_" + n;
        case Role::voltage: return "v_";
        case Role::time: return "t_";
        case Role::step: return "dt_";
        case Role::temperature: return "celsius_";
        case Role::constant: return literal(m_.constants.at(n));
        case Role::ion: {
            const IonBinding b = m_.ion_variables.at(n);
            const std::string at = "[a" + std::to_string(b.ion) + "_]";
            switch (b.field) {
            case IonField::reversal: return "ion" + std::to_string(b.ion) + "_reversal" + at;
            case IonField::internal: return "ion" + std::to_string(b.ion) + "_internal" + at;
            case IonField::external: return "ion" + std::to_string(b.ion) + "_external" + at;
            case IonField::current:
                return m_.ions[b.ion].write_current ? "L_" + n : "ion" + std::to_string(b.ion) + "_current" + at;
            }
        }
        }
        return "?";
    }

    void block(const Block& b, std::ostringstream& out, const std::string& indent) const {
        for (const auto& s : b) {
            if (lines_ && s.at.line != 0) out << "#line " << s.at.line << " " << quoted(m_.file) << "\n";
            if (const auto* a = std::get_if<Assignment>(&s.what)) {
                out << indent << access(a->target) << " = " << expression(a->value) << ";\n";
            } else if (const auto* c = std::get_if<CallStatement>(&s.what)) {  // net_send (checked by the analysis)
                out << indent << "self_.send(" << expression(c->arguments[0]) << ", " << expression(c->arguments[1]) << ");\n";
            } else if (const auto* i = std::get_if<If>(&s.what)) {
                out << indent << "if (" << expression(i->condition) << ") {\n";
                block(i->then_block, out, indent + "    ");
                if (!i->else_block.empty()) {
                    out << indent << "} else {\n";
                    block(i->else_block, out, indent + "    ");
                }
                out << indent << "}\n";
            }
        }
    }

    // Locals of a kernel: LOCAL declarations anywhere in it (inlined names are unique).
    void collect_locals(const Block& b) {
        for (const auto& s : b) {
            if (const auto* l = std::get_if<LocalDeclaration>(&s.what))
                for (const auto& n : l->names) locals_.insert(n);
            if (const auto* i = std::get_if<If>(&s.what)) {
                collect_locals(i->then_block);
                collect_locals(i->else_block);
            }
        }
    }

    // Top-level assignments of a local, once in the kernel, from run-wide values only:
    // computed once before the loop (q10 = 3^((celsius - 6.3)/10)).
    Block hoist_uniform(const Block& b, std::set<std::string>& hoisted) const {
        std::map<std::string, int> writes;
        count_writes(b, writes);
        Block rest;
        for (const auto& s : b) {
            const auto* a = std::get_if<Assignment>(&s.what);
            if (a && locals_.count(a->target) && writes[a->target] == 1 &&
                !depends_on(a->value, [&](const std::string& n) { return !uniform(n, hoisted); })) {
                hoisted.insert(a->target);
                hoisted_order_.push_back(s);
                continue;
            }
            rest.push_back(s);
        }
        return rest;
    }

    // `lean`: the model's outputs (values only observers read) are locals, not stored.
    std::string kernel(const Block& body, KernelKind kind, const std::string& function, bool lean = false) {
        locals_.clear();
        hoisted_order_.clear();
        for (const auto& n : m_.temporaries) locals_.insert(n);
        if (lean)
            for (const auto& n : m_.outputs) locals_.insert(n);
        for (const auto& n : m_.current_names) locals_.insert(n);
        if (kind == KernelKind::event)
            for (const auto& n : event_values()) locals_.insert(n);
        collect_locals(body);
        std::set<std::string> hoisted;
        const bool loop = kind != KernelKind::event && kind != KernelKind::probe;
        // Only a loop gains from values computed before it; in an event kernel a local
        // set from run-wide values may be the connection's own (`tsyn = t` in
        // NET_RECEIVE's INITIAL), which must stay where it is written back.
        Block rest = loop ? hoist_uniform(body, hoisted) : body;
        if (kind == KernelKind::initial || kind == KernelKind::state) rest = optimised(rest, hoisted);
        if (kind == KernelKind::state && cache_allowed_) cache_parameter_terms(rest);
        std::ostringstream out;
        if (kind == KernelKind::event)
            out << "    void " << function << "(MechanismPack& p, const EventDelivery& e_, [[maybe_unused]] SelfEvents& self_) {\n";
        else if (kind == KernelKind::probe)
            out << "    double " << function << "(const MechanismPack& p, std::uint32_t instance) const {\n";
        else
            out << "    template <bool Direct>\n    void " << function << "(MechanismPack& p) {\n";
        out << "        [[maybe_unused]] const double dt_ = p.dt, t_ = p.t, celsius_ = p.celsius;\n";
        out << "        [[maybe_unused]] const double* vs_ = p.v;\n";
        out << "        [[maybe_unused]] double* rhs_ = p.rhs;\n        [[maybe_unused]] double* d_ = p.d;\n";
        out << "        [[maybe_unused]] const double* weight_ = p.weight;\n";
        for (std::size_t k = 0; k < m_.parameters.size(); ++k)
            out << "        [[maybe_unused]] double* P_" << m_.parameters[k].name << " = p.parameters[" << k << "];\n";
        for (std::size_t k = 0; k < m_.stored.size(); ++k)
            out << "        [[maybe_unused]] double* S_" << m_.stored[k] << " = p.states[" << k << "];\n";
        if (kind == KernelKind::state)
            for (std::size_t k = 0; k < cached_.size(); ++k)
                out << "        [[maybe_unused]] const double* Q_" << k << " = cache_[" << k << "].data();\n";
        for (std::size_t k = 0; k < m_.ions.size(); ++k) {
            const std::string ion = "ion" + std::to_string(k);
            out << "        [[maybe_unused]] const std::uint32_t* " << ion << "_index = p.ions[" << k << "].index;\n";
            out << "        [[maybe_unused]] const double* " << ion << "_reversal = p.ions[" << k << "].reversal;\n";
            out << "        [[maybe_unused]] double* " << ion << "_current = p.ions[" << k << "].current;\n";
            out << "        [[maybe_unused]] double* " << ion << "_internal = p.ions[" << k << "].internal;\n";
            out << "        [[maybe_unused]] double* " << ion << "_external = p.ions[" << k << "].external;\n";
        }
        in_loop_ = false;
        for (const auto& s : hoisted_order_) {
            const auto& a = std::get<Assignment>(s.what);
            out << "        [[maybe_unused]] const double L_" << a.target << " = " << expression(a.value) << ";\n";
        }
        in_loop_ = true;
        std::string indent = "        ";
        if (loop) {
            out << "        for_each_instance(p, [&]([[maybe_unused]] std::size_t i_, [[maybe_unused]] std::size_t k_) "
                   "LAMINA_INLINE {\n";
            indent = "            ";
        } else {
            out << "        const std::size_t i_ = " << (kind == KernelKind::event ? "e_.instance" : "instance") << ", k_ = p.node[i_];\n";
            if (kind == KernelKind::event) {
                const auto values = event_values();
                for (std::size_t k = 0; k < values.size(); ++k)
                    out << "        double L_" << values[k] << " = e_.values[" << k << "];\n";
                if (m_.reads_flag) out << "        [[maybe_unused]] const double L_flag = e_.flag;\n";
            }
        }
        out << indent << "[[maybe_unused]] const double v_ = vs_[k_];\n";
        for (std::size_t k = 0; k < m_.ions.size(); ++k) {
            // Not all of a mechanism's ions need an index: one whose nodes are the
            // mechanism's has none even when another has (calcium only where the
            // mechanism is, potassium on more sections).
            const std::string own = "!ion" + std::to_string(k) + "_index";
            const std::string direct = loop ? "Direct || " + own + " ? i_ : " : own + " ? i_ : ";
            out << indent << "[[maybe_unused]] const std::size_t a" << k << "_ = " << direct << "std::size_t{ion" << k
                << "_index[i_]};\n";
        }
        for (const auto& n : locals_) {
            if (hoisted.count(n) || (kind == KernelKind::event && is_event_value(n))) continue;
            out << indent << "[[maybe_unused]] double L_" << n << " = 0.0;\n";
        }
        if (kind == KernelKind::initial)
            for (std::size_t k = 0; k < m_.stored.size(); ++k) out << indent << "S_" << m_.stored[k] << "[i_] = 0.0;\n";
        block(rest, out, indent);
        if (lines_) out << line_reset;
        if (kind == KernelKind::currents || kind == KernelKind::probe) finish_currents(out, indent, kind);
        if (kind == KernelKind::event) {
            const auto values = event_values();
            for (std::size_t k = 0; k < values.size(); ++k) out << "        e_.values[" << k << "] = L_" << values[k] << ";\n";
        }
        out << (loop ? "        });\n    }\n\n" : "    }\n\n");
        return out.str();
    }

private:
    // NET_RECEIVE's arguments: the weight, then the connection's state.
    std::vector<std::string> event_values() const {
        std::vector<std::string> values{m_.net_receive_weight};
        values.insert(values.end(), m_.connection_state.begin(), m_.connection_state.end());
        return values;
    }
    bool is_event_value(const std::string& n) const {
        const auto values = event_values();
        return std::find(values.begin(), values.end(), n) != values.end() || (m_.reads_flag && n == "flag");
    }

    static bool assigns_parameter(const Block& b, const Model& m) {
        for (const auto& s : b) {
            if (const auto* a = std::get_if<Assignment>(&s.what)) {
                const auto role = m.roles.find(a->target);
                if (role != m.roles.end() && role->second == Role::parameter) return true;
            }
            if (const auto* i = std::get_if<If>(&s.what))
                if (assigns_parameter(i->then_block, m) || assigns_parameter(i->else_block, m)) return true;
        }
        return false;
    }

    // Whether e depends on nothing but parameters, dt, celsius and constants (through
    // functions without side effects), and whether computing it costs a call or a
    // division: such a term is worth keeping per instance.
    struct Invariance {
        bool invariant = false, costly = false;
    };
    Invariance invariance(const Expression& e) const {
        switch (e->kind) {
        case Kind::number: return {true, false};
        case Kind::name: {
            if (locals_.count(e->name)) return {};
            const auto role = m_.roles.find(e->name);
            if (role == m_.roles.end()) return {};
            const Role r = role->second;
            return {r == Role::parameter || r == Role::step || r == Role::temperature || r == Role::constant, false};
        }
        case Kind::call: {
            Invariance all{math_functions.count(e->name) > 0, true};
            for (const auto& a : e->operands) all.invariant = all.invariant && invariance(a).invariant;
            return all;
        }
        default: break;
        }
        Invariance all{true, e->kind == Kind::binary && (e->op == Operator::divide || e->op == Operator::power)};
        for (const auto& a : e->operands) {
            const Invariance x = invariance(a);
            all.invariant = all.invariant && x.invariant;
            all.costly = all.costly || x.costly;
        }
        return all;
    }

    // The costly invariant terms of e, largest first, replaced by cached values.
    Expression cached_terms(const Expression& e) {
        const Invariance x = invariance(e);
        if (x.invariant) {
            if (!x.costly) return e;
            const std::string key = to_string(e);
            auto found = cache_index_.find(key);
            if (found == cache_index_.end()) {
                found = cache_index_.emplace(key, cached_.size()).first;
                cached_.push_back(e);
            }
            return name("$" + std::to_string(found->second), e->at);
        }
        if (e->operands.empty()) return e;
        auto copy = std::make_shared<ExpressionNode>(*e);
        for (auto& a : copy->operands) a = cached_terms(a);
        return copy;
    }

    void cache_parameter_terms(Block& b) {
        for (auto& s : b) {
            if (auto* a = std::get_if<Assignment>(&s.what)) a->value = cached_terms(a->value);
            if (auto* i = std::get_if<If>(&s.what)) {
                i->condition = cached_terms(i->condition);
                cache_parameter_terms(i->then_block);
                cache_parameter_terms(i->else_block);
            }
        }
    }

    // The loop's code with fractions carried and exponentials shared (loop_optimizer.h),
    // run-wide constants folded in. Only where nothing after the block reads its locals:
    // the currents kernel's are read by finish_currents.
    Block optimised(const Block& rest, const std::set<std::string>& hoisted) {
        std::map<std::string, Expression> constants;
        for (const auto& s : hoisted_order_) {
            const auto& a = std::get<Assignment>(s.what);
            const Expression value = simplify(substitute(a.value, constants));
            if (is_number(value)) constants[a.target] = value;
        }
        Block folded = rest;
        if (!constants.empty()) substitute_all(folded, constants);
        LoopNames names;
        names.is_temporary = [&](const std::string& n) { return locals_.count(n) > 0 && !hoisted.count(n); };
        names.is_voltage = [&](const std::string& n) {
            const auto role = m_.roles.find(n);
            return !locals_.count(n) && role != m_.roles.end() && role->second == Role::voltage;
        };
        names.is_taken = [&](const std::string& n) { return locals_.count(n) > 0 || m_.roles.count(n) > 0; };
        LoopCode code = optimise_loop(folded, names);
        for (const auto& n : code.new_locals) locals_.insert(n);
        return std::move(code.body);
    }

    static void substitute_all(Block& b, const std::map<std::string, Expression>& values) {
        for (auto& s : b) {
            if (auto* a = std::get_if<Assignment>(&s.what)) a->value = substitute(a->value, values);
            if (auto* i = std::get_if<If>(&s.what)) {
                i->condition = substitute(i->condition, values);
                substitute_all(i->then_block, values);
                substitute_all(i->else_block, values);
            }
        }
    }

    void finish_currents(std::ostringstream& out, const std::string& indent, KernelKind kind) const {
        // Membrane currents add; electrode currents (injected) subtract.
        std::string current, conductance;
        for (std::size_t c = 0; c < m_.current_names.size(); ++c) {
            const bool electrode = m_.current_is_electrode[c];
            const std::string sign = electrode ? (current.empty() ? "-" : " - ") : (current.empty() ? "" : " + ");
            current += sign + "L_" + m_.current_names[c];
            conductance += sign + expression(m_.current_conductances[c]);
        }
        if (current.empty() && kind != KernelKind::probe) return;  // no currents: nothing to add
        if (current.empty()) current = conductance = "0.0";
        const bool point = m_.kind != ModuleKind::density;
        if (kind == KernelKind::probe) {
            out << indent << "return " << current << ";\n";
            return;
        }
        const std::string scale = point ? "weight_[i_] * " : "";
        out << indent << "rhs_[k_] -= " << scale << "(" << current << ");\n";
        out << indent << "d_[k_] += " << scale << "(" << conductance << ");\n";
        for (std::size_t k = 0; k < m_.ions.size(); ++k) {
            if (!m_.ions[k].write_current) continue;
            const std::string ion = "ion" + std::to_string(k);
            out << indent << "if (" << ion << "_current) " << ion << "_current[a" << k << "_] += " << scale << "L_i"
                << m_.ions[k].name << ";\n";
        }
    }

    bool uniform(const std::string& n, const std::set<std::string>& hoisted) const {
        if (hoisted.count(n)) return true;
        if (locals_.count(n)) return false;
        const auto role = m_.roles.find(n);
        if (role == m_.roles.end()) return false;
        return role->second == Role::constant || role->second == Role::temperature || role->second == Role::step ||
               role->second == Role::time;
    }

    static void count_writes(const Block& b, std::map<std::string, int>& writes) {
        for (const auto& s : b) {
            if (const auto* a = std::get_if<Assignment>(&s.what)) ++writes[a->target];
            if (const auto* i = std::get_if<If>(&s.what)) {
                count_writes(i->then_block, writes);
                count_writes(i->else_block, writes);
            }
        }
    }

    const Model& m_;
    bool lines_;  // #line directives to the mod file
    std::set<std::string> locals_;
    mutable Block hoisted_order_;
    bool in_loop_ = true;  // expressions inside the instance loop (vectorised functions)
    bool cache_allowed_ = true;
    std::vector<Expression> cached_;
    std::map<std::string, std::size_t> cache_index_;  // a cached term's text -> its index
};

// (The engine's headers are spelled in two pieces: this file writes them into generated
// code but does not include them itself, which the layering check reads line by line.)
const char* prelude_includes = "#include <array>\n#include <cmath>\n#include <cstdint>\n#include <limits>\n"
                               "#include <memory>\n\n#include \"engine/" "sim/mechanism.h\"\n#include \"engine/"
                               "sim/simd_math.h\"\n#include \"engine/" "sim/random.h\"\n\n";
const char* prelude = R"(namespace {

using namespace lamina::sim;

// x^N by squaring, as the loop vectorises it (N a whole number up to 128).
template <int N>
LAMINA_INLINE inline double ipow_(double x) {
    if constexpr (N == 0) return 1.0;
    else if constexpr (N < 0) return 1.0 / ipow_<-N>(x);
    else if constexpr (N % 2 == 0) {
        const double h = ipow_<N / 2>(x);
        return h * h;
    } else return ipow_<N - 1>(x) * x;
}

// The k-th uniform of the event's stream (NMODL's event_uniform).
[[maybe_unused]] inline double event_uniform_(const MechanismPack& p, const EventDelivery& e, double k) {
    const bool stimulus = e.connection == no_connection;
    return uniform_open(p.seed, event_stream(e.connection, stimulus, p.random_keys[e.instance], e.time), draw_counter(k));
}

)";

}  // namespace

std::string register_function_name(const std::string& mechanism) {
    std::string out = "register_";
    for (unsigned char c : mechanism) {
        if (std::isalnum(c) || c == '_') out += static_cast<char>(c);
        else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "x%02x_", c);
            out += hex;
        }
    }
    return out;
}

namespace {

// Each line_reset as the #line directive that gives the next line its own number.
std::string resolve_line_resets(const std::string& text, const std::string& output_file) {
    std::string out;
    std::size_t line = 1, start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size() - 1;
        const std::string_view current(text.data() + start, end - start + 1);
        if (current == line_reset) out += "#line " + std::to_string(line + 1) + " " + quoted(output_file) + "\n";
        else out += current;
        ++line;
        start = end + 1;
    }
    return out;
}

}  // namespace

std::string generate_cpp(const Model& m, const std::string& register_function, bool plugin, const std::string& output_file) {
    std::ostringstream out;
    out << "// Generated by lamina-modcc from " << m.file << ": edit the mod file, not this.\n\n" << prelude_includes << prelude;
    out << "constexpr std::array<ParameterSpec, " << m.parameters.size() << "> parameters_{{";
    for (std::size_t k = 0; k < m.parameters.size(); ++k) {
        const auto& p = m.parameters[k];
        out << (k ? ",\n    " : "\n    ") << "{" << quoted(p.name) << ", " << literal(p.default_value) << ", "
            << quoted(p.units) << ", " << (p.minimum <= -1e300 ? std::string("-1e300") : literal(p.minimum)) << "}";
    }
    out << "}};\n\n";
    out << "const MechanismInfo& info_() {\n    static const MechanismInfo info = [] {\n        MechanismInfo m;\n";
    out << "        m.name = " << quoted(m.name) << ";\n";
    out << "        m.kind = MechanismKind::" << (m.kind == ModuleKind::density ? "density" : "point") << ";\n";
    out << "        m.parameters = parameter_infos(parameters_);\n        m.states = {";
    for (std::size_t k = 0; k < m.stored.size(); ++k) out << (k ? ", " : "") << quoted(m.stored[k]);
    out << "};\n        m.state_units = {";
    for (std::size_t k = 0; k < m.stored_units.size(); ++k) out << (k ? ", " : "") << quoted(m.stored_units[k]);
    out << "};\n";
    for (const auto& ion : m.ions) {
        out << "        m.ions.push_back(IonUse{" << quoted(ion.name) << ", " << ion.read_reversal << ", " << ion.write_current
            << ", " << ion.read_current << ", " << ion.read_internal << ", " << ion.write_internal << ", "
            << ion.read_external << ", " << ion.write_external << ", " << static_cast<int>(ion.valence) << "});\n";
    }
    out << "        m.linear = " << (m.linear_in_events ? "true" : "false") << ";\n";
    out << "        m.receives_events = " << (m.has_net_receive ? "true" : "false") << ";\n";
    if (!m.connection_state.empty()) {
        out << "        m.connection_state = {";
        for (std::size_t k = 0; k < m.connection_state.size(); ++k) out << (k ? ", " : "") << quoted(m.connection_state[k]);
        out << "};\n";
    }
    out << "        return m;\n    }();\n    return info;\n}\n\n";

    Writer w(m, !output_file.empty());
    // Named after the mechanism, so profiles say which one the time goes to.
    const std::string kernels = "Kernels_" + register_function_name(m.name).substr(9);
    // The kernels first: which values the state kernels cache is known once they are written.
    std::string bodies = w.kernel(m.initial, KernelKind::initial, "initial_") +
                         w.kernel(m.currents, KernelKind::currents, "currents_") +
                         w.kernel(m.state_update, KernelKind::state, "state_");
    const bool lean = !m.outputs.empty();
    if (lean) {
        bodies += w.kernel(m.initial, KernelKind::initial, "initial_lean_", true);
        bodies += w.kernel(m.state_update, KernelKind::state, "state_lean_", true);
        bodies += w.kernel(m.currents, KernelKind::currents, "currents_lean_", true);
    }
    if (m.has_net_receive) bodies += w.kernel(m.net_receive, KernelKind::event, "event_");
    if (!m.connection_initial.empty()) bodies += w.kernel(m.connection_initial, KernelKind::event, "connection_initial_");
    if (m.kind != ModuleKind::density) bodies += w.kernel(m.currents, KernelKind::probe, "probe_");
    const bool cache = !w.cached().empty();
    if (cache) bodies += w.refresh_cache();
    out << "class " << kernels << " final : public Mechanism {\npublic:\n";
    out << "    const MechanismInfo& info() const override { return info_(); }\n";
    const auto dispatch = [&](const char* method, const std::string& kernel, bool has_lean) {
        const auto call = [&](const std::string& k) {
            return "if (direct(p)) " + k + "<true>(p);\n        else " + k + "<false>(p);\n";
        };
        out << "    void " << method << "(MechanismPack& p) override {\n";
        if (cache && kernel == "initial_") out << "        refresh_cache_(p);\n";
        if (has_lean) {
            out << "        // Values only observers read are stored when one asks.\n";
            out << "        if (!p.outputs) {\n            " << call(kernel + "lean_") << "            return;\n        }\n";
        }
        out << "        " << call(kernel) << "    }\n";
    };
    dispatch("initialize", "initial_", lean);
    dispatch("compute_currents", "currents_", lean);
    dispatch("advance_state", "state_", lean);
    if (m.has_net_receive) {
        out << "    void deliver_event(MechanismPack& p, const EventDelivery& e, SelfEvents& self) override {\n"
            << "        event_(p, e, self);\n    }\n";
        if (!m.connection_initial.empty())
            out << "    void initialize_connection(MechanismPack& p, const EventDelivery& e, SelfEvents& self) override {\n"
                << "        connection_initial_(p, e, self);\n    }\n";
    }
    if (m.kind != ModuleKind::density)
        out << "    double point_current(const MechanismPack& p, std::uint32_t instance) const override {\n"
            << "        return probe_(p, instance);\n    }\n";
    if (cache)
        out << "    void parameters_changed(const MechanismPack& p) override { refresh_cache_(p); }\n";
    out << "\nprivate:\n";
    if (cache) out << "    std::vector<Array> cache_;  // per cached value, per instance (refresh_cache_)\n\n";
    out << "    static bool direct([[maybe_unused]] const MechanismPack& p) {\n        return true";
    for (std::size_t k = 0; k < m.ions.size(); ++k) out << " && !p.ions[" << k << "].index";
    out << ";\n    }\n\n";
    out << bodies;
    out << "};\n\n}  // namespace\n\nnamespace lamina::mechanisms {\n\n";
    out << "// The catalogue adds built-in mechanisms through these two; a plugin or a test\n"
           "// registers with the third.\n";
    out << "const MechanismInfo& " << register_function << "_info() { return info_(); }\n";
    out << "std::unique_ptr<Mechanism> " << register_function << "_make() { return std::make_unique<" << kernels << ">(); }\n";
    if (!plugin)
        out << "void " << register_function << "() { register_mechanism(info_(), " << register_function << "_make); }\n\n";
    out << "}  // namespace lamina::mechanisms\n";
    return output_file.empty() ? out.str() : resolve_line_resets(out.str(), output_file);
}

}  // namespace lamina::nmodl
