#pragma once
// Private to io/sonata: the HDF5 operations SONATA files need, on top of hdf5_util.h.
// Every function expects the caller to hold hdf5_mutex(). Read errors are FileErrors
// naming the file and the dataset path.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/circuit/circuit.h"
#include "io/hdf5_util.h"

namespace lamina::io::sonata {

// An open HDF5 file and its name, for messages.
struct H5File {
    h5::Handle handle;
    std::string path;
    std::uintmax_t bytes = 0;
    // [bytes] Memory the datasets read so far needed: every dataset passes
    // h5::storage_problem, but many (or one under many hard links) could still add up to
    // far more than the file holds, so the total is bounded too (see open_dataset).
    mutable std::uintmax_t read_bytes = 0;
};

H5File open_h5(const std::string& path);

std::vector<std::string> child_names(hid_t group);
bool is_group(hid_t location, const std::string& name);
bool is_dataset(hid_t location, const std::string& name);
h5::Handle open_group(const H5File& file, hid_t location, const std::string& name, const std::string& path);

// An opened dataset whose rank, size and storage were checked, and whose memory was
// counted against the file's budget (1100x its size + 64 MiB): the only way readers
// open datasets, so no declared size reaches an allocation unchecked.
struct OpenedDataset {
    h5::Handle dataset;
    h5::DatasetShape shape;
    std::size_t count = 0;  // elements
};
OpenedDataset open_dataset(const H5File& file, hid_t location, const std::string& name, const std::string& path,
                           std::size_t rank);

// A whole checked dataset converted to a native type (H5T_NATIVE_FLOAT for float, ...).
std::vector<float> read_floats(const H5File& file, const OpenedDataset& d, const std::string& path);

// A number for messages: whole numbers in full (never 1e+20), others shortest.
std::string number_text(double value);

// A 1-D dataset as a column (integers, floats or strings, fixed or variable length).
circuit::Column read_column(const H5File& file, hid_t location, const std::string& name, const std::string& path);
// A 1-D dataset of non-negative integers (ids, indices), signed or unsigned on disk;
// `expected` checks the length unless it is SIZE_MAX. read_integers refuses unsigned
// values beyond int64 rather than clamping them.
std::vector<std::uint64_t> read_ids(const H5File& file, hid_t location, const std::string& name,
                                    const std::string& path, std::size_t expected = SIZE_MAX);
std::vector<std::int64_t> read_integers(const H5File& file, hid_t location, const std::string& name,
                                        const std::string& path, std::size_t expected = SIZE_MAX);
// An N x 2 integer dataset (SONATA indices).
std::vector<std::array<std::uint64_t, 2>> read_pairs(const H5File& file, hid_t location, const std::string& name,
                                                     const std::string& path);
// A string attribute, fixed or variable length; "" when absent.
std::string string_attribute(hid_t object, const std::string& name);

void write_column(hid_t location, const std::string& name, const circuit::Column& column);
void write_uint64s(hid_t location, const std::string& name, const std::vector<std::uint64_t>& values);
void write_int64s(hid_t location, const std::string& name, const std::vector<std::int64_t>& values);
void write_doubles(hid_t location, const std::string& name, const std::vector<double>& values);
void write_pairs(hid_t location, const std::string& name, const std::vector<std::array<std::uint64_t, 2>>& values);
void write_strings(hid_t location, const std::string& name, const std::vector<std::string>& values);
void write_text_attribute(hid_t object, const std::string& name, const std::string& value);
h5::Handle create_group(hid_t location, const std::string& name);

// Creates the HDF5 file at a temporary name, lets `fill` write it (under the HDF5 lock),
// flushes, closes and renames it onto `path`: complete or absent, never half-written.
void write_h5_atomically(const std::string& path, const std::function<void(hid_t file)>& fill);

}  // namespace lamina::io::sonata
