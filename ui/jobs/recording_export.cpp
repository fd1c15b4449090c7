#include "ui/jobs/recording_export.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QPromise>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <tuple>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/sonata/recording_sinks.h"
#include "io/sonata/report_io.h"
#include "io/sonata/spikes_io.h"
#include "ui/models/circuit_model.h"
#include "ui/views/plot_views.h"
#include "ui/docks/simulation_panel.h"

namespace lamina::ui {

namespace {

// The probes on one time axis: rows are time steps from the earliest sample to the
// latest; a probe added during a run has no value (NaN) before it existed.
struct Grid {
    double dt = 0.025;
    std::int64_t first = 0;  // step of row 0
    std::size_t rows = 0;
    std::vector<std::vector<std::int64_t>> steps;  // per trace, the step of each sample
};

Grid gridOf(const Recordings& r) {
    Grid g;
    g.dt = r.dt;
    for (const auto& trace : r.traces)
        if (trace.t.size() >= 2) {
            g.dt = trace.t[1] - trace.t[0];
            break;
        }
    std::int64_t first = std::numeric_limits<std::int64_t>::max(), last = std::numeric_limits<std::int64_t>::min();
    for (const auto& trace : r.traces) {
        auto& steps = g.steps.emplace_back(trace.t.size());
        for (std::size_t i = 0; i < trace.t.size(); ++i) steps[i] = std::llround(trace.t[i] / g.dt);
        if (!steps.empty()) first = std::min(first, steps.front()), last = std::max(last, steps.back());
    }
    if (first <= last) g.first = first, g.rows = static_cast<std::size_t>(last - first + 1);
    return g;
}

std::pair<std::string, std::uint64_t> nodeOf(const Recordings& r, sim::Gid gid) {
    if (gid < r.gids.size()) return r.gids.node_of(gid);
    return {"unassigned", gid};
}

class Cancelled : public std::exception {};

}  // namespace

namespace {

// The probes as blocks of rows on the grid (NaN where a probe has no sample), handed to
// `sinks` (each given its own columns) a block at a time.
void feed_rows(const Recordings& r, const Grid& grid, const std::vector<std::pair<sim::RecordingSink*, std::vector<std::size_t>>>& sinks,
               const std::function<void(std::size_t rows_done)>& report) {
    constexpr std::size_t block_rows = 4096;
    std::vector<std::size_t> cursor(r.traces.size(), 0);
    std::vector<double> times, values;
    std::vector<std::vector<double>> columns(sinks.size());
    for (std::size_t first = 0; first < grid.rows; first += block_rows) {
        const std::size_t rows = std::min(block_rows, grid.rows - first);
        times.resize(rows);
        std::vector<std::vector<double>> by_trace(r.traces.size(), std::vector<double>(rows, std::nan("")));
        for (std::size_t row = 0; row < rows; ++row) {
            const std::int64_t step = grid.first + static_cast<std::int64_t>(first + row);
            times[row] = static_cast<double>(step) * grid.dt;
            for (std::size_t k = 0; k < r.traces.size(); ++k) {
                auto& i = cursor[k];
                if (i < grid.steps[k].size() && grid.steps[k][i] == step) by_trace[k][row] = r.traces[k].v[i++];
            }
        }
        for (std::size_t s = 0; s < sinks.size(); ++s) {
            const auto& traces = sinks[s].second;
            values.assign(rows * traces.size(), 0.0);
            for (std::size_t row = 0; row < rows; ++row)
                for (std::size_t c = 0; c < traces.size(); ++c) values[row * traces.size() + c] = by_trace[traces[c]][row];
            sinks[s].first->append({rows, traces.size(), times, values, {}, nullptr, nullptr});
        }
        report(first + rows);
    }
}

// One SONATA report per variable and population, its elements sorted by node (as reports
// keep them).
struct PopulationReport {
    std::string variable;
    std::string population;
    std::vector<std::size_t> traces;  // the trace of each element
    io::ReportLayout layout;
};

std::vector<PopulationReport> population_reports(const Recordings& r, const Grid& grid) {
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> by_population;
    for (std::size_t k = 0; k < r.traces.size(); ++k)
        by_population[{r.traces[k].variable, nodeOf(r, r.traces[k].gid).first}].push_back(k);
    std::vector<PopulationReport> out;
    for (auto& [key, traces] : by_population) {
        const auto& [variable, population] = key;
        std::stable_sort(traces.begin(), traces.end(), [&](std::size_t a, std::size_t b) {
            const auto& ta = r.traces[a];
            const auto& tb = r.traces[b];
            return std::tie(ta.gid, ta.where.section, ta.where.x) < std::tie(tb.gid, tb.where.section, tb.where.x);
        });
        PopulationReport report{variable, population, traces, {}};
        io::ReportLayout& layout = report.layout;
        layout.variable = variable;
        layout.units = r.traces[traces.front()].unit;
        layout.population = population;
        layout.index_pointers.push_back(0);
        for (std::size_t k : traces) {
            const std::uint64_t node = nodeOf(r, r.traces[k].gid).second;
            if (layout.node_ids.empty() || layout.node_ids.back() != node) {
                if (!layout.node_ids.empty()) layout.index_pointers.push_back(layout.element_ids.size());
                layout.node_ids.push_back(node);
            }
            layout.element_ids.push_back(r.traces[k].where.section);
            layout.element_pos.push_back(static_cast<float>(r.traces[k].where.x));
        }
        layout.index_pointers.push_back(layout.element_ids.size());
        layout.start = static_cast<double>(grid.first) * grid.dt;
        layout.step = grid.dt;
        layout.stop = layout.start + static_cast<double>(grid.rows) * grid.dt;
        out.push_back(std::move(report));
    }
    return out;
}

}  // namespace

ExportOutcome writeRecordings(const Recordings& r, const QString& folder, const std::function<bool(double)>& progress) {
    ExportOutcome outcome;
    try {
        if (!QDir().mkpath(folder)) throw FileError(folder.toStdString(), 0, "cannot create the folder");
        const std::filesystem::path dir = folder.toStdString();
        const Grid grid = gridOf(r);
        // The same sinks a run records into; each writes a temporary file and renames it
        // only at finish(), so a cancelled export leaves nothing new behind.
        std::vector<std::string> labels;
        std::vector<std::size_t> all(r.traces.size());
        for (std::size_t k = 0; k < r.traces.size(); ++k) {
            labels.push_back(r.traces[k].label + " [" + r.traces[k].unit + "]");
            all[k] = k;
        }
        io::CsvRecordingSink traces_csv((dir / "traces.csv").string(), labels);
        traces_csv.begin(labels.size());
        std::vector<std::pair<sim::RecordingSink*, std::vector<std::size_t>>> sinks{{&traces_csv, all}};
        const auto reports = population_reports(r, grid);
        std::vector<std::unique_ptr<io::SonataReportSink>> report_sinks;
        std::vector<std::filesystem::path> report_paths;
        std::map<std::string, int> reports_of;  // per variable
        for (const auto& report : reports) ++reports_of[report.variable];
        for (const auto& report : reports) {
            // voltage_report.h5 as before; other variables by name ("cai_report.h5",
            // "Ih.m_report.h5"); a population suffix when a variable spans several.
            const std::string stem = report.variable == "v" ? "voltage_report" : report.variable + "_report";
            report_paths.push_back(dir / (reports_of[report.variable] == 1 ? stem + ".h5"
                                                                           : stem + "_" + report.population + ".h5"));
            report_sinks.push_back(std::make_unique<io::SonataReportSink>(report_paths.back().string(), report.layout, 256));
            report_sinks.back()->begin(report.traces.size());
            sinks.emplace_back(report_sinks.back().get(), report.traces);
        }
        feed_rows(r, grid, sinks, [&](std::size_t done) {
            if (progress && !progress(static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(grid.rows, 1))))
                throw Cancelled();
        });
        if (progress && !progress(1.0)) throw Cancelled();  // the last chance: from here on files move into place
        for (std::size_t w = 0; w < report_sinks.size(); ++w) {
            report_sinks[w]->finish();
            outcome.files << QString::fromStdString(report_paths[w].string());
        }
        traces_csv.finish();
        outcome.files << QString::fromStdString((dir / "traces.csv").string());

        std::map<std::string, io::PopulationSpikes> spikes;
        for (const sim::Spike& s : r.spikes) {
            const auto [population, node] = nodeOf(r, s.gid);
            auto& p = spikes[population];
            p.population = population;
            p.node_ids.push_back(node);
            p.timestamps.push_back(s.time);
        }
        std::vector<io::PopulationSpikes> list;
        for (auto& [name, p] : spikes) list.push_back(std::move(p));
        io::write_spikes_h5((dir / "spikes.h5").string(), list);
        io::write_spikes_csv((dir / "spikes.csv").string(), list);
        outcome.files << QString::fromStdString((dir / "spikes.h5").string())
                      << QString::fromStdString((dir / "spikes.csv").string());
    } catch (const Cancelled&) {
        outcome.cancelled = true;
    } catch (const std::exception& e) {
        outcome.error = QString::fromStdString(e.what());
    }
    return outcome;
}

RecordingExporter::RecordingExporter(SimulationPanel* simulation, QWidget* window)
    : QObject(window), simulation_(simulation), window_(window) {
    action_ = new QAction(tr("&Export Recordings…"), this);
    action_->setObjectName("exportRecordingsAction");
    action_->setShortcut(QKeySequence(tr("Ctrl+E")));
    action_->setStatusTip(tr("Write the spikes and probe traces of the run into a folder: SONATA spikes.h5 and "
                             "voltage_report.h5, and spikes.csv and traces.csv"));
    connect(action_, &QAction::triggered, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(window_, tr("Export Recordings Into"));
        if (!folder.isEmpty()) exportTo(folder);
    });
    watcher_ = new QFutureWatcher<void>(this);
    connect(watcher_, &QFutureWatcher<void>::finished, this, &RecordingExporter::onFinished);
}

RecordingExporter::~RecordingExporter() {
    watcher_->cancel();
    watcher_->waitForFinished();
}

bool RecordingExporter::isExporting() const { return watcher_->isRunning(); }

Recordings RecordingExporter::snapshot() const {
    Recordings r;
    simulation_->poll();  // everything the engine has produced so far
    const auto probes = simulation_->controller()->probes();
    const TraceView* traces = simulation_->traces();
    for (int k = 0; k < traces->curveCount() && static_cast<std::size_t>(k) < probes.size(); ++k) {
        const ProbeSpec& probe = probes[static_cast<std::size_t>(k)];
        r.traces.push_back({probe.gid, probe.where, traces->curveLabel(k).toStdString(), traces->curveTimes(k),
                            traces->curveValues(k), probe.variable, traces->curveUnit(k).toStdString()});
    }
    const auto network = simulation_->controller()->network();
    for (const sim::Spike& s : simulation_->raster()->spikes())
        if (network && s.gid < network->size() && network->is_neuron(s.gid)) r.spikes.push_back(s);
    const CircuitModel* model = simulation_->circuitModel();
    if (const circuit::Circuit* circuit = model->circuit())
        for (std::size_t p = 0; p < circuit->nodes.size() && p < model->firstGids().size(); ++p)
            if (model->firstGids()[p] == r.gids.size())  // populations are consecutive gids
                r.gids.add(circuit->nodes[p].name, circuit->nodes[p].size(), false);
    r.dt = simulation_->controller()->settings().dt;
    return r;
}

void RecordingExporter::exportTo(const QString& folder) {
    if (isExporting()) {
        emit statusMessage(tr("An export is already running"));
        return;
    }
    const Recordings recordings = snapshot();
    const bool sampled = std::any_of(recordings.traces.begin(), recordings.traces.end(),
                                     [](const Recordings::Trace& trace) { return !trace.t.empty(); });
    if (!sampled && recordings.spikes.empty()) {
        emit statusMessage(tr("Nothing recorded yet: run the simulation first"));
        return;
    }
    if (!progress_) {
        progress_ = new QProgressDialog(tr("Exporting recordings…"), tr("Cancel"), 0, 1000, window_);
        progress_->setWindowModality(Qt::WindowModal);
        progress_->setMinimumDuration(400);  // quick exports never flash a dialog
        progress_->setAutoReset(false);
        connect(progress_, &QProgressDialog::canceled, watcher_, &QFutureWatcher<void>::cancel);
        connect(watcher_, &QFutureWatcher<void>::progressValueChanged, progress_, &QProgressDialog::setValue);
    }
    progress_->reset();
    progress_->setValue(0);
    emit statusMessage(tr("Exporting recordings to %1…").arg(folder));
    // The worker fills the outcome; it is read only after the future finished.
    outcome_ = std::make_shared<ExportOutcome>();
    outcome_->cancelled = true;  // stays so when it is cancelled before it starts
    watcher_->setFuture(QtConcurrent::run([recordings, folder, outcome = outcome_](QPromise<void>& promise) {
        promise.setProgressRange(0, 1000);
        *outcome = writeRecordings(recordings, folder, [&promise](double fraction) {
            promise.setProgressValue(static_cast<int>(fraction * 1000));
            return !promise.isCanceled();
        });
    }));
}

void RecordingExporter::onFinished() {
    if (progress_) progress_->reset();
    const ExportOutcome outcome = *outcome_;
    if (outcome.cancelled) emit statusMessage(tr("Export cancelled; no file was written"));
    else if (!outcome.error.isEmpty()) emit statusMessage(tr("Export failed: %1").arg(outcome.error));
    else emit statusMessage(tr("Exported %1 files: %2").arg(outcome.files.size()).arg(outcome.files.join(", ")));
    emit finished(outcome);
}

}  // namespace lamina::ui
