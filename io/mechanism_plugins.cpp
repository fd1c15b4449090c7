#include "io/mechanism_plugins.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "engine/errors.h"
#include "engine/nmodl/codegen.h"
#include "engine/nmodl/model.h"
#include "engine/nmodl/parser.h"
#include "engine/sim/mechanism.h"
#include "io/file_util.h"

extern char** environ;

namespace lamina::io {

namespace fs = std::filesystem;

namespace {

// The plugin's entry point: it hands each mechanism's metadata and factory to `add`.
using Add = void (*)(const sim::MechanismInfo&, std::unique_ptr<sim::Mechanism> (*)(), void*);
using Entry = int (*)(Add, void*);
constexpr int plugin_abi = 1;

std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
    for (unsigned char c : bytes) hash = (hash ^ c) * 0x100000001b3ULL;
    return hash;
}

std::string compiler() {
    const char* chosen = std::getenv("LAMINA_CXX");
    return chosen && *chosen ? chosen : "c++";
}

std::vector<std::string> compile_flags() {
    return {"-std=c++20", "-O2", "-fPIC", "-fvisibility=hidden", "-fno-trapping-math", "-fopenmp-simd",
            "-march=native", "-I" LAMINA_SOURCE_DIR};
}

// Runs `args` with stdout and stderr into `log`; returns the exit status (-1 if it
// could not start).
int run(const std::vector<std::string>& args, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int started = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (started != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string first_lines(const fs::path& log, int count) {
    std::ifstream in(log);
    std::string out, line;
    for (int k = 0; k < count && std::getline(in, line); ++k) out += "\n  " + line;
    return out;
}

struct Registration {
    MechanismPlugin* result;
};

void add_mechanism(const sim::MechanismInfo& info, std::unique_ptr<sim::Mechanism> (*make)(), void* context) {
    auto* r = static_cast<Registration*>(context);
    r->result->mechanisms.push_back(info.name);
    if (sim::register_or_replace_mechanism(info, make)) r->result->replaced.push_back(info.name);
}

// Libraries loaded in this process, by path: loading the same plugin again registers
// nothing new.
std::mutex loaded_mutex;
std::map<std::string, std::vector<std::string>>& loaded() {
    static std::map<std::string, std::vector<std::string>> libraries;
    return libraries;
}


// The built-in a mod file stands for, or "": VecStim (vecevent.mod, an ARTIFICIAL_CELL
// playing a vector of times through VERBATIM code), whose job Lamina's spike inputs do.
std::string builtin_equivalent(const std::string& text) {
    const auto at = text.find("ARTIFICIAL_CELL");
    if (at == std::string::npos) return {};
    std::size_t name = text.find_first_not_of(" \t\r\n", at + 15);
    if (name == std::string::npos || text.compare(name, 7, "VecStim") != 0) return {};
    const std::size_t after = name + 7;
    if (after < text.size() && (std::isalnum(static_cast<unsigned char>(text[after])) || text[after] == '_')) return {};
    return text.find("NET_RECEIVE") != std::string::npos && text.find("net_event") != std::string::npos ? "VecStim" : "";
}

}  // namespace

fs::path mod_folder(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "modfiles", ec) ? dir / "modfiles" : dir;
}

fs::path mechanism_cache_dir() {
    if (const char* d = std::getenv("LAMINA_CACHE_DIR"); d && *d) return fs::path(d) / "mechanisms";
    if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return fs::path(d) / "lamina/mechanisms";
    if (const char* d = std::getenv("HOME"); d && *d) return fs::path(d) / ".cache/lamina/mechanisms";
    return fs::temp_directory_path() / "lamina-mechanisms";
}

MechanismPlugin load_mechanism_folder(const fs::path& folder, const std::function<void(const std::string&)>& progress,
                                      const std::atomic<bool>* cancel) {
    const auto say = [&](const std::string& line) {
        if (progress) progress(line);
    };
    const auto cancelled = [&] { return cancel && cancel->load(); };
    const auto stopped = [] {
        MechanismPlugin none;
        none.cancelled = true;
        return none;
    };
    const auto abandon = [&](const fs::path& work) {  // the half-built plugin goes too
        std::error_code ignored;
        fs::remove_all(work, ignored);
        return stopped();
    };
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) throw FileError(folder.string(), 0, "no such folder of mod files");
    std::vector<fs::path> mods;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".mod") mods.push_back(entry.path());
    std::sort(mods.begin(), mods.end());
    if (mods.empty()) throw FileError(folder.string(), 0, "holds no .mod files");

    // Translate first: a refused file is reported before anything is compiled.
    std::vector<std::pair<nmodl::Model, std::string>> models;  // model, its C++ name
    std::uint64_t key = fnv1a(0xcbf29ce484222325ULL, "lamina-plugin-" + std::to_string(plugin_abi));
    for (const char* header : {"engine/sim/mechanism.h", "engine/sim/simd_math.h", "engine/sim/aligned.h"})
        key = fnv1a(key, read_file(fs::path(LAMINA_SOURCE_DIR) / header));
    key = fnv1a(key, compiler());
    for (const auto& f : compile_flags()) key = fnv1a(key, f);
    MechanismPlugin result;
    std::vector<fs::path> translated;
    for (std::size_t k = 0; k < mods.size(); ++k) {
        if (cancelled()) return stopped();
        const std::string text = read_file(mods[k]);
        if (const std::string builtin = builtin_equivalent(text); !builtin.empty()) {
            say(mods[k].filename().string() + ": " + builtin +
                " (a played spike train) is Lamina's own spike source for virtual nodes: not compiled");
            result.mapped.push_back(mods[k].filename().string());
            continue;
        }
        say("translating " + mods[k].filename().string());
        nmodl::Model model = nmodl::analyse(nmodl::parse_module(text, mods[k].string()));
        key = fnv1a(fnv1a(key, mods[k].filename().string()), text);
        models.emplace_back(std::move(model), "plugin" + std::to_string(models.size()));
        translated.push_back(mods[k]);
    }
    if (models.empty()) return result;  // every file stands for a built-in
    mods = translated;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(key));
    const fs::path cache = mechanism_cache_dir() / hex;
    const fs::path library = cache / "libmechanisms.so";

    result.library = library;
    result.cached = fs::exists(library, ec);
    if (!result.cached) {
        fs::create_directories(mechanism_cache_dir(), ec);
        if (ec) throw FileError(mechanism_cache_dir().string(), 0, "cannot create the mechanism cache: " + ec.message());
        const fs::path work = mechanism_cache_dir() / (std::string(hex) + ".tmp-" + std::to_string(::getpid()));
        fs::remove_all(work, ec);
        fs::create_directories(work);
        const fs::path log = work / "build.log";
        std::vector<std::string> objects;
        std::string entry = "#include \"engine/sim/mechanism.h\"\n\nnamespace lamina::mechanisms {\n";
        std::string calls;
        for (std::size_t k = 0; k < models.size(); ++k) {
            if (cancelled()) return abandon(work);
            const std::string& function = models[k].second;
            const fs::path source = work / (function + ".cpp");
            std::ofstream(source) << nmodl::generate_cpp(models[k].first, function, true, source.string());
            say("compiling " + mods[k].filename().string() + " (" + models[k].first.name + ")");
            std::vector<std::string> args{compiler()};
            for (const auto& f : compile_flags()) args.push_back(f);
            const std::string object = (work / (function + ".o")).string();
            args.insert(args.end(), {"-c", source.string(), "-o", object});
            if (run(args, log) != 0)
                throw FileError(mods[k].string(), 0, "the C++ compiler (" + compiler() + ") failed on its kernels" +
                                                         first_lines(log, 12) + "\n(the whole log: " + log.string() + ")");
            objects.push_back(object);
            entry += "const lamina::sim::MechanismInfo& " + function + "_info();\nstd::unique_ptr<lamina::sim::Mechanism> " +
                     function + "_make();\n";
            calls += "    add(lamina::mechanisms::" + function + "_info(), lamina::mechanisms::" + function + "_make, context);\n";
        }
        entry += "}  // namespace lamina::mechanisms\n\nusing Add = void (*)(const lamina::sim::MechanismInfo&, "
                 "std::unique_ptr<lamina::sim::Mechanism> (*)(), void*);\n"
                 "extern \"C\" __attribute__((visibility(\"default\"))) int lamina_plugin_mechanisms(Add add, void* context) {\n" +
                 calls + "    return " + std::to_string(plugin_abi) + ";\n}\n";
        std::ofstream(work / "entry.cpp") << entry;
        std::vector<std::string> args{compiler()};
        for (const auto& f : compile_flags()) args.push_back(f);
        args.push_back("-shared");
        args.push_back((work / "entry.cpp").string());
        for (const auto& o : objects) args.push_back(o);
        args.insert(args.end(), {"-o", (work / "libmechanisms.so").string()});
        if (cancelled()) return abandon(work);
        say("linking the plugin");
        if (run(args, log) != 0)
            throw FileError(folder.string(), 0, "linking the mechanisms' plugin failed" + first_lines(log, 12) +
                                                    "\n(the whole log: " + log.string() + ")");
        fs::rename(work, cache, ec);  // complete or absent; a concurrent build of the same files may win
        if (ec && !fs::exists(library)) throw FileError(cache.string(), 0, "cannot move the plugin into the cache: " + ec.message());
        fs::remove_all(work, ec);
    }

    std::lock_guard lock(loaded_mutex);
    if (const auto done = loaded().find(library.string()); done != loaded().end()) {
        result.mechanisms = done->second;
        return result;
    }
    void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw FileError(library.string(), 0, std::string("cannot load the mechanisms' plugin: ") + dlerror());
    const auto entry = reinterpret_cast<Entry>(dlsym(handle, "lamina_plugin_mechanisms"));
    if (!entry) throw FileError(library.string(), 0, "is not a Lamina mechanisms plugin (no entry point)");
    Registration registration{&result};
    if (entry(add_mechanism, &registration) != plugin_abi)
        throw FileError(library.string(), 0, "was built for another version of Lamina; delete it to rebuild");
    loaded()[library.string()] = result.mechanisms;
    say(std::to_string(result.mechanisms.size()) + " mechanisms from " + folder.string() +
        (result.cached ? " (cached plugin)" : " (compiled)"));
    return result;
}

}  // namespace lamina::io
