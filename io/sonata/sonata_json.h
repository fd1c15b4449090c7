#pragma once
// Private to io/sonata: SONATA's JSON files (circuit and simulation configs, node sets,
// dynamics_params) with errors naming the file and the key, and the manifest.

#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace lamina::io::sonata {

using Json = nlohmann::json;

// Parses the file; FileError with the line for malformed JSON.
Json read_json(const std::filesystem::path& path);

// The manifest's variables ("$BASE_DIR": "${configdir}/..."), each expanded with the
// ones before it; ${configdir} and "." mean the config's folder.
class Manifest {
public:
    Manifest(const Json& root, const std::filesystem::path& config);
    // Expands variables in `value`; a relative result is taken against the config's folder.
    std::string path(const std::string& value, const std::string& key) const;
    std::string expand(const std::string& value, const std::string& key) const;

private:
    std::filesystem::path config_, folder_;
    std::map<std::string, std::string, std::greater<>> variables_;  // longest names first
};

// Typed access with messages naming file and key ("run.tstop").
class JsonReader {
public:
    JsonReader(std::string file) : file_(std::move(file)) {}
    const Json* find(const Json& object, const std::string& key) const;
    const Json& object(const Json& object, const std::string& key, const std::string& path) const;
    double number(const Json& value, const std::string& path) const;
    std::string text(const Json& value, const std::string& path) const;
    std::vector<double> numbers(const Json& value, const std::string& path) const;  // a number or a list
    [[noreturn]] void fail(const std::string& path, const std::string& message) const;
    const std::string& file() const noexcept { return file_; }

private:
    std::string file_;
};

}  // namespace lamina::io::sonata
