// Statements and expressions of the NMODL parser (see parser_impl.h).

#include <cmath>

#include "engine/nmodl/parser_impl.h"

namespace lamina::nmodl::detail {

Block Parser::block(BlockKind kind, const std::string& where) {
    const Token& open = peek();
    DepthGuard guard(*this, open);
    expect_symbol("{", "to open " + where);
    Block body;
    while (!accept_symbol("}")) {
        if (peek().kind == Token::Kind::end) fail(open, where + " is never closed by '}'");
        if (is_symbol("{")) {  // a nested { ... } is its statements in place
            for (auto& s : block(kind, where)) body.push_back(std::move(s));
            continue;
        }
        if (is_name("UNITSON") || is_name("UNITSOFF")) {
            next();
            continue;
        }
        if (kind == BlockKind::net_receive && is_name("INITIAL")) {  // run for each connection when a run starts
            Statement s;
            s.at = next().at;
            s.what = std::make_shared<NestedInitial>(NestedInitial{block(BlockKind::plain, "NET_RECEIVE's INITIAL")});
            body.push_back(std::move(s));
            continue;
        }
        if (is_name("COMPARTMENT")) {
            // Volumes of kinetic species: Lamina's schemes are per unit of membrane, as
            // the catalogue's are; the statement is read and has no effect.
            next();
            expression();
            if (accept_symbol(",")) expression();
            skip_balanced_braces();
            continue;
        }
        body.push_back(statement(kind, where));
    }
    return body;
}

Statement Parser::statement(BlockKind kind, const std::string& where) {
    const Token& t = peek();
    Statement s;
    s.at = t.at;
    if (t.kind == Token::Kind::verbatim) fail(t, "VERBATIM blocks are not supported (C code inside a mod file)");
    if (is_symbol("~")) return reaction(kind, t.at, where);
    if (t.kind != Token::Kind::name) fail(t, "expected a statement in " + where + ", found " + describe(t));
    const std::string word = t.text;
    if (word == "LOCAL") {
        next();
        LocalDeclaration local{name_list()};
        if (is_symbol("[")) fail_here("LOCAL arrays are not supported");
        s.what = std::move(local);
    } else if (word == "if") {
        s.what = if_statement(kind, where);
    } else if (word == "while") {
        next();
        expect_symbol("(", "after while");
        While w;
        w.condition = expression();
        expect_symbol(")", "after the while condition");
        w.body = block(kind, where);
        s.what = std::move(w);
    } else if (word == "SOLVE") {
        next();
        Solve solve;
        solve.block = expect_name("the block to SOLVE");
        if (is_name("METHOD")) {
            next();
            solve.method = expect_name("the integration method after METHOD");
        } else if (is_name("STEADYSTATE")) {
            next();
            solve.steady_state = expect_name("the method after STEADYSTATE");
        }
        if (is_name("IFERROR")) fail_here("IFERROR is not supported");
        s.what = std::move(solve);
    } else if (word == "TABLE") {
        next();
        Table table;
        if (!is_name("DEPEND") && !is_name("FROM")) table.names = name_list();
        if (is_name("DEPEND")) {
            next();
            table.depend = name_list();
        }
        if (!is_name("FROM")) fail_here("expected FROM in TABLE, found " + describe(peek()));
        next();
        table.from = expression();
        if (!is_name("TO")) fail_here("expected TO in TABLE, found " + describe(peek()));
        next();
        table.to = expression();
        if (!is_name("WITH")) fail_here("expected WITH in TABLE, found " + describe(peek()));
        next();
        if (peek().kind != Token::Kind::number) fail_here("expected the number of TABLE intervals after WITH, found " + describe(peek()));
        table.with = next().number;
        s.what = std::move(table);
    } else if (word == "CONSERVE") {
        if (kind != BlockKind::kinetic) fail(t, "CONSERVE is allowed only in a KINETIC block");
        next();
        Conserve c;
        c.left = expression();
        expect_symbol("=", "in CONSERVE");
        c.right = expression();
        s.what = std::move(c);
    } else if (word == "FROM") {
        fail(t, "FROM ... TO loops are not supported");
    } else if (word == "WATCH") {
        fail(t, "WATCH statements are not supported");
    } else if (word == "VERBATIM") {
        fail(t, "VERBATIM blocks are not supported");
    } else if (word == "LAG" || word == "SENS" || word == "MATCH" || word == "FIRST" || word == "LAST" ||
               word == "PROTECT" || word == "MUTEXLOCK" || word == "MUTEXUNLOCK") {
        fail(t, word + " statements are not supported");
    } else {
        next();
        if (accept_symbol("'")) {
            if (kind != BlockKind::derivative)
                fail(t, "a derivative (" + word + "') is allowed only in a DERIVATIVE block, not in " + where);
            expect_symbol("=", "after " + word + "'");
            s.what = Assignment{word, true, expression()};
        } else if (accept_symbol("=")) {
            s.what = Assignment{word, false, expression()};
        } else if (accept_symbol("(")) {
            CallStatement c{word, {}};
            if (!accept_symbol(")")) {
                for (;;) {
                    c.arguments.push_back(expression());
                    if (accept_symbol(")")) break;
                    expect_symbol(",", "between the arguments of " + word);
                }
            }
            s.what = std::move(c);
        } else if (is_symbol("[")) {
            fail_here("array variables ('" + word + "[...]') are not supported");
        } else {
            fail_here("expected '=', ''' or '(' after '" + word + "' in " + where + ", found " + describe(peek()));
        }
    }
    return s;
}

If Parser::if_statement(BlockKind kind, const std::string& where) {
    const Token& at = next();  // if
    DepthGuard guard(*this, at);
    If s;
    expect_symbol("(", "after if");
    s.condition = expression();
    expect_symbol(")", "after the if condition");
    s.then_block = block(kind, where);
    if (is_name("else")) {
        next();
        if (is_name("if")) {
            Statement nested;
            nested.at = peek().at;
            nested.what = if_statement(kind, where);
            s.else_block.push_back(std::move(nested));
        } else {
            s.else_block = block(kind, where);
        }
    }
    return s;
}

std::vector<Term> Parser::terms(const std::string& where) {
    std::vector<Term> out;
    for (;;) {
        Term term;
        if (peek().kind == Token::Kind::number) {
            const Token& n = next();
            // (Range first: converting 1e126 to int would be undefined.)
            if (!(n.number >= 1 && n.number <= 100) || n.number != std::floor(n.number))
                fail(n, "a stoichiometric coefficient must be a whole number from 1 to 100, not " + n.text);
            term.stoichiometry = static_cast<int>(n.number);
        }
        term.species = expect_name("a species in " + where);
        out.push_back(std::move(term));
        if (!accept_symbol("+")) return out;
    }
}

Statement Parser::reaction(BlockKind kind, Position at, const std::string& where) {
    next();  // ~
    Statement s;
    s.at = at;
    if (kind == BlockKind::linear) {
        Equation e;
        e.left = expression();
        expect_symbol("=", "in the equation");
        e.right = expression();
        s.what = std::move(e);
        return s;
    }
    if (kind != BlockKind::kinetic)
        throw NmodlError(file_, at, "'~' reactions are allowed only in KINETIC, LINEAR and NONLINEAR blocks, not in " + where);
    Reaction r;
    r.left = terms(where);
    if (accept_symbol("<<")) {
        r.kind = Reaction::Kind::flux;
        if (r.left.size() != 1 || r.left[0].stoichiometry != 1)
            throw NmodlError(file_, at, "a flux (~ x << (f)) names one species");
        expect_symbol("(", "after <<");
        r.forward = expression();
        expect_symbol(")", "after the flux");
    } else {
        if (accept_symbol("<->")) r.kind = Reaction::Kind::reversible;
        else if (accept_symbol("->")) r.kind = Reaction::Kind::forward;
        else fail_here("expected '<->', '->' or '<<' in the reaction, found " + describe(peek()));
        r.right = terms(where);
        expect_symbol("(", "before the reaction's rates");
        r.forward = expression();
        if (r.kind == Reaction::Kind::reversible) {
            expect_symbol(",", "between the forward and backward rates");
            r.backward = expression();
        }
        expect_symbol(")", "after the reaction's rates");
    }
    s.what = std::move(r);
    return s;
}

Expression Parser::expression() {
    DepthGuard guard(*this, peek());
    return logical_or();
}

Expression Parser::logical_or() {
    Expression left = logical_and();
    while (is_symbol("||")) {
        const Position at = next().at;
        left = binary(Operator::logical_or, left, logical_and(), at);
    }
    return left;
}

Expression Parser::logical_and() {
    Expression left = comparison();
    while (is_symbol("&&")) {
        const Position at = next().at;
        left = binary(Operator::logical_and, left, comparison(), at);
    }
    return left;
}

Expression Parser::comparison() {
    Expression left = additive();
    static const std::pair<const char*, Operator> ops[] = {
        {"<", Operator::less},          {"<=", Operator::less_equal}, {">", Operator::greater},
        {">=", Operator::greater_equal}, {"==", Operator::equal},      {"!=", Operator::not_equal}};
    for (const auto& [text, op] : ops) {
        if (is_symbol(text)) {
            const Position at = next().at;
            return binary(op, left, additive(), at);
        }
    }
    return left;
}

Expression Parser::additive() {
    Expression left = multiplicative();
    for (;;) {
        if (is_symbol("+")) {
            const Position at = next().at;
            left = binary(Operator::add, left, multiplicative(), at);
        } else if (is_symbol("-")) {
            const Position at = next().at;
            left = binary(Operator::subtract, left, multiplicative(), at);
        } else {
            return left;
        }
    }
}

Expression Parser::multiplicative() {
    Expression left = unary();
    for (;;) {
        if (is_symbol("*")) {
            const Position at = next().at;
            left = binary(Operator::multiply, left, unary(), at);
        } else if (is_symbol("/")) {
            const Position at = next().at;
            left = binary(Operator::divide, left, unary(), at);
        } else {
            return left;
        }
    }
}

// Unary minus binds looser than ^ (-x^2 is -(x^2)); ^ is right-associative.
Expression Parser::unary() {
    DepthGuard guard(*this, peek());
    if (is_symbol("-")) {
        const Position at = next().at;
        return negate(unary(), at);
    }
    if (is_symbol("+")) {
        next();
        return unary();
    }
    if (is_symbol("!")) {
        const Position at = next().at;
        return logical_not(unary(), at);
    }
    Expression base = primary();
    if (is_symbol("^")) {
        const Position at = next().at;
        return binary(Operator::power, base, unary(), at);
    }
    return base;
}

Expression Parser::primary() {
    const Token& t = peek();
    if (t.kind == Token::Kind::number) {
        next();
        if (is_symbol("(")) units();  // 23 (degC): units of a literal, ignored like UNITSOFF
        return number(t.number, t.at);
    }
    if (t.kind == Token::Kind::name) {
        next();
        if (!accept_symbol("(")) {
            if (is_symbol("[")) fail_here("array variables ('" + t.text + "[...]') are not supported");
            return name(t.text, t.at);
        }
        std::vector<Expression> arguments;
        if (!accept_symbol(")")) {
            for (;;) {
                arguments.push_back(expression());
                if (accept_symbol(")")) break;
                expect_symbol(",", "between the arguments of " + t.text);
            }
        }
        return call(t.text, std::move(arguments), t.at);
    }
    if (accept_symbol("(")) {
        Expression inner = expression();
        expect_symbol(")", "to close '(' at " + std::to_string(t.at.line) + ":" + std::to_string(t.at.column));
        return inner;
    }
    fail(t, "expected a value (a number, a name, a call or '('), found " + describe(t));
}

}  // namespace lamina::nmodl::detail
