#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>

#include "engine/errors.h"
#include "engine/morphology/morphology_builder.h"
#include "io/hdf5_lock.h"
#include "io/hdf5_screen.h"
#include "io/hdf5_util.h"
#include "io/morphology/h5.h"

namespace lamina::io {

namespace {

using h5::Handle;
using DatasetCheck = h5::DatasetShape;

// No real morphology comes near this; a header claiming more is corrupt or hostile.
constexpr hsize_t max_rows = hsize_t{1} << 27;  // 134 M points: 4 GiB of doubles

class H5MorphologyReader {
public:
    H5MorphologyReader(hid_t file, std::string name, std::uintmax_t file_bytes,
                       const DiagnosticOptions& diag)
        : file_(file), name_(std::move(name)), file_bytes_(file_bytes), diag_(diag) {}

    Morphology read() {
        read_version();
        if (!h5::link_exists(file_, "points") || !h5::link_exists(file_, "structure")) {
            if (h5::link_exists(file_, "neuron1"))
                fail("/", "H5 version 2 layout (group /neuron1) is not supported; only H5 v1 "
                          "(datasets /points and /structure at the root) is");
            fail(h5::link_exists(file_, "points") ? "/structure" : "/points",
                 "missing dataset: an H5 v1 morphology needs /points and /structure");
        }
        const auto points = read_table("/points", 4);
        const auto structure = read_table_int("/structure", 3);
        std::vector<double> perimeters;
        if (minor_ >= 1 && h5::link_exists(file_, "perimeters")) perimeters = read_perimeters(points.size() / 4);
        return assemble(points, structure, perimeters);
    }

private:
    [[noreturn]] void fail(const std::string& location, const std::string& message) const {
        throw FileError(name_, location, message);
    }

    void read_version() {
        if (!h5::link_exists(file_, "metadata")) return;  // v1.0 has no metadata group
        Handle metadata(H5Gopen2(file_, "metadata", H5P_DEFAULT));
        if (!metadata.valid()) fail("/metadata", "is not a group");
        if (H5Aexists(metadata.get(), "version") <= 0)
            fail("/metadata", "missing attribute 'version' (expected {1, 0..3})");
        Handle attribute(H5Aopen(metadata.get(), "version", H5P_DEFAULT));
        Handle space(H5Aget_space(attribute.get()));
        Handle type(H5Aget_type(attribute.get()));
        if (H5Sget_simple_extent_npoints(space.get()) != 2 || H5Tget_class(type.get()) != H5T_INTEGER)
            fail("/metadata/version", "must be two integers {major, minor}");
        unsigned version[2] = {0, 0};
        if (H5Aread(attribute.get(), H5T_NATIVE_UINT, version) < 0)
            fail("/metadata/version", "cannot be read");
        const std::string text = std::to_string(version[0]) + "." + std::to_string(version[1]);
        if (version[0] == 2)
            fail("/metadata/version", "H5 version " + text + " is not supported; only H5 v1 is");
        if (version[0] != 1 || version[1] > 3)
            fail("/metadata/version", "unknown H5 morphology version " + text +
                                          " (Lamina reads 1.0 to 1.3)");
        minor_ = version[1];
        soma_hint_ = h5::read_string_attribute(metadata.get(), "lamina_soma_type");
    }

    Handle open_dataset(const std::string& path, DatasetCheck& shape, std::size_t columns) {
        Handle dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT));
        if (!dataset.valid()) fail(path, "is not a dataset");
        shape = h5::shape_of(dataset.get());
        if (shape.dims.size() != (columns == 0 ? 1u : 2u))
            fail(path, "has " + std::to_string(shape.dims.size()) + " dimension(s); expected " +
                           (columns == 0 ? "1" : "2 (rows x " + std::to_string(columns) + ")"));
        if (columns != 0 && shape.dims[1] != columns)
            fail(path, "has " + std::to_string(shape.dims[1]) + " columns; expected " +
                           std::to_string(columns));
        const hsize_t rows = shape.dims[0];
        // Compression rarely shrinks coordinates more than tenfold; a header claiming far
        // more data than the file could hold is refused before anything is allocated.
        const hsize_t bytes = rows * std::max<hsize_t>(columns, 1) * 8;
        if (rows > max_rows || bytes / 64 > file_bytes_ + 4096)
            fail(path, "claims " + std::to_string(rows) + " rows (" + std::to_string(bytes) +
                           " bytes), far more than the " + std::to_string(file_bytes_) +
                           "-byte file can hold");
        const std::string problem = h5::storage_problem(
            dataset.get(), static_cast<std::size_t>(rows * std::max<hsize_t>(columns, 1)), file_bytes_);
        if (!problem.empty()) fail(path, "damaged storage: " + problem);
        return dataset;
    }

    std::vector<double> read_table(const std::string& path, std::size_t columns) {
        DatasetCheck shape;
        Handle dataset = open_dataset(path, shape, columns);
        if (shape.type_class != H5T_FLOAT && shape.type_class != H5T_INTEGER)
            fail(path, "holds non-numeric values; expected floating-point numbers");
        try {
            return h5::read_doubles(dataset.get(), shape.dims[0] * columns);
        } catch (const Error& e) {
            fail(path, e.what());
        }
    }

    std::vector<std::int64_t> read_table_int(const std::string& path, std::size_t columns) {
        DatasetCheck shape;
        Handle dataset = open_dataset(path, shape, columns);
        if (shape.type_class != H5T_INTEGER)
            fail(path, "holds non-integer values; expected integers (offset, type, parent)");
        try {
            return h5::read_int64s(dataset.get(), shape.dims[0] * columns);
        } catch (const Error& e) {
            fail(path, e.what());
        }
    }

    std::vector<double> read_perimeters(std::size_t num_points) {
        DatasetCheck shape;
        Handle dataset = open_dataset("/perimeters", shape, 0);
        if (shape.dims[0] != num_points)
            fail("/perimeters", "has " + std::to_string(shape.dims[0]) + " values for " +
                                    std::to_string(num_points) + " points");
        if (shape.type_class != H5T_FLOAT && shape.type_class != H5T_INTEGER)
            fail("/perimeters", "holds non-numeric values");
        try {
            return h5::read_doubles(dataset.get(), num_points);
        } catch (const Error& e) {
            fail("/perimeters", e.what());
        }
    }

    Morphology assemble(const std::vector<double>& points, const std::vector<std::int64_t>& structure,
                        const std::vector<double>& perimeters) {
        const std::size_t n = points.size() / 4, rows = structure.size() / 3;
        auto offset = [&](std::size_t r) { return structure[3 * r]; };
        auto type = [&](std::size_t r) { return structure[3 * r + 1]; };
        auto parent = [&](std::size_t r) { return structure[3 * r + 2]; };
        auto row = [](std::size_t r) { return "/structure row " + std::to_string(r); };
        auto end_of = [&](std::size_t r) {
            return r + 1 < rows ? offset(r + 1) : static_cast<std::int64_t>(n);
        };

        for (std::size_t r = 0; r < rows; ++r) {
            if (offset(r) < 0 || offset(r) >= static_cast<std::int64_t>(n))
                fail(row(r), "first point " + std::to_string(offset(r)) + " is outside /points (" +
                                 std::to_string(n) + " rows)");
            if (end_of(r) <= offset(r))
                fail(row(r), "section has no points (offsets must increase)");
            if (type(r) <= 0 || type(r) > 1'000'000)
                fail(row(r), "invalid section type " + std::to_string(type(r)));
            if (type(r) >= 20)  // MorphIO's limit
                diag_.refuse(name_, 0, row(r) + ": section type " + std::to_string(type(r)) +
                                           " is outside 1-19 (1 soma, 2 axon, 3 basal, 4 apical, 5-19 custom)");
            if (type(r) == 1 && r != 0)
                fail(row(r), "a soma section that is not the first row (a morphology has one soma)");
        }
        const bool has_soma = rows > 0 && type(0) == 1;
        if (has_soma && offset(0) != 0) fail(row(0), "the soma must start at point 0");

        MorphologyBuilder builder;
        if (has_soma) builder.set_soma(read_soma(points, static_cast<std::size_t>(end_of(0))));
        const std::size_t first_row = has_soma ? 1 : 0;
        const bool with_perimeters = !perimeters.empty();
        for (std::size_t r = first_row; r < rows; ++r) {
            std::optional<MorphologyBuilder::Handle> section_parent;
            const std::int64_t p = parent(r);
            if (p >= static_cast<std::int64_t>(r))
                fail(row(r), "parent row " + std::to_string(p) + " does not come before the section");
            if (p < -1) fail(row(r), "invalid parent row " + std::to_string(p));
            if (p >= static_cast<std::int64_t>(first_row))
                section_parent = static_cast<std::size_t>(p) - first_row;
            const auto handle = builder.add_section(section_parent, static_cast<SectionType>(type(r)));
            for (auto i = static_cast<std::size_t>(offset(r)); i < static_cast<std::size_t>(end_of(r)); ++i) {
                const Point3 point{points[4 * i], points[4 * i + 1], points[4 * i + 2]};
                if (with_perimeters) builder.add_point(handle, point, points[4 * i + 3], perimeters[i]);
                else builder.add_point(handle, point, points[4 * i + 3]);
            }
            if (section_parent) {
                const auto& parent_points = builder.section(*section_parent).points;
                if (!(builder.section(handle).points.front() == parent_points.back()))
                    diag_.warn(WarningKind::non_contiguous_child, name_, 0,
                               row(r) + ": first point differs from the parent's last point; "
                                        "the parent's last point was added");
            }
        }
        try {
            return builder.build(name_);
        } catch (const InvalidArgument& e) {
            fail("/points", e.what());
        }
    }

    Soma read_soma(const std::vector<double>& points, std::size_t count) const {
        Soma soma;
        for (std::size_t i = 0; i < count; ++i) {
            soma.points.push_back({points[4 * i], points[4 * i + 1], points[4 * i + 2]});
            soma.diameters.push_back(points[4 * i + 3]);
        }
        // MorphIO reads every H5 soma as a contour; Lamina's own files say what they hold.
        if (soma_hint_ == "single_point" && count == 1) soma.type = SomaType::single_point;
        else if (soma_hint_ == "three_point_cylinders" && count == 3) soma.type = SomaType::three_point_cylinders;
        else if (soma_hint_ == "cylinders" && count >= 2) soma.type = SomaType::cylinders;
        else if (count == 1) soma.type = SomaType::single_point;
        else if (count == 2) soma.type = SomaType::cylinders;
        else soma.type = SomaType::contour;
        return soma;
    }

    hid_t file_;
    std::string name_;
    std::uintmax_t file_bytes_;
    const DiagnosticOptions& diag_;
    unsigned minor_ = 0;
    std::string soma_hint_;
};

Morphology read_open_file(hid_t file, const std::string& name, std::uintmax_t bytes,
                          const DiagnosticOptions& diagnostics) {
    return H5MorphologyReader(file, name, bytes, diagnostics).read();
}

}  // namespace

Morphology read_h5(const std::filesystem::path& path, const DiagnosticOptions& diagnostics) {
    const std::string name = path.string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw FileError(name, 0, "no such file");
    if (std::filesystem::is_directory(path, ec)) throw FileError(name, 0, "is a directory, not a file");
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec) throw FileError(name, 0, "cannot determine the file size: " + ec.message());
    if (bytes == 0) throw FileError(name, 0, "empty (0-byte) file, not an HDF5 morphology");

    screen_hdf5_file(name);
    std::lock_guard lock(hdf5_mutex());
    h5::QuietErrors quiet;
    if (H5Fis_hdf5(name.c_str()) <= 0)
        throw FileError(name, 0, "not an HDF5 file (or damaged beyond reading)");
    Handle file(H5Fopen(name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    if (!file.valid()) throw FileError(name, 0, "HDF5 cannot open the file (damaged?)");
    return read_open_file(file.get(), name, bytes, diagnostics);
}

Morphology parse_h5_image(std::string_view bytes, const std::string& name,
                          const DiagnosticOptions& diagnostics) {
    if (bytes.empty()) throw FileError(name, 0, "empty (0-byte) file, not an HDF5 morphology");
    // Through a private temporary file, read exactly as a file is: the helper that
    // checks it first (hdf5_screen.h) and this process then see the same bytes through
    // the same file driver.
    std::string path = (std::filesystem::temp_directory_path() / "lamina-h5image-XXXXXX").string();
    const int fd = ::mkstemp(path.data());
    if (fd < 0) throw Error(std::string("cannot read an HDF5 image: no temporary file (") + std::strerror(errno) + ")");
    struct Remove {
        const std::string& path;
        ~Remove() { ::unlink(path.c_str()); }
    } remove{path};
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    const bool written = done == bytes.size();
    ::close(fd);
    if (!written) throw Error("cannot read an HDF5 image: its temporary file could not be written");
    try {
        return read_h5(path, diagnostics);
    } catch (const FileError& e) {
        if (!e.location().empty()) throw FileError(name, e.location(), e.reason());
        throw FileError(name, e.line(), e.reason());
    }
}

}  // namespace lamina::io
