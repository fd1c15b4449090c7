#include "io/sonata/recording_sinks.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "engine/errors.h"
#include "io/file_util.h"

namespace lamina::io {

SonataReportSink::SonataReportSink(const std::string& path, ReportLayout layout, std::size_t rows_per_write)
    : writer_(path, layout, rows_per_write), elements_(layout.element_ids.size()) {}

void SonataReportSink::begin(std::size_t columns) {
    if (columns != elements_)
        throw InternalError("report of " + std::to_string(elements_) + " elements fed " + std::to_string(columns) +
                            " columns");
}

void SonataReportSink::append(const sim::RowBlock& rows) {
    if (rows.floats.empty()) writer_.append_rows(rows.values, rows.rows);
    else writer_.append_rows(rows.floats, rows.rows);
}

void SonataReportSink::finish() { writer_.finish(); }

struct CsvRecordingSink::State {
    AtomicOutput output;
    std::ofstream out;
    std::vector<std::string> labels;
    explicit State(const std::string& path) : output(path), out(output.temporary_path()) {}
};

CsvRecordingSink::CsvRecordingSink(std::string path, std::vector<std::string> labels)
    : state_(std::make_unique<State>(path)) {
    if (!state_->out) throw FileError(path, 0, "cannot create the file (folder not writable?)");
    state_->labels = std::move(labels);
}

CsvRecordingSink::~CsvRecordingSink() = default;

void CsvRecordingSink::begin(std::size_t columns) {
    if (columns != state_->labels.size())
        throw InternalError("CSV of " + std::to_string(state_->labels.size()) + " columns fed " +
                            std::to_string(columns));
    state_->out << "time_ms";
    for (const auto& label : state_->labels) {
        if (label.find_first_of(",\"\n") == std::string::npos) {
            state_->out << ',' << label;
            continue;
        }
        std::string quoted = "\"";
        for (char c : label) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        state_->out << ',' << quoted << '"';
    }
    state_->out << '\n';
}

void CsvRecordingSink::append(const sim::RowBlock& rows) {
    char number[32];
    auto put = [&](double value) {
        if (std::isnan(value)) return;
        std::snprintf(number, sizeof number, "%.10g", value);
        state_->out << number;
    };
    for (std::size_t r = 0; r < rows.rows; ++r) {
        put(rows.times[r]);
        for (std::size_t c = 0; c < rows.columns; ++c) {
            state_->out << ',';
            put(rows.at(r * rows.columns + c));
        }
        state_->out << '\n';
    }
}

void CsvRecordingSink::finish() {
    state_->out.flush();
    if (!state_->out) throw FileError(state_->output.target_path().string(), 0, "cannot write (disk full?)");
    state_->out.close();
    state_->output.commit();
}

SpikeFileSink::SpikeFileSink(std::string h5_path, std::string csv_path, circuit::GidMap gids,
                             std::shared_ptr<const sim::Network> network)
    : h5_path_(std::move(h5_path)), csv_path_(std::move(csv_path)), gids_(std::move(gids)), network_(std::move(network)) {}

void SpikeFileSink::append(std::span<const sim::Spike> spikes) {
    for (const sim::Spike& s : spikes) {
        if (!network_->is_neuron(s.gid)) continue;  // a cable cell's or point neuron's, not an input's
        const circuit::GidRange& range = gids_.range_of(s.gid);
        auto& p = populations_[range.population];
        p.population = range.population;
        p.node_ids.push_back(s.gid - range.first);
        p.timestamps.push_back(s.time);
        ++count_;
    }
}

void SpikeFileSink::finish() {
    std::vector<PopulationSpikes> written;
    for (auto& [name, p] : populations_) written.push_back(std::move(p));
    write_spikes_h5(h5_path_, written);
    if (!csv_path_.empty()) write_spikes_csv(csv_path_, written);
}

}  // namespace lamina::io
