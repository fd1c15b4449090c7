#pragma once
// Private to io/: RAII handles and checked reads over the HDF5 C API. Every function
// expects the caller to hold hdf5_mutex().

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lamina::io::h5 {

// Owns an HDF5 identifier and closes it with the matching H5?close.
class Handle {
public:
    Handle() = default;
    explicit Handle(hid_t id) : id_(id) {}
    ~Handle() { reset(); }
    Handle(Handle&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = other.id_;
            other.id_ = H5I_INVALID_HID;
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    hid_t get() const noexcept { return id_; }
    bool valid() const noexcept { return id_ >= 0; }
    void reset();

private:
    hid_t id_ = H5I_INVALID_HID;
};

// Turns HDF5's own error printing off while alive (Lamina reports its own messages).
class QuietErrors {
public:
    QuietErrors();
    ~QuietErrors();
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;

private:
    H5E_auto2_t function_ = nullptr;
    void* data_ = nullptr;
};

bool link_exists(hid_t location, const std::string& path);

struct DatasetShape {
    std::vector<hsize_t> dims;
    H5T_class_t type_class = H5T_NO_CLASS;
};

DatasetShape shape_of(hid_t dataset);

// Elements of a dataspace with these dimensions; false when the product overflows.
bool element_count(const std::vector<hsize_t>& dims, std::size_t& count);

// How far the data a chunked dataset declares may exceed the bytes the file stores for
// it. Deflate, the compression SONATA files use, cannot shrink data more than ~1032:1
// (its longest match codes 258 bytes in about two bits), so 1100x the stored bytes
// bounds any honest file; the slack lets small datasets whose chunks were never written
// read as their fill value, as HDF5 intends. A header claiming more (a chunked dataset
// of 10^9 elements with no chunks, a fill value and a few kilobytes of file) would make
// the reader allocate gigabytes of fill values, so it is refused before anything is
// allocated.
inline constexpr std::uintmax_t max_expansion = 1100;
inline constexpr std::uintmax_t unstored_slack_bytes = std::uintmax_t{1} << 20;  // 1 MiB

// Checks that a dataset's raw storage can hold `count` elements before anything reads
// it: libhdf5 1.10 trusts the layout message and crashes (memcpy out of bounds) on files
// whose contiguous or compact storage is smaller than the dataspace says, and a chunked
// dataset may declare far more data than its chunks hold (see max_expansion). Data in
// external files is refused (a file must not make Lamina read other files). Returns an
// explanation when it cannot, an empty string when the storage is consistent.
std::string storage_problem(hid_t dataset, std::size_t count, std::uintmax_t file_bytes);

// "3200000000 bytes (3.2 GB)": exact for the curious, rounded for the reader.
std::string byte_text(std::uintmax_t bytes);

// Whole-dataset reads converted to the given native type. The caller checks shapes.
std::vector<double> read_doubles(hid_t dataset, std::size_t count);
std::vector<std::int64_t> read_int64s(hid_t dataset, std::size_t count);

// Creation properties for a dataset (H5P_DATASET_CREATE) or group (H5P_GROUP_CREATE)
// without modification times, so the same content always gives the same file bytes.
Handle untimed(hid_t property_class);

void write_dataset(hid_t location, const std::string& name, const std::vector<hsize_t>& dims,
                   hid_t memory_type, hid_t file_type, const void* data);
void write_attribute(hid_t location, const std::string& name, const std::vector<hsize_t>& dims,
                     hid_t memory_type, hid_t file_type, const void* data);
void write_string_attribute(hid_t location, const std::string& name, const std::string& value);
std::string read_string_attribute(hid_t object, const std::string& name);

}  // namespace lamina::io::h5
