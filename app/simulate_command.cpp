// `lamina simulate CONFIG`: a SONATA simulation, headless. Reads the simulation config
// and its circuit, builds the engine's network, runs it in chunks with progress on
// stderr, and writes spikes (SONATA HDF5, optionally CSV) and compartment reports.

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
        if (!built.network.is_cell(gid)) continue;  // virtual nodes have no membrane
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
            layout.element_ids.push_back(w.section);
            layout.element_pos.push_back(static_cast<float>(w.x));
            r.rings.push_back(simulation.add_probe(gid, w, variable, 1u << 14));
            initial.push_back(static_cast<float>(value));
        }
        if (layout.element_ids.size() == before)
            throw InvalidArgument("report '" + request.name + "': node " + std::to_string(node) + " of '" +
                                  layout.population + "' has no compartment with '" + request.variable + "'");
        layout.node_ids.push_back(node);
        layout.index_pointers.push_back(layout.element_ids.size());
    }
    const std::size_t block = static_cast<std::size_t>(setup.run.nsteps_block.value_or(256));
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

void redirect_outputs(circuit::SimulationSetup& setup, const std::string& directory) {
    const fs::path old_dir(setup.output.output_dir), new_dir = fs::absolute(directory).lexically_normal();
    auto move = [&](std::string& path) {
        if (path.empty()) return;
        const fs::path rel = fs::path(path).lexically_relative(old_dir);
        path = (rel.empty() || *rel.begin() == ".." ? new_dir / fs::path(path).filename() : new_dir / rel).string();
    };
    move(setup.output.spikes_file);
    move(setup.output.spikes_csv);
    move(setup.output.log_file);
    for (auto& r : setup.reports) move(r.file_name);
    setup.output.output_dir = new_dir.string();
}

}  // namespace

int run_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--quiet"}, {"--threads", "--output"});
    if (!a.ok() || a.positional().size() != 1) {
        err << "lamina simulate: " << (a.ok() ? "expects one simulation_config.json" : a.error())
            << "\n(lamina simulate --help)\n";
        return exit_usage;
    }
    const auto start = std::chrono::steady_clock::now();
    auto wall = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    std::ostringstream log;
    auto say = [&](const std::string& line) {
        log << line << '\n';
        if (!a.has("--quiet")) err << line << '\n';
    };

    circuit::SimulationSetup setup = io::read_simulation_config(a.positional().front());
    if (a.has("--output")) redirect_outputs(setup, a.value("--output"));
    const circuit::Circuit c = io::read_circuit(setup.circuit_config);
    say("circuit " + setup.circuit_config + ": " + std::to_string(c.num_nodes()) + " nodes in " +
        std::to_string(c.nodes.size()) + " population(s), " + std::to_string(c.edges.size()) + " edge population(s)");
    circuit::BuiltNetwork built = circuit::build_network(c, setup, io::model_files(c));
    if (a.has("--threads")) {
        const std::string text = a.value("--threads");
        char* end = nullptr;
        const long threads = std::strtol(text.c_str(), &end, 10);
        if (end == text.c_str() || *end || threads < 0 || threads > 1024)
            throw InvalidArgument("--threads must be an integer in [0, 1024], got '" + text + "'");
        built.options.threads = static_cast<int>(threads);
    }

    const fs::path output_dir(setup.output.output_dir);
    std::error_code ec;
    if (fs::exists(output_dir, ec) && !fs::is_empty(output_dir, ec) && !setup.output.overwrite_output_dir)
        throw InvalidArgument("output folder " + output_dir.string() +
                              " is not empty and output.overwrite_output_dir is false");
    fs::create_directories(output_dir, ec);
    if (ec) throw FileError(output_dir.string(), 0, "cannot create the output folder: " + ec.message());

    sim::Simulation simulation(built.network, built.options);
    std::vector<ActiveReport> reports;
    for (const auto& request : setup.reports) reports.push_back(start_report(request, c, setup, built, simulation));
    say("simulating " + std::to_string(setup.run.tstop) + " ms, dt " + std::to_string(setup.run.dt) + " ms, " +
        std::to_string(simulation.num_compartments()) + " compartments, " + std::to_string(simulation.threads()) +
        " thread(s)");

    // Chunks of ~1% of the run, so reports drain often and progress moves.
    // (At most 2000 steps, well within the probes' rings.)
    const double chunk = std::max(setup.run.dt, std::min(setup.run.tstop / 100.0, 2000 * setup.run.dt));
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
    if (!setup.output.log_file.empty()) {
        std::ofstream file(setup.output.log_file);
        file << log.str();
    }
    out << "spikes: " << count << " -> " << setup.output.spikes_file << '\n';
    return exit_ok;
}

}  // namespace lamina::app
