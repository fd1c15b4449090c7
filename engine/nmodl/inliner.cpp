#include "engine/nmodl/inliner.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/nmodl/nmodl_error.h"

namespace lamina::nmodl {

namespace {

// Each built-in function with its number of arguments.
const std::map<std::string, std::size_t>& builtins() {
    static const std::map<std::string, std::size_t> arity{
        {"exp", 1},  {"log", 1},  {"log10", 1}, {"sqrt", 1}, {"fabs", 1},  {"pow", 2},  {"sin", 1},
        {"cos", 1},  {"tan", 1},  {"tanh", 1},  {"sinh", 1}, {"cosh", 1},  {"atan", 1}, {"floor", 1},
        {"ceil", 1}, {"event_uniform", 1}, {"event_binomial", 3}};
    return arity;
}

using Renames = std::map<std::string, std::string>;

class Inliner {
public:
    Inliner(const Module& m, std::string where) : m_(m), where_(std::move(where)) {
        for (const auto& c : m.callables) callables_[c.name] = &c;
    }

    Block block(const Block& in, Renames& renames) {
        Block out;
        for (const auto& s : in) statement(s, renames, out);
        return out;
    }

private:
    [[noreturn]] void fail(Position at, const std::string& message) const { throw NmodlError(m_.file, at, message); }

    std::string renamed(const std::string& n, const Renames& r) const {
        const auto found = r.find(n);
        return found == r.end() ? n : found->second;
    }

    void statement(const Statement& s, Renames& r, Block& out) {
        Statement copy;
        copy.at = s.at;
        if (const auto* a = std::get_if<Assignment>(&s.what)) {
            Expression value = expression(a->value, r, out, s.at);
            copy.what = Assignment{renamed(a->target, r), a->derivative, std::move(value)};
        } else if (const auto* l = std::get_if<LocalDeclaration>(&s.what)) {
            LocalDeclaration local;
            for (const auto& n : l->names) {
                if (inlining_.empty()) {
                    local.names.push_back(n);
                } else {
                    r[n] = fresh(n);
                    local.names.push_back(r[n]);
                }
            }
            copy.what = std::move(local);
        } else if (const auto* i = std::get_if<If>(&s.what)) {
            If branch;
            branch.condition = expression(i->condition, r, out, s.at);
            branch.then_block = block(i->then_block, r);
            branch.else_block = block(i->else_block, r);
            copy.what = std::move(branch);
        } else if (const auto* w = std::get_if<While>(&s.what)) {
            fail(s.at, "while loops are not supported in kernels");
            (void)w;
        } else if (const auto* c = std::get_if<CallStatement>(&s.what)) {
            const auto found = callables_.find(c->function);
            if (found == callables_.end()) {
                if (c->function == "net_send" || c->function == "net_event") {
                    CallStatement kept{c->function, {}};
                    for (const auto& argument : c->arguments) kept.arguments.push_back(expression(argument, r, out, s.at));
                    copy.what = std::move(kept);
                    out.push_back(std::move(copy));
                    return;
                }
                fail(s.at, "unknown PROCEDURE '" + c->function + "' called in " + where_);
            }
            std::vector<Expression> arguments;
            for (const auto& argument : c->arguments) arguments.push_back(expression(argument, r, out, s.at));
            inline_callable(*found->second, arguments, out, s.at);
            return;
        } else if (std::holds_alternative<Table>(s.what)) {
            return;  // exact values instead of the table
        } else if (const auto* re = std::get_if<Reaction>(&s.what)) {
            Reaction reaction = *re;
            reaction.forward = expression(re->forward, r, out, s.at);
            if (re->backward) reaction.backward = expression(re->backward, r, out, s.at);
            for (auto& t : reaction.left) t.species = renamed(t.species, r);
            for (auto& t : reaction.right) t.species = renamed(t.species, r);
            copy.what = std::move(reaction);
        } else if (const auto* e = std::get_if<Equation>(&s.what)) {
            copy.what = Equation{expression(e->left, r, out, s.at), expression(e->right, r, out, s.at)};
        } else if (const auto* k = std::get_if<Conserve>(&s.what)) {
            copy.what = Conserve{expression(k->left, r, out, s.at), expression(k->right, r, out, s.at)};
        } else {
            copy.what = s.what;  // Solve
        }
        out.push_back(std::move(copy));
    }

    // The expression with names renamed and user FUNCTION calls replaced by locals whose
    // statements go to `out` first.
    Expression expression(const Expression& e, const Renames& r, Block& out, Position at) {
        using Kind = ExpressionNode::Kind;
        if (e->kind == Kind::name) {
            const std::string n = renamed(e->name, r);
            return n == e->name ? e : name(n, e->at);
        }
        if (e->kind == Kind::number) return e;
        std::vector<Expression> operands;
        for (const auto& o : e->operands) operands.push_back(expression(o, r, out, at));
        if (e->kind == Kind::call && !is_builtin_function(e->name)) {
            const auto found = callables_.find(e->name);
            if (found == callables_.end()) fail(e->at, "unknown function '" + e->name + "' in " + where_);
            if (!found->second->function)
                fail(e->at, "'" + e->name + "' is a PROCEDURE and has no value; only a FUNCTION can be used in an expression");
            return name(inline_callable(*found->second, operands, out, e->at), e->at);
        }
        if (e->kind == Kind::call) {
            if (is_event_random(e->name) && where_.rfind("NET_RECEIVE", 0) != 0)
                fail(e->at, e->name + "() draws from a connection's random stream and is allowed only in NET_RECEIVE (here: " +
                                where_ + ")");
            const std::size_t wanted = builtins().at(e->name);
            if (operands.size() != wanted)
                fail(e->at, e->name + "() takes " + std::to_string(wanted) + " argument" + (wanted > 1 ? "s" : "") +
                                ", given " + std::to_string(operands.size()));
        }
        auto copy = std::make_shared<ExpressionNode>(*e);
        copy->operands = std::move(operands);
        return copy;
    }

    // Emits the callable's statements into `out`; returns the local holding a FUNCTION's
    // value.
    std::string inline_callable(const Callable& c, const std::vector<Expression>& arguments, Block& out, Position at) {
        if (std::find(inlining_.begin(), inlining_.end(), c.name) != inlining_.end())
            fail(at, std::string(c.function ? "FUNCTION " : "PROCEDURE ") + c.name + " calls itself (recursion cannot be inlined)");
        if (arguments.size() != c.parameters.size())
            fail(at, c.name + " takes " + std::to_string(c.parameters.size()) + " argument" +
                         (c.parameters.size() == 1 ? "" : "s") + ", given " + std::to_string(arguments.size()));
        if (inlining_.size() >= 32) fail(at, "calls nested more than 32 deep");
        Renames scope;
        LocalDeclaration locals;
        Block bindings;
        for (std::size_t k = 0; k < arguments.size(); ++k) {
            const std::string local = fresh(c.parameters[k].name);
            scope[c.parameters[k].name] = local;
            locals.names.push_back(local);
            bindings.push_back(Statement{at, Assignment{local, false, arguments[k]}});
        }
        std::string result;
        if (c.function) {
            result = fresh(c.name);
            scope[c.name] = result;
            locals.names.push_back(result);
        }
        if (!locals.names.empty()) out.push_back(Statement{at, std::move(locals)});
        for (auto& b : bindings) out.push_back(std::move(b));
        inlining_.push_back(c.name);
        for (const auto& s : c.body) statement(s, scope, out);
        inlining_.pop_back();
        return result;
    }

    std::string fresh(const std::string& base) { return base + "__" + std::to_string(++counter_); }

    const Module& m_;
    std::string where_;
    std::map<std::string, const Callable*> callables_;
    std::vector<std::string> inlining_;
    int counter_ = 0;
};

}  // namespace

bool is_builtin_function(const std::string& name) { return builtins().count(name) != 0; }

bool is_event_random(const std::string& name) { return name == "event_uniform" || name == "event_binomial"; }

Block inline_calls(const Block& block, const Module& module, const std::string& where) {
    Renames top;
    return Inliner(module, where).block(block, top);
}

}  // namespace lamina::nmodl
