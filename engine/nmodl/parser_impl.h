#pragma once
// Private to the parser: the recursive-descent reader over the token list, shared by
// parser.cpp (blocks and declarations) and parser_statements.cpp (statements and
// expressions).

#include <string>
#include <vector>

#include "engine/nmodl/ast.h"
#include "engine/nmodl/lexer.h"
#include "engine/nmodl/nmodl_error.h"

namespace lamina::nmodl::detail {

// What a block's statements may contain.
enum class BlockKind { plain, derivative, kinetic, linear, procedure, net_receive };

class Parser {
public:
    Parser(std::vector<Token> tokens, std::string file) : tokens_(std::move(tokens)), file_(std::move(file)) {}

    Module module();

    // Statements and expressions (parser_statements.cpp).
    Block block(BlockKind kind, const std::string& where);
    Expression expression();

private:
    // Tokens.
    const Token& peek(std::size_t ahead = 0) const {
        const std::size_t k = std::min(at_ + ahead, tokens_.size() - 1);
        return tokens_[k];
    }
    const Token& next() { return tokens_[at_ < tokens_.size() - 1 ? at_++ : at_]; }
    bool is_symbol(const char* s, std::size_t ahead = 0) const {
        return peek(ahead).kind == Token::Kind::symbol && peek(ahead).text == s;
    }
    bool is_name(const char* s, std::size_t ahead = 0) const {
        return peek(ahead).kind == Token::Kind::name && peek(ahead).text == s;
    }
    bool accept_symbol(const char* s) {
        if (!is_symbol(s)) return false;
        next();
        return true;
    }
    [[noreturn]] void fail(const Token& t, const std::string& message) const { throw NmodlError(file_, t.at, message); }
    [[noreturn]] void fail_here(const std::string& message) const { fail(peek(), message); }
    static std::string describe(const Token& t);
    void expect_symbol(const char* s, const std::string& where);
    std::string expect_name(const std::string& what);
    double signed_number(const std::string& what);
    std::string units();  // after '(' ... ')', the text inside; requires is_symbol("(")
    void skip_balanced_braces();
    std::vector<std::string> name_list();

    // Top-level blocks (parser.cpp).
    void neuron_block(Module& m);
    void units_block(Module& m);
    std::vector<Variable> declarations(const std::string& block, bool values, bool ranges);
    Callable callable(bool function);
    std::vector<Variable> formal_parameters(const std::string& where);

    // Statements (parser_statements.cpp).
    Statement statement(BlockKind kind, const std::string& where);
    Statement reaction(BlockKind kind, Position at, const std::string& where);
    std::vector<Term> terms(const std::string& where);
    If if_statement(BlockKind kind, const std::string& where);
    Expression logical_or();
    Expression logical_and();
    Expression comparison();
    Expression additive();
    Expression multiplicative();
    Expression unary();
    Expression primary();

    std::vector<Token> tokens_;
    std::size_t at_ = 0;
    std::string file_;
    int depth_ = 0;  // nesting of blocks and expressions, bounded against stack exhaustion
    friend struct DepthGuard;
};

// Counts one level of nesting for the parser; refuses beyond a depth no real file has.
struct DepthGuard {
    Parser& parser;
    DepthGuard(Parser& p, const Token& at) : parser(p) {
        if (++parser.depth_ > max_depth) parser.fail(at, "nested more than " + std::to_string(max_depth) + " levels deep");
    }
    ~DepthGuard() { --parser.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    static constexpr int max_depth = 200;
};

}  // namespace lamina::nmodl::detail
