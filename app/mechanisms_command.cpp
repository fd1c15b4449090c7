// lamina mechanisms build DIR: a folder of mod files translated, compiled and cached.

#include <algorithm>
#include <ostream>

#include "app/cli.h"
#include "io/mechanism_plugins.h"

namespace lamina::app {

int run_mechanisms(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--quiet"}, {});
    if (!a.ok() || a.positional().size() != 2 || a.positional().front() != "build") {
        err << "lamina mechanisms: " << (a.ok() ? "expected build DIR" : a.error())
            << "\nusage: lamina mechanisms build DIR [--quiet]   (lamina mechanisms --help)\n";
        return exit_usage;
    }
    const auto folder = io::mod_folder(a.positional()[1]);
    const bool quiet = a.has("--quiet");
    const io::MechanismPlugin plugin = io::load_mechanism_folder(folder, [&](const std::string& step) {
        if (!quiet) err << step << '\n';
    });
    for (const auto& name : plugin.mechanisms) {
        const bool replaces = std::find(plugin.replaced.begin(), plugin.replaced.end(), name) != plugin.replaced.end();
        out << name << (replaces ? "  (replaces Lamina's built-in " + name + ")" : std::string()) << '\n';
    }
    for (const auto& file : plugin.mapped) out << file << "  (Lamina's built-in spike source; not compiled)\n";
    if (!plugin.mechanisms.empty())
        out << "plugin " << plugin.library.string() << (plugin.cached ? " (cached)" : " (compiled)") << '\n';
    return exit_ok;
}

}  // namespace lamina::app
