#pragma once
// Private to io/sonata: SONATA's JSON files (circuit and simulation configs, node sets,
// dynamics_params) with errors naming the file and the key, and the manifest.
//
// The rules every JSON front end follows (README "Bad input"):
//  - a file nested deeper than max_json_depth is refused before it is parsed;
//  - numbers are JSON numbers (never strings), finite, and inside the range the key
//    states; messages print values briefly (describe(), readable_number());
//  - keys a reader does not know are reported as warnings naming file and key, with
//    the known key it most resembles; keys Lamina knows but cannot honour are errors.

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/circuit/emodel.h"
#include "engine/diagnostics.h"
#include "engine/errors.h"

namespace lamina::io::sonata {

using Json = nlohmann::json;

inline constexpr int max_json_depth = 64;                          // objects and lists inside each other
inline constexpr std::uintmax_t max_json_bytes = std::uintmax_t{256} << 20;  // 256 MiB
inline constexpr std::size_t max_manifest_value = 4096;           // characters of one expanded variable

// Parses the file; FileError with the line for malformed or too deeply nested JSON.
Json read_json(const std::filesystem::path& path);

// A value as a message shows it: numbers readably, strings quoted and cut at 60
// characters, lists and objects by their size (never the whole dump).
std::string describe(const Json& value);
using lamina::readable_number;  // engine/errors.h

// The manifest's variables ("$BASE_DIR": "${configdir}/..."). Each variable is expanded
// from the ones it names, whatever order they are written in; a cycle, an undefined
// name or an expansion longer than max_manifest_value characters is an error naming
// the variable. "${configdir}" and the value "." mean the config's folder.
class Manifest {
public:
    Manifest(const Json& root, const std::filesystem::path& config);
    // Expands variables in `value` (an undefined one is an error naming `key`); a
    // relative result is taken against the config's folder.
    std::string path(const std::string& value, const std::string& key) const;
    // Expands variables only: the result may be relative.
    std::string expand(const std::string& value, const std::string& key) const;

private:
    std::string substitute(const std::string& value, const std::string& key,
                           const std::map<std::string, std::string>& known) const;
    void resolve(const std::string& name, std::map<std::string, std::string>& raw,
                 std::vector<std::string>& chain);

    std::filesystem::path config_, folder_;
    std::map<std::string, std::string> variables_;  // name without '$' -> expanded value
};

// Typed access with messages naming file and key ("run.tstop").
class JsonReader {
public:
    explicit JsonReader(std::string file, DiagnosticOptions diagnostics = {})
        : file_(std::move(file)), diagnostics_(diagnostics) {}
    const Json* find(const Json& object, const std::string& key) const;
    const Json& object(const Json& object, const std::string& key, const std::string& path) const;
    // A JSON number (a string is refused, even "-80"), finite.
    double number(const Json& value, const std::string& path) const;
    // A number within [lo, hi]; `unit` ends the message ("must be in [0, 1e+09] ms").
    double number_in(const Json& value, const std::string& path, double lo, double hi, const char* unit) const;
    // A whole number within [lo, hi].
    std::int64_t integer_in(const Json& value, const std::string& path, std::int64_t lo, std::int64_t hi) const;
    bool boolean(const Json& value, const std::string& path) const;
    std::string text(const Json& value, const std::string& path) const;
    std::vector<double> numbers(const Json& value, const std::string& path) const;  // a number or a list
    [[noreturn]] void fail(const std::string& path, const std::string& message) const;
    void warn(const std::string& path, const std::string& message) const;
    // Warns about each key of `object` (at `path`, "" for the top level) not in `known`,
    // naming the closest known key when one is near ("run.dT: unknown key (did you
    // mean 'dt'?)"). Fails when `value` is not an object.
    void check_keys(const Json& object, const std::string& path, std::initializer_list<std::string_view> known) const;
    const std::string& file() const noexcept { return file_; }
    const DiagnosticOptions& diagnostics() const noexcept { return diagnostics_; }

private:
    std::string file_;
    DiagnosticOptions diagnostics_;
};

// "run.dt" from "run" and "dt"; the top level is "".
inline std::string key_path(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

// An e-model in BluePyOpt's layout from its parsed file (io/sonata/emodel_io.h reads
// one; a node's dynamics_params in that layout is parsed once and handed here).
circuit::EModel parse_emodel(const Json& root, const std::string& file, const DiagnosticOptions& diagnostics);

// The known key closest to `key` (same letters in another case, or at most two edits
// away for keys of four or more letters), or "" when none is near.
std::string closest_key(std::string_view key, std::initializer_list<std::string_view> known);

}  // namespace lamina::io::sonata
