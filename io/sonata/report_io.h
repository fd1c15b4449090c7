#pragma once
// SONATA compartment reports: /report/<population>/data (time x elements, float32,
// chunked) with mapping/node_ids, mapping/index_pointers, mapping/element_ids,
// mapping/element_pos and mapping/time (start, stop, step). Rows are buffered and
// written a block at a time; the file appears under its name only after finish().

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace lamina::io {

struct ReportLayout {
    std::string population;
    std::vector<std::uint64_t> node_ids;
    std::vector<std::uint64_t> index_pointers;  // nodes + 1: node k owns elements [p[k], p[k+1])
    std::vector<std::uint32_t> element_ids;     // section of each element
    std::vector<float> element_pos;             // x of each element in its section
    double start = 0, stop = 0, step = 0;       // [ms]
    std::string units = "mV";
    std::string variable = "v";
};

class CompartmentReportWriter {
public:
    // Throws FileError when the file cannot be created or the layout is inconsistent.
    CompartmentReportWriter(const std::string& path, ReportLayout layout, std::size_t rows_per_write = 64);
    ~CompartmentReportWriter();  // without finish(): the temporary file is removed
    CompartmentReportWriter(const CompartmentReportWriter&) = delete;
    CompartmentReportWriter& operator=(const CompartmentReportWriter&) = delete;

    // One time step: a value per element.
    void append(std::span<const float> row);
    // `rows` time steps, row-major, converted to float32 straight into the write buffer.
    void append_rows(std::span<const double> values, std::size_t rows);
    void append_rows(std::span<const float> values, std::size_t rows);
    void finish();
    std::size_t rows() const noexcept;

    struct State;  // (named by the file's helpers)

private:
    std::unique_ptr<State> state_;
};

struct ReportData {
    ReportLayout layout;
    std::size_t rows = 0;
    std::vector<float> values;  // rows x elements
};

// Reads a whole report back (for tests and small reports).
std::vector<ReportData> read_report(const std::string& path);

}  // namespace lamina::io
