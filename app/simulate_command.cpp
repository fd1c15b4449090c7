// `lamina simulate CONFIG`: a SONATA simulation, headless. Opens the config as a run
// session (io/sonata/sonata_run.h, the same path the app takes), attaches the config's
// outputs (reports, spike files), runs it in chunks with progress on stderr and writes
// the log.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "app/cli.h"
#include "engine/circuit/firing_rates.h"
#include "engine/errors.h"
#include "io/file_util.h"
#include "io/sonata/sonata_run.h"

namespace lamina::app {

namespace {

constexpr std::int64_t max_chunk_steps = 2000;  // progress at least every 2000 steps
constexpr double max_estimated_hours = 24;

// Warnings go to stderr and into the run's log.
class LogWarnings final : public WarningHandler {
public:
    LogWarnings(std::ostream& err, std::ostream& log) : err_(err), log_(log) {}
    void handle(const Warning& warning) override {
        err_ << warning.to_string() << '\n';
        log_ << warning.to_string() << '\n';
    }

private:
    std::ostream& err_;
    std::ostream& log_;
};

}  // namespace

int run_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--quiet", "--long-run"}, {"--threads", "--output"});
    if (!a.ok() || a.positional().size() != 1) {
        err << "lamina simulate: " << (a.ok() ? "expects one simulation_config.json" : a.error())
            << "\n(lamina simulate --help)\n";
        return exit_usage;
    }
    // The arguments are checked before any file is read.
    const int threads = static_cast<int>(number_option(a, "--threads", 0, 0, 1024));
    if (a.has("--threads") && std::stod(a.value("--threads")) != threads)
        throw UsageError("--threads must be a whole number, got '" + a.value("--threads") + "'");
    if (a.has("--output") && a.value("--output").empty()) throw UsageError("--output needs a folder, got an empty name");
    const auto start = std::chrono::steady_clock::now();
    auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    std::ostringstream log;
    auto say = [&](const std::string& line) {
        log << line << '\n';
        if (!a.has("--quiet")) err << line << '\n';
    };

    LogWarnings warnings(err, log);
    DiagnosticOptions diagnostics;
    diagnostics.handler = &warnings;
    io::OpenOptions open;
    if (a.has("--output")) open.output_dir = a.value("--output");
    open.threads = threads;
    open.progress = [&](const std::string& step) { say("mechanisms: " + step); };
    io::SonataRun run = io::open_sonata_run(a.positional().front(), diagnostics, open);
    const auto& setup = run.setup;
    say("circuit " + setup.circuit_config + ": " + std::to_string(run.circuit->num_nodes()) + " nodes in " +
        std::to_string(run.circuit->nodes.size()) + " population(s), " + std::to_string(run.circuit->edges.size()) +
        " edge population(s)");
    session::RunSession& session = *run.session;
    const double hours = session.estimated_hours();
    if (hours > max_estimated_hours && !a.has("--long-run"))
        throw InvalidArgument("run.tstop " + readable_number(setup.run.tstop) + " ms is " +
                              readable_number(setup.run.tstop / setup.run.dt) + " steps of " +
                              std::to_string(session.num_compartments()) + " compartments: about " +
                              readable_number(hours) + " hours on " + std::to_string(session.threads()) +
                              " thread(s); pass --long-run to run it anyway");
    const io::SonataOutputs outputs = io::attach_sonata_outputs(run);
    say("simulating " + std::to_string(setup.run.tstop) + " ms, dt " + std::to_string(setup.run.dt) + " ms, " +
        std::to_string(session.num_compartments()) + " compartments, " + std::to_string(session.threads()) +
        " thread(s)");

    // The run's own wall time and rate, apart from reading, building and compiling
    // mechanisms (a first mechanisms_dir compile takes a minute).
    const double loading = wall();
    auto run_wall = [&] { return wall() - loading; };
    // Chunks of ~1% of the run, so progress moves.
    const double chunk = std::max(setup.run.dt, std::min(setup.run.tstop / 100.0, max_chunk_steps * setup.run.dt));
    double last_print = -1;
    // Cells' spikes apart from the input events of virtual nodes (spike trains replayed).
    std::size_t counted = 0, cell_spikes = 0, input_events = 0;
    const sim::Network& network = *session.network();
    while (!session.done()) {
        session.advance(session.time() + chunk);
        for (; counted < session.spikes().size(); ++counted)
            (network.is_neuron(session.spikes()[counted].gid) ? cell_spikes : input_events) += 1;
        if (!a.has("--quiet") && (run_wall() - last_print > 0.25 || session.done())) {
            last_print = run_wall();
            char line[200];
            std::snprintf(line, sizeof line,
                          "\rsimulated %.1f / %.1f ms  wall %.1f s  %.0f ms/s  %zu cell spikes  %zu input events   ",
                          session.time(), setup.run.tstop, run_wall(), run_wall() > 0 ? session.time() / run_wall() : 0.0,
                          cell_spikes, input_events);
            err << line << std::flush;
        }
    }
    if (!a.has("--quiet")) err << '\n';
    session.finish();
    for (const auto& r : outputs.reports)
        say("report " + r.request.name + ": " + std::to_string(r.sink->rows()) + " rows of " +
            std::to_string(r.elements) + " values -> " + r.request.file_name);
    char timing[120];
    std::snprintf(timing, sizeof timing, ": %.2f s simulating after %.2f s reading the circuit and building the model",
                  run_wall(), loading);
    say("wrote " + std::to_string(outputs.spikes->count()) + " spikes to " + setup.output.spikes_file + timing);
    say(circuit::format_firing_rates(
        circuit::firing_rates(*run.circuit, session.gids(), session.spikes(), session.time())));
    if (!setup.output.log_file.empty())
        io::write_text_file_atomically(setup.output.log_file, [&](std::ostream& file) { file << log.str(); });
    out << "spikes: " << outputs.spikes->count() << " -> " << setup.output.spikes_file << '\n';
    return exit_ok;
}

}  // namespace lamina::app
