#pragma once
// Edits to HDF5 files for tests of malformed input: remove a dataset, replace it with
// given values (numbers, fixed-length strings), or declare a huge chunked dataset that
// holds nothing but its fill value. Returns "" or what went wrong.

#include <hdf5.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

namespace lamina::test {

inline std::string h5_remove(const std::string& file, const std::string& dataset) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return "cannot open " + file;
    const herr_t status = H5Ldelete(f, dataset.c_str(), H5P_DEFAULT);
    H5Fclose(f);
    return status < 0 ? "no dataset " + dataset + " in " + file : "";
}

// Replaces `dataset` (created when absent) by values of `type` ("f64", "i64", "u64",
// "f32") or, with type "string", fixed-length strings of `fixed` bytes.
inline std::string h5_write(const std::string& file, const std::string& dataset, const std::string& type,
                            const std::vector<double>& numbers, const std::vector<std::string>& strings = {},
                            std::size_t fixed = 0) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return "cannot open " + file;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    H5Ldelete(f, dataset.c_str(), H5P_DEFAULT);
    const hid_t link = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(link, 1);
    const hsize_t n = type == "string" ? strings.size() : numbers.size();
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    herr_t status = -1;
    hid_t d = -1;
    if (type == "string") {
        const hid_t t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, fixed);
        std::vector<char> bytes(fixed * strings.size(), '\0');
        for (std::size_t i = 0; i < strings.size(); ++i)
            std::memcpy(bytes.data() + i * fixed, strings[i].data(), std::min(fixed, strings[i].size()));
        d = H5Dcreate2(f, dataset.c_str(), t, space, link, H5P_DEFAULT, H5P_DEFAULT);
        if (d >= 0) status = H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
        H5Tclose(t);
    } else {
        const hid_t file_type = type == "i64"   ? H5T_STD_I64LE
                                : type == "u64" ? H5T_STD_U64LE
                                : type == "f32" ? H5T_IEEE_F32LE
                                                : H5T_IEEE_F64LE;
        d = H5Dcreate2(f, dataset.c_str(), file_type, space, link, H5P_DEFAULT, H5P_DEFAULT);
        if (d >= 0) status = H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers.data());
    }
    if (d >= 0) H5Dclose(d);
    H5Sclose(space);
    H5Pclose(link);
    H5Fclose(f);
    return status < 0 ? "cannot write " + dataset + " in " + file : "";
}

// A chunked dataset claiming `size` elements of `type`, of which no chunk is written:
// reading it yields the fill value, and a reader that trusts the size allocates it all.
inline std::string h5_declare(const std::string& file, const std::string& dataset, const std::string& type,
                              double size, double fill) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return "cannot open " + file;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    H5Ldelete(f, dataset.c_str(), H5P_DEFAULT);
    const hsize_t n = static_cast<hsize_t>(size), chunk = 1024;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t create = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(create, 1, &chunk);
    const hid_t file_type = type == "i64" ? H5T_STD_I64LE : type == "u64" ? H5T_STD_U64LE : H5T_IEEE_F64LE;
    H5Pset_fill_value(create, H5T_NATIVE_DOUBLE, &fill);
    H5Pset_alloc_time(create, H5D_ALLOC_TIME_INCR);
    const hid_t link = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(link, 1);
    const hid_t d = H5Dcreate2(f, dataset.c_str(), file_type, space, link, create, H5P_DEFAULT);
    const bool ok = d >= 0;
    if (ok) H5Dclose(d);
    H5Pclose(link);
    H5Pclose(create);
    H5Sclose(space);
    H5Fclose(f);
    return ok ? "" : "cannot declare " + dataset + " in " + file;
}

}  // namespace lamina::test
