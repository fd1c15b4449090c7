#include "io/morphology/asc_lexer.h"

#include "engine/errors.h"

namespace lamina::io {

const AscLexeme& AscLexer::peek() {
    if (!has_lookahead_) {
        lookahead_ = scan();
        has_lookahead_ = true;
    }
    return lookahead_;
}

AscLexeme AscLexer::next() {
    if (has_lookahead_) {
        has_lookahead_ = false;
        return lookahead_;
    }
    return scan();
}

AscLexeme AscLexer::scan() {
    for (;;) {
        if (pos_ >= text_.size()) return {AscToken::end, {}, line_};
        const char c = text_[pos_];
        if (c == '\n') {
            ++line_;
            ++pos_;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == '\f' || c == '\v') {
            ++pos_;
        } else if (c == ';') {
            while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        } else {
            break;
        }
    }
    const std::size_t start = pos_;
    const char c = text_[pos_];
    auto single = [&](AscToken kind) {
        ++pos_;
        return AscLexeme{kind, text_.substr(start, 1), line_};
    };
    switch (c) {
        case '(': return single(AscToken::lparen);
        case ')': return single(AscToken::rparen);
        case '|': return single(AscToken::bar);
        case '<': return single(AscToken::langle);
        case '>': return single(AscToken::rangle);
        case '"': {
            const std::size_t line = line_;
            const std::size_t close = text_.find('"', pos_ + 1);
            if (close == std::string_view::npos)
                throw FileError(name_, line, "unfinished file: string opened here is never closed");
            for (std::size_t i = pos_; i < close; ++i)
                if (text_[i] == '\n') ++line_;
            pos_ = close + 1;
            return {AscToken::string, text_.substr(start + 1, close - start - 1), line};
        }
        default: break;
    }
    while (pos_ < text_.size()) {
        const char d = text_[pos_];
        if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ',' || d == ';' || d == '(' ||
            d == ')' || d == '|' || d == '<' || d == '>' || d == '"' || d == '\f' || d == '\v')
            break;
        ++pos_;
    }
    return {AscToken::word, text_.substr(start, pos_ - start), line_};
}

}  // namespace lamina::io
