#include "io/hdf5_util.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "engine/errors.h"
#include "io/hdf5_lock.h"

namespace lamina::io {

std::recursive_mutex& hdf5_mutex() {
    static std::recursive_mutex mutex;
    return mutex;
}

}  // namespace lamina::io

namespace lamina::io::h5 {

void Handle::reset() {
    if (id_ < 0) return;
    switch (H5Iget_type(id_)) {
        case H5I_FILE: H5Fclose(id_); break;
        case H5I_GROUP: H5Gclose(id_); break;
        case H5I_DATASET: H5Dclose(id_); break;
        case H5I_DATASPACE: H5Sclose(id_); break;
        case H5I_DATATYPE: H5Tclose(id_); break;
        case H5I_ATTR: H5Aclose(id_); break;
        case H5I_GENPROP_LST: H5Pclose(id_); break;
        default: break;
    }
    id_ = H5I_INVALID_HID;
}

QuietErrors::QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, function_, data_); }

bool link_exists(hid_t location, const std::string& path) {
    return H5Lexists(location, path.c_str(), H5P_DEFAULT) > 0;
}

DatasetShape shape_of(hid_t dataset) {
    DatasetShape shape;
    Handle space(H5Dget_space(dataset));
    Handle type(H5Dget_type(dataset));
    if (!space.valid() || !type.valid()) return shape;
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) return shape;
    shape.dims.resize(static_cast<std::size_t>(rank));
    H5Sget_simple_extent_dims(space.get(), shape.dims.data(), nullptr);
    shape.type_class = H5Tget_class(type.get());
    return shape;
}

bool element_count(const std::vector<hsize_t>& dims, std::size_t& count) {
    count = 1;
    for (const hsize_t dim : dims) {
        if (dim != 0 && count > SIZE_MAX / dim) return false;
        count *= static_cast<std::size_t>(dim);
    }
    return true;
}

std::string byte_text(std::uintmax_t bytes) {
    static const char* const units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
    std::string out = std::to_string(bytes) + " bytes";
    if (bytes < 1000) return out;
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    for (value /= 1000; value >= 1000 && unit + 1 < std::size(units); value /= 1000) ++unit;
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, " (%.1f %s)", value, units[unit]);
    return out + buffer;
}

namespace {
// Allocated chunk bytes may be claimed by a damaged chunk index, so the file's size
// caps what they can count for.
std::string chunked_problem(hid_t dataset, std::uintmax_t needed, std::uintmax_t file_bytes) {
    const std::uintmax_t stored = std::min<std::uintmax_t>(H5Dget_storage_size(dataset), file_bytes);
    const std::uintmax_t bound =
        stored > (UINTMAX_MAX - unstored_slack_bytes) / max_expansion ? UINTMAX_MAX
                                                                      : stored * max_expansion + unstored_slack_bytes;
    if (needed <= bound) return {};
    return "declares " + byte_text(needed) + " of data but its chunks hold only " + byte_text(stored) +
           " (chunks never written read as the fill value); no compressed file expands that much";
}
}  // namespace

std::string storage_problem(hid_t dataset, std::size_t count, std::uintmax_t file_bytes) {
    Handle type(H5Dget_type(dataset));
    Handle plist(H5Dget_create_plist(dataset));
    if (!type.valid() || !plist.valid()) return "unreadable dataset header";
    const std::size_t element = H5Tget_size(type.get());
    // Numbers are at most 16 bytes (long double); a fixed-length string is as long as
    // its longest value, and 64 KiB per value is beyond any SONATA name or path.
    const bool text = H5Tget_class(type.get()) == H5T_STRING;
    const std::size_t max_element = text ? 65536 : 16;
    if (element == 0 || element > max_element)
        return (text ? "string length " : "element size ") + std::to_string(element) + " bytes";
    if (count > UINTMAX_MAX / element)
        return "declares " + std::to_string(count) + " values of " + std::to_string(element) +
               " bytes, more than any file holds";
    const std::uintmax_t needed = static_cast<std::uintmax_t>(count) * element;
    if (H5Pget_external_count(plist.get()) != 0) return "data kept in external files (not supported)";
    const H5D_layout_t layout = H5Pget_layout(plist.get());
    if (layout == H5D_CONTIGUOUS) {
        const haddr_t offset = H5Dget_offset(dataset);
        if (count == 0) return {};
        if (offset == HADDR_UNDEF) return "contiguous dataset without stored data";
        if (offset > file_bytes || needed > file_bytes - offset)
            return "data at byte " + std::to_string(offset) + " with " + byte_text(needed) +
                   " runs past the end of the " + std::to_string(file_bytes) + "-byte file";
        return {};
    }
    if (layout == H5D_COMPACT) {
        if (H5Dget_storage_size(dataset) < needed)
            return "compact storage of " + std::to_string(H5Dget_storage_size(dataset)) + " bytes cannot hold " +
                   byte_text(needed);
        return {};
    }
    // Each chunk is read through checked B-tree lookups; only the total needs a bound.
    if (layout == H5D_CHUNKED) return chunked_problem(dataset, needed, file_bytes);
    return "unsupported storage layout";
}

namespace {
template <typename T>
std::vector<T> read_all(hid_t dataset, std::size_t count, hid_t memory_type) {
    std::vector<T> values(count);
    if (count > 0 &&
        H5Dread(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
        throw Error("HDF5 could not read the dataset (corrupt or unsupported storage)");
    return values;
}
}  // namespace

std::vector<double> read_doubles(hid_t dataset, std::size_t count) {
    return read_all<double>(dataset, count, H5T_NATIVE_DOUBLE);
}

std::vector<std::int64_t> read_int64s(hid_t dataset, std::size_t count) {
    return read_all<std::int64_t>(dataset, count, H5T_NATIVE_INT64);
}

Handle untimed(hid_t property_class) {
    Handle properties(H5Pcreate(property_class));
    H5Pset_obj_track_times(properties.get(), false);
    return properties;
}

void write_dataset(hid_t location, const std::string& name, const std::vector<hsize_t>& dims,
                   hid_t memory_type, hid_t file_type, const void* data) {
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
    const Handle properties = untimed(H5P_DATASET_CREATE);
    Handle dataset(H5Dcreate2(location, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                              properties.get(), H5P_DEFAULT));
    if (!dataset.valid()) throw Error("cannot create dataset " + name);
    if (H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        throw Error("cannot write dataset " + name + " (disk full?)");
}

void write_attribute(hid_t location, const std::string& name, const std::vector<hsize_t>& dims,
                     hid_t memory_type, hid_t file_type, const void* data) {
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
    Handle attribute(
        H5Acreate2(location, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
    if (!attribute.valid() || H5Awrite(attribute.get(), memory_type, data) < 0)
        throw Error("cannot write attribute " + name);
}

void write_string_attribute(hid_t location, const std::string& name, const std::string& value) {
    Handle type(H5Tcopy(H5T_C_S1));
    H5Tset_size(type.get(), value.empty() ? 1 : value.size());
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    Handle space(H5Screate(H5S_SCALAR));
    Handle attribute(
        H5Acreate2(location, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
    if (!attribute.valid() || H5Awrite(attribute.get(), type.get(), value.c_str()) < 0)
        throw Error("cannot write attribute " + name);
}

std::string read_string_attribute(hid_t object, const std::string& name) {
    if (H5Aexists(object, name.c_str()) <= 0) return {};
    Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT));
    Handle type(H5Aget_type(attribute.get()));
    if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) > 0)
        return {};
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0 || size > 4096) return {};
    Handle space(H5Aget_space(attribute.get()));
    if (H5Sget_simple_extent_npoints(space.get()) != 1) return {};
    std::string value(size, '\0');
    if (H5Aread(attribute.get(), type.get(), value.data()) < 0) return {};
    value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
    return value;
}

}  // namespace lamina::io::h5
