#include "io/sonata/sonata_run.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "engine/circuit/network_builder.h"
#include "engine/circuit/neuron_names.h"
#include "engine/circuit/node_sets.h"
#include "engine/errors.h"
#include "engine/sim/background_sink.h"
#include "engine/sim/discretization.h"
#include "io/mechanism_plugins.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/simulation_config.h"

namespace fs = std::filesystem;

namespace lamina::io {

namespace {

constexpr std::size_t max_block_values = 4u << 20;  // report rows buffered before a write: 16 MiB

// A report that would not fit on the disk is refused before the run, not after.
void check_disk_space(const circuit::ReportRequest& request, double bytes) {
    std::error_code ec;
    const auto space = fs::space(fs::path(request.file_name).parent_path(), ec);
    if (!ec && bytes > static_cast<double>(space.available))
        throw InvalidArgument("report '" + request.name + "' would write " + readable_number(bytes / 1e9) + " GB; " +
                              readable_number(static_cast<double>(space.available) / 1e9) + " GB are free in " +
                              fs::path(request.file_name).parent_path().string());
}

// The locations a report records on one cell: the soma's centre, or the centre of
// every compartment.
std::vector<sim::Location> report_locations(const circuit::ReportRequest& request, const sim::CellDescription& cell) {
    if (request.sections == "soma") return {{0, 0.5}};
    std::vector<sim::Location> where;
    for (std::uint32_t s = 0; s < cell.sections().size(); ++s) {
        const int nseg = sim::nseg_for(cell, s);
        for (int k = 0; k < nseg; ++k) where.push_back({s, (k + 0.5) / nseg});
    }
    return where;
}

SonataOutputs::Report attach_report(SonataRun& run, const circuit::ReportRequest& request) {
    session::RunSession& session = *run.session;
    const auto& setup = run.setup;
    const auto selection = circuit::select_nodes(*run.circuit, setup.node_sets, request.cells);
    if (selection.empty() || selection.front().ids.empty())
        throw InvalidArgument("report '" + request.name + "': node set '" + request.cells + "' selects no node");
    if (selection.size() != 1)
        throw InvalidArgument("report '" + request.name + "': node set '" + request.cells + "' spans " +
                              std::to_string(selection.size()) + " populations; a report covers exactly one");
    ReportLayout layout;
    layout.population = selection.front().population->name;
    layout.variable = request.variable;
    layout.units = request.variable == "v" ? "mV" : "";
    const std::string variable = circuit::engine_variable(request.variable);
    const double dt = setup.run.dt;
    sim::Schedule schedule;
    schedule.stride = std::llround(request.dt / dt);
    schedule.first_step = std::llround(request.start_time / dt);
    const std::int64_t last_step = std::llround(std::min(request.end_time, setup.run.tstop) / dt);
    const std::int64_t rows = (last_step - schedule.first_step + schedule.stride - 1) / schedule.stride;
    schedule.end_step = schedule.first_step + rows * schedule.stride;
    layout.start = static_cast<double>(schedule.first_step) * dt;
    layout.step = static_cast<double>(schedule.stride) * dt;
    layout.stop = layout.start + static_cast<double>(rows) * layout.step;
    layout.index_pointers.push_back(0);
    std::vector<sim::ProbeAddress> columns;
    for (std::uint64_t node : selection.front().ids) {
        const sim::Gid gid = session.gids().gid(layout.population, node);
        if (session.network()->is_point(gid))
            throw InvalidArgument("report '" + request.name + "': node " + layout.population + ":" + std::to_string(node) +
                                  " is a point neuron, whose membrane Lamina cannot report yet");
        if (!session.network()->is_cell(gid))
            throw InvalidArgument("report '" + request.name + "': node " + layout.population + ":" +
                                  std::to_string(node) + " is virtual (a spike source with no membrane to record)");
        const std::size_t before = columns.size();
        for (const auto& where : report_locations(request, *session.network()->cell(gid))) {
            try {
                (void)session.probe_value(gid, where, variable);
            } catch (const InvalidArgument&) {
                // Over all sections, a mechanism's state is reported where it is inserted.
                if (request.sections == "all" && variable != "v") continue;
                throw;
            }
            layout.element_ids.push_back(where.section);
            layout.element_pos.push_back(static_cast<float>(where.x));
            columns.push_back({gid, where, variable});
        }
        if (columns.size() == before)
            throw InvalidArgument("report '" + request.name + "': node " + std::to_string(node) + " of '" +
                                  layout.population + "' has no compartment with '" + request.variable + "'");
        layout.node_ids.push_back(node);
        layout.index_pointers.push_back(columns.size());
    }
    check_disk_space(request, static_cast<double>(rows) * static_cast<double>(columns.size()) * sizeof(float));
    // Rows held before one write: nsteps_block, within a bounded buffer.
    const std::size_t block =
        std::clamp<std::size_t>(static_cast<std::size_t>(setup.run.nsteps_block.value_or(256)), 1,
                                std::max<std::size_t>(1, max_block_values / columns.size()));
    SonataOutputs::Report report{request, std::make_shared<SonataReportSink>(request.file_name, std::move(layout), block),
                                 columns.size()};
    // Converted and written on a thread of its own, while the run goes on.
    // Kept as float32, the report's own type.
    session.add_recorder(std::move(columns), schedule, std::make_shared<sim::BackgroundSink>(report.sink),
                         sim::Precision::single);
    return report;
}

}  // namespace

SonataRun open_sonata_run(const std::string& config, const DiagnosticOptions& diagnostics,
                          const OpenOptions& options) {
    const auto cancelled = [&] { return options.cancel && options.cancel->load(); };
    SonataRun run;
    run.setup = options.circuit_alone ? read_simulation_or_circuit_config(config, diagnostics)
                                      : read_simulation_config(config, diagnostics);
    if (!options.output_dir.empty()) redirect_outputs(run.setup, options.output_dir);
    if (cancelled()) return run;
    run.circuit = std::make_shared<const circuit::Circuit>(read_circuit(run.setup.circuit_config, diagnostics));
    if (cancelled()) return run;
    // The circuit's own mod files, compiled once and cached, before any cell needs them.
    if (const std::string& dir = run.circuit->components.mechanisms_dir; !dir.empty()) {
        const MechanismPlugin plugin = load_mechanism_folder(mod_folder(dir), options.progress, options.cancel);
        if (plugin.cancelled) return run;
        for (const auto& name : plugin.replaced)
            if (diagnostics.handler)
                diagnostics.handler->handle(Warning{WarningKind::ignored_data, run.setup.circuit_config, 0,
                                                    "components.mechanisms_dir: " + name + " from " + dir +
                                                        " replaces Lamina's built-in " + name + " for this run"});
    }
    if (cancelled()) return run;
    circuit::BuiltNetwork built = circuit::build_network(*run.circuit, run.setup, model_files(*run.circuit, diagnostics));
    for (const auto& w : built.warnings)
        if (diagnostics.handler)
            diagnostics.handler->handle(Warning{WarningKind::ignored_data, run.setup.config_file, 0, w});
    if (cancelled()) return run;
    if (options.threads) built.options.threads = *options.threads;
    run.session = std::make_unique<session::RunSession>(std::make_shared<const sim::Network>(std::move(built.network)),
                                                        std::move(built.options), std::move(built.gids));
    return run;
}

SonataOutputs attach_sonata_outputs(SonataRun& run) {
    const auto& output = run.setup.output;
    const fs::path output_dir(output.output_dir);
    std::error_code ec;
    if (fs::exists(output_dir, ec) && !fs::is_empty(output_dir, ec) && !output.overwrite_output_dir)
        throw InvalidArgument("output folder " + output_dir.string() +
                              " is not empty and output.overwrite_output_dir is false");
    fs::create_directories(output_dir, ec);
    if (ec) throw FileError(output_dir.string(), 0, "cannot create the output folder: " + ec.message());
    // Outputs may sit in subfolders of the output folder ("logs/run.log").
    std::vector<std::string> files = {output.spikes_file, output.spikes_csv, output.log_file};
    for (const auto& r : run.setup.reports) files.push_back(r.file_name);
    for (const auto& file : files) {
        if (file.empty()) continue;
        fs::create_directories(fs::path(file).parent_path(), ec);
        if (ec) throw FileError(file, 0, "cannot create its folder: " + ec.message());
    }
    SonataOutputs outputs;
    for (const auto& request : run.setup.reports) outputs.reports.push_back(attach_report(run, request));
    outputs.spikes = std::make_shared<SpikeFileSink>(output.spikes_file, output.spikes_csv, run.session->gids(),
                                                     run.session->network());
    run.session->add_spike_sink(outputs.spikes);
    return outputs;
}

}  // namespace lamina::io
