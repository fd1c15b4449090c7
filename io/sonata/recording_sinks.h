#pragma once
// Sinks that turn what a run records into files: SONATA compartment reports, SONATA and
// CSV spike files, CSV tables of traces. Each writes to a temporary name and renames it
// at finish(), so a file is complete or absent.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/circuit/gid_map.h"
#include "engine/sim/network.h"
#include "engine/sim/recording.h"
#include "io/sonata/report_io.h"
#include "io/sonata/spikes_io.h"

namespace lamina::io {

// One column per element of `layout`, values written as float32 (SONATA's type) in
// writes of `rows_per_write` rows.
class SonataReportSink final : public sim::RecordingSink {
public:
    SonataReportSink(const std::string& path, ReportLayout layout, std::size_t rows_per_write);
    void begin(std::size_t columns) override;
    void append(const sim::RowBlock& rows) override;
    void finish() override;
    std::size_t rows() const { return writer_.rows(); }

private:
    CompartmentReportWriter writer_;
    std::size_t elements_;
};

// "time_ms,<label>,..." and a line per row; the labels name the columns (quoted where
// they hold a comma or quote), numbers with 10 significant digits, a value that is
// missing (NaN) an empty field.
class CsvRecordingSink final : public sim::RecordingSink {
public:
    CsvRecordingSink(std::string path, std::vector<std::string> labels);
    ~CsvRecordingSink() override;
    void begin(std::size_t columns) override;
    void append(const sim::RowBlock& rows) override;
    void finish() override;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Spikes of the network's cells by population (a spike source's spikes are its input,
// not output), written at finish() as SONATA HDF5 and, when `csv_path` is set, as CSV.
class SpikeFileSink final : public sim::SpikeSink {
public:
    SpikeFileSink(std::string h5_path, std::string csv_path, circuit::GidMap gids,
                  std::shared_ptr<const sim::Network> network);
    void append(std::span<const sim::Spike> spikes) override;
    void finish() override;
    std::size_t count() const { return count_; }

private:
    std::string h5_path_, csv_path_;
    circuit::GidMap gids_;
    std::shared_ptr<const sim::Network> network_;
    std::map<std::string, PopulationSpikes> populations_;
    std::size_t count_ = 0;
};

}  // namespace lamina::io
