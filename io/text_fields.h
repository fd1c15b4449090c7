#pragma once
// Small, allocation-free helpers for line-based text formats.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace lamina::io {

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Splits `line` on blanks into at most `capacity` fields; returns how many fields the
// line has in total (which may exceed capacity).
inline std::size_t split_fields(std::string_view line, std::string_view* fields,
                                std::size_t capacity) {
    std::size_t count = 0, i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        if (i == line.size()) break;
        const std::size_t start = i;
        while (i < line.size() && !is_blank(line[i])) ++i;
        if (count < capacity) fields[count] = line.substr(start, i - start);
        ++count;
    }
    return count;
}

// Whole-token parses: "12abc" fails. A leading '+' is accepted, as printf can write one.
inline bool parse_number(std::string_view token, double& out) {
    if (!token.empty() && token.front() == '+') token.remove_prefix(1);
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
    return ec == std::errc() && end == token.data() + token.size() && std::isfinite(out);
}

inline bool parse_number(std::string_view token, std::int64_t& out) {
    if (!token.empty() && token.front() == '+') token.remove_prefix(1);
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
    return ec == std::errc() && end == token.data() + token.size();
}

// Concatenates pieces with append(): GCC 12 at -O3 falsely warns (-Wrestrict) about
// chains of operator+ on strings.
template <typename... Parts>
std::string cat(const Parts&... parts) {
    std::string out;
    (out.append(parts), ...);
    return out;
}

}  // namespace lamina::io
