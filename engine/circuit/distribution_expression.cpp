#include "engine/circuit/distribution_expression.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "engine/errors.h"

namespace lamina::circuit {

namespace {

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Node {
    enum class Kind { number, distance, value, negate, logical_not, binary, call, conditional };
    Kind kind = Kind::number;
    double number = 0;
    std::string op;  // binary: + - * / ** < <= > >= == != and or; call: the function
    std::vector<NodePtr> operands;

    double evaluate(double distance, double value) const {
        const auto at = [&](std::size_t k) { return operands[k]->evaluate(distance, value); };
        switch (kind) {
        case Kind::number: return number;
        case Kind::distance: return distance;
        case Kind::value: return value;
        case Kind::negate: return -at(0);
        case Kind::logical_not: return at(0) == 0.0 ? 1.0 : 0.0;
        case Kind::conditional: return at(1) != 0.0 ? at(0) : at(2);
        case Kind::call: return call(distance, value);
        case Kind::binary: break;
        }
        if (op == "and") return at(0) != 0.0 && at(1) != 0.0 ? 1.0 : 0.0;  // (0/1, not Python's operand)
        if (op == "or") return at(0) != 0.0 || at(1) != 0.0 ? 1.0 : 0.0;
        const double a = at(0), b = at(1);
        if (op == "+") return a + b;
        if (op == "-") return a - b;
        if (op == "*") return a * b;
        if (op == "/") return a / b;
        if (op == "**") return std::pow(a, b);
        if (op == "<") return a < b;
        if (op == "<=") return a <= b;
        if (op == ">") return a > b;
        if (op == ">=") return a >= b;
        if (op == "==") return a == b;
        return a != b;
    }

    double call(double distance, double value) const {
        std::vector<double> x;
        for (const auto& o : operands) x.push_back(o->evaluate(distance, value));
        if (op == "exp") return std::exp(x[0]);
        if (op == "log") return std::log(x[0]);
        if (op == "log10") return std::log10(x[0]);
        if (op == "sqrt") return std::sqrt(x[0]);
        if (op == "fabs" || op == "abs") return std::fabs(x[0]);
        if (op == "sin") return std::sin(x[0]);
        if (op == "cos") return std::cos(x[0]);
        if (op == "tanh") return std::tanh(x[0]);
        if (op == "pow") return std::pow(x[0], x[1]);
        if (op == "min") return std::fmin(x[0], x[1]);
        return std::fmax(x[0], x[1]);  // max
    }
};

NodePtr make(Node::Kind kind, std::string op, std::vector<NodePtr> operands, double number = 0) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->op = std::move(op);
    n->operands = std::move(operands);
    n->number = number;
    return n;
}

class Reader {
public:
    explicit Reader(const std::string& text) : s_(text) {}

    NodePtr whole() {
        NodePtr e = conditional();
        skip();
        if (i_ < s_.size()) fail("unexpected '" + s_.substr(i_, 12) + "'");
        return e;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw InvalidArgument("distribution \"" + s_ + "\": " + what + " at character " + std::to_string(i_ + 1));
    }
    void skip() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    bool accept(const std::string& token) {
        skip();
        if (s_.compare(i_, token.size(), token) != 0) return false;
        // A word must end there ("and" is not the start of "android").
        if (std::isalpha(static_cast<unsigned char>(token.back())) && i_ + token.size() < s_.size() &&
            (std::isalnum(static_cast<unsigned char>(s_[i_ + token.size()])) || s_[i_ + token.size()] == '_'))
            return false;
        i_ += token.size();
        return true;
    }
    void expect(const std::string& token) {
        if (!accept(token)) fail("expected '" + token + "'");
    }
    void enter() {
        if (++depth_ > 100) fail("nested more than 100 deep");
    }

    NodePtr conditional() {
        enter();
        NodePtr value = logical_or();
        if (accept("if")) {
            NodePtr condition = logical_or();
            expect("else");
            NodePtr otherwise = conditional();
            value = make(Node::Kind::conditional, "", {value, condition, otherwise});
        }
        --depth_;
        return value;
    }
    NodePtr logical_or() {
        NodePtr left = logical_and();
        while (accept("or")) left = make(Node::Kind::binary, "or", {left, logical_and()});
        return left;
    }
    NodePtr logical_and() {
        NodePtr left = logical_not();
        while (accept("and")) left = make(Node::Kind::binary, "and", {left, logical_not()});
        return left;
    }
    NodePtr logical_not() {
        if (accept("not")) {
            enter();
            NodePtr n = make(Node::Kind::logical_not, "", {logical_not()});
            --depth_;
            return n;
        }
        return comparison();
    }
    // Python chains comparisons: a < b < c is (a < b) and (b < c).
    NodePtr comparison() {
        NodePtr left = additive();
        NodePtr result;
        for (;;) {
            std::string op;
            for (const char* candidate : {"<=", ">=", "==", "!=", "<", ">"})
                if (accept(candidate)) {
                    op = candidate;
                    break;
                }
            if (op.empty()) return result ? result : left;
            NodePtr right = additive();
            NodePtr test = make(Node::Kind::binary, op, {left, right});
            result = result ? make(Node::Kind::binary, "and", {result, test}) : test;
            left = right;
        }
    }
    NodePtr additive() {
        NodePtr left = multiplicative();
        for (;;) {
            if (accept("+")) left = make(Node::Kind::binary, "+", {left, multiplicative()});
            else if (accept("-")) left = make(Node::Kind::binary, "-", {left, multiplicative()});
            else return left;
        }
    }
    NodePtr multiplicative() {
        NodePtr left = unary();
        for (;;) {
            skip();
            if (s_.compare(i_, 2, "**") == 0) return left;  // power, handled below
            if (accept("*")) left = make(Node::Kind::binary, "*", {left, unary()});
            else if (accept("/")) left = make(Node::Kind::binary, "/", {left, unary()});
            else return left;
        }
    }
    NodePtr unary() {
        enter();
        NodePtr n;
        if (accept("-")) n = make(Node::Kind::negate, "", {unary()});
        else if (accept("+")) n = unary();
        else n = power();
        --depth_;
        return n;
    }
    NodePtr power() {
        NodePtr base = primary();
        if (accept("**")) return make(Node::Kind::binary, "**", {base, unary()});
        return base;
    }
    NodePtr primary() {
        skip();
        if (i_ >= s_.size()) fail("the expression ends early");
        if (accept("(")) {
            NodePtr inner = conditional();
            expect(")");
            return inner;
        }
        if (accept("{distance}")) return make(Node::Kind::distance, "", {});
        if (accept("{value}")) return make(Node::Kind::value, "", {});
        if (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.') {
            const char* begin = s_.c_str() + i_;
            char* end = nullptr;
            const double x = std::strtod(begin, &end);
            if (end == begin) fail("a number is malformed");
            i_ += static_cast<std::size_t>(end - begin);
            return make(Node::Kind::number, "", {}, x);
        }
        if (accept("math.pi")) return make(Node::Kind::number, "", {}, 3.14159265358979323846);
        if (accept("math.e")) return make(Node::Kind::number, "", {}, 2.71828182845904523536);
        static const std::map<std::string, int> functions{
            {"math.exp", 1}, {"math.log", 1}, {"math.log10", 1}, {"math.sqrt", 1}, {"math.fabs", 1},
            {"math.sin", 1}, {"math.cos", 1}, {"math.tanh", 1}, {"math.pow", 2}, {"abs", 1},
            {"min", 2}, {"max", 2}, {"pow", 2}};
        for (const auto& [name, arity] : functions) {
            skip();
            if (s_.compare(i_, name.size(), name) != 0 || i_ + name.size() >= s_.size() ||
                s_[i_ + name.size()] != '(')
                continue;
            i_ += name.size() + 1;
            std::vector<NodePtr> args{conditional()};
            while (accept(",")) args.push_back(conditional());
            expect(")");
            if (static_cast<int>(args.size()) != arity)
                fail(name + " takes " + std::to_string(arity) + " argument" + (arity > 1 ? "s" : ""));
            const auto dot = name.find('.');
            return make(Node::Kind::call, dot == std::string::npos ? name : name.substr(dot + 1), std::move(args));
        }
        fail("expected a number, {distance}, {value}, a math function or '('");
    }

    const std::string& s_;
    std::size_t i_ = 0;
    int depth_ = 0;
};

}  // namespace

std::function<double(double, double)> compile_distribution(const std::string& text) {
    if (text.size() > 4096) throw InvalidArgument("distribution is " + std::to_string(text.size()) + " characters long; 4096 at most");
    NodePtr root = Reader(text).whole();
    return [root](double distance, double value) { return root->evaluate(distance, value); };
}

}  // namespace lamina::circuit
