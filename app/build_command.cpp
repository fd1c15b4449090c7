// `lamina build RECIPE -o DIR`: the circuit builder without the GUI.

#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <ostream>

#include "app/cli.h"
#include "engine/builder/column_builder.h"
#include "engine/errors.h"
#include "io/builder/column_writer.h"
#include "io/builder/recipe_io.h"
#include "io/morphology/morphology_io.h"

namespace lamina::app {

namespace {

// What the command line asked for, every argument checked before any file is read.
struct BuildRequest {
    std::string recipe, output;
    std::optional<std::uint64_t> seed;
    int threads = 0;
    bool force = false, quiet = false;
};

// A whole number for `option` in [min, max], or `fallback`; InvalidArgument otherwise.
double whole_option(const Arguments& a, const std::string& option, double fallback, double min, double max) {
    const double value = number_option(a, option, fallback, min, max);
    if (value != std::floor(value))
        throw InvalidArgument(option + " must be a whole number, got '" + a.value(option) + "'");
    return value;
}

int build(const BuildRequest& request, std::ostream& out, std::ostream& err) {
    const std::filesystem::path folder = io::column_folder_path(request.output);
    std::error_code ec;
    if (std::filesystem::exists(folder / "circuit_config.json", ec) && !request.force)
        throw InvalidArgument(folder.string() + " already holds a circuit; use --force to replace it");
    io::check_column_folder(folder);  // before the build, not after a minute of it
    builder::Recipe recipe = io::read_recipe(request.recipe);
    if (request.seed) recipe.seed = *request.seed;
    builder::BuildOptions options;
    options.threads = request.threads;
    options.folder_morphologies = [](const std::string& type_folder) { return io::read_morphology_folder(type_folder); };
    const bool quiet = request.quiet;
    const auto started = std::chrono::steady_clock::now();
    std::string shown;
    options.progress = [&](builder::BuildStep step, double fraction) {
        if (quiet) return true;
        char line[160];
        std::snprintf(line, sizeof line, "\r%-26s %5.1f%%  %6.1f s", builder::build_step_name(step), 100 * fraction,
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

}  // namespace

int run_build(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--quiet", "--force"}, {"-o", "--output", "--seed", "--threads"});
    BuildRequest request;
    std::string usage;
    if (!a.ok()) usage = a.error();
    else if (a.positional().size() != 1) usage = "give one RECIPE";
    else if (!(a.has("-o") || a.has("--output"))) usage = "give -o DIR";
    else if ((request.output = a.value("-o", a.value("--output", ""))).empty()) usage = "-o needs a folder, got ''";
    else
        try {
            if (a.has("--seed")) request.seed = static_cast<std::uint64_t>(whole_option(a, "--seed", 1, 0, 9e15));
            request.threads = static_cast<int>(whole_option(a, "--threads", 0, 0, 1024));
        } catch (const InvalidArgument& e) {
            usage = e.what();
        }
    if (!usage.empty()) {  // bad usage exits 2 before any file is read
        err << "lamina build: " << usage << "\n(lamina build --help)\n";
        return exit_usage;
    }
    request.recipe = a.positional().front();
    request.force = a.has("--force");
    request.quiet = a.has("--quiet");
    try {
        return build(request, out, err);
    } catch (const std::filesystem::filesystem_error& e) {  // the user's disk (permissions, space), not a bug
        throw FileError(e.path1().empty() ? request.output : e.path1().string(), 0, e.code().message());
    }
}

}  // namespace lamina::app
