#pragma once
// NMODL as the parser reads it: a module of declarations and blocks, statements and
// expressions, each with the line and column it came from (for errors that point at
// the construct). The tree is what the file says; meaning (which name is a state, which
// equations are linear in it, how a block is integrated) is decided by later passes.
// Expressions are immutable and shared, so symbolic passes (derivatives, substitution)
// build new trees from old ones without copying.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lamina::nmodl {

struct Position {
    std::uint32_t line = 0, column = 0;  // 1-based; 0: made by a pass, not read
};

enum class Operator {
    add, subtract, multiply, divide, power,
    less, less_equal, greater, greater_equal, equal, not_equal,
    logical_and, logical_or,
};

struct ExpressionNode;
using Expression = std::shared_ptr<const ExpressionNode>;

struct ExpressionNode {
    enum class Kind { number, name, call, negate, logical_not, binary };
    Kind kind = Kind::number;
    double number = 0.0;            // number
    std::string name;               // name, call (the function)
    Operator op = Operator::add;    // binary
    std::vector<Expression> operands;  // negate, not: 1; binary: 2; call: its arguments
    Position at;
};

Expression number(double value, Position at = {});
Expression name(std::string name, Position at = {});
Expression call(std::string function, std::vector<Expression> arguments, Position at = {});
Expression negate(Expression operand, Position at = {});
Expression logical_not(Expression operand, Position at = {});
Expression binary(Operator op, Expression left, Expression right, Position at = {});

// The expression as NMODL text, fully parenthesised where precedence needs it.
std::string to_string(const Expression& e);
const char* spelling(Operator op);

struct Statement;
using Block = std::vector<Statement>;

struct Assignment {
    std::string target;
    bool derivative = false;  // x' = ...
    Expression value;
};
struct LocalDeclaration {
    std::vector<std::string> names;
};
struct If {
    Expression condition;
    Block then_block, else_block;  // an else-if is an If alone in else_block
};
struct While {
    Expression condition;
    Block body;
};
struct Solve {
    std::string block;
    std::string method;     // METHOD x (cnexp, derivimplicit, sparse, euler, ...); empty: none
    std::string steady_state;  // STEADYSTATE x
};
struct CallStatement {  // a PROCEDURE, net_send(...), net_event(...)
    std::string function;
    std::vector<Expression> arguments;
};
struct Term {
    std::string species;
    int stoichiometry = 1;  // 2A: 2
};
// KINETIC: ~ A + B <-> C (kf, kb);  ~ A << (flux);  ~ A -> B (k)
struct Reaction {
    enum class Kind { reversible, forward, flux };
    Kind kind = Kind::reversible;
    std::vector<Term> left, right;  // flux: left is the species, right empty
    Expression forward, backward;   // backward: reversible only
};
// LINEAR / NONLINEAR: ~ left = right
struct Equation {
    Expression left, right;
};
struct Conserve {  // CONSERVE a + b + c = total
    Expression left, right;
};
struct Table {  // TABLE names DEPEND globals FROM lo TO hi WITH n
    std::vector<std::string> names, depend;
    Expression from, to;
    double with = 0;
};

struct NestedInitial;  // INITIAL { ... } inside NET_RECEIVE: once per connection

struct Statement {
    Position at;
    std::variant<Assignment, LocalDeclaration, If, While, Solve, CallStatement, Reaction, Equation, Conserve, Table,
                 std::shared_ptr<NestedInitial>>
        what;
};

struct NestedInitial {
    Block body;
};

// A name declared in PARAMETER, ASSIGNED, STATE or CONSTANT.
struct Variable {
    std::string name;
    Position at;
    std::string units;                          // as written, "" when none
    std::optional<double> value;                // PARAMETER / CONSTANT: = value
    std::optional<std::pair<double, double>> limits;  // <lo, hi>
};

struct IonDeclaration {
    std::string ion;
    std::vector<std::string> read, write;
    std::optional<double> valence;
    Position at;
};

struct Callable {  // PROCEDURE or FUNCTION
    std::string name;
    Position at;
    bool function = false;
    std::vector<Variable> parameters;  // name and units
    std::string units;                 // of the FUNCTION's value
    Block body;
};

struct NamedBlock {  // DERIVATIVE, KINETIC, LINEAR, NONLINEAR
    std::string name;
    Position at;
    Block body;
};

// A UNITS block constant: FARADAY = (faraday) (coulomb), R = (k-mole) (joule/degC).
struct UnitConstant {
    std::string name;
    Position at;
    std::string physical, units;  // "faraday", "coulomb"
};

enum class ModuleKind { density, point_process, artificial_cell };

struct Module {
    std::string file;
    std::string title;
    ModuleKind kind = ModuleKind::density;
    std::string name;  // SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL
    Position name_at;
    std::vector<IonDeclaration> ions;
    std::vector<std::string> nonspecific_currents, electrode_currents, range, global, pointers;
    bool threadsafe = false;
    std::vector<UnitConstant> unit_constants;
    std::vector<Variable> parameters, constants, assigned, states;
    std::optional<Block> initial, breakpoint;
    std::vector<NamedBlock> derivatives, kinetics, linears, nonlinears;
    std::vector<Callable> callables;
    struct NetReceive {
        std::vector<Variable> arguments;  // the first is the weight
        Position at;
        Block body;
    };
    std::optional<NetReceive> net_receive;
    Position neuron_at;  // where the NEURON block is; 0 when there is none
};

}  // namespace lamina::nmodl
