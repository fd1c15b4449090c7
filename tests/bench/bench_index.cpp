// The touch detector's spatial index (a bulk-loaded Boost.Geometry R-tree) against a
// plain uniform grid written here as the baseline, on the real workload: the default
// column's dendrite and soma capsules indexed, every axon capsule grown by the touch
// distance queried, one thread. The builder issue asks whether the R-tree earns its
// place over a structure of our own: index build time, queries per second and memory
// of each, for a few grid cell sizes; both must find the same hits (exits 1 if not).

#include <malloc.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "bench.h"
#include "engine/builder/column_builder.h"
#include "engine/spatial/segment_index.h"

namespace lamina::bench {

namespace {

using spatial::IndexedSegment;

// Bytes the heap holds now (glibc): the change across a construction is what it keeps.
std::size_t heap_bytes() {
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

double get(const Point3& p, int axis) { return axis == 0 ? p.x : axis == 1 ? p.y : p.z; }

// The box of a capsule, as the R-tree stores it.
spatial::Box capsule_box(const Point3& a, const Point3& b, double r) {
    return {{std::min(a.x, b.x) - r, std::min(a.y, b.y) - r, std::min(a.z, b.z) - r},
            {std::max(a.x, b.x) + r, std::max(a.y, b.y) + r, std::max(a.z, b.z) + r}};
}

bool disjoint(const spatial::Box& u, const spatial::Box& v) {
    return u.lo.x > v.hi.x || v.lo.x > u.hi.x || u.lo.y > v.hi.y || v.lo.y > u.hi.y || u.lo.z > v.hi.z ||
           v.lo.z > u.hi.z;
}

// Cubic cells over the segments' bounds in CSR form: cell c lists the segments whose
// box overlaps it in entries_[first_[c] .. first_[c + 1]), each with its box in floats
// rounded outward, so a cell is scanned without visiting the segments; the boxes that
// pass are tested again in doubles, as the R-tree does. Two overlapping boxes share
// exactly one cell holding the lower corner of their overlap (floor is monotonic): along
// each axis the query's first cell or the segment's. A query reports a segment only from
// that cell, so once and without a visited set.
class Grid {
public:
    Grid(const std::vector<IndexedSegment>& segments, double cell) : segments_(segments), cell_(cell) {
        constexpr double inf = std::numeric_limits<double>::infinity();
        bounds_ = {{inf, inf, inf}, {-inf, -inf, -inf}};
        std::vector<spatial::Box> boxes;
        boxes.reserve(segments.size());
        for (const IndexedSegment& s : segments) {
            const spatial::Box& b = boxes.emplace_back(capsule_box(s.a, s.b, s.radius));
            auto& [lo, hi] = bounds_;
            lo = {std::min(lo.x, b.lo.x), std::min(lo.y, b.lo.y), std::min(lo.z, b.lo.z)};
            hi = {std::max(hi.x, b.hi.x), std::max(hi.y, b.hi.y), std::max(hi.z, b.hi.z)};
        }
        for (int i = 0; i < 3; ++i)
            n_[i] = std::max(1, static_cast<int>(std::ceil((get(bounds_.hi, i) - get(bounds_.lo, i)) / cell_)));
        first_.assign(cells() + 1, 0);
        for (const auto& b : boxes) {
            const Range r = range(b);
            for (int z = r.lo[2]; z <= r.hi[2]; ++z)
                for (int y = r.lo[1]; y <= r.hi[1]; ++y)
                    for (int x = r.lo[0]; x <= r.hi[0]; ++x) ++first_[index(x, y, z) + 1];
        }
        for (std::size_t c = 0; c < cells(); ++c) first_[c + 1] += first_[c];
        entries_.resize(first_.back());
        std::vector<std::uint32_t> fill(first_.begin(), first_.end() - 1);
        for (std::uint32_t s = 0; s < boxes.size(); ++s) {
            const Range r = range(boxes[s]);
            const FloatBox coarse = outward(boxes[s]);
            for (int z = r.lo[2]; z <= r.hi[2]; ++z)
                for (int y = r.lo[1]; y <= r.hi[1]; ++y)
                    for (int x = r.lo[0]; x <= r.hi[0]; ++x) {
                        const auto first = static_cast<std::uint8_t>((x == r.lo[0]) | (y == r.lo[1]) << 1 |
                                                                     (z == r.lo[2]) << 2);
                        entries_[fill[index(x, y, z)]++] = {coarse, s, first};
                    }
        }
    }

    // As SegmentIndex::visit_capsule: the same boxes, exact test and visitor.
    void visit_capsule(const Point3& p, const Point3& q, double radius,
                       const spatial::SegmentIndex::CapsuleVisitor& visit, std::size_t& scanned,
                       std::size_t& tested) const {
        const spatial::Box box = capsule_box(p, q, radius);
        if (disjoint(box, bounds_)) return;
        const FloatBox coarse = outward(box);
        const Range r = range(box);
        for (int z = r.lo[2]; z <= r.hi[2]; ++z)
            for (int y = r.lo[1]; y <= r.hi[1]; ++y)
                for (int x = r.lo[0]; x <= r.hi[0]; ++x) {
                    const std::size_t c = index(x, y, z);
                    scanned += first_[c + 1] - first_[c];
                    const int need = (x != r.lo[0]) | (y != r.lo[1]) << 1 | (z != r.lo[2]) << 2;
                    for (std::uint32_t k = first_[c]; k < first_[c + 1]; ++k) {
                        const Entry& entry = entries_[k];
                        if ((entry.first & need) != need || apart(coarse, entry.box)) continue;
                        const IndexedSegment& s = segments_[entry.segment];
                        if (disjoint(box, capsule_box(s.a, s.b, s.radius))) continue;
                        ++tested;
                        double u = 0, w = 0;
                        const double d = spatial::segment_segment_distance(p, q, s.a, s.b, &u, &w);
                        if (d <= radius + s.radius) visit(entry.segment, d, u, w);
                    }
                }
    }

    std::size_t cells() const { return static_cast<std::size_t>(n_[0]) * n_[1] * n_[2]; }
    std::size_t entries() const { return entries_.size(); }
    const std::array<int, 3>& dimensions() const { return n_; }

private:
    struct FloatBox {
        float lo[3], hi[3];
    };
    struct Entry {
        FloatBox box;
        std::uint32_t segment;
        std::uint8_t first;  // bits x, y, z: this is the segment's first cell along that axis
    };
    struct Range {
        std::array<int, 3> lo, hi;
    };

    static FloatBox outward(const spatial::Box& b) {
        constexpr float inf = std::numeric_limits<float>::infinity();
        FloatBox f;
        for (int i = 0; i < 3; ++i) {
            f.lo[i] = std::nextafter(static_cast<float>(get(b.lo, i)), -inf);
            f.hi[i] = std::nextafter(static_cast<float>(get(b.hi, i)), inf);
        }
        return f;
    }
    static bool apart(const FloatBox& u, const FloatBox& v) {
        return u.lo[0] > v.hi[0] || v.lo[0] > u.hi[0] || u.lo[1] > v.hi[1] || v.lo[1] > u.hi[1] ||
               u.lo[2] > v.hi[2] || v.lo[2] > u.hi[2];
    }
    int coordinate(double v, int axis) const {
        const double c = std::floor((v - get(bounds_.lo, axis)) / cell_);
        return static_cast<int>(std::clamp(c, 0.0, static_cast<double>(n_[axis] - 1)));
    }
    Range range(const spatial::Box& b) const {
        return {{coordinate(b.lo.x, 0), coordinate(b.lo.y, 1), coordinate(b.lo.z, 2)},
                {coordinate(b.hi.x, 0), coordinate(b.hi.y, 1), coordinate(b.hi.z, 2)}};
    }
    std::size_t index(int x, int y, int z) const {
        return (static_cast<std::size_t>(z) * n_[1] + y) * n_[0] + x;
    }

    const std::vector<IndexedSegment>& segments_;
    double cell_;
    spatial::Box bounds_;
    std::array<int, 3> n_{};
    std::vector<std::uint32_t> first_;
    std::vector<Entry> entries_;
};

// Hits and an order-independent checksum of the (query, segment) pairs.
struct Tally {
    std::size_t hits = 0;
    std::uint64_t checksum = 0;
    void add(std::size_t query, std::uint32_t segment) {
        std::uint64_t h = ((static_cast<std::uint64_t>(query) << 32) | segment) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 31;
        ++hits;
        checksum += h * 0xBF58476D1CE4E5B9ull;
    }
    bool operator==(const Tally&) const = default;
};

// Runs every query through `visit_capsule(p, q, radius, visitor)`; returns seconds.
template <typename Query>
double run_queries(const std::vector<IndexedSegment>& queries, double touch, Tally& tally, Query query) {
    std::size_t current = 0;
    const spatial::SegmentIndex::CapsuleVisitor count = [&](std::uint32_t segment, double, double, double) {
        tally.add(current, segment);
    };
    Stopwatch clock;
    for (current = 0; current < queries.size(); ++current) {
        const IndexedSegment& q = queries[current];
        query(q.a, q.b, q.radius + touch, count);
    }
    return clock.seconds();
}

void print(const char* name, double build, std::size_t bytes, std::size_t queries, double seconds, const Tally& t) {
    std::cout << "  " << name << " build_s=" << build << " memory_mb=" << static_cast<double>(bytes) / 1e6
              << " query_s=" << seconds << " queries_per_s=" << static_cast<double>(queries) / seconds
              << " hits=" << t.hits << '\n';
}

}  // namespace

int run_index(const Options& options) {
    std::stringstream list(options.value("--cells", "1000,10000"));
    const std::string sizes = options.value("--grid-um", "");  // default: 1, 1.5 and 2 segment lengths
    std::string item;
    bool all_match = true;
    double measured = 0.0;
    while (std::getline(list, item, ',')) {
        const auto cells = static_cast<std::size_t>(std::stoul(item));
        const builder::Recipe recipe = builder::default_column_recipe(cells);
        const builder::BuiltColumn built = builder::build_column(recipe);
        std::vector<builder::PlacedMorphology> placed(built.cells.size());
        for (std::size_t c = 0; c < placed.size(); ++c)
            placed[c] = {built.morphologies[c], built.cells[c].position, builder::cell_rotation(built.cells[c])};
        const std::vector<IndexedSegment> targets = builder::touch_targets(placed);
        const std::vector<IndexedSegment> queries = builder::touch_queries(placed);
        const double touch = recipe.touch_distance;
        double length = 0.0;
        std::size_t segments = 0;
        for (const auto& s : targets) {
            if (s.section == 0) continue;  // a soma
            length += distance(s.a, s.b);
            ++segments;
        }
        length /= static_cast<double>(std::max<std::size_t>(1, segments));
        std::cout << "cells=" << built.cells.size() << " (asked " << cells << ") indexed_segments=" << targets.size()
                  << " (build saw " << built.touch_statistics.indexed_segments << ") axon_queries=" << queries.size()
                  << " (build saw " << built.touch_statistics.axon_segments << ") touch_um=" << touch
                  << " mean_segment_um=" << length << " segment_array_mb="
                  << static_cast<double>(targets.size() * sizeof(IndexedSegment)) / 1e6 << " (both need it)\n";

        Tally tree_tally;
        double tree_seconds = 0.0;
        {
            std::vector<IndexedSegment> copy = targets;  // the index owns its segments
            const std::size_t before = heap_bytes();
            const Stopwatch clock;
            const spatial::SegmentIndex tree(std::move(copy));
            const double build = clock.seconds();
            const std::size_t bytes = heap_bytes() - before;
            tree_seconds = run_queries(queries, touch, tree_tally,
                                       [&](auto&&... args) { tree.visit_capsule(args...); });
            print("rtree", build, bytes, queries.size(), tree_seconds, tree_tally);
            measured += tree_seconds;
        }

        std::vector<double> grid_sizes;
        if (sizes.empty()) grid_sizes = {length, 1.5 * length, 2 * length};
        std::stringstream size_list(sizes);
        while (std::getline(size_list, item, ',')) grid_sizes.push_back(std::stod(item));
        for (const double size : grid_sizes) {
            const std::size_t before = heap_bytes();
            const Stopwatch clock;
            const Grid grid(targets, size);
            const double grid_build = clock.seconds();
            const std::size_t grid_bytes = heap_bytes() - before;
            Tally grid_tally;
            std::size_t scanned = 0, tested = 0;
            const double grid_seconds = run_queries(queries, touch, grid_tally, [&](auto&&... args) {
                grid.visit_capsule(args..., scanned, tested);
            });
            measured += grid_seconds;
            const bool match = grid_tally == tree_tally;
            all_match = all_match && match;
            const auto& n = grid.dimensions();
            std::ostringstream name;
            name << "grid_" << size << "um";
            print(name.str().c_str(), grid_build, grid_bytes, queries.size(), grid_seconds, grid_tally);
            std::cout << "    cells=" << n[0] << 'x' << n[1] << 'x' << n[2] << " entries_per_segment="
                      << static_cast<double>(grid.entries()) / static_cast<double>(targets.size())
                      << " scanned_per_query=" << static_cast<double>(scanned) / static_cast<double>(queries.size())
                      << " exact_tests_per_query=" << static_cast<double>(tested) / static_cast<double>(queries.size())
                      << " speedup_vs_rtree=" << tree_seconds / grid_seconds << ' ' << (match ? "MATCH" : "MISMATCH")
                      << '\n';
        }
    }
    std::cout << "wall_s=" << measured << '\n';
    return all_match ? 0 : 1;
}

}  // namespace lamina::bench
