#include "io/sonata/type_table.h"

#include <ostream>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/text_fields.h"

namespace lamina::io::sonata {

namespace {

// Blank-separated tokens; a token may be "double quoted" to hold blanks.
bool tokenize(const std::string& line, std::vector<std::string>& out) {
    out.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i == line.size()) break;
        std::string token;
        if (line[i] == '"') {
            const std::size_t close = line.find('"', i + 1);
            if (close == std::string::npos) return false;
            token = line.substr(i + 1, close - i - 1);
            i = close + 1;
        } else {
            while (i < line.size() && !is_blank(line[i])) token += line[i++];
        }
        out.push_back(token);
    }
    return true;
}

bool is_none(const std::string& v) { return v == "NONE" || v == "None" || v == "NULL" || v == "NaN" || v == "nan"; }

}  // namespace

TypeTable read_type_table(const std::string& path, const std::string& id_column) {
    const std::string text = read_file(path);
    TypeTable table;
    table.file = path;
    std::vector<std::string> tokens;
    std::size_t line_number = 0, id_at = 0, width = 0;
    bool header = true;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!tokenize(line, tokens)) throw FileError(path, line_number, "unterminated double quote");
        if (tokens.empty()) continue;
        if (header) {
            header = false;
            width = tokens.size();
            bool found = false;
            for (std::size_t i = 0; i < tokens.size(); ++i) {
                if (tokens[i] == id_column) {
                    id_at = i;
                    found = true;
                } else {
                    table.columns.push_back(tokens[i]);
                }
            }
            if (!found) throw FileError(path, line_number, "the header has no '" + id_column + "' column");
            continue;
        }
        if (tokens.size() != width)
            throw FileError(path, line_number, "has " + std::to_string(tokens.size()) + " values, the header names " +
                                                   std::to_string(width) + " columns");
        std::int64_t id = 0;
        if (!parse_number(tokens[id_at], id))
            throw FileError(path, line_number, id_column + " '" + tokens[id_at] + "' is not an integer");
        if (table.rows.count(id))
            throw FileError(path, line_number, id_column + " " + std::to_string(id) + " is repeated (first on line " +
                                                   std::to_string(table.lines[id]) + ")");
        std::vector<std::string> values;
        for (std::size_t i = 0; i < tokens.size(); ++i)
            if (i != id_at) values.push_back(is_none(tokens[i]) ? std::string() : tokens[i]);
        table.rows[id] = std::move(values);
        table.lines[id] = line_number;
    }
    if (header) throw FileError(path, 1, "empty file: expected a header naming '" + id_column + "'");
    return table;
}

void write_type_table(const std::string& path, const std::string& id_column, const std::vector<std::int64_t>& ids,
                      const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& values) {
    auto quoted = [](const std::string& v) {
        if (v.empty()) return std::string("NONE");
        return v.find_first_of(" \t") == std::string::npos ? v : "\"" + v + "\"";
    };
    write_text_file_atomically(path, [&](std::ostream& out) {
        out << id_column;
        for (const auto& c : columns) out << ' ' << c;
        out << '\n';
        for (std::size_t r = 0; r < ids.size(); ++r) {
            out << ids[r];
            for (const auto& v : values[r]) out << ' ' << quoted(v);
            out << '\n';
        }
    });
}

}  // namespace lamina::io::sonata
