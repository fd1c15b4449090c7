// Morphology load throughput: a generated branching cell with N points, written as SWC
// and H5 into a temporary folder, then read back and timed.

#include <filesystem>
#include <iostream>
#include <random>
#include <unistd.h>

#include "bench.h"
#include "engine/morphology/morphology_builder.h"
#include "io/file_util.h"
#include "io/hdf5_screen.h"
#include "io/morphology/h5.h"
#include "io/morphology/morphology_io.h"
#include "io/morphology/swc.h"

namespace lamina::bench {

namespace {

// A random binary tree of sections of 50 points each until `points` are used.
Morphology generate(std::size_t points) {
    std::mt19937_64 rng(42);
    std::normal_distribution<double> step(0.0, 1.0);
    MorphologyBuilder b;
    b.set_soma({SomaType::single_point, {{0, 0, 0}}, {20}});
    std::vector<MorphologyBuilder::Handle> open;
    std::size_t used = 0;
    for (int root = 0; root < 8; ++root) {
        const auto h = b.add_section(std::nullopt, static_cast<SectionType>(2 + root % 3));
        b.add_point(h, {10.0 * std::cos(root), 10.0 * std::sin(root), 0}, 2);
        open.push_back(h);
    }
    std::size_t next = 0;
    while (used < points) {
        const auto h = open[next++ % open.size()];
        auto& s = b.section(h);
        Point3 p = s.points.empty() ? b.section(*s.parent).points.back() : s.points.back();
        for (int i = 0; i < 50 && used < points; ++i, ++used) {
            p = {p.x + step(rng), p.y + step(rng) + 0.5, p.z + step(rng)};
            b.add_point(h, p, 1.0);
        }
        if (used < points) {
            open.push_back(b.add_section(h, b.section(h).type));
            open.push_back(b.add_section(h, b.section(h).type));
        }
    }
    // Sections that never got points of their own get one so the tree stays valid.
    for (std::size_t s = 0; s < b.num_sections(); ++s)
        if (b.section(s).points.empty()) {
            const Point3 q = b.section(*b.section(s).parent).points.back();
            b.add_point(s, {q.x + 1, q.y + 1, q.z}, 1.0);
        }
    return b.build("generated");
}

}  // namespace

int run_morphology(const Options& options) {
    const std::size_t points = std::stoul(options.value("--points", "1300000"));
    const auto folder = std::filesystem::temp_directory_path() /
                        ("lamina-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    const Morphology m = generate(points);
    const auto swc = folder / "big.swc", h5 = folder / "big.h5";
    io::write_swc(m, swc);
    io::write_h5(m, h5);
    const auto swc_bytes = std::filesystem::file_size(swc);

    double total = 0;
    Stopwatch t1;
    const Morphology a = io::read_swc(swc);
    const double swc_s = t1.seconds();
    total += swc_s;
    Stopwatch t2;
    const Morphology b = io::read_h5(h5);
    const double h5_s = t2.seconds();
    total += h5_s;

    std::cout << "points=" << a.num_points() << " sections=" << a.num_sections()
              << " swc_bytes=" << swc_bytes << '\n';
    std::cout << "swc_read_s=" << swc_s << " swc_points_per_s=" << static_cast<double>(a.num_points()) / swc_s
              << " swc_MB_per_s=" << static_cast<double>(swc_bytes) / 1e6 / swc_s << '\n';
    std::cout << "h5_read_s=" << h5_s << " h5_points_per_s=" << static_cast<double>(b.num_points()) / h5_s
              << '\n';

    // The libhdf5 check (io/hdf5_screen.h) on its own, then the read on its own (the
    // check remembers the file); then many small files, where the helper's round trip
    // per file is what counts.
    io::forget_screened_hdf5_files();
    Stopwatch t3;
    io::screen_hdf5_file(h5.string());
    const double check_s = t3.seconds();
    Stopwatch t4;
    (void)io::read_h5(h5);
    const double unchecked_s = t4.seconds();
    std::cout << "h5_check_s=" << check_s << " h5_read_unchecked_s=" << unchecked_s
              << " check_over_read=" << check_s / unchecked_s << '\n';
    const std::size_t small_files = std::stoul(options.value("--files", "500"));
    const Morphology small = generate(2000);
    const auto small_folder = folder / "small";
    std::filesystem::create_directories(small_folder);
    for (std::size_t i = 0; i < small_files; ++i)
        io::write_h5(small, small_folder / ("cell_" + std::to_string(i) + ".h5"));
    Stopwatch t5;
    const auto first = io::read_morphology_folder(small_folder);
    const double checked_folder_s = t5.seconds();
    Stopwatch t6;
    const auto again = io::read_morphology_folder(small_folder);
    const double unchecked_folder_s = t6.seconds();
    std::cout << "h5_files=" << first.size() << " (" << small.num_points() << " points each) folder_read_s="
              << checked_folder_s << " folder_read_unchecked_s=" << unchecked_folder_s << " check_ms_per_file="
              << 1e3 * (checked_folder_s - unchecked_folder_s) / static_cast<double>(again.size()) << '\n';
    std::cout << "reference: none set; the aim is linear time (points/s constant as --points grows)\n";
    std::cout << "wall_s=" << total << '\n';
    std::filesystem::remove_all(folder);
    return a.num_points() == b.num_points() ? 0 : 1;
}

}  // namespace lamina::bench
