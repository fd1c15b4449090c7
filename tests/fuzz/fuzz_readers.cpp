#include "fuzz/fuzz_readers.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string_view>

#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "io/hdf5_screen.h"
#include "io/morphology/asc.h"
#include "io/morphology/h5.h"
#include "io/morphology/swc.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/neuroml_cell.h"
#include "io/sonata/report_io.h"
#include "io/sonata/spikes_io.h"

namespace lamina::fuzz {

namespace {

// The SONATA readers take paths, so the bytes go to a file of this process's own
// (parallel fuzzing jobs must not share one).
std::string own_file(std::string_view bytes, const char* name) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("lamina-fuzz-" + std::to_string(::getpid()) + name)).string();
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

template <typename Read>
bool accepted(Read&& read) {
    try {
        read();
        return true;
    } catch (const Error&) {
        return false;
    }
}

// libFuzzer stops an input after 10 s: a hang inside libhdf5 must end in the helper
// before that, as a refused file (io/hdf5_screen.h).
void shorten_hdf5_checks() {
    static const bool done = [] {
        io::Hdf5ScreenLimits limits;
        limits.quiet_for = std::chrono::milliseconds(3000);
        io::set_hdf5_screen_limits(limits);
        return true;
    }();
    (void)done;
}

bool read_sonata(std::string_view bytes) {
    shorten_hdf5_checks();
    const std::string path = own_file(bytes, "-sonata.h5");
    bool any = false;
    any |= accepted([&] { (void)io::read_node_file(path, {}); });
    any |= accepted([&] { (void)io::read_edge_file(path, {}); });
    any |= accepted([&] { (void)io::read_spikes(path); });
    any |= accepted([&] { (void)io::read_population_spikes(path, "cells"); });
    any |= accepted([&] { (void)io::read_report(path); });
    std::filesystem::remove(path);
    return any;
}

}  // namespace

bool read_one(Reader reader, const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (reader == Reader::sonata) return read_sonata(bytes);
    if (reader == Reader::nml) {
        const std::string path = own_file(bytes, ".cell.nml");
        const bool read = accepted([&] { (void)io::read_neuroml_cell(path); });
        std::filesystem::remove(path);
        return read;
    }
    if (reader == Reader::h5) shorten_hdf5_checks();
    WarningCollector warnings;
    try {
        Morphology m;
        switch (reader) {
            case Reader::swc: m = io::parse_swc(bytes, "fuzz.swc", {&warnings, false}); break;
            case Reader::asc: m = io::parse_asc(bytes, "fuzz.asc", {&warnings, false}); break;
            case Reader::h5: m = io::parse_h5_image(bytes, "fuzz.h5", {&warnings, false}); break;
            case Reader::sonata:
            case Reader::nml: break;  // handled above
        }
        // Whatever was read must be usable: metrics and writing walk every array.
        (void)compute_metrics(m);
        (void)io::format_swc(m);
        return true;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace lamina::fuzz
