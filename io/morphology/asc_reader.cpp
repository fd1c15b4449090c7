// Neurolucida ASC reader: a recursive-descent parser over AscLexer. Only branch blocks
// recurse (bounded by max_depth); skipped blocks are consumed by counting parentheses.

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <vector>

#include "engine/errors.h"
#include "engine/morphology/morphology_builder.h"
#include "io/file_util.h"
#include "io/morphology/asc.h"
#include "io/morphology/asc_lexer.h"
#include "io/text_fields.h"

namespace lamina::io {

namespace {

constexpr int max_depth = 1000;

// Neurolucida's end-of-branch words.
constexpr std::array<std::string_view, 7> end_markers = {
    "Normal", "Incomplete", "High", "Low", "Generated", "Midpoint", "Origin"};

bool is_end_marker(std::string_view word) {
    return std::find(end_markers.begin(), end_markers.end(), word) != end_markers.end();
}

bool looks_numeric(std::string_view word) {
    const char c = word.empty() ? '\0' : word.front();
    return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.';
}

enum class BlockType { none, soma, axon, dendrite, apical };

std::optional<BlockType> block_tag(std::string_view word) {
    std::string lower(word);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (lower == "cellbody") return BlockType::soma;
    if (lower == "axon") return BlockType::axon;
    if (lower == "dendrite") return BlockType::dendrite;
    if (lower == "apical") return BlockType::apical;
    return std::nullopt;
}

SectionType section_type(BlockType type) {
    switch (type) {
        case BlockType::axon: return SectionType::axon;
        case BlockType::dendrite: return SectionType::basal_dendrite;
        case BlockType::apical: return SectionType::apical_dendrite;
        default: return SectionType::undefined;
    }
}

struct ParsedSection {
    std::vector<Point3> points;     // [µm]
    std::vector<double> diameters;  // [µm]
    std::vector<std::size_t> children;
    std::size_t line = 0;  // where the section's first item is
};

enum class Terminator { rparen, bar };

class AscParser {
public:
    AscParser(std::string_view text, const std::string& name, const DiagnosticOptions& diag)
        : lex_(text, name), name_(name), diag_(diag) {}

    Morphology parse() {
        for (;;) {
            const AscLexeme token = lex_.next();
            if (token.kind == AscToken::end) break;
            if (token.kind != AscToken::lparen) unexpected(token);
            parse_top_level(token.line);
        }
        return builder_.build(name_);
    }

private:
    [[noreturn]] void fail(std::size_t line, const std::string& message) const {
        throw FileError(name_, line, message);
    }

    [[noreturn]] void unexpected(const AscLexeme& token) const {
        switch (token.kind) {
            case AscToken::end:
                fail(token.line, "unfinished file: it ends inside the block opened at line " +
                                     std::to_string(block_line_) + " (a ')' is missing)");
            case AscToken::word:
                if (looks_numeric(token.text))
                    fail(token.line, "unexpected number '" + std::string(token.text) +
                                         "' outside a point");
                fail(token.line, "unknown token '" + std::string(token.text) + "'");
            case AscToken::string:
                fail(token.line, "unexpected string \"" + std::string(token.text) + "\"");
            default:
                fail(token.line, "unexpected '" + std::string(token.text) + "'");
        }
    }

    // Consumes tokens up to and including the ')' that closes a block whose '(' has been
    // read already.
    void skip_block(std::size_t opened_at) {
        int depth = 1;
        while (depth > 0) {
            const AscLexeme token = lex_.next();
            if (token.kind == AscToken::lparen) ++depth;
            else if (token.kind == AscToken::rparen) --depth;
            else if (token.kind == AscToken::end)
                fail(opened_at, "unfinished file: the block opened here is never closed");
        }
    }

    void skip_spine(std::size_t opened_at) {
        for (;;) {
            const AscLexeme token = lex_.next();
            if (token.kind == AscToken::rangle) return;
            if (token.kind == AscToken::end)
                fail(opened_at, "unfinished file: the spine '<' opened here is never closed");
        }
    }

    void parse_top_level(std::size_t line) {
        const AscLexeme& first = lex_.peek();
        if (first.kind == AscToken::word) {
            // (Description ...), (ImageCoords ...), (Sections ...), (Font ...), markers.
            lex_.next();
            skip_block(line);
            return;
        }
        parsed_.clear();
        block_line_ = line;
        parsed_.push_back(ParsedSection{{}, {}, {}, line});
        type_ = BlockType::none;
        label_.clear();
        const Terminator end = parse_body(0, 1);
        if (end == Terminator::bar) fail(line, "'|' outside a branch block in the block opened here");
        finish_block(line);
    }

    Terminator parse_body(std::size_t section, int depth) {
        for (;;) {
            const AscLexeme token = lex_.next();
            switch (token.kind) {
                case AscToken::rparen: return Terminator::rparen;
                case AscToken::bar:
                    if (depth <= 1) fail(token.line, "'|' outside a branch block");
                    return Terminator::bar;
                case AscToken::langle: skip_spine(token.line); break;
                case AscToken::string:
                    if (depth == 1 && label_.empty()) label_ = token.text;
                    break;
                case AscToken::word:
                    if (!is_end_marker(token.text)) unexpected(token);
                    // An incomplete branch ends there (MorphIO refuses anything after it).
                    if (token.text == "Incomplete" && lex_.peek().kind != AscToken::rparen &&
                        lex_.peek().kind != AscToken::bar)
                        diag_.refuse(name_, token.line,
                                     "'Incomplete' must end its branch, but the branch goes on after it");
                    break;
                case AscToken::lparen: parse_list(section, depth, token.line); break;
                default: unexpected(token);
            }
        }
    }

    // After a '(' inside a section: a point, a tag, a skipped block or a branch block.
    void parse_list(std::size_t section, int depth, std::size_t line) {
        const AscLexeme next = lex_.peek();
        if (next.kind == AscToken::word && looks_numeric(next.text)) {
            parse_point(section, line);
        } else if (next.kind == AscToken::word) {
            lex_.next();
            std::optional<BlockType> tag = block_tag(next.text);
            if (!tag && next.text == "Cell" && lex_.peek().kind == AscToken::word &&
                lex_.peek().text == "Body") {
                lex_.next();
                tag = BlockType::soma;
            }
            if (!tag) {
                skip_block(line);  // (Color ...), (Name ...), (Resolution ...), markers
                return;
            }
            if (lex_.next().kind != AscToken::rparen)
                fail(line, "'(" + std::string(next.text) + "' must be closed right after the tag");
            if (*tag == BlockType::soma && type_ == BlockType::soma)
                fail(line, "(CellBody) given twice in one block");
            if (depth > 1) fail(line, "(" + std::string(next.text) + ") tag inside a branch");
            type_ = *tag;
        } else if (next.kind == AscToken::lparen) {
            parse_branches(section, depth + 1, line);
        } else if (next.kind == AscToken::rparen) {
            lex_.next();
        } else if (next.kind == AscToken::string) {
            skip_block(line);
        } else {
            unexpected(lex_.next());
        }
    }

    void parse_point(std::size_t section, std::size_t line) {
        double values[4] = {0, 0, 0, 0};
        int count = 0;
        for (;;) {
            const AscLexeme token = lex_.next();
            if (token.kind == AscToken::rparen) break;
            if (token.kind != AscToken::word) unexpected(token);
            if (!looks_numeric(token.text)) {
                if (count >= 3) continue;  // a label after the numbers: "S1", "R1-2"
                fail(token.line, "unparsable number '" + std::string(token.text) + "' in a point");
            }
            if (count == 4) fail(token.line, "a point has more than 4 numbers (x y z d)");
            if (!parse_number(token.text, values[count]))
                fail(token.line, "unparsable number '" + std::string(token.text) + "'");
            ++count;
        }
        if (count < 3) fail(line, "a point needs x y z and a diameter, got " + std::to_string(count) +
                                      " number(s)");
        if (values[3] < 0) fail(line, "negative diameter " + std::to_string(values[3]) + " µm");
        if (!parsed_[section].children.empty())
            fail(line, "a point after the branches of a section; points belong before the branches");
        ParsedSection& s = parsed_[section];
        if (s.points.empty()) s.line = line;
        s.points.push_back({values[0], values[1], values[2]});
        s.diameters.push_back(values[3]);
    }

    void parse_branches(std::size_t parent, int depth, std::size_t line) {
        if (depth > max_depth)
            fail(line, "branches nested deeper than " + std::to_string(max_depth) + " levels");
        if (!parsed_[parent].children.empty())
            fail(line, "a second branch block in one section");
        for (;;) {
            const std::size_t child = parsed_.size();
            parsed_.push_back(ParsedSection{{}, {}, {}, lex_.peek().line});
            parsed_[parent].children.push_back(child);
            if (parse_body(child, depth) == Terminator::rparen) return;
        }
    }

    void finish_block(std::size_t line) {
        if (type_ == BlockType::none) {
            const bool has_points = parsed_.size() > 1 || !parsed_[0].points.empty();
            if (has_points)
                diag_.warn(WarningKind::ignored_data, name_, line,
                           "block without (CellBody), (Axon), (Dendrite) or (Apical) tag" +
                               (label_.empty() ? std::string() : " (\"" + label_ + "\")") +
                               " ignored");
            return;
        }
        if (type_ == BlockType::soma) {
            add_soma(line);
            return;
        }
        add_neurite(section_type(type_));
    }

    void add_soma(std::size_t line) {
        if (builder_.soma().type != SomaType::none)
            fail(line, "a second soma: (CellBody) already defined at line " +
                           std::to_string(soma_line_));
        if (parsed_.size() > 1) fail(line, "the soma contour has branches");
        const ParsedSection& s = parsed_[0];
        if (s.points.size() < 3)
            fail(line, "soma contour with " + std::to_string(s.points.size()) +
                           " point(s); a contour needs at least 3");
        builder_.set_soma(Soma{SomaType::contour, s.points, s.diameters});
        soma_line_ = line;
    }

    // Parsed sections to builder sections in depth-first order. A branch block with one
    // child continues its parent: an unbranched run is one section.
    void add_neurite(SectionType type) {
        struct Pending {
            std::size_t parsed;
            std::optional<MorphologyBuilder::Handle> parent;
        };
        std::vector<Pending> stack{{0, std::nullopt}};
        while (!stack.empty()) {
            const Pending pending = stack.back();
            stack.pop_back();
            const auto handle = builder_.add_section(pending.parent, type);
            std::size_t at = pending.parsed;
            for (;;) {
                const ParsedSection& s = parsed_[at];
                if (s.points.empty())
                    fail(s.line, pending.parent ? "a branch without points"
                                                : "a neurite without points");
                auto& out = builder_.section(handle);
                const bool repeats = !out.points.empty() && out.points.back() == s.points.front();
                out.points.insert(out.points.end(), s.points.begin() + (repeats ? 1 : 0),
                                  s.points.end());
                out.diameters.insert(out.diameters.end(), s.diameters.begin() + (repeats ? 1 : 0),
                                     s.diameters.end());
                if (s.children.size() != 1) break;
                at = s.children.front();
                diag_.warn(WarningKind::single_child, name_, parsed_[at].line,
                           "branch block with a single branch; joined to its parent section");
            }
            const auto& children = parsed_[at].children;
            for (auto c = children.rbegin(); c != children.rend(); ++c) stack.push_back({*c, handle});
        }
    }

    AscLexer lex_;
    const std::string& name_;
    const DiagnosticOptions& diag_;
    MorphologyBuilder builder_;
    std::vector<ParsedSection> parsed_;  // the sections of the block being read
    BlockType type_ = BlockType::none;
    std::string label_;
    std::size_t soma_line_ = 0;
    std::size_t block_line_ = 0;  // where the top-level block being read opened
};

}  // namespace

Morphology parse_asc(std::string_view text, const std::string& name,
                     const DiagnosticOptions& diagnostics) {
    return AscParser(text, name, diagnostics).parse();
}

Morphology read_asc(const std::filesystem::path& path, const DiagnosticOptions& diagnostics) {
    const std::string text = read_file(path);
    return parse_asc(text, path.string(), diagnostics);
}

}  // namespace lamina::io
