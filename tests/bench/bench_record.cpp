// Recording cost, each case against the same run without it, alternating (--repeat N):
//  - the demo column (the shipped recipe) for 100 ms with a SONATA report of v over every
//    compartment (--report-dt, default every step), written to a file;
//  - the reference HH axon's 1,000 compartments, every step, 250 ms.
// Prints the recording's memory (recorder rows + the report writer's block) next to the
// data it writes, and the overhead (goals: <= 20% and <= 30%).

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include "bench.h"
#include "engine/builder/column_builder.h"
#include "engine/sim/background_sink.h"
#include "engine/sim/discretization.h"
#include "io/builder/column_writer.h"
#include "io/builder/recipe_io.h"
#include "io/sonata/recording_sinks.h"
#include "io/sonata/sonata_run.h"

namespace fs = std::filesystem;

namespace lamina::bench {

namespace {

// Every compartment centre of every cell of the session, as report columns.
std::vector<sim::ProbeAddress> every_compartment(const session::RunSession& session, io::ReportLayout& layout) {
    std::vector<sim::ProbeAddress> columns;
    const auto& network = *session.network();
    layout.population = "all";
    layout.index_pointers.push_back(0);
    for (sim::Gid g = 0; g < network.size(); ++g) {
        if (!network.is_cell(g)) continue;
        const auto& cell = *network.cell(g);
        for (std::uint32_t s = 0; s < cell.sections().size(); ++s) {
            const int nseg = sim::nseg_for(cell, s);
            for (int k = 0; k < nseg; ++k) {
                const sim::Location where{s, (k + 0.5) / nseg};
                columns.push_back({g, where, "v"});
                layout.element_ids.push_back(s);
                layout.element_pos.push_back(static_cast<float>(where.x));
            }
        }
        layout.node_ids.push_back(g);
        layout.index_pointers.push_back(columns.size());
    }
    return columns;
}

// Times what the sink takes (conversion and writing), on the thread that advances.
class TimedSink final : public sim::RecordingSink {
public:
    explicit TimedSink(std::shared_ptr<sim::RecordingSink> inner) : inner_(std::move(inner)) {}
    void begin(std::size_t columns) override { inner_->begin(columns); }
    void append(const sim::RowBlock& rows) override {
        Stopwatch clock;
        inner_->append(rows);
        seconds += clock.seconds();
        ++appends;
    }
    void finish() override {
        Stopwatch clock;
        inner_->finish();
        seconds += clock.seconds();
    }
    double seconds = 0;
    std::size_t appends = 0;

private:
    std::shared_ptr<sim::RecordingSink> inner_;
};

// Takes rows and drops them: what sampling costs without any writing.
class NullSink final : public sim::RecordingSink {
public:
    void begin(std::size_t) override {}
    void append(const sim::RowBlock&) override {}
    void finish() override {}
};

bool null_sink = false;  // --sink null
bool inline_writer = false;  // --writer inline: the run's thread writes (no background thread)

struct Case {
    double plain_s = 1e300, recorded_s = 1e300;  // fastest of the repeats
    std::vector<double> ratios;                  // recorded / plain, per alternating pair
    std::size_t columns = 0, rows = 0, buffer_bytes = 0, block_bytes = 0, background_bytes = 0;
    double sink_s = 0;    // of the last recorded run: in the sink, on the run's thread
    std::size_t appends = 0;  // of the last recorded run: blocks of rows handed to the sink
    double finish_s = 0;  // of the last recorded run: writing what was left at the end
    double plain_cpu_s = 0, recorded_cpu_s = 0;  // of the last runs, every thread
};

// One run of `session` to tstop, recording every compartment every `stride` steps into
// `file` when it is not empty.
// [s] CPU time of the whole process (every thread, user and system) so far.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double run_once(session::RunSession& session, std::int64_t stride, const fs::path& file, Case& c) {
    session.reset();
    // Each recorded run writes a new file, as a user's first run does: replacing the last
    // run's file would time ext4 writing that file out (it flushes a file renamed over
    // another) and dropping the old one's pages.
    if (!file.empty()) fs::remove(file);
    std::shared_ptr<TimedSink> sink;
    std::shared_ptr<sim::BackgroundSink> background;
    if (!file.empty()) {
        io::ReportLayout layout;
        auto columns = every_compartment(session, layout);
        const auto steps = static_cast<std::int64_t>(std::llround(session.options().tstop / session.options().dt));
        const std::int64_t rows = (steps + stride - 1) / stride;
        layout.step = session.options().dt * static_cast<double>(stride);
        layout.stop = layout.step * static_cast<double>(rows);
        const std::size_t block = std::clamp<std::size_t>((4u << 20) / columns.size(), 1, 256);  // as lamina simulate
        c.columns = columns.size();
        c.rows = static_cast<std::size_t>(rows);
        c.block_bytes = block * columns.size() * sizeof(float);
        // As lamina simulate writes a report: on a thread of its own.
        std::shared_ptr<sim::RecordingSink> target = std::make_shared<NullSink>();
        if (!null_sink) target = std::make_shared<io::SonataReportSink>(file.string(), std::move(layout), block);
        if (inline_writer) {
            sink = std::make_shared<TimedSink>(target);
        } else {
            background = std::make_shared<sim::BackgroundSink>(target);
            sink = std::make_shared<TimedSink>(background);
        }
        session.add_recorder(std::move(columns), {0, stride, rows * stride}, sink, sim::Precision::single);
        c.buffer_bytes = session.simulation()->recording_bytes();
    }
    const double cpu = cpu_seconds();
    Stopwatch clock;
    session.advance(session.options().tstop);
    const double advanced = clock.seconds();
    if (background) c.background_bytes = background->held_bytes();  // its blocks, all allocated by now
    session.finish();
    (sink ? c.recorded_cpu_s : c.plain_cpu_s) = cpu_seconds() - cpu;
    if (sink) {
        c.sink_s = sink->seconds;
        c.appends = sink->appends;
        c.finish_s = clock.seconds() - advanced;
    }
    return clock.seconds();
}

Case measure(session::RunSession& session, std::int64_t stride, const fs::path& file, int repeats) {
    Case c;
    for (int r = 0; r < repeats; ++r) {
        const double plain = run_once(session, stride, {}, c);
        const double recorded = run_once(session, stride, file, c);
        c.plain_s = std::min(c.plain_s, plain);
        c.recorded_s = std::min(c.recorded_s, recorded);
        c.ratios.push_back(recorded / plain);
    }
    return c;
}

void print(const char* name, const Case& c, double goal) {
    const double data = static_cast<double>(c.columns) * static_cast<double>(c.rows) * sizeof(float);
    std::vector<double> sorted = c.ratios;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    std::cout << name << ": columns=" << c.columns << " rows=" << c.rows << " data_written_MB=" << data / 1e6
              << " recording_memory_MB=" << static_cast<double>(c.buffer_bytes + c.background_bytes + c.block_bytes) / 1e6
              << " (recorder rows " << static_cast<double>(c.buffer_bytes) / 1e6 << " + background writer's blocks "
              << static_cast<double>(c.background_bytes) / 1e6 << " + report writer's block "
              << static_cast<double>(c.block_bytes) / 1e6
              << "; bound 16 MiB x (1 + 4) + 16 MiB = 96 MiB whatever the run's length)\n";
    std::cout << "  plain_s=" << c.plain_s << " recorded_s=" << c.recorded_s << " overhead_median="
              << (median - 1) * 100 << "% sink_s=" << c.sink_s << " (" << c.appends << " blocks) finish_s=" << c.finish_s
              << " cpu_s plain/recorded=" << c.plain_cpu_s << "/" << c.recorded_cpu_s << " (per pair:";
    for (double r : c.ratios) std::cout << ' ' << (r - 1) * 100 << '%';
    std::cout << ") goal <= " << goal << "%\n";
}

}  // namespace

int run_record(const Options& options) {
    const int repeats = std::max(1, std::stoi(options.value("--repeat", "3")));
    const double report_dt = std::stod(options.value("--report-dt", "0.025"));
    null_sink = options.value("--sink", "file") == "null";
    inline_writer = options.value("--writer", "background") == "inline";
    const fs::path folder = fs::temp_directory_path() / ("lamina-bench-record-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    Stopwatch total;

    // The HH axon of hh_axon: one cable of 1,000 compartments, 1 thread.
    {
        auto cell = std::make_shared<sim::CellDescription>();
        cell->add_cylinder("axon", SectionType::axon, 1000, 1);
        cell->set_nseg("all", 1000);
        cell->set_ra("all", 100);
        cell->paint("all", "hh");
        cell->place({0, 0.0}, "IClamp", {{"del", 0}, {"dur", 250}, {"amp", 0.1}});
        auto network = std::make_shared<sim::Network>();
        network->add_cell(cell);
        sim::RunOptions o;
        o.threads = 1;
        o.tstop = 250;
        session::RunSession axon(network, o);
        print("hh_axon (1,000 compartments, every step, 250 ms, 1 thread)",
              measure(axon, 1, folder / "axon_v.h5", repeats), 30);
    }

    // The demo column as Open Demo builds it, run for 100 ms.
    {
        const fs::path recipe = fs::path(LAMINA_RESOURCE_DIR) / "recipes/default_column.json";
        const auto column = builder::build_column(io::read_recipe(recipe), {});
        const auto files = io::write_column(column, folder / "column");
        DiagnosticOptions quiet;
        io::SonataRun run = io::open_sonata_run(files.simulation_config.string(), quiet);
        sim::RunOptions o = run.session->options();
        o.tstop = std::stod(options.value("--tstop", "100"));
        run.session->set_options(o);
        const auto stride = std::max<std::int64_t>(1, std::llround(report_dt / o.dt));
        print("demo column (every compartment)", measure(*run.session, stride, folder / "column_v.h5", repeats), 20);
    }
    fs::remove_all(folder);
    std::cout << "wall_s=" << total.seconds() << '\n';
    return 0;
}

}  // namespace lamina::bench
