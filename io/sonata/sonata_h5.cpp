#include "io/sonata/sonata_h5.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/hdf5_lock.h"
#include "io/hdf5_walk.h"

namespace lamina::io::sonata {

using h5::Handle;

H5File open_h5(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw FileError(path, 0, "no such file");
    if (std::filesystem::is_directory(path, ec)) throw FileError(path, 0, "is a directory, not an HDF5 file");
    // A FIFO or device would block HDF5's first read or never end; the size bounds reads.
    if (!std::filesystem::is_regular_file(path, ec)) throw FileError(path, 0, "not a regular file");
    H5File file;
    file.path = path;
    file.bytes = std::filesystem::file_size(path, ec);
    if (ec) throw FileError(path, 0, "cannot tell its size: " + ec.message());
    if (H5Fis_hdf5(path.c_str()) <= 0) throw FileError(path, 0, "not an HDF5 file");
    file.handle = Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    if (!file.handle.valid()) throw FileError(path, 0, "HDF5 cannot open it (damaged file?)");
    return file;
}

namespace {
herr_t collect_name(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

H5O_type_t object_type(hid_t location, const std::string& name) {
    if (!h5::link_exists(location, name)) return H5O_TYPE_UNKNOWN;
    H5O_info_t info;
    if (H5Oget_info_by_name(location, name.c_str(), &info, H5P_DEFAULT) < 0) return H5O_TYPE_UNKNOWN;
    return info.type;
}

void charge(const H5File& file, const std::string& path, std::uintmax_t bytes) {
    const std::uintmax_t budget = hdf5_read_budget(file.bytes);
    if (file.read_bytes > budget || bytes > budget - file.read_bytes)
        throw FileError(file.path, path,
                        "cannot be read: it needs " + h5::byte_text(bytes) + " of memory" +
                            (file.read_bytes > 0 ? " (after " + h5::byte_text(file.read_bytes) +
                                                       " for the datasets read before it)"
                                                 : std::string()) +
                            ", more than a file of " + h5::byte_text(file.bytes) + " can hold even compressed");
    file.read_bytes += bytes;
}

std::uintmax_t times(std::uintmax_t count, std::uintmax_t each) {
    return each != 0 && count > UINTMAX_MAX / each ? UINTMAX_MAX : count * each;
}

template <typename T>
std::vector<T> read_data(const H5File& file, const OpenedDataset& d, hid_t memory_type, const std::string& path) {
    std::vector<T> values(d.count);
    if (d.count > 0 && H5Dread(d.dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
        throw FileError(file.path, path, "HDF5 could not read the values (damaged or unsupported storage)");
    return values;
}

bool is_unsigned(hid_t dataset) {
    Handle type(H5Dget_type(dataset));
    return type.valid() && H5Tget_sign(type.get()) == H5T_SGN_NONE;
}

// Many rows may point at one long string of the file's heap (or share one long fill
// value), so the text is read a block of rows at a time and counted against the file's
// budget as it arrives: HDF5 never holds more than a block's worth (each row at most the
// file's size). Asking HDF5 for the total first (H5Dvlen_get_buf_size) reads row by
// row and takes seconds for 10^5 rows.
std::vector<std::string> read_variable_strings(const H5File& file, hid_t dataset, std::size_t count,
                                               hid_t file_type, const std::string& path) {
    constexpr std::size_t block = 256;  // rows
    Handle memory(H5Tcopy(H5T_C_S1));
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(file_type));
    Handle space(H5Dget_space(dataset));
    std::vector<std::string> out(count);
    std::vector<char*> pointers(block);
    // libhdf5 clears its conversion buffer (1 MiB by default) on every read: sized to a
    // block instead, 10^6 rows read in a third less time.
    Handle transfer(H5Pcreate(H5P_DATASET_XFER));
    H5Pset_buffer(transfer.get(), 64 << 10, nullptr, nullptr);
    for (std::size_t start = 0; start < count; start += block) {
        const hsize_t offset[1] = {start}, rows[1] = {std::min(block, count - start)};
        Handle rows_space(H5Screate_simple(1, rows, nullptr));
        std::fill(pointers.begin(), pointers.end(), nullptr);
        if (H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, offset, nullptr, rows, nullptr) < 0 ||
            H5Dread(dataset, memory.get(), rows_space.get(), space.get(), transfer.get(), pointers.data()) < 0)
            throw FileError(file.path, path, "HDF5 could not read the strings");
        std::uintmax_t text_bytes = 0;
        for (std::size_t i = 0; i < rows[0]; ++i) text_bytes += pointers[i] ? std::strlen(pointers[i]) : 0;
        try {
            charge(file, path, text_bytes);
        } catch (...) {
            H5Dvlen_reclaim(memory.get(), rows_space.get(), H5P_DEFAULT, pointers.data());
            throw;
        }
        for (std::size_t i = 0; i < rows[0]; ++i) out[start + i] = pointers[i] ? pointers[i] : "";
        H5Dvlen_reclaim(memory.get(), rows_space.get(), H5P_DEFAULT, pointers.data());
    }
    return out;
}

std::vector<std::string> read_string_data(const H5File& file, hid_t dataset, std::size_t count, const std::string& path) {
    if (count == 0) return {};
    Handle type(H5Dget_type(dataset));
    if (H5Tis_variable_str(type.get()) > 0) return read_variable_strings(file, dataset, count, type.get(), path);
    // The length was bounded by h5::storage_problem; values are NUL- or space-padded.
    const std::size_t size = H5Tget_size(type.get());
    Handle memory(H5Tcopy(H5T_C_S1));
    H5Tset_size(memory.get(), size);
    H5Tset_strpad(memory.get(), H5T_STR_NULLPAD);  // keeps all `size` bytes: no terminator is needed
    H5Tset_cset(memory.get(), H5Tget_cset(type.get()));
    std::vector<char> buffer(count * size);
    if (H5Dread(dataset, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0)
        throw FileError(file.path, path, "HDF5 could not read the strings");
    std::vector<std::string> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        std::string s(buffer.data() + i * size, size);
        s.resize(s.find('\0') == std::string::npos ? s.size() : s.find('\0'));
        while (!s.empty() && s.back() == ' ') s.pop_back();
        out[i] = std::move(s);
    }
    return out;
}
}  // namespace

OpenedDataset open_dataset(const H5File& file, hid_t location, const std::string& name, const std::string& path,
                           std::size_t rank) {
    if (!is_dataset(location, name)) throw FileError(file.path, path, "missing dataset");
    OpenedDataset d{Handle(H5Dopen2(location, name.c_str(), H5P_DEFAULT)), {}, 0};
    if (!d.dataset.valid()) throw FileError(file.path, path, "cannot open the dataset");
    d.shape = h5::shape_of(d.dataset.get());
    if (d.shape.dims.size() != rank)
        throw FileError(file.path, path,
                        "expected " + std::to_string(rank) + " dimension(s), found " + std::to_string(d.shape.dims.size()));
    if (!h5::element_count(d.shape.dims, d.count))
        throw FileError(file.path, path, "cannot be read: its dimensions multiply to more values than any file holds");
    if (const std::string problem = h5::storage_problem(d.dataset.get(), d.count, file.bytes); !problem.empty())
        throw FileError(file.path, path, "cannot be read: " + problem);
    // Numbers are read as 8-byte values; strings cost their text and a std::string each.
    Handle type(H5Dget_type(d.dataset.get()));
    const bool variable = H5Tis_variable_str(type.get()) > 0;
    const std::size_t each = d.shape.type_class != H5T_STRING ? 8
                             : variable                        ? sizeof(std::string)
                                                               : H5Tget_size(type.get()) + sizeof(std::string);
    charge(file, path, times(d.count, each));
    return d;
}

std::vector<float> read_floats(const H5File& file, const OpenedDataset& d, const std::string& path) {
    if (d.shape.type_class != H5T_FLOAT && d.shape.type_class != H5T_INTEGER)
        throw FileError(file.path, path, "expected numbers");
    return read_data<float>(file, d, H5T_NATIVE_FLOAT, path);
}

std::string number_text(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e21) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
        return buffer;
    }
    return circuit::Column::of_numbers({value}).text(0);
}

std::vector<std::string> child_names(hid_t group) {
    std::vector<std::string> names;
    H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_name, &names);
    return names;
}

bool is_group(hid_t location, const std::string& name) { return object_type(location, name) == H5O_TYPE_GROUP; }
bool is_dataset(hid_t location, const std::string& name) { return object_type(location, name) == H5O_TYPE_DATASET; }

Handle open_group(const H5File& file, hid_t location, const std::string& name, const std::string& path) {
    if (!is_group(location, name)) throw FileError(file.path, path, "missing group");
    Handle group(H5Gopen2(location, name.c_str(), H5P_DEFAULT));
    if (!group.valid()) throw FileError(file.path, path, "cannot open the group");
    return group;
}

circuit::Column read_column(const H5File& file, hid_t location, const std::string& name, const std::string& path) {
    const OpenedDataset d = open_dataset(file, location, name, path, 1);
    switch (d.shape.type_class) {
        case H5T_INTEGER: {
            if (is_unsigned(d.dataset.get())) {
                const auto values = read_data<std::uint64_t>(file, d, H5T_NATIVE_UINT64, path);
                return circuit::Column::of_numbers(std::vector<double>(values.begin(), values.end()), true);
            }
            const auto values = read_data<std::int64_t>(file, d, H5T_NATIVE_INT64, path);
            return circuit::Column::of_numbers(std::vector<double>(values.begin(), values.end()), true);
        }
        case H5T_FLOAT: return circuit::Column::of_numbers(read_data<double>(file, d, H5T_NATIVE_DOUBLE, path));
        case H5T_STRING: return circuit::Column::of_texts(read_string_data(file, d.dataset.get(), d.count, path));
        default: throw FileError(file.path, path, "unsupported value type (not numbers or strings)");
    }
}

namespace {
OpenedDataset open_integers(const H5File& file, hid_t location, const std::string& name, const std::string& path,
                            std::size_t expected) {
    OpenedDataset d = open_dataset(file, location, name, path, 1);
    if (d.shape.type_class != H5T_INTEGER) throw FileError(file.path, path, "expected integers");
    if (expected != SIZE_MAX && d.count != expected)
        throw FileError(file.path, path,
                        "has " + std::to_string(d.count) + " values, expected " + std::to_string(expected));
    return d;
}
}  // namespace

std::vector<std::int64_t> read_integers(const H5File& file, hid_t location, const std::string& name,
                                        const std::string& path, std::size_t expected) {
    const OpenedDataset d = open_integers(file, location, name, path, expected);
    if (!is_unsigned(d.dataset.get())) return read_data<std::int64_t>(file, d, H5T_NATIVE_INT64, path);
    // HDF5 would clamp unsigned values beyond int64 silently.
    const auto values = read_data<std::uint64_t>(file, d, H5T_NATIVE_UINT64, path);
    std::vector<std::int64_t> out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] > static_cast<std::uint64_t>(INT64_MAX))
            throw FileError(file.path, path, "value " + std::to_string(values[i]) + " at row " + std::to_string(i) +
                                                 " is beyond the largest signed 64-bit integer");
        out[i] = static_cast<std::int64_t>(values[i]);
    }
    return out;
}

std::vector<std::uint64_t> read_ids(const H5File& file, hid_t location, const std::string& name,
                                    const std::string& path, std::size_t expected) {
    const OpenedDataset d = open_integers(file, location, name, path, expected);
    if (is_unsigned(d.dataset.get())) return read_data<std::uint64_t>(file, d, H5T_NATIVE_UINT64, path);
    const auto values = read_data<std::int64_t>(file, d, H5T_NATIVE_INT64, path);
    std::vector<std::uint64_t> ids(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] < 0)
            throw FileError(file.path, path, "value " + std::to_string(values[i]) + " at row " + std::to_string(i) +
                                                 " is negative");
        ids[i] = static_cast<std::uint64_t>(values[i]);
    }
    return ids;
}

std::vector<std::array<std::uint64_t, 2>> read_pairs(const H5File& file, hid_t location, const std::string& name,
                                                     const std::string& path) {
    const OpenedDataset d = open_dataset(file, location, name, path, 2);
    if (d.shape.type_class != H5T_INTEGER || d.shape.dims[1] != 2)
        throw FileError(file.path, path, "expected an N x 2 integer dataset");
    const auto rows = static_cast<std::size_t>(d.shape.dims[0]);
    std::vector<std::array<std::uint64_t, 2>> pairs(rows);
    if (is_unsigned(d.dataset.get())) {
        const auto flat = read_data<std::uint64_t>(file, d, H5T_NATIVE_UINT64, path);
        for (std::size_t r = 0; r < rows; ++r) pairs[r] = {flat[2 * r], flat[2 * r + 1]};
        return pairs;
    }
    const auto flat = read_data<std::int64_t>(file, d, H5T_NATIVE_INT64, path);
    for (std::size_t r = 0; r < rows; ++r) {
        if (flat[2 * r] < 0 || flat[2 * r + 1] < 0)
            throw FileError(file.path, path, "negative value in row " + std::to_string(r));
        pairs[r] = {static_cast<std::uint64_t>(flat[2 * r]), static_cast<std::uint64_t>(flat[2 * r + 1])};
    }
    return pairs;
}

std::string string_attribute(hid_t object, const std::string& name) {
    if (H5Aexists(object, name.c_str()) <= 0) return {};
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT));
    Handle type(H5Aget_type(attribute.get()));
    if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING) return {};
    Handle space(H5Aget_space(attribute.get()));
    if (H5Sget_simple_extent_npoints(space.get()) != 1) return {};
    if (H5Tis_variable_str(type.get()) > 0) {
        Handle memory(H5Tcopy(H5T_C_S1));
        H5Tset_size(memory.get(), H5T_VARIABLE);
        H5Tset_cset(memory.get(), H5Tget_cset(type.get()));  // no conversion between ASCII and UTF-8
        char* value = nullptr;
        if (H5Aread(attribute.get(), memory.get(), &value) < 0 || !value) return {};
        std::string out(value);
        H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, &value);
        return out;
    }
    return h5::read_string_attribute(object, name);
}

void write_uint64s(hid_t location, const std::string& name, const std::vector<std::uint64_t>& values) {
    h5::write_dataset(location, name, {values.size()}, H5T_NATIVE_UINT64, H5T_STD_U64LE, values.data());
}

void write_int64s(hid_t location, const std::string& name, const std::vector<std::int64_t>& values) {
    h5::write_dataset(location, name, {values.size()}, H5T_NATIVE_INT64, H5T_STD_I64LE, values.data());
}

void write_doubles(hid_t location, const std::string& name, const std::vector<double>& values) {
    h5::write_dataset(location, name, {values.size()}, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, values.data());
}

void write_pairs(hid_t location, const std::string& name, const std::vector<std::array<std::uint64_t, 2>>& values) {
    h5::write_dataset(location, name, {values.size(), 2}, H5T_NATIVE_UINT64, H5T_STD_U64LE, values.data());
}

void write_strings(hid_t location, const std::string& name, const std::vector<std::string>& values) {
    Handle type(H5Tcopy(H5T_C_S1));
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    std::vector<const char*> pointers(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) pointers[i] = values[i].c_str();
    h5::write_dataset(location, name, {values.size()}, type.get(), type.get(), pointers.data());
}

void write_column(hid_t location, const std::string& name, const circuit::Column& column) {
    if (column.is_text) return write_strings(location, name, column.texts);
    bool whole = column.is_integer;
    for (double v : column.numbers) whole = whole && std::isfinite(v);
    if (whole) {
        std::vector<std::int64_t> values(column.numbers.size());
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int64_t>(column.numbers[i]);
        return write_int64s(location, name, values);
    }
    write_doubles(location, name, column.numbers);
}

void write_text_attribute(hid_t object, const std::string& name, const std::string& value) {
    Handle type(H5Tcopy(H5T_C_S1));
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    Handle space(H5Screate(H5S_SCALAR));
    Handle attribute(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
    const char* text = value.c_str();
    if (!attribute.valid() || H5Awrite(attribute.get(), type.get(), &text) < 0)
        throw Error("cannot write attribute " + name);
}

void write_h5_atomically(const std::string& path, const std::function<void(hid_t)>& fill) {
    AtomicOutput output(path);
    {
        std::lock_guard lock(hdf5_mutex());
        h5::QuietErrors quiet;
        Handle file(H5Fcreate(output.temporary_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
        if (!file.valid()) throw FileError(path, 0, "cannot create the file (folder not writable?)");
        fill(file.get());
        if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) throw FileError(path, 0, "cannot write (disk full?)");
    }
    output.commit();
}

Handle create_group(hid_t location, const std::string& name) {
    const Handle properties = h5::untimed(H5P_GROUP_CREATE);
    Handle group(H5Gcreate2(location, name.c_str(), H5P_DEFAULT, properties.get(), H5P_DEFAULT));
    if (!group.valid()) throw Error("cannot create HDF5 group " + name);
    return group;
}

}  // namespace lamina::io::sonata
