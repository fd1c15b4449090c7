#include "io/sonata/report_io.h"

#include <cstdint>
#include <mutex>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/hdf5_lock.h"
#include "io/hdf5_screen.h"
#include "io/sonata/sonata_h5.h"

namespace lamina::io {

using namespace sonata;

struct CompartmentReportWriter::State {
    std::string path;
    AtomicOutput output;
    ReportLayout layout;
    std::size_t elements = 0, rows_per_write = 64, chunk_rows = 1, written = 0;
    std::vector<float> buffer;
    h5::Handle file, data;
    bool finished = false;

    State(const std::string& p, ReportLayout l, std::size_t block)
        : path(p), output(p), layout(std::move(l)), elements(layout.element_ids.size()), rows_per_write(block) {}

    void flush() {
        if (buffer.empty()) return;
        write(buffer.data(), buffer.size() / std::max<std::size_t>(elements, 1));
        buffer.clear();
    }

    // Appends `rows` rows of float32 from `values` to the dataset.
    void write(const float* values, hsize_t rows) {
        std::lock_guard lock(hdf5_mutex());
        h5::QuietErrors quiet;
        const hsize_t new_size[2] = {written + rows, elements};
        if (H5Dset_extent(data.get(), new_size) < 0) throw FileError(path, 0, "cannot extend the report data");
        h5::Handle space(H5Dget_space(data.get()));
        const hsize_t start[2] = {written, 0}, count[2] = {rows, elements};
        H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr);
        h5::Handle memory(H5Screate_simple(2, count, nullptr));
        if (elements > 0 && H5Dwrite(data.get(), H5T_NATIVE_FLOAT, memory.get(), space.get(), H5P_DEFAULT, values) < 0)
            throw FileError(path, "/report/" + layout.population + "/data", "cannot write (disk full?)");
        written += rows;
    }
};

CompartmentReportWriter::CompartmentReportWriter(const std::string& path, ReportLayout layout, std::size_t rows_per_write)
    : state_(std::make_unique<State>(path, std::move(layout), std::max<std::size_t>(1, rows_per_write))) {
    State& s = *state_;
    const ReportLayout& l = s.layout;
    if (l.index_pointers.size() != l.node_ids.size() + 1 || l.element_pos.size() != l.element_ids.size() ||
        (!l.index_pointers.empty() && l.index_pointers.back() != l.element_ids.size()))
        throw InternalError("report layout: index pointers, element ids and positions disagree");
    std::lock_guard lock(hdf5_mutex());
    h5::QuietErrors quiet;
    s.file = h5::Handle(H5Fcreate(s.output.temporary_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    if (!s.file.valid()) throw FileError(path, 0, "cannot create the file (folder not writable?)");
    const h5::Handle report = create_group(s.file.get(), "report");
    const h5::Handle population = create_group(report.get(), l.population);
    const h5::Handle mapping = create_group(population.get(), "mapping");
    write_uint64s(mapping.get(), "node_ids", l.node_ids);
    write_uint64s(mapping.get(), "index_pointers", l.index_pointers);
    h5::write_dataset(mapping.get(), "element_ids", {l.element_ids.size()}, H5T_NATIVE_UINT32, H5T_STD_U32LE,
                      l.element_ids.data());
    h5::write_dataset(mapping.get(), "element_pos", {l.element_pos.size()}, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE,
                      l.element_pos.data());
    write_doubles(mapping.get(), "time", {l.start, l.stop, l.step});
    {
        const h5::Handle time(H5Dopen2(mapping.get(), "time", H5P_DEFAULT));
        write_text_attribute(time.get(), "units", "ms");
    }
    // Chunks of rows_per_write rows (at most ~1 MB) so appends write whole chunks.
    const hsize_t elements = std::max<std::size_t>(s.elements, 1);
    const hsize_t initial[2] = {0, s.elements}, maximum[2] = {H5S_UNLIMITED, s.elements};
    s.chunk_rows = std::max<std::size_t>(1, std::min<std::size_t>(s.rows_per_write, (1u << 18) / elements));
    const hsize_t chunk[2] = {s.chunk_rows, elements};
    h5::Handle space(H5Screate_simple(2, initial, maximum));
    h5::Handle properties = h5::untimed(H5P_DATASET_CREATE);
    H5Pset_chunk(properties.get(), 2, chunk);
    // Rows arrive in whole chunks, so the chunk cache would only copy them once more:
    // without it libhdf5 writes each chunk straight from the block.
    h5::Handle access(H5Pcreate(H5P_DATASET_ACCESS));
    H5Pset_chunk_cache(access.get(), 0, 0, 1.0);
    s.data = h5::Handle(H5Dcreate2(population.get(), "data", H5T_IEEE_F32LE, space.get(), H5P_DEFAULT,
                                   properties.get(), access.get()));
    if (!s.data.valid()) throw FileError(path, "/report/" + l.population + "/data", "cannot create the dataset");
    write_text_attribute(s.data.get(), "units", l.units);
    write_text_attribute(s.data.get(), "variable_name", l.variable);
    s.buffer.reserve(s.rows_per_write * s.elements);
}

CompartmentReportWriter::~CompartmentReportWriter() {
    if (!state_) return;
    std::lock_guard lock(hdf5_mutex());
    state_->data.reset();
    state_->file.reset();
}

void CompartmentReportWriter::append(std::span<const float> row) {
    State& s = *state_;
    if (row.size() != s.elements)
        throw InternalError("report row of " + std::to_string(row.size()) + " values for " +
                            std::to_string(s.elements) + " elements");
    s.buffer.insert(s.buffer.end(), row.begin(), row.end());
    if (s.buffer.size() >= s.rows_per_write * std::max<std::size_t>(s.elements, 1)) s.flush();
}

namespace {
template <typename T>
void append_block(CompartmentReportWriter::State& s, std::span<const T> values, std::size_t rows) {
    if (values.size() != rows * s.elements)
        throw InternalError("report block of " + std::to_string(values.size()) + " values for " +
                            std::to_string(rows) + " rows of " + std::to_string(s.elements) + " elements");
    const std::size_t block = s.rows_per_write * std::max<std::size_t>(s.elements, 1);
    std::size_t taken = 0;
    while (taken < values.size()) {
        const std::size_t n = std::min(values.size() - taken, block - s.buffer.size());
        const std::size_t at = s.buffer.size();
        s.buffer.resize(at + n);
        float* out = s.buffer.data() + at;
        const T* in = values.data() + taken;
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(in[i]);
        taken += n;
        if (s.buffer.size() >= block) s.flush();
    }
}
}  // namespace

void CompartmentReportWriter::append_rows(std::span<const double> values, std::size_t rows) {
    append_block(*state_, values, rows);
}

void CompartmentReportWriter::append_rows(std::span<const float> values, std::size_t rows) {
    State& s = *state_;
    if (values.size() != rows * s.elements || s.elements == 0) return append_block(s, values, rows);
    if (!s.buffer.empty()) {
        // Complete the buffered rows to a whole chunk, then write them out.
        const std::size_t buffered = s.buffer.size() / s.elements;
        const std::size_t completing = std::min(rows, (s.chunk_rows - buffered % s.chunk_rows) % s.chunk_rows);
        append_block(s, values.first(completing * s.elements), completing);
        values = values.subspan(completing * s.elements);
        rows -= completing;
        if (rows == 0) return;
        s.flush();
    }
    // Whole chunks go to the file straight from `values`, with no copy (a partial chunk
    // would make libhdf5 read it back); only a remainder is buffered.
    const std::size_t direct = rows / s.chunk_rows * s.chunk_rows;
    if (direct > 0) s.write(values.data(), direct);
    append_block(s, values.subspan(direct * s.elements), rows - direct);
}

std::size_t CompartmentReportWriter::rows() const noexcept {
    return state_->written + state_->buffer.size() / std::max<std::size_t>(state_->elements, 1);
}

void CompartmentReportWriter::finish() {
    State& s = *state_;
    if (s.finished) return;
    s.flush();
    {
        std::lock_guard lock(hdf5_mutex());
        s.data.reset();
        if (H5Fflush(s.file.get(), H5F_SCOPE_GLOBAL) < 0) throw FileError(s.path, 0, "cannot write (disk full?)");
        s.file.reset();
    }
    s.output.commit();
    s.finished = true;
}

std::vector<ReportData> read_report(const std::string& path) {
    screen_hdf5_file(path);
    std::lock_guard lock(hdf5_mutex());
    h5::QuietErrors quiet;
    const H5File file = open_h5(path);
    const h5::Handle report = open_group(file, file.handle.get(), "report", "/report");
    std::vector<ReportData> out;
    for (const auto& name : child_names(report.get())) {
        const std::string at = "/report/" + name;
        const h5::Handle population = open_group(file, report.get(), name, at);
        const h5::Handle mapping = open_group(file, population.get(), "mapping", at + "/mapping");
        ReportData r;
        r.layout.population = name;
        r.layout.node_ids = read_ids(file, mapping.get(), "node_ids", at + "/mapping/node_ids");
        r.layout.index_pointers =
            read_ids(file, mapping.get(), "index_pointers", at + "/mapping/index_pointers", r.layout.node_ids.size() + 1);
        const auto element_ids = read_ids(file, mapping.get(), "element_ids", at + "/mapping/element_ids");
        for (std::size_t i = 0; i < element_ids.size(); ++i) {
            if (element_ids[i] > UINT32_MAX)
                throw FileError(path, at + "/mapping/element_ids",
                                "value " + std::to_string(element_ids[i]) + " at row " + std::to_string(i) +
                                    " is beyond the 32-bit element ids SONATA reports use");
            r.layout.element_ids.push_back(static_cast<std::uint32_t>(element_ids[i]));
        }
        const auto pos = read_column(file, mapping.get(), "element_pos", at + "/mapping/element_pos");
        if (pos.is_text || pos.size() != element_ids.size())
            throw FileError(path, at + "/mapping/element_pos",
                            "must hold one number per element id (" + std::to_string(element_ids.size()) + ")");
        for (double x : pos.numbers) r.layout.element_pos.push_back(static_cast<float>(x));
        const auto time = read_column(file, mapping.get(), "time", at + "/mapping/time");
        if (time.is_text || time.numbers.size() != 3)
            throw FileError(path, at + "/mapping/time", "must be three numbers (start, stop, step)");
        r.layout.start = time.numbers[0];
        r.layout.stop = time.numbers[1];
        r.layout.step = time.numbers[2];
        const OpenedDataset data = open_dataset(file, population.get(), "data", at + "/data", 2);
        if (data.shape.dims[1] != r.layout.element_ids.size())
            throw FileError(path, at + "/data", "expected time x " + std::to_string(r.layout.element_ids.size()) + " values");
        r.rows = static_cast<std::size_t>(data.shape.dims[0]);
        r.values = read_floats(file, data, at + "/data");
        r.layout.units = string_attribute(data.dataset.get(), "units");
        // What was recorded; a report without the attribute is taken as voltage.
        const std::string variable = string_attribute(data.dataset.get(), "variable_name");
        if (!variable.empty()) r.layout.variable = variable;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace lamina::io
