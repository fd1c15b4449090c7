#include "engine/nmodl/parser.h"

#include <fstream>
#include <sstream>

#include "engine/nmodl/parser_impl.h"

namespace lamina::nmodl {

namespace detail {

std::string Parser::describe(const Token& t) {
    switch (t.kind) {
    case Token::Kind::end: return "the end of the file";
    case Token::Kind::name: return "'" + t.text + "'";
    case Token::Kind::number: return "the number " + t.text;
    case Token::Kind::text: return "TITLE";
    case Token::Kind::string: return "a string";
    case Token::Kind::verbatim: return "a VERBATIM block";
    case Token::Kind::symbol: return "'" + t.text + "'";
    }
    return "?";
}

void Parser::expect_symbol(const char* s, const std::string& where) {
    if (!accept_symbol(s)) fail_here("expected '" + std::string(s) + "' " + where + ", found " + describe(peek()));
}

std::string Parser::expect_name(const std::string& what) {
    if (peek().kind != Token::Kind::name) fail_here("expected " + what + ", found " + describe(peek()));
    return next().text;
}

double Parser::signed_number(const std::string& what) {
    double sign = 1.0;
    if (accept_symbol("-")) sign = -1.0;
    else accept_symbol("+");
    if (peek().kind != Token::Kind::number) fail_here("expected a number for " + what + ", found " + describe(peek()));
    return sign * next().number;
}

std::string Parser::units() {
    const Token& open = next();  // '('
    std::string text;
    while (!is_symbol(")")) {
        const Token& t = peek();
        if (t.kind == Token::Kind::end || t.line_start || is_symbol("(") || is_symbol("{") || is_symbol("}"))
            fail(open, "units opened here are not closed by ')' on the same line");
        text += next().text;
    }
    next();
    return text;
}

void Parser::skip_balanced_braces() {
    const Token& open = peek();
    expect_symbol("{", "to open the block");
    int level = 1;
    while (level > 0) {
        const Token& t = next();
        if (t.kind == Token::Kind::end) fail(open, "block opened here is never closed by '}'");
        if (t.kind == Token::Kind::symbol && t.text == "{") ++level;
        if (t.kind == Token::Kind::symbol && t.text == "}") --level;
    }
}

std::vector<std::string> Parser::name_list() {
    std::vector<std::string> names{expect_name("a name")};
    while (accept_symbol(",")) names.push_back(expect_name("a name after ','"));
    return names;
}

void Parser::neuron_block(Module& m) {
    expect_symbol("{", "after NEURON");
    const auto set_kind = [&](ModuleKind kind, const Token& at) {
        if (!m.name.empty()) fail(at, "the NEURON block names the mechanism twice (" + m.name + " already)");
        m.kind = kind;
        m.name_at = peek().at;
        m.name = expect_name("the mechanism's name");
    };
    while (!accept_symbol("}")) {
        const Token& t = peek();
        if (t.kind != Token::Kind::name) fail(t, "expected a NEURON block statement, found " + describe(t));
        const std::string word = next().text;
        if (word == "SUFFIX") set_kind(ModuleKind::density, t);
        else if (word == "POINT_PROCESS") set_kind(ModuleKind::point_process, t);
        else if (word == "ARTIFICIAL_CELL") set_kind(ModuleKind::artificial_cell, t);
        else if (word == "USEION") {
            IonDeclaration ion;
            ion.at = t.at;
            ion.ion = expect_name("the ion's name after USEION");
            for (;;) {
                if (is_name("READ")) { next(); ion.read = name_list(); }
                else if (is_name("WRITE")) { next(); ion.write = name_list(); }
                else if (is_name("VALENCE")) { next(); ion.valence = signed_number("VALENCE"); }
                else if (is_name("REPRESENTS")) { next(); expect_name("what the ion represents"); }
                else break;
            }
            m.ions.push_back(std::move(ion));
        } else if (word == "NONSPECIFIC_CURRENT") {
            for (auto& n : name_list()) m.nonspecific_currents.push_back(n);
        } else if (word == "ELECTRODE_CURRENT") {
            for (auto& n : name_list()) m.electrode_currents.push_back(n);
        } else if (word == "RANGE") {
            for (auto& n : name_list()) m.range.push_back(n);
        } else if (word == "GLOBAL") {
            for (auto& n : name_list()) m.global.push_back(n);
        } else if (word == "POINTER" || word == "BBCOREPOINTER") {
            for (auto& n : name_list()) m.pointers.push_back(n);
        } else if (word == "THREADSAFE") {
            m.threadsafe = true;
            if (peek().kind == Token::Kind::name && !peek().line_start) name_list();
        } else if (word == "EXTERNAL") {
            fail(t, "EXTERNAL variables are not supported (a mechanism reads only its own, ion and run-wide values)");
        } else if (word == "REPRESENTS") {
            expect_name("what the mechanism represents");
        } else {
            fail(t, "unknown NEURON block statement '" + word + "'");
        }
    }
}

void Parser::units_block(Module& m) {
    expect_symbol("{", "after UNITS");
    while (!accept_symbol("}")) {
        if (is_symbol("(")) {  // (mV) = (millivolt)
            units();
            expect_symbol("=", "in a UNITS definition");
            if (!is_symbol("(")) fail_here("expected '(' for the units a UNITS definition means, found " + describe(peek()));
            units();
            continue;
        }
        const Token& t = peek();
        UnitConstant c;
        c.at = t.at;
        c.name = expect_name("a units definition");
        expect_symbol("=", "after '" + c.name + "' in UNITS");
        if (!is_symbol("(")) fail_here("expected '(' after '" + c.name + " =' in UNITS, found " + describe(peek()));
        c.physical = units();
        if (is_symbol("(")) c.units = units();
        m.unit_constants.push_back(std::move(c));
    }
}

std::vector<Variable> Parser::declarations(const std::string& block, bool values, bool ranges) {
    expect_symbol("{", "after " + block);
    std::vector<Variable> out;
    while (!accept_symbol("}")) {
        Variable v;
        v.at = peek().at;
        v.name = expect_name("a variable in " + block);
        if (is_symbol("[")) fail_here("array variables ('" + v.name + "[...]') are not supported");
        if (accept_symbol("=")) {
            if (!values) fail(tokens_[at_ - 1], "a value is not allowed for '" + v.name + "' in " + block);
            v.value = signed_number("'" + v.name + "'");
        }
        if (is_symbol("(")) v.units = units();
        if (is_symbol("<")) {
            next();
            const double lo = signed_number("the lower limit of '" + v.name + "'");
            expect_symbol(",", "between the limits of '" + v.name + "'");
            const double hi = signed_number("the upper limit of '" + v.name + "'");
            expect_symbol(">", "after the limits of '" + v.name + "'");
            v.limits = std::make_pair(lo, hi);
        }
        if (is_name("FROM")) {  // STATE m FROM 0 TO 1: bounds, not enforced by NEURON's solvers either
            if (!ranges) fail_here("FROM ... TO is allowed only in STATE");
            next();
            signed_number("FROM");
            if (!is_name("TO")) fail_here("expected TO after FROM, found " + describe(peek()));
            next();
            signed_number("TO");
        }
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<Variable> Parser::formal_parameters(const std::string& where) {
    std::vector<Variable> out;
    if (!accept_symbol("(")) return out;
    if (accept_symbol(")")) return out;
    for (;;) {
        Variable v;
        v.at = peek().at;
        v.name = expect_name("a parameter name of " + where);
        if (is_symbol("(")) v.units = units();
        out.push_back(std::move(v));
        if (accept_symbol(")")) return out;
        expect_symbol(",", "between the parameters of " + where);
    }
}

Callable Parser::callable(bool function) {
    Callable c;
    c.function = function;
    c.at = peek().at;
    c.name = expect_name(function ? "the FUNCTION's name" : "the PROCEDURE's name");
    const std::string where = std::string(function ? "FUNCTION " : "PROCEDURE ") + c.name;
    c.parameters = formal_parameters(where);
    if (function && is_symbol("(")) c.units = units();
    c.body = block(BlockKind::procedure, where);
    return c;
}

Module Parser::module() {
    Module m;
    m.file = file_;
    while (peek().kind != Token::Kind::end) {
        const Token& t = peek();
        if (t.kind == Token::Kind::text) {
            m.title = next().text;
            continue;
        }
        if (t.kind == Token::Kind::verbatim) fail(t, "VERBATIM blocks are not supported (C code inside a mod file)");
        if (t.kind != Token::Kind::name) fail(t, "expected a block (NEURON, PARAMETER, BREAKPOINT, ...), found " + describe(t));
        const std::string word = next().text;
        const auto once = [&](auto& slot) {
            if (slot) fail(t, "a second " + word + " block");
        };
        const auto named = [&](std::vector<NamedBlock>& into, BlockKind kind) {
            NamedBlock b;
            b.at = peek().at;
            b.name = expect_name("the " + word + " block's name");
            b.body = block(kind, word + " " + b.name);
            into.push_back(std::move(b));
        };
        if (word == "NEURON") {
            if (m.neuron_at.line != 0) fail(t, "a second NEURON block");
            m.neuron_at = t.at;
            neuron_block(m);
        } else if (word == "UNITS") units_block(m);
        else if (word == "PARAMETER") for (auto& v : declarations(word, true, false)) m.parameters.push_back(std::move(v));
        else if (word == "CONSTANT") for (auto& v : declarations(word, true, false)) m.constants.push_back(std::move(v));
        else if (word == "ASSIGNED") for (auto& v : declarations(word, false, false)) m.assigned.push_back(std::move(v));
        else if (word == "STATE") for (auto& v : declarations(word, false, true)) m.states.push_back(std::move(v));
        else if (word == "INDEPENDENT") skip_balanced_braces();
        else if (word == "UNITSON" || word == "UNITSOFF") continue;
        else if (word == "INITIAL") { once(m.initial); m.initial = block(BlockKind::plain, "INITIAL"); }
        else if (word == "BREAKPOINT") { once(m.breakpoint); m.breakpoint = block(BlockKind::plain, "BREAKPOINT"); }
        else if (word == "DERIVATIVE") named(m.derivatives, BlockKind::derivative);
        else if (word == "KINETIC") named(m.kinetics, BlockKind::kinetic);
        else if (word == "LINEAR") named(m.linears, BlockKind::linear);
        else if (word == "NONLINEAR") named(m.nonlinears, BlockKind::linear);
        else if (word == "PROCEDURE") m.callables.push_back(callable(false));
        else if (word == "FUNCTION") m.callables.push_back(callable(true));
        else if (word == "NET_RECEIVE") {
            if (m.net_receive) fail(t, "a second NET_RECEIVE block");
            Module::NetReceive r;
            r.at = t.at;
            r.arguments = formal_parameters("NET_RECEIVE");
            r.body = block(BlockKind::net_receive, "NET_RECEIVE");
            m.net_receive = std::move(r);
        } else if (word == "DEFINE") {
            Variable v;
            v.at = peek().at;
            v.name = expect_name("the DEFINE's name");
            v.value = signed_number("DEFINE " + v.name);
            m.constants.push_back(std::move(v));
        } else if (word == "INCLUDE") {
            fail(t, "INCLUDE is not supported (put the included text in the file)");
        } else if (word == "BEFORE" || word == "AFTER" || word == "CONSTRUCTOR" || word == "DESTRUCTOR" ||
                   word == "DISCRETE" || word == "PARTIAL" || word == "FUNCTION_TABLE" || word == "TERMINAL" ||
                   word == "MATCH" || word == "CONSERVE" || word == "LAG") {
            fail(t, word + " blocks are not supported");
        } else {
            fail(t, "unknown block '" + word + "'");
        }
    }
    if (m.neuron_at.line == 0) throw NmodlError(file_, Position{1, 1}, "no NEURON block: the file does not name its mechanism");
    if (m.name.empty()) throw NmodlError(file_, m.neuron_at, "the NEURON block has no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL");
    return m;
}

}  // namespace detail

Module parse_module(std::string_view source, const std::string& file) {
    return detail::Parser(tokenize(source, file), file).module();
}

Module read_module(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw FileError(name, 0, "no such mod file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw FileError(name, 0, "cannot read the file size: " + ec.message());
    if (size > (4u << 20)) throw FileError(name, 0, "is " + std::to_string(size) + " bytes: too large for a mod file (4 MB at most)");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw FileError(name, 0, "cannot read the file");
    return parse_module(text.str(), name);
}

}  // namespace lamina::nmodl
