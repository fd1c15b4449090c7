#include "engine/nmodl/ast.h"

#include <charconv>
#include <string>

#include "engine/errors.h"

namespace lamina::nmodl {

namespace {
Expression make(ExpressionNode node) { return std::make_shared<const ExpressionNode>(std::move(node)); }

// Binding strength, for printing with only the parentheses needed.
int precedence(const ExpressionNode& e) {
    if (e.kind != ExpressionNode::Kind::binary) return e.kind == ExpressionNode::Kind::negate || e.kind == ExpressionNode::Kind::logical_not ? 6 : 8;
    switch (e.op) {
    case Operator::logical_or: return 1;
    case Operator::logical_and: return 2;
    case Operator::add: case Operator::subtract: return 4;
    case Operator::multiply: case Operator::divide: return 5;
    case Operator::power: return 7;
    default: return 3;  // comparisons
    }
}

// The shortest text that reads back as the same double.
std::string number_text(double value) {
    char text[40];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return ec == std::errc() ? std::string(text, end) : readable_number(value);
}
}  // namespace

Expression number(double value, Position at) {
    ExpressionNode n;
    n.kind = ExpressionNode::Kind::number;
    n.number = value;
    n.at = at;
    return make(std::move(n));
}

Expression name(std::string name, Position at) {
    ExpressionNode n;
    n.kind = ExpressionNode::Kind::name;
    n.name = std::move(name);
    n.at = at;
    return make(std::move(n));
}

Expression call(std::string function, std::vector<Expression> arguments, Position at) {
    ExpressionNode n;
    n.kind = ExpressionNode::Kind::call;
    n.name = std::move(function);
    n.operands = std::move(arguments);
    n.at = at;
    return make(std::move(n));
}

Expression negate(Expression operand, Position at) {
    ExpressionNode n;
    n.kind = ExpressionNode::Kind::negate;
    n.operands = {std::move(operand)};
    n.at = at;
    return make(std::move(n));
}

Expression logical_not(Expression operand, Position at) {
    ExpressionNode n;
    n.kind = ExpressionNode::Kind::logical_not;
    n.operands = {std::move(operand)};
    n.at = at;
    return make(std::move(n));
}

Expression binary(Operator op, Expression left, Expression right, Position at) {
    ExpressionNode n;
    n.kind = ExpressionNode::Kind::binary;
    n.op = op;
    n.operands = {std::move(left), std::move(right)};
    n.at = at;
    return make(std::move(n));
}

const char* spelling(Operator op) {
    switch (op) {
    case Operator::add: return "+";
    case Operator::subtract: return "-";
    case Operator::multiply: return "*";
    case Operator::divide: return "/";
    case Operator::power: return "^";
    case Operator::less: return "<";
    case Operator::less_equal: return "<=";
    case Operator::greater: return ">";
    case Operator::greater_equal: return ">=";
    case Operator::equal: return "==";
    case Operator::not_equal: return "!=";
    case Operator::logical_and: return "&&";
    case Operator::logical_or: return "||";
    }
    return "?";
}

std::string to_string(const Expression& e) {
    using Kind = ExpressionNode::Kind;
    switch (e->kind) {
    case Kind::number: return e->number < 0 ? "(" + number_text(e->number) + ")" : number_text(e->number);
    case Kind::name: return e->name;
    case Kind::call: {
        std::string out = e->name + "(";
        for (std::size_t i = 0; i < e->operands.size(); ++i) out += (i ? ", " : "") + to_string(e->operands[i]);
        return out + ")";
    }
    case Kind::negate:
    case Kind::logical_not: {
        const auto& x = e->operands[0];
        const std::string inner = precedence(*x) < precedence(*e) ? "(" + to_string(x) + ")" : to_string(x);
        return (e->kind == Kind::negate ? "-" : "!") + inner;
    }
    case Kind::binary: {
        const int p = precedence(*e);
        const auto& l = e->operands[0];
        const auto& r = e->operands[1];
        // Left-associative operators need parentheses on the right at equal strength
        // (a - (b - c)); ^ is right-associative, so on the left ((a^b)^c).
        const bool right_assoc = e->op == Operator::power;
        const bool wrap_l = precedence(*l) < p || (right_assoc && precedence(*l) == p) ||
                            (right_assoc && l->kind == Kind::negate);
        const bool wrap_r = precedence(*r) < p || (!right_assoc && precedence(*r) == p);
        const std::string ls = wrap_l ? "(" + to_string(l) + ")" : to_string(l);
        const std::string rs = wrap_r ? "(" + to_string(r) + ")" : to_string(r);
        return ls + " " + spelling(e->op) + " " + rs;
    }
    }
    return "?";
}

}  // namespace lamina::nmodl
