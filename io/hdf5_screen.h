#pragma once
// Every HDF5 file a user gives Lamina is read by libhdf5 in a separate helper process
// (lamina-h5check) before Lamina reads it itself. Debian 12's libhdf5 1.10.8 crashes,
// loops or asks for gigabytes on some damaged files inside its own parsing, below any
// call Lamina makes and with nothing to check first (tests/fuzz/upstream-hdf5). In the
// helper such a file costs nothing but a message; the program holding the user's work
// never meets it. The helper walks everything the readers could ask for (hdf5_walk.h),
// and libhdf5 is deterministic, so a file the helper survives is safe to read here.
//
// The helper is started once and serves file after file; if it dies on a file it is
// started again for the next. A file that passed is remembered (by identity, time
// stamps and content hash), so reading it again costs nothing.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace lamina::io {

struct Hdf5ScreenLimits {
    // The helper reports each object and each block of values it reads; this long
    // without a report is a hang (libhdf5 loops forever on some damaged heaps).
    std::chrono::milliseconds quiet_for{10'000};
    // A walk that keeps reporting but goes on longer than quiet_for plus this much per
    // megabyte of file is stopped too: no honest file reads at 100 kB/s, while a damaged
    // type can make libhdf5 convert a few kilobytes bit by bit for minutes.
    std::chrono::milliseconds per_megabyte{10'000};
    // [bytes] Resident memory the helper may grow to.
    std::uintmax_t max_resident_bytes = std::uintmax_t{2} << 30;
};

// Tests and fuzz targets shorten the limits; the defaults suit users' files.
void set_hdf5_screen_limits(const Hdf5ScreenLimits& limits);
Hdf5ScreenLimits hdf5_screen_limits();

// Throws FileError naming the file and the object libhdf5 was reading when it crashed,
// hung or ran away; returns when libhdf5 read the whole file without harm (errors it
// reports cleanly are left to the readers). A path that is not a regular file returns
// at once: the reader says what is wrong with it. Throws Error when the helper is
// missing (a broken installation).
void screen_hdf5_file(const std::string& path);

// Where the helper is looked for: $LAMINA_H5CHECK, then beside the running program,
// then in the build tree. Empty when it is nowhere.
std::filesystem::path hdf5_checker_program();

// Forgets which files passed (tests that rewrite a file in place within a clock tick).
void forget_screened_hdf5_files();

}  // namespace lamina::io
