// `lamina simulate CONFIG`: a SONATA simulation, headless. Reads the simulation config
// and its circuit, builds the engine's network, runs it in chunks with progress on
// stderr, and writes spikes (SONATA HDF5, optionally CSV) and compartment reports.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "app/cli.h"
#include "engine/circuit/network_builder.h"
#include "engine/circuit/node_sets.h"
#include "engine/errors.h"
#include "engine/sim/discretization.h"
#include "io/file_util.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/report_io.h"
#include "io/sonata/simulation_config.h"
#include "io/sonata/spikes_io.h"

namespace fs = std::filesystem;

namespace lamina::app {

namespace {

// NEURON names a state "m_hh"; the engine "hh.m".
std::string engine_variable(const std::string& name) {
    if (name == "v" || name.find('.') != std::string::npos) return name;
    const auto cut = name.rfind('_');
    if (cut == std::string::npos || cut == 0) return name;
    return name.substr(cut + 1) + "." + name.substr(0, cut);
}

// Probes drain after every chunk of at most max_chunk_steps steps, so each ring holds a
// chunk with room to spare: 64 KiB per recorded compartment.
constexpr std::int64_t max_chunk_steps = 2000;
constexpr unsigned ring_slots = 1u << 12;
constexpr std::size_t max_report_elements = 32768;     // rings of at most 2 GiB in all
constexpr std::size_t max_block_values = 16u << 20;    // report rows buffered before a write: 64 MiB
constexpr double ns_per_compartment_step = 20;         // a generous rate for the estimate below
constexpr double max_estimated_hours = 24;

// A report that would not fit on the disk is refused before the run, not after.
void check_disk_space(const circuit::ReportRequest& request, double bytes) {
    std::error_code ec;
    const auto space = fs::space(fs::path(request.file_name).parent_path(), ec);
    if (!ec && bytes > static_cast<double>(space.available))
        throw InvalidArgument("report '" + request.name + "' would write " + readable_number(bytes / 1e9) + " GB; " +
                              readable_number(static_cast<double>(space.available) / 1e9) + " GB are free in " +
                              fs::path(request.file_name).parent_path().string());
}

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

// One report: its probes (one per element) and its writer.
struct ActiveReport {
    circuit::ReportRequest request;
    std::vector<std::shared_ptr<sim::SampleRing>> rings;
    std::unique_ptr<io::CompartmentReportWriter> writer;
    std::int64_t first_step = 0, stride = 1, rows = 0, written = 0;
    std::vector<std::vector<sim::Sample>> pending;  // per element, drained but not yet written
};

ActiveReport start_report(const circuit::ReportRequest& request, const circuit::Circuit& c,
                          const circuit::SimulationSetup& setup, const circuit::BuiltNetwork& built,
                          sim::Simulation& simulation) {
    ActiveReport r;
    r.request = request;
    const auto selection = circuit::select_nodes(c, setup.node_sets, request.cells);
    if (selection.empty() || selection.front().ids.empty())
        throw InvalidArgument("report '" + request.name + "': node set '" + request.cells + "' selects no node");
    if (selection.size() != 1)
        throw InvalidArgument("report '" + request.name + "': node set '" + request.cells + "' spans " +
                              std::to_string(selection.size()) + " populations; a report covers exactly one");
    io::ReportLayout layout;
    layout.population = selection.front().population->name;
    layout.variable = request.variable;
    layout.units = request.variable == "v" ? "mV" : "";
    const std::string variable = engine_variable(request.variable);
    const double dt = setup.run.dt;
    r.stride = std::llround(request.dt / dt);
    r.first_step = std::llround(request.start_time / dt);
    const std::int64_t last_step = std::llround(std::min(request.end_time, setup.run.tstop) / dt);
    r.rows = (last_step - r.first_step + r.stride - 1) / r.stride;
    layout.start = static_cast<double>(r.first_step) * dt;
    layout.step = static_cast<double>(r.stride) * dt;
    layout.stop = layout.start + static_cast<double>(r.rows) * layout.step;
    layout.index_pointers.push_back(0);
    std::vector<float> initial;
    for (std::uint64_t node : selection.front().ids) {
        const sim::Gid gid = built.gid(layout.population, node);
        if (!built.network.is_cell(gid))
            throw InvalidArgument("report '" + request.name + "': node " + layout.population + ":" +
                                  std::to_string(node) + " is virtual (a spike source with no membrane to record)");
        std::vector<sim::Location> where;
        if (request.sections == "soma") {
            where.push_back({0, 0.5});
        } else {
            const auto& cell = *built.network.cell(gid);
            for (std::uint32_t s = 0; s < cell.sections().size(); ++s) {
                const int nseg = sim::nseg_for(cell, s);
                for (int k = 0; k < nseg; ++k) where.push_back({s, (k + 0.5) / nseg});
            }
        }
        const std::size_t before = layout.element_ids.size();
        for (const auto& w : where) {
            double value = 0;
            try {
                value = simulation.probe_value(gid, w, variable);
            } catch (const InvalidArgument&) {
                // Over all sections, a mechanism's state is reported where it is inserted.
                if (request.sections == "all" && variable != "v") continue;
                throw;
            }
            if (layout.element_ids.size() >= max_report_elements)
                throw InvalidArgument("report '" + request.name + "' records more than " +
                                      std::to_string(max_report_elements) +
                                      " compartments; record fewer cells or sections (soma)");
            layout.element_ids.push_back(w.section);
            layout.element_pos.push_back(static_cast<float>(w.x));
            r.rings.push_back(simulation.add_probe(gid, w, variable, ring_slots));
            initial.push_back(static_cast<float>(value));
        }
        if (layout.element_ids.size() == before)
            throw InvalidArgument("report '" + request.name + "': node " + std::to_string(node) + " of '" +
                                  layout.population + "' has no compartment with '" + request.variable + "'");
        layout.node_ids.push_back(node);
        layout.index_pointers.push_back(layout.element_ids.size());
    }
    check_disk_space(request, static_cast<double>(r.rows) * static_cast<double>(r.rings.size()) * sizeof(float));
    // Rows held before one write: nsteps_block, within a bounded buffer.
    const std::size_t block = std::clamp<std::size_t>(static_cast<std::size_t>(setup.run.nsteps_block.value_or(256)), 1,
                                                      std::max<std::size_t>(1, max_block_values / r.rings.size()));
    r.writer = std::make_unique<io::CompartmentReportWriter>(request.file_name, std::move(layout), block);
    r.pending.resize(r.rings.size());
    if (r.first_step == 0 && r.rows > 0) {  // the row at t = 0 is the initial state
        r.writer->append(initial);
        ++r.written;
    }
    return r;
}

// Moves samples from the rings into report rows (samples at step n carry t = n dt).
void drain(ActiveReport& r, double dt) {
    std::vector<sim::Sample> fresh;
    for (std::size_t e = 0; e < r.rings.size(); ++e) {
        fresh.clear();
        r.rings[e]->drain(fresh);
        r.pending[e].insert(r.pending[e].end(), fresh.begin(), fresh.end());
    }
    std::vector<float> row(r.rings.size());
    std::vector<std::size_t> cursor(r.rings.size(), 0);
    while (r.written < r.rows) {
        const std::int64_t step = r.first_step + r.written * r.stride;
        bool complete = true;
        for (std::size_t e = 0; e < r.rings.size() && complete; ++e) {
            auto& samples = r.pending[e];
            while (cursor[e] < samples.size() && std::llround(samples[cursor[e]].time / dt) < step) ++cursor[e];
            if (cursor[e] == samples.size()) {
                complete = false;
            } else {
                if (std::llround(samples[cursor[e]].time / dt) != step)
                    throw InternalError("report " + r.request.name + ": samples of step " + std::to_string(step) +
                                        " were lost");
                row[e] = static_cast<float>(samples[cursor[e]].value);
            }
        }
        if (!complete) break;
        r.writer->append(row);
        ++r.written;
    }
    for (std::size_t e = 0; e < r.rings.size(); ++e)
        r.pending[e].erase(r.pending[e].begin(), r.pending[e].begin() + static_cast<std::ptrdiff_t>(cursor[e]));
}

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
    circuit::SimulationSetup setup = io::read_simulation_config(a.positional().front(), diagnostics);
    if (a.has("--output")) io::redirect_outputs(setup, a.value("--output"));
    const circuit::Circuit c = io::read_circuit(setup.circuit_config, diagnostics);
    say("circuit " + setup.circuit_config + ": " + std::to_string(c.num_nodes()) + " nodes in " +
        std::to_string(c.nodes.size()) + " population(s), " + std::to_string(c.edges.size()) + " edge population(s)");
    circuit::BuiltNetwork built = circuit::build_network(c, setup, io::model_files(c, diagnostics));
    for (const auto& w : built.warnings) warnings.handle(Warning{WarningKind::ignored_data, setup.config_file, 0, w});
    built.options.threads = threads;

    const fs::path output_dir(setup.output.output_dir);
    std::error_code ec;
    if (fs::exists(output_dir, ec) && !fs::is_empty(output_dir, ec) && !setup.output.overwrite_output_dir)
        throw InvalidArgument("output folder " + output_dir.string() +
                              " is not empty and output.overwrite_output_dir is false");
    fs::create_directories(output_dir, ec);
    if (ec) throw FileError(output_dir.string(), 0, "cannot create the output folder: " + ec.message());
    // Outputs may sit in subfolders of the output folder ("logs/run.log").
    std::vector<std::string> outputs = {setup.output.spikes_file, setup.output.spikes_csv, setup.output.log_file};
    for (const auto& r : setup.reports) outputs.push_back(r.file_name);
    for (const auto& file : outputs) {
        if (file.empty()) continue;
        fs::create_directories(fs::path(file).parent_path(), ec);
        if (ec) throw FileError(file, 0, "cannot create its folder: " + ec.message());
    }

    sim::Simulation simulation(built.network, built.options);
    const double steps = setup.run.tstop / setup.run.dt;
    const double hours = steps * static_cast<double>(simulation.num_compartments()) * ns_per_compartment_step * 1e-9 /
                         3600.0 / std::max(1, simulation.threads());
    if (hours > max_estimated_hours && !a.has("--long-run"))
        throw InvalidArgument("run.tstop " + readable_number(setup.run.tstop) + " ms is " + readable_number(steps) +
                              " steps of " + std::to_string(simulation.num_compartments()) +
                              " compartments: about " + readable_number(hours) + " hours on " +
                              std::to_string(simulation.threads()) + " thread(s); pass --long-run to run it anyway");
    std::vector<ActiveReport> reports;
    for (const auto& request : setup.reports) reports.push_back(start_report(request, c, setup, built, simulation));
    say("simulating " + std::to_string(setup.run.tstop) + " ms, dt " + std::to_string(setup.run.dt) + " ms, " +
        std::to_string(simulation.num_compartments()) + " compartments, " + std::to_string(simulation.threads()) +
        " thread(s)");

    // Chunks of ~1% of the run, so reports drain often and progress moves.
    // (At most 2000 steps, well within the probes' rings.)
    const double chunk = std::max(setup.run.dt, std::min(setup.run.tstop / 100.0, max_chunk_steps * setup.run.dt));
    double last_print = -1;
    for (double t = 0; t < setup.run.tstop - 1e-9;) {
        t = std::min(setup.run.tstop, t + chunk);
        simulation.advance(t);
        for (auto& r : reports) drain(r, setup.run.dt);
        if (!a.has("--quiet") && (wall() - last_print > 0.25 || t >= setup.run.tstop - 1e-9)) {
            last_print = wall();
            char line[160];
            std::snprintf(line, sizeof line, "\rsimulated %.1f / %.1f ms  wall %.1f s  %.0f ms/s  %zu spikes   ",
                          simulation.time(), setup.run.tstop, wall(), wall() > 0 ? simulation.time() / wall() : 0.0,
                          simulation.spikes().size());
            err << line << std::flush;
        }
    }
    if (!a.has("--quiet")) err << '\n';

    // Spikes of cells (not of virtual inputs), per population.
    std::map<std::string, io::PopulationSpikes> by_population;
    for (const auto& s : simulation.spikes()) {
        if (!built.network.is_cell(s.gid)) continue;
        const auto [population, node] = built.node_of(s.gid);
        auto& p = by_population[population];
        p.population = population;
        p.node_ids.push_back(node);
        p.timestamps.push_back(s.time);
    }
    std::vector<io::PopulationSpikes> spikes;
    std::size_t count = 0;
    for (auto& [name, p] : by_population) {
        count += p.node_ids.size();
        spikes.push_back(std::move(p));
    }
    io::write_spikes_h5(setup.output.spikes_file, spikes);
    if (!setup.output.spikes_csv.empty()) io::write_spikes_csv(setup.output.spikes_csv, spikes);
    for (auto& r : reports) {
        drain(r, setup.run.dt);
        r.writer->finish();
        say("report " + r.request.name + ": " + std::to_string(r.written) + " rows of " +
            std::to_string(r.rings.size()) + " values -> " + r.request.file_name);
    }
    say("wrote " + std::to_string(count) + " spikes to " + setup.output.spikes_file + " in " + std::to_string(wall()) +
        " s wall");
    if (!setup.output.log_file.empty())
        io::write_text_file_atomically(setup.output.log_file, [&](std::ostream& file) { file << log.str(); });
    out << "spikes: " << count << " -> " << setup.output.spikes_file << '\n';
    return exit_ok;
}

}  // namespace lamina::app
