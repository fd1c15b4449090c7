#pragma once
// What every recipe reader shares: JSON parsed with a depth limit and duplicate keys
// refused, and typed access that names the file and the key ("cell_types[2].density")
// and refuses keys it does not know.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/errors.h"

namespace lamina::io::recipe_json {

using Json = nlohmann::json;

// A value as a message shows it: short, whatever the file holds.
inline std::string shown(const Json& value) {
    std::string text = value.dump();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

// Deeper than any recipe nests (four levels): beyond it the input is not a recipe, and
// the checks below never recurse into it.
inline constexpr int max_depth = 16;

// Parses with a depth limit and refuses a key given twice in one object (JSON would
// keep the last one silently).
inline Json parse_json(const std::string& text, const std::string& name) {
    std::vector<std::set<std::string>> keys;  // of each object open at this point
    const auto check = [&](int depth, Json::parse_event_t event, Json& parsed) {
        if (depth > max_depth)
            throw FileError(name, 0, "nested deeper than " + std::to_string(max_depth) + " levels: not a recipe");
        if (event == Json::parse_event_t::object_start) keys.emplace_back();
        if (event == Json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
        if (event == Json::parse_event_t::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
            throw FileError(name, 0, "key '" + parsed.get<std::string>().substr(0, 60) +
                                         "' appears twice in one object (only one value can hold)");
        return true;
    };
    try {
        return Json::parse(text, check);
    } catch (const Json::parse_error& e) {
        // nlohmann reports a byte offset: turn it into a line for the message.
        const std::size_t upto = std::min<std::size_t>(e.byte, text.size());
        const auto line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(upto), '\n')) + 1;
        throw FileError(name, line, "malformed JSON: " + std::string(e.what()));
    } catch (const Json::exception& e) {  // a number beyond double ("1e999"): no position is known
        throw FileError(name, 0, "malformed JSON: " + std::string(e.what()));
    }
}

// Reads one JSON object, refusing keys it does not know.
class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw FileError(file_, key, message);
    }

    void only(const Json& object, const std::string& path, const std::set<std::string>& known) const {
        if (!object.is_object()) fail(path.empty() ? "(top level)" : path, "must be a JSON object");
        for (const auto& [key, value] : object.items())
            if (!known.count(key)) {
                std::string list;
                for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
                fail(join(path, key), "unknown key (known here: " + list + ")");
            }
    }
    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }
    double number(const Json& object, const std::string& path, const std::string& key, double fallback) const {
        if (!object.contains(key)) return fallback;
        const Json& v = object[key];
        if (!v.is_number()) fail(join(path, key), "must be a number, got " + shown(v));
        return v.get<double>();
    }
    std::optional<double> optional_number(const Json& object, const std::string& path, const std::string& key) const {
        if (!object.contains(key)) return std::nullopt;
        return number(object, path, key, 0.0);
    }
    int integer(const Json& object, const std::string& path, const std::string& key, int fallback) const {
        if (!object.contains(key)) return fallback;
        const Json& v = object[key];
        if (!v.is_number_integer()) fail(join(path, key), "must be a whole number, got " + shown(v));
        // Checked before narrowing: 4294967300 must not become 4.
        if (v.is_number_unsigned() ? v.get<std::uint64_t>() > 1'000'000
                                   : std::abs(v.get<std::int64_t>()) > 1'000'000)
            fail(join(path, key), "is far too large, got " + shown(v));
        return static_cast<int>(v.get<std::int64_t>());
    }
    std::string text(const Json& object, const std::string& path, const std::string& key, const std::string& fallback,
                     bool required = false) const {
        if (!object.contains(key)) {
            if (required) fail(join(path, key), "missing");
            return fallback;
        }
        const Json& v = object[key];
        if (!v.is_string()) fail(join(path, key), "must be a string, got " + shown(v));
        return v.get<std::string>();
    }
    bool flag(const Json& object, const std::string& path, const std::string& key, bool fallback) const {
        if (!object.contains(key)) return fallback;
        const Json& v = object[key];
        if (!v.is_boolean()) fail(join(path, key), "must be true or false, got " + shown(v));
        return v.get<bool>();
    }
    const Json& list(const Json& object, const std::string& path, const std::string& key) const {
        static const Json empty = Json::array();
        if (!object.contains(key)) return empty;
        const Json& v = object[key];
        if (!v.is_array()) fail(join(path, key), "must be a list");
        return v;
    }

private:
    std::string file_;
};

// A recipe file's text. A recipe is a few kilobytes; a huge file is a mistake, not
// something to load whole.
inline std::string read_recipe_text(const std::filesystem::path& path) {
    constexpr std::uintmax_t max_bytes = std::uintmax_t{16} << 20;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw FileError(path.string(), 0, "is a folder, not a recipe");
    const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
    if (!ec && bytes > max_bytes)
        throw FileError(path.string(), 0, "is " + std::to_string(bytes >> 20) + " MiB; a recipe is at most 16 MiB");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path.string(), 0, "cannot open the recipe");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace lamina::io::recipe_json
