#pragma once
// NMODL's tokens. Comments (`:` or `?` to the end of the line, COMMENT ... ENDCOMMENT)
// are dropped; TITLE takes the rest of its line as text; VERBATIM ... ENDVERBATIM
// becomes one token so the parser can refuse it where it stands.

#include <string>
#include <string_view>
#include <vector>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

struct Token {
    enum class Kind { name, number, text, string, symbol, verbatim, end };
    Kind kind = Kind::end;
    std::string text;     // name, symbol ("<->", "'", "{"), TITLE's text or a "string"
    double number = 0.0;
    Position at;
    bool line_start = false;  // the first token on its line
};

// Throws NmodlError (file:line:column) on a character NMODL has no use for, a number
// that does not fit a double, or a COMMENT / VERBATIM block never closed.
std::vector<Token> tokenize(std::string_view source, const std::string& file);

}  // namespace lamina::nmodl
