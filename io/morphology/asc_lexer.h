#pragma once
// Tokens of Neurolucida's ASC text: ( ) | < > "strings" and words (numbers are words
// too; the parser decides). ';' starts a comment; ',' separates like a blank.

#include <cstddef>
#include <string>
#include <string_view>

namespace lamina::io {

enum class AscToken { lparen, rparen, bar, langle, rangle, string, word, end };

struct AscLexeme {
    AscToken kind = AscToken::end;
    std::string_view text;  // the word or the string's contents
    std::size_t line = 0;   // 1-based
};

class AscLexer {
public:
    AscLexer(std::string_view text, const std::string& name) : text_(text), name_(name) {}

    const AscLexeme& peek();
    AscLexeme next();
    std::size_t line() const noexcept { return line_; }
    const std::string& name() const noexcept { return name_; }

private:
    AscLexeme scan();

    std::string_view text_;
    const std::string& name_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    AscLexeme lookahead_;
    bool has_lookahead_ = false;
};

}  // namespace lamina::io
