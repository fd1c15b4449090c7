#include "io/network_csv.h"

#include <charconv>
#include <ostream>
#include <string>
#include <string_view>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/text_fields.h"

namespace lamina::io {

namespace {

// Calls `row(fields, line)` for every data line; checks the header names the columns.
template <typename Row>
void for_each_row(const std::filesystem::path& path, std::initializer_list<std::string_view> header, Row row) {
    const std::string text = read_file(path);
    const std::string name = path.string();
    std::size_t pos = 0, line = 0;
    bool seen_header = false;
    std::vector<std::string_view> fields;
    while (pos < text.size()) {
        ++line;
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view content(text.data() + pos, end - pos);
        pos = end + 1;
        if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
        if (content.empty()) continue;
        fields.clear();
        for (std::size_t start = 0;;) {
            const std::size_t comma = content.find(',', start);
            fields.push_back(content.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
        if (!seen_header) {
            seen_header = true;
            std::size_t k = 0;
            bool matches = fields.size() >= header.size();
            for (auto h : header) matches = matches && fields[k++] == h;
            if (!matches) {
                std::string expected;
                for (auto h : header) expected.append(expected.empty() ? "" : ",").append(h);
                throw FileError(name, line, cat("header must be '", expected, "', got '", content, "'"));
            }
            continue;
        }
        if (fields.size() < header.size())
            throw FileError(name, line, cat("expected ", std::to_string(header.size()), " columns, got ",
                                            std::to_string(fields.size())));
        row(fields, line, name);
    }
}

double number(std::string_view field, std::size_t line, const std::string& file, const char* what) {
    double value = 0;
    if (!parse_number(field, value))
        throw FileError(file, line, cat("cannot read '", field, "' as ", what));
    return value;
}

sim::Gid gid(std::string_view field, std::size_t line, const std::string& file, const char* what) {
    std::int64_t value = 0;
    if (!parse_number(field, value) || value < 0 || value > 0xffffffffLL)
        throw FileError(file, line, cat("'", field, "' is not a valid ", what, " gid"));
    return static_cast<sim::Gid>(value);
}

}  // namespace

std::vector<sim::Connection> read_edges_csv(const std::filesystem::path& path) {
    std::vector<sim::Connection> out;
    for_each_row(path, {"source", "target", "weight_uS", "delay_ms"},
                 [&](const std::vector<std::string_view>& f, std::size_t line, const std::string& file) {
                     const double delay = number(f[3], line, file, "a delay in ms");
                     if (!(delay > 0 && delay <= sim::max_time))
                         throw FileError(file, line, cat("delay must be in (0, 1e+09] ms, got ", f[3]));
                     out.push_back({gid(f[0], line, file, "source"), gid(f[1], line, file, "target"), 0,
                                    number(f[2], line, file, "a weight in uS"), delay});
                 });
    return out;
}

std::vector<sim::ExternalEvent> read_events_csv(const std::filesystem::path& path, double weight) {
    std::vector<sim::ExternalEvent> out;
    for_each_row(path, {"target", "time_ms"},
                 [&](const std::vector<std::string_view>& f, std::size_t line, const std::string& file) {
                     const double t = number(f[1], line, file, "a time in ms");
                     if (!(t >= 0 && t <= sim::max_time))
                         throw FileError(file, line, cat("time must be in [0, 1e+09] ms, got ", f[1]));
                     out.push_back({gid(f[0], line, file, "target"), 0, t, weight});
                 });
    return out;
}

void write_spikes_csv(const std::vector<sim::Spike>& spikes, const std::filesystem::path& path) {
    write_text_file_atomically(path, [&](std::ostream& out) {
        out << "gid,time_ms\n";
        char buffer[64];
        for (const sim::Spike& s : spikes) {
            auto r = std::to_chars(buffer, buffer + sizeof buffer, s.gid);
            *r.ptr++ = ',';
            r = std::to_chars(r.ptr, buffer + sizeof buffer, s.time, std::chars_format::fixed, 4);
            *r.ptr++ = '\n';
            out.write(buffer, r.ptr - buffer);
        }
    });
}

}  // namespace lamina::io
