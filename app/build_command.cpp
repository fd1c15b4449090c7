// `lamina build RECIPE -o DIR`: the circuit builder without the GUI.

#include <omp.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "app/cli.h"
#include "engine/builder/column_builder.h"
#include "engine/errors.h"
#include "io/builder/column_writer.h"
#include "io/builder/recipe_io.h"
#include "io/morphology/morphology_io.h"

namespace lamina::app {

int run_build(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--quiet", "--force"}, {"-o", "--output", "--seed", "--threads"});
    if (!a.ok() || a.positional().size() != 1 || !(a.has("-o") || a.has("--output"))) {
        err << "lamina build: "
            << (!a.ok() ? a.error() : a.positional().size() != 1 ? std::string("give one RECIPE") : "give -o DIR")
            << "\n(lamina build --help)\n";
        return exit_usage;
    }
    const std::filesystem::path folder = a.value("-o", a.value("--output", ""));
    if (std::filesystem::exists(folder / "circuit_config.json") && !a.has("--force"))
        throw InvalidArgument(folder.string() + " already holds a circuit; use --force to replace it");
    io::check_column_folder(folder);  // before the build, not after a minute of it
    builder::Recipe recipe = io::read_recipe(a.positional().front());
    if (a.has("--seed")) recipe.seed = static_cast<std::uint64_t>(number_option(a, "--seed", 1, 0, 9e15));
    builder::BuildOptions options;
    options.threads = static_cast<int>(number_option(a, "--threads", 0, 0, 1024));
    options.folder_morphologies = [](const std::string& type_folder) { return io::read_morphology_folder(type_folder); };
    const bool quiet = a.has("--quiet");
    const auto started = std::chrono::steady_clock::now();
    std::string shown;
    options.progress = [&](const std::string& step, double fraction) {
        if (quiet) return true;
        char line[160];
        std::snprintf(line, sizeof line, "\r%-26s %5.1f%%  %6.1f s", step.c_str(), 100 * fraction,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        if (line != shown) {
            err << line << (fraction >= 1.0 ? "\n" : "") << std::flush;
            shown = line;
        }
        return true;
    };
    const builder::BuiltColumn column = builder::build_column(recipe, options);
    if (!quiet) err << "writing " << folder.string() << " ...\n";
    const io::ColumnFiles files = io::replace_column(column, folder);  // complete, or not at all
    out << io::format_build_report(column);
    const auto& t = column.timings;
    if (!quiet)
        err << "placement " << t.placement << " s, morphologies " << t.morphologies << " s, index " << t.index
            << " s, touches " << t.touches << " s, pruning " << t.pruning << " s\n";
    out << "wrote " << files.circuit_config.string() << "\nrun it with: lamina simulate "
        << files.simulation_config.string() << "\nor open it: lamina " << files.simulation_config.string() << '\n';
    return exit_ok;
}

}  // namespace lamina::app
