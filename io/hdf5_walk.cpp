#include "io/hdf5_walk.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "io/hdf5_lock.h"
#include "io/hdf5_util.h"

namespace lamina::io {

namespace {

using h5::Handle;

// Datasets up to this size are read whole with H5S_ALL, exactly as the readers read
// them; larger ones in blocks of rows, so the helper's memory stays small.
constexpr std::size_t whole_read_bytes = std::size_t{64} << 20;  // 64 MiB
constexpr std::size_t block_bytes = std::size_t{8} << 20;        // 8 MiB
// Variable-length strings go through the global heap a block of rows at a time, as
// io/sonata reads them.
constexpr std::size_t string_rows = 256;
// Readers read attributes of one or two values; this reads every attribute up to this
// many values (an attribute's values live in its object header, a few kB at most).
constexpr hssize_t max_attribute_values = 4096;
// SONATA nests five levels (/edges/<population>/0/<group>/<dataset>); nothing a reader
// opens is deeper than this, and a bound keeps a maliciously deep file from recursing.
constexpr int max_depth = 32;
// A name no file uses, for lookups that must search everything and find nothing.
constexpr const char* absent_name = "lamina-absent-name";

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* data) {
    static_cast<std::vector<std::string>*>(data)->emplace_back(name);
    return 0;
}

std::string child_path(const std::string& parent, const std::string& name) {
    return parent == "/" ? "/" + name : parent + "/" + name;
}

// A variable-length string type in memory with the file type's character set: the
// conversion the readers ask for.
Handle variable_string_type(hid_t file_type) {
    Handle memory(H5Tcopy(H5T_C_S1));
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(file_type));
    return memory;
}

// The memory type a reader converts a numeric or fixed-string file type to, and its size.
std::pair<Handle, std::size_t> reader_memory_type(hid_t file_type) {
    switch (H5Tget_class(file_type)) {
        case H5T_INTEGER:
            return {Handle(H5Tcopy(H5Tget_sign(file_type) == H5T_SGN_NONE ? H5T_NATIVE_UINT64 : H5T_NATIVE_INT64)), 8};
        case H5T_FLOAT: return {Handle(H5Tcopy(H5T_NATIVE_DOUBLE)), 8};
        case H5T_STRING: {
            const std::size_t size = H5Tget_size(file_type);
            Handle memory(H5Tcopy(H5T_C_S1));
            H5Tset_size(memory.get(), size);
            H5Tset_strpad(memory.get(), H5T_STR_NULLPAD);
            H5Tset_cset(memory.get(), H5Tget_cset(file_type));
            return {std::move(memory), size};
        }
        default: return {Handle(), 0};
    }
}

class Walker {
public:
    Walker(std::uintmax_t file_bytes, Hdf5WalkObserver& observer)
        : file_bytes_(file_bytes), budget_(hdf5_read_budget(file_bytes)), observer_(observer) {}

    void group(hid_t group, const std::string& path, int depth) {
        attributes(group, path);
        if (depth >= max_depth) return;
        // Likewise for optional links ("perimeters"): a lookup of an absent name.
        observer_.at(path);
        h5::link_exists(group, absent_name);
        std::vector<std::string> names;
        H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_link, &names);
        for (const std::string& name : names) {
            const std::string path_of_child = child_path(path, name);
            observer_.at(path_of_child);
            if (!h5::link_exists(group, name)) continue;
            H5O_info_t info;
            if (H5Oget_info_by_name(group, name.c_str(), &info, H5P_DEFAULT) < 0) continue;
            // Hard links may name an object twice, or an ancestor: each object once.
            if (!visited_.insert({info.fileno, info.addr}).second) continue;
            ++objects_;
            if (info.type == H5O_TYPE_GROUP) {
                Handle child(H5Gopen2(group, name.c_str(), H5P_DEFAULT));
                if (child.valid()) this->group(child.get(), path_of_child, depth + 1);
            } else if (info.type == H5O_TYPE_DATASET) {
                Handle child(H5Dopen2(group, name.c_str(), H5P_DEFAULT));
                if (child.valid()) dataset(child.get(), path_of_child);
            } else if (info.type == H5O_TYPE_NAMED_DATATYPE) {
                Handle child(H5Topen2(group, name.c_str(), H5P_DEFAULT));
                if (child.valid()) attributes(child.get(), path_of_child);
            }
        }
    }

    std::size_t objects() const { return objects_; }

private:
    void attributes(hid_t object, const std::string& path) {
        // Readers ask for attributes that may be absent ("lamina_soma_type"): a lookup
        // that finds nothing reads every attribute message, which iteration does not.
        observer_.at(path);
        H5Aexists(object, absent_name);
        std::vector<std::string> names;
        H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attribute, &names);
        for (const std::string& name : names) {
            observer_.at(path + "@" + name);
            // By name, as the readers look attributes up (a different index than iteration).
            if (H5Aexists(object, name.c_str()) <= 0) continue;
            Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT));
            if (attribute.valid()) read_attribute(attribute.get());
        }
    }

    void read_attribute(hid_t attribute) {
        Handle type(H5Aget_type(attribute));
        Handle space(H5Aget_space(attribute));
        if (!type.valid() || !space.valid()) return;
        const hssize_t values = H5Sget_simple_extent_npoints(space.get());
        if (values <= 0 || values > max_attribute_values) return;
        const auto count = static_cast<std::size_t>(values);
        if (H5Tget_class(type.get()) == H5T_STRING && H5Tis_variable_str(type.get()) > 0) {
            const Handle memory = variable_string_type(type.get());
            std::vector<char*> pointers(count, nullptr);
            if (H5Aread(attribute, memory.get(), pointers.data()) >= 0)
                H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
            return;
        }
        // Fixed-length strings are read in their own type (h5::read_string_attribute),
        // numbers converted.
        if (H5Tget_class(type.get()) == H5T_STRING) {
            const std::size_t size = H5Tget_size(type.get());
            if (size == 0 || size > 65536) return;
            std::vector<char> buffer(size * count);
            H5Aread(attribute, type.get(), buffer.data());
            return;
        }
        const auto [memory, size] = reader_memory_type(type.get());
        if (!memory.valid()) return;
        std::vector<unsigned char> buffer(size * count);
        H5Aread(attribute, memory.get(), buffer.data());
        if (H5Tget_class(type.get()) == H5T_INTEGER) {  // the morphology version's conversion
            std::vector<unsigned> small(count);
            H5Aread(attribute, H5T_NATIVE_UINT, small.data());
        }
    }

    void dataset(hid_t dataset, const std::string& path) {
        attributes(dataset, path);
        observer_.at(path);
        const h5::DatasetShape shape = h5::shape_of(dataset);
        std::size_t count = 0;
        if (shape.dims.empty() || shape.dims.size() > 2 || !h5::element_count(shape.dims, count) || count == 0)
            return;
        // A dataset whose storage cannot hold what it declares is refused by the readers
        // before any read, so its values are not read here either.
        if (!h5::storage_problem(dataset, count, file_bytes_).empty()) return;
        Handle type(H5Dget_type(dataset));
        if (!type.valid()) return;
        const bool variable = H5Tget_class(type.get()) == H5T_STRING && H5Tis_variable_str(type.get()) > 0;
        // Nor a dataset that alone needs more memory than the readers allow a file
        // (io/sonata charges 8 bytes a number, a std::string a text, before reading).
        const std::uintmax_t each = H5Tget_class(type.get()) != H5T_STRING ? 8
                                    : variable ? sizeof(std::string)
                                               : H5Tget_size(type.get()) + sizeof(std::string);
        if (count > budget_ / each) return;
        if (variable) return variable_strings(dataset, shape, type.get());
        // Not a structured binding: clang 14 cannot capture one in the lambda below.
        const std::pair<Handle, std::size_t> typed = reader_memory_type(type.get());
        const Handle& memory = typed.first;
        const std::size_t size = typed.second;
        if (!memory.valid() || size == 0) return;
        // Contiguous and compact values are plain bytes at a place storage_problem checked
        // against the file's size, converted in memory: libhdf5 parses nothing there.
        // Chunked values go through the chunk index and the filter pipeline, so they are read.
        Handle plist(H5Dget_create_plist(dataset));
        if (!plist.valid() || H5Pget_layout(plist.get()) != H5D_CHUNKED) return;
        if (count <= whole_read_bytes / size) {
            std::vector<unsigned char> buffer(count * size);
            H5Dread(dataset, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
            return;
        }
        const hsize_t row = shape.dims.size() == 2 ? shape.dims[1] : 1;
        const hsize_t rows_per_block = std::max<hsize_t>(1, block_bytes / size / row);
        std::vector<unsigned char> buffer(static_cast<std::size_t>(rows_per_block * row) * size);
        read_blocks(dataset, shape, rows_per_block, [&](hid_t memory_space, hid_t file_space) {
            H5Dread(dataset, memory.get(), memory_space, file_space, H5P_DEFAULT, buffer.data());
            return true;
        });
    }

    void variable_strings(hid_t dataset, const h5::DatasetShape& shape, hid_t file_type) {
        const Handle memory = variable_string_type(file_type);
        const hsize_t row = shape.dims.size() == 2 ? shape.dims[1] : 1;
        if (row > string_rows) return;  // no reader reads such a table
        std::vector<char*> pointers(static_cast<std::size_t>(string_rows * row));
        Handle transfer(H5Pcreate(H5P_DATASET_XFER));
        H5Pset_buffer(transfer.get(), 64 << 10, nullptr, nullptr);
        // The readers stop once the text read exceeds the file's budget; so does this.
        std::uintmax_t text_bytes = 0;
        read_blocks(dataset, shape, string_rows, [&](hid_t memory_space, hid_t file_space) {
            std::fill(pointers.begin(), pointers.end(), nullptr);
            if (H5Dread(dataset, memory.get(), memory_space, file_space, transfer.get(), pointers.data()) < 0)
                return true;
            for (const char* text : pointers) text_bytes += text ? std::strlen(text) : 0;
            H5Dvlen_reclaim(memory.get(), memory_space, H5P_DEFAULT, pointers.data());
            return text_bytes <= budget_;
        });
    }

    // Calls `read(memory_space, file_space)` for each block of up to `rows_per_block`
    // rows along the first dimension, until it returns false.
    template <typename Read>
    void read_blocks(hid_t dataset, const h5::DatasetShape& shape, hsize_t rows_per_block, const Read& read) {
        Handle file_space(H5Dget_space(dataset));
        if (!file_space.valid()) return;
        const int rank = static_cast<int>(shape.dims.size());
        for (hsize_t start = 0; start < shape.dims[0]; start += rows_per_block) {
            hsize_t offset[2] = {start, 0};
            hsize_t extent[2] = {std::min(rows_per_block, shape.dims[0] - start), rank == 2 ? shape.dims[1] : 1};
            Handle memory_space(H5Screate_simple(rank, extent, nullptr));
            if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset, nullptr, extent, nullptr) < 0) return;
            const bool more = read(memory_space.get(), file_space.get());
            observer_.progress();
            if (!more) return;
        }
    }

    std::uintmax_t file_bytes_;
    std::uintmax_t budget_;  // [bytes] hdf5_read_budget of the file
    Hdf5WalkObserver& observer_;
    std::set<std::pair<unsigned long, haddr_t>> visited_;
    std::size_t objects_ = 0;
};

}  // namespace

std::uintmax_t hdf5_read_budget(std::uintmax_t file_bytes) {
    constexpr std::uintmax_t slack = std::uintmax_t{64} << 20;
    return file_bytes > (UINTMAX_MAX - slack) / h5::max_expansion ? UINTMAX_MAX
                                                                   : file_bytes * h5::max_expansion + slack;
}

std::size_t walk_hdf5_file(const std::string& path, Hdf5WalkObserver& observer) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return 0;
    const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
    if (ec || bytes == 0) return 0;
    std::lock_guard lock(hdf5_mutex());
    h5::QuietErrors quiet;
    observer.at("/");
    if (H5Fis_hdf5(path.c_str()) <= 0) return 0;
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    if (!file.valid()) return 0;
    Walker walker(bytes, observer);
    Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT));
    if (root.valid()) walker.group(root.get(), "/", 0);
    return walker.objects();
}

namespace {

// Writes all of `text` or ends the helper: a parent that stopped listening is gone.
void send_all(int output, const std::string& text) {
    std::size_t sent = 0;
    while (sent < text.size()) {
        const ssize_t n = ::write(output, text.data() + sent, text.size() - sent);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ::_exit(0);
        sent += static_cast<std::size_t>(n);
    }
}

class LineObserver final : public Hdf5WalkObserver {
public:
    explicit LineObserver(int output) : output_(output) {}
    void at(const std::string& object) override {
        std::string line = "at " + object;
        for (char& c : line)
            if (static_cast<unsigned char>(c) < 0x20) c = '?';
        send_all(output_, line + "\n");
    }
    void progress() override { send_all(output_, "tick\n"); }

private:
    int output_;
};

// The next NUL-terminated path from `input`; false at its end.
bool next_path(int input, std::string& pending, std::string& path) {
    for (;;) {
        if (const auto end = pending.find('\0'); end != std::string::npos) {
            path = pending.substr(0, end);
            pending.erase(0, end + 1);
            return true;
        }
        char buffer[4096];
        const ssize_t n = ::read(input, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        pending.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace

void serve_hdf5_checks(int input, int output, void (*before_file)(std::uintmax_t file_bytes)) {
    std::string pending, path;
    LineObserver observer(output);
    while (next_path(input, pending, path)) {
        std::error_code ec;
        const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
        if (before_file) before_file(ec ? 0 : bytes);
        const std::size_t objects = walk_hdf5_file(path, observer);
        // Free lists libhdf5 keeps would otherwise grow over thousands of files.
        H5garbage_collect();
        send_all(output, "done " + std::to_string(objects) + "\n");
    }
}

}  // namespace lamina::io
