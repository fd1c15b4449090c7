#pragma once
// The expressions e-models use to distribute a parameter over a cell (BluePyOpt's
// layout): Python arithmetic over {distance} [µm from the soma centre] and {value} (the
// parameter's base value), e.g. "(-0.8696 + 2.087*math.exp(3.6161*{distance}/791.38))*{value}"
// or "(1.0 if 685.0 < {distance} < 885.0 else 0.01)*{value}".
//
// Supported: numbers, + - * / ** (right-associative, binding tighter than unary minus
// on its left), parentheses, comparisons (chained as in Python), and / or / not,
// `a if c else b`, math.exp, math.log, math.log10, math.sqrt, math.pow, math.fabs,
// math.sin, math.cos, math.tanh, abs, min, max, pow, math.pi, math.e. Nothing else is
// evaluated: this is not Python.

#include <functional>
#include <string>

namespace lamina::circuit {

// f(distance, value). Throws InvalidArgument naming the column and what was expected
// for text that is not such an expression.
std::function<double(double, double)> compile_distribution(const std::string& text);

}  // namespace lamina::circuit
