#include "io/sonata/sonata_json.h"

#include "engine/errors.h"
#include "io/file_util.h"

namespace lamina::io::sonata {

Json read_json(const std::filesystem::path& path) {
    const std::string text = read_file(path);
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
    }
}

Manifest::Manifest(const Json& root, const std::filesystem::path& config)
    : config_(config), folder_(std::filesystem::absolute(config).parent_path()) {
    variables_["${configdir}"] = folder_.string();
    const auto it = root.find("manifest");
    if (it == root.end()) return;
    if (!it->is_object()) throw FileError(config.string(), "manifest", "must be an object of \"$NAME\": \"path\"");
    // Variables may refer to each other in any order: expand until nothing changes.
    std::map<std::string, std::string> raw;
    for (const auto& [name, value] : it->items()) {
        if (!value.is_string()) throw FileError(config.string(), "manifest." + name, "must be a string");
        raw[name] = value.get<std::string>();
    }
    for (int round = 0; round <= static_cast<int>(raw.size()); ++round) {
        bool changed = false;
        for (auto& [name, value] : raw) {
            const std::string expanded = expand(value, "manifest." + name);
            if (expanded != value) changed = true;
            value = expanded;
            variables_[name] = value;
            if (name.size() > 1 && name.front() == '$') variables_["${" + name.substr(1) + "}"] = value;
        }
        if (!changed) break;
        if (round == static_cast<int>(raw.size()))
            throw FileError(config.string(), "manifest", "variables refer to each other in a cycle");
    }
}

std::string Manifest::expand(const std::string& value, const std::string&) const {
    std::string out = value;
    for (const auto& [name, replacement] : variables_) {
        for (std::size_t at = out.find(name); at != std::string::npos; at = out.find(name, at + replacement.size())) {
            // "$BASE" must not match the start of "$BASE_DIR": the next character ends the name.
            const std::size_t end = at + name.size();
            if (name.back() != '}' && end < out.size() && (std::isalnum(static_cast<unsigned char>(out[end])) || out[end] == '_')) {
                at += 1;
                continue;
            }
            out.replace(at, name.size(), replacement);
        }
    }
    return out;
}

std::string Manifest::path(const std::string& value, const std::string& key) const {
    std::string expanded = expand(value, key);
    if (expanded.find('$') != std::string::npos)
        throw FileError(config_.string(), key, "'" + value + "' uses a variable the manifest does not define");
    std::filesystem::path p(expanded);
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
    if (!value->is_object()) fail(path, "must be an object");
    return *value;
}

double JsonReader::number(const Json& value, const std::string& path) const {
    if (value.is_number()) return value.get<double>();
    if (value.is_string()) {
        try {
            std::size_t used = 0;
            const double v = std::stod(value.get<std::string>(), &used);
            if (used == value.get<std::string>().size()) return v;
        } catch (const std::exception&) {
        }
    }
    fail(path, "must be a number, got " + value.dump());
}

std::string JsonReader::text(const Json& value, const std::string& path) const {
    if (!value.is_string()) fail(path, "must be a string, got " + value.dump());
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
    throw FileError(file_, path, message);
}

}  // namespace lamina::io::sonata
