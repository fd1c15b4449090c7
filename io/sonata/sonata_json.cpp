#include "io/sonata/sonata_json.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "engine/errors.h"
#include "io/file_util.h"

namespace lamina::io::sonata {

namespace {

// Refuses text nested deeper than max_json_depth before nlohmann sees it: its parser
// copes, but every later walk over the value (and dump() in a message) would recurse
// once per level.
void check_depth(const std::string& text, const std::filesystem::path& path) {
    int depth = 0;
    bool in_string = false;
    std::size_t line = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') ++line;
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_json_depth)
                throw FileError(path.string(), line,
                                "JSON nested more than " + std::to_string(max_json_depth) + " levels deep");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

}  // namespace

Json read_json(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_json_bytes)
        throw FileError(path.string(), 0, "is " + std::to_string(size) + " bytes; a JSON file may have at most " +
                                              std::to_string(max_json_bytes) + " bytes");
    const std::string text = read_file(path);
    check_depth(text, path);
    try {
        return Json::parse(text);
    } catch (const Json::parse_error& e) {
        // nlohmann reports a byte offset: turn it into a line.
        const std::size_t offset = std::min<std::size_t>(e.byte, text.size());
        std::size_t line = 1;
        for (std::size_t i = 0; i + 1 < offset; ++i) line += text[i] == '\n';
        std::string reason = e.what();
        if (const auto cut = reason.find("parse error"); cut != std::string::npos) reason = reason.substr(cut);
        throw FileError(path.string(), line, "malformed JSON: " + reason);
    } catch (const Json::exception& e) {
        throw FileError(path.string(), 0, std::string("malformed JSON: ") + e.what());
    }
}

std::string describe(const Json& value) {
    if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
    if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
    if (value.is_number()) return readable_number(value.get<double>());
    if (value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        return s.size() <= 60 ? "\"" + s + "\"" : "\"" + s.substr(0, 57) + "...\"";
    }
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_null()) return "null";
    if (value.is_array()) return "a list of " + std::to_string(value.size()) + " item(s)";
    return "an object with " + std::to_string(value.size()) + " key(s)";
}

std::string closest_key(std::string_view key, std::initializer_list<std::string_view> known) {
    std::string best;
    std::size_t best_distance = SIZE_MAX;
    for (std::string_view k : known) {
        const std::size_t d = edit_distance(key, k);
        const std::size_t allowed = std::min(key.size(), k.size()) >= 4 ? 2 : 1;
        // The distance ignores case, so "dT" is 0 away from "dt".
        if (d <= allowed && d < best_distance) {
            best_distance = d;
            best = std::string(k);
        }
    }
    return best;
}

Manifest::Manifest(const Json& root, const std::filesystem::path& config)
    : config_(config), folder_(std::filesystem::absolute(config).parent_path()) {
    variables_["configdir"] = folder_.string();
    const auto it = root.find("manifest");
    if (it == root.end()) return;
    if (!it->is_object()) throw FileError(config.string(), "manifest", "must be an object of \"$NAME\": \"path\"");
    std::map<std::string, std::string> raw;  // name without '$' -> as written
    for (const auto& [name, value] : it->items()) {
        const std::string at = "manifest." + name;
        if (name.size() < 2 || name.front() != '$' ||
            !std::all_of(name.begin() + 1, name.end(), is_name_char))
            throw FileError(config.string(), at, "a manifest variable is named $NAME (letters, digits, _)");
        if (!value.is_string()) throw FileError(config.string(), at, "must be a string, got " + describe(value));
        raw[name.substr(1)] = value.get<std::string>() == "." ? folder_.string() : value.get<std::string>();
    }
    std::vector<std::string> chain;
    for (const auto& [name, value] : raw) resolve(name, raw, chain);
}

// Expands one variable after the ones it names (depth first), so the result does not
// depend on the order they are written in; `chain` holds the variables being expanded.
void Manifest::resolve(const std::string& name, std::map<std::string, std::string>& raw,
                       std::vector<std::string>& chain) {
    if (variables_.count(name)) return;
    if (std::find(chain.begin(), chain.end(), name) != chain.end()) {
        std::string cycle;
        for (auto i = std::find(chain.begin(), chain.end(), name); i != chain.end(); ++i) cycle += "$" + *i + " -> ";
        throw FileError(config_.string(), "manifest.$" + name, "variables refer to each other in a cycle: " + cycle + "$" + name);
    }
    chain.push_back(name);
    const std::string& value = raw.at(name);
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '$') continue;
        const bool braced = i + 1 < value.size() && value[i + 1] == '{';
        std::size_t start = i + (braced ? 2 : 1), end = start;
        while (end < value.size() && is_name_char(value[end])) ++end;
        const std::string used = value.substr(start, end - start);
        if (raw.count(used)) resolve(used, raw, chain);
    }
    variables_[name] = substitute(value, "manifest.$" + name, variables_);
    chain.pop_back();
}

std::string Manifest::substitute(const std::string& value, const std::string& key,
                                 const std::map<std::string, std::string>& known) const {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '$') {
            out += value[i];
        } else {
            const bool braced = i + 1 < value.size() && value[i + 1] == '{';
            std::size_t start = i + (braced ? 2 : 1), end = start;
            while (end < value.size() && is_name_char(value[end])) ++end;
            const std::string name = value.substr(start, end - start);
            if (braced && (end >= value.size() || value[end] != '}'))
                throw FileError(config_.string(), key, "'" + value + "' has a '${' without its '}'");
            const auto it = known.find(name);
            if (name.empty() || it == known.end())
                throw FileError(config_.string(), key,
                                "'" + value + "' uses $" + (name.empty() ? std::string("") : name) +
                                    (name.empty() ? " with no name" : ", which the manifest does not define"));
            out += it->second;
            i = braced ? end : end - 1;
        }
        if (out.size() > max_manifest_value)
            throw FileError(config_.string(), key,
                            "expands to more than " + std::to_string(max_manifest_value) +
                                " characters (variables that repeat each other?)");
    }
    return out;
}

std::string Manifest::expand(const std::string& value, const std::string& key) const {
    return substitute(value, key, variables_);
}

std::string Manifest::path(const std::string& value, const std::string& key) const {
    std::filesystem::path p(expand(value, key));
    if (p.empty()) throw FileError(config_.string(), key, "must not be empty");
    if (p.is_relative()) p = folder_ / p;
    return p.lexically_normal().string();
}

const Json* JsonReader::find(const Json& object, const std::string& key) const {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

const Json& JsonReader::object(const Json& parent, const std::string& key, const std::string& path) const {
    const Json* value = find(parent, key);
    if (!value) fail(path, "missing");
    if (!value->is_object()) fail(path, "must be an object, got " + describe(*value));
    return *value;
}

double JsonReader::number(const Json& value, const std::string& path) const {
    if (value.is_string())
        fail(path, "must be a number, got the string " + describe(value) + " (write numbers without quotes)");
    if (!value.is_number()) fail(path, "must be a number, got " + describe(value));
    const double v = value.get<double>();
    if (!std::isfinite(v)) fail(path, "must be a finite number, got " + describe(value));
    return v;
}

double JsonReader::number_in(const Json& value, const std::string& path, double lo, double hi, const char* unit) const {
    const double v = number(value, path);
    if (!(v >= lo && v <= hi))
        fail(path, "must be in [" + readable_number(lo) + ", " + readable_number(hi) + "]" +
                       (unit && *unit ? std::string(" ") + unit : std::string()) + ", got " + describe(value));
    return v;
}

std::int64_t JsonReader::integer_in(const Json& value, const std::string& path, std::int64_t lo, std::int64_t hi) const {
    const double v = number(value, path);
    if (v != std::floor(v)) fail(path, "must be a whole number, got " + describe(value));
    if (!(v >= static_cast<double>(lo) && v <= static_cast<double>(hi)))
        fail(path, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + describe(value));
    return static_cast<std::int64_t>(v);
}

bool JsonReader::boolean(const Json& value, const std::string& path) const {
    if (!value.is_boolean()) fail(path, "must be true or false, got " + describe(value));
    return value.get<bool>();
}

std::string JsonReader::text(const Json& value, const std::string& path) const {
    if (!value.is_string()) fail(path, "must be a string, got " + describe(value));
    return value.get<std::string>();
}

std::vector<double> JsonReader::numbers(const Json& value, const std::string& path) const {
    std::vector<double> out;
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) out.push_back(number(value[i], path + "[" + std::to_string(i) + "]"));
        if (out.empty()) fail(path, "must not be empty");
    } else {
        out.push_back(number(value, path));
    }
    return out;
}

void JsonReader::fail(const std::string& path, const std::string& message) const {
    throw FileError(file_, path.empty() ? "(top level)" : path, message);
}

void JsonReader::warn(const std::string& path, const std::string& message) const {
    diagnostics_.warn(WarningKind::ignored_data, file_, 0, (path.empty() ? std::string() : path + ": ") + message);
}

void JsonReader::check_keys(const Json& object, const std::string& path,
                            std::initializer_list<std::string_view> known) const {
    if (!object.is_object()) fail(path, "must be an object, got " + describe(object));
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        const std::string near = closest_key(key, known);
        warn(key_path(path, key), "unknown key, ignored" + (near.empty() ? std::string() : " (did you mean '" + near + "'?)"));
    }
}

}  // namespace lamina::io::sonata
