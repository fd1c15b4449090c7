#include "engine/nmodl/lexer.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "engine/nmodl/nmodl_error.h"

namespace lamina::nmodl {

namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

class Lexer {
public:
    Lexer(std::string_view source, const std::string& file) : s_(source), file_(file) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        bool line_start = true;
        for (;;) {
            line_start = skip_blank(line_start);
            Token t;
            t.at = here();
            t.line_start = line_start;
            line_start = false;
            if (i_ >= s_.size()) {
                out.push_back(t);
                return out;
            }
            const char c = s_[i_];
            if (name_start(c)) {
                t.kind = Token::Kind::name;
                t.text = take_while(name_char);
                if (t.text == "COMMENT") {
                    skip_until(t, "ENDCOMMENT", "COMMENT block");
                    continue;
                }
                if (t.text == "VERBATIM") {
                    skip_until(t, "ENDVERBATIM", "VERBATIM block");
                    t.kind = Token::Kind::verbatim;
                } else if (t.text == "TITLE") {
                    t.kind = Token::Kind::text;
                    t.text = rest_of_line();
                }
            } else if (c == '"') {  // a string (INCLUDE "file", printf formats): refused by the parser
                t.kind = Token::Kind::string;
                advance();
                t.text = take_while([](char x) { return x != '"' && x != '\n'; });
                if (i_ >= s_.size() || s_[i_] != '"') throw NmodlError(file_, t.at, "string is not closed by '\"' on its line");
                advance();
            } else if (digit(c) || (c == '.' && i_ + 1 < s_.size() && digit(s_[i_ + 1]))) {
                t.kind = Token::Kind::number;
                t.number = read_number(t);  // (and its text, for units such as (1/ms))
            } else {
                t.kind = Token::Kind::symbol;
                t.text = read_symbol(t);
            }
            out.push_back(std::move(t));
        }
    }

private:
    Position here() const { return {line_, static_cast<std::uint32_t>(i_ - line_begin_ + 1)}; }

    void advance() {
        if (s_[i_] == '\n') {
            ++line_;
            line_begin_ = i_ + 1;
        }
        ++i_;
    }

    // Skips spaces and comments; says whether a line ended on the way (or we are at the
    // file's start).
    bool skip_blank(bool line_start) {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '\n') {
                line_start = true;
                advance();
            } else if (std::isspace(static_cast<unsigned char>(c))) {
                advance();
            } else if (c == ':' || c == '?') {
                while (i_ < s_.size() && s_[i_] != '\n') advance();
            } else {
                break;
            }
        }
        return line_start;
    }

    template <typename Predicate>
    std::string take_while(Predicate keep) {
        const std::size_t from = i_;
        while (i_ < s_.size() && keep(s_[i_])) advance();
        return std::string(s_.substr(from, i_ - from));
    }

    std::string rest_of_line() {
        const std::size_t from = i_;
        while (i_ < s_.size() && s_[i_] != '\n') advance();
        std::string text(s_.substr(from, i_ - from));
        const auto first = text.find_first_not_of(" \t\r");
        const auto last = text.find_last_not_of(" \t\r");
        return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    }

    // Skips to the end of the word `closing` standing alone as a name.
    void skip_until(const Token& opening, std::string_view closing, const char* what) {
        while (i_ < s_.size()) {
            if (name_start(s_[i_]) && (i_ == 0 || !name_char(s_[i_ - 1]))) {
                const std::string word = take_while(name_char);
                if (word == closing) return;
                continue;
            }
            advance();
        }
        throw NmodlError(file_, opening.at, std::string(what) + " is never closed by " + std::string(closing));
    }

    double read_number(Token& t) {
        const std::size_t from = i_;
        while (i_ < s_.size() && digit(s_[i_])) advance();
        if (i_ < s_.size() && s_[i_] == '.') {
            advance();
            while (i_ < s_.size() && digit(s_[i_])) advance();
        }
        if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
            std::size_t j = i_ + 1;
            if (j < s_.size() && (s_[j] == '+' || s_[j] == '-')) ++j;
            if (j < s_.size() && digit(s_[j])) {
                while (i_ < j) advance();
                while (i_ < s_.size() && digit(s_[i_])) advance();
            }
        }
        const std::string text(s_.substr(from, i_ - from));
        t.text = text;
        errno = 0;
        const double value = std::strtod(text.c_str(), nullptr);
        if (errno == ERANGE && std::isinf(value))
            throw NmodlError(file_, t.at, "number " + text + " is too large for a double");
        return value;
    }

    std::string read_symbol(const Token& t) {
        static constexpr std::string_view three[] = {"<->"};
        static constexpr std::string_view two[] = {"<=", ">=", "==", "!=", "&&", "||", "<<", "->"};
        for (auto sym : three)
            if (s_.substr(i_, 3) == sym) return take(3);
        for (auto sym : two)
            if (s_.substr(i_, 2) == sym) return take(2);
        const char c = s_[i_];
        static constexpr std::string_view one = "+-*/^(){}[],=<>!'~";
        if (one.find(c) != std::string_view::npos) return take(1);
        std::string shown = std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c) : "byte " + std::to_string(static_cast<unsigned char>(c));
        throw NmodlError(file_, t.at, "unexpected character '" + shown + "'");
    }

    std::string take(std::size_t n) {
        std::string out(s_.substr(i_, n));
        for (std::size_t k = 0; k < n; ++k) advance();
        return out;
    }

    std::string_view s_;
    const std::string& file_;
    std::size_t i_ = 0, line_begin_ = 0;
    std::uint32_t line_ = 1;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source, const std::string& file) { return Lexer(source, file).run(); }

}  // namespace lamina::nmodl
