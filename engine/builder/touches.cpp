#include "engine/builder/touches.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include "engine/morphology/metrics.h"
#include "engine/spatial/segment_index.h"

namespace lamina::builder {

namespace {

using clock_type = std::chrono::steady_clock;

// [µm] touches of one axon on one post section closer than this are one apposition.
constexpr float merge_distance = 1.0f;

Point3 to_global(const PlacedMorphology& cell, const Point3& p) {
    const Eigen::Vector3d g = cell.position + cell.rotation * Eigen::Vector3d(p.x, p.y, p.z);
    return {g.x(), g.y(), g.z()};
}

// Cumulative length along each point of a section, and the section's total.
std::vector<double> cumulative(std::span<const Point3> points) {
    std::vector<double> c(points.size(), 0.0);
    for (std::size_t k = 1; k < points.size(); ++k) c[k] = c[k - 1] + distance(points[k - 1], points[k]);
    return c;
}

// The path length from the soma to the start of every section.
std::vector<double> section_starts(const Morphology& m) {
    std::vector<double> start(m.num_sections(), 0.0);
    for (SectionId s = 0; s < m.num_sections(); ++s)  // parents come first
        if (const auto parent = m.section_parent(s); parent >= 0)
            start[s] = start[static_cast<SectionId>(parent)] + section_length(m, static_cast<SectionId>(parent));
    return start;
}

void index_targets(const PlacedMorphology& cell, std::uint32_t index, std::vector<spatial::IndexedSegment>& out) {
    const Morphology& m = *cell.morphology;
    const Point3 centre = to_global(cell, soma_center(m.soma()));
    out.push_back({centre, centre, soma_radius(m.soma()), index, 0, 0.5, 0.5});
    const auto starts = section_starts(m);
    for (SectionId s = 0; s < m.num_sections(); ++s) {
        const bool axon = m.section_type(s) == SectionType::axon;
        if (axon && starts[s] >= axon_initial_segment_length) continue;
        const auto points = m.section_points(s);
        const auto diameters = m.section_diameters(s);
        const auto along = cumulative(points);
        const double total = along.empty() ? 0.0 : along.back();
        for (std::size_t k = 0; k + 1 < points.size(); ++k) {
            if (axon && starts[s] + along[k] >= axon_initial_segment_length) break;  // past the AIS
            out.push_back({to_global(cell, points[k]), to_global(cell, points[k + 1]),
                           0.5 * std::max(diameters[k], diameters[k + 1]), index, s + 1,
                           total > 0 ? along[k] / total : 0.0, total > 0 ? along[k + 1] / total : 1.0});
        }
    }
}

SectionType post_type(const std::vector<PlacedMorphology>& cells, const spatial::IndexedSegment& segment) {
    return segment.section == 0 ? SectionType::soma
                                : cells[segment.cell].morphology->section_type(segment.section - 1);
}

}  // namespace

std::vector<Touch> detect_touches(const std::vector<PlacedMorphology>& cells, double touch_distance,
                                  const TouchFilter& filter, TouchStatistics* statistics,
                                  const std::function<bool(double)>& progress) {
    const auto started = clock_type::now();
    std::vector<spatial::IndexedSegment> segments;
    for (std::uint32_t c = 0; c < cells.size(); ++c) index_targets(cells[c], c, segments);
    const spatial::SegmentIndex index(std::move(segments));
    const auto indexed = clock_type::now();

    const auto n = static_cast<std::int64_t>(cells.size());
    std::vector<std::vector<Touch>> per_cell(cells.size());
    std::vector<std::size_t> queries(cells.size(), 0);
    std::atomic<bool> cancelled{false};
    std::atomic<std::int64_t> done{0};
    std::mutex report;  // progress is called by one thread at a time
    std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic, 1)
    for (std::int64_t i = 0; i < n; ++i) {
        if (cancelled.load(std::memory_order_relaxed)) continue;
        try {
            const auto pre = static_cast<std::uint32_t>(i);
            const PlacedMorphology& cell = cells[pre];
            const Morphology& m = *cell.morphology;
            const auto starts = section_starts(m);
            // For each post segment, the closest axon segment's touch.
            std::unordered_map<std::uint32_t, Touch> best;
            for (SectionId s = 0; s < m.num_sections(); ++s) {
                if (m.section_type(s) != SectionType::axon) continue;
                const auto points = m.section_points(s);
                const auto diameters = m.section_diameters(s);
                const auto along = cumulative(points);
                const double total = along.empty() ? 0.0 : along.back();
                for (std::size_t k = 0; k + 1 < points.size(); ++k) {
                    ++queries[pre];
                    const Point3 a = to_global(cell, points[k]), b = to_global(cell, points[k + 1]);
                    const double radius = 0.5 * std::max(diameters[k], diameters[k + 1]);
                    index.visit_capsule(a, b, radius + touch_distance, [&](std::uint32_t hit, double axis, double u,
                                                                           double v) {
                        const spatial::IndexedSegment& post = index.segments()[hit];
                        if (post.cell == pre) return;
                        if (filter && !filter(pre, post.cell, post_type(cells, post))) return;
                        const auto gap = static_cast<float>(std::max(0.0, axis - radius - post.radius));
                        const auto [it, fresh] = best.try_emplace(hit);
                        if (!fresh && it->second.distance <= gap) return;
                        Touch& t = it->second;
                        t.pre = pre;
                        t.post = post.cell;
                        t.pre_section = s + 1;
                        t.post_section = post.section;
                        const double pre_x = total > 0 ? (along[k] + u * (along[k + 1] - along[k])) / total : 0.5;
                        t.pre_x = static_cast<float>(pre_x);
                        t.post_x = static_cast<float>(post.x0 + v * (post.x1 - post.x0));
                        t.axon_path = static_cast<float>(starts[s] + pre_x * total);
                        t.distance = gap;
                        t.position = Eigen::Vector3f(static_cast<float>(post.a.x + v * (post.b.x - post.a.x)),
                                                     static_cast<float>(post.a.y + v * (post.b.y - post.a.y)),
                                                     static_cast<float>(post.a.z + v * (post.b.z - post.a.z)));
                    });
                }
            }
            std::vector<Touch> found;
            found.reserve(best.size());
            for (const auto& [segment, touch] : best) found.push_back(touch);
            std::sort(found.begin(), found.end(), [](const Touch& x, const Touch& y) {
                return std::tie(x.post, x.post_section, x.post_x, x.pre_section, x.pre_x) <
                       std::tie(y.post, y.post_section, y.post_x, y.pre_section, y.pre_x);
            });
            // A crossing at the point two post segments share is found on both: one touch.
            auto& out = per_cell[pre];
            for (const Touch& t : found) {
                if (!out.empty() && out.back().post == t.post && out.back().post_section == t.post_section &&
                    (out.back().position - t.position).norm() < merge_distance) {
                    if (t.distance < out.back().distance) out.back() = t;
                    continue;
                }
                out.push_back(t);
            }
        } catch (...) {
            std::lock_guard lock(report);
            if (!failure) failure = std::current_exception();
            cancelled = true;
        }
        const auto finished = ++done;
        if (progress && (finished % 16 == 0 || finished == n)) {
            std::lock_guard lock(report);
            if (!progress(static_cast<double>(finished) / static_cast<double>(n))) cancelled = true;
        }
    }
    if (failure) std::rethrow_exception(failure);
    if (cancelled) throw Cancelled();

    std::vector<Touch> touches;
    std::size_t total = 0;
    for (const auto& c : per_cell) total += c.size();
    touches.reserve(total);
    for (auto& c : per_cell) touches.insert(touches.end(), c.begin(), c.end());
    if (statistics) {
        statistics->indexed_segments = index.size();
        statistics->axon_segments = 0;
        for (std::size_t q : queries) statistics->axon_segments += q;
        statistics->index_seconds = std::chrono::duration<double>(indexed - started).count();
        statistics->query_seconds = std::chrono::duration<double>(clock_type::now() - indexed).count();
    }
    return touches;
}

std::vector<spatial::IndexedSegment> touch_targets(const std::vector<PlacedMorphology>& cells) {
    std::vector<spatial::IndexedSegment> segments;
    for (std::uint32_t c = 0; c < cells.size(); ++c) index_targets(cells[c], c, segments);
    return segments;
}

std::vector<spatial::IndexedSegment> touch_queries(const std::vector<PlacedMorphology>& cells) {
    std::vector<spatial::IndexedSegment> queries;
    for (std::uint32_t c = 0; c < cells.size(); ++c) {
        const Morphology& m = *cells[c].morphology;
        for (SectionId s = 0; s < m.num_sections(); ++s) {
            if (m.section_type(s) != SectionType::axon) continue;
            const auto points = m.section_points(s);
            const auto diameters = m.section_diameters(s);
            for (std::size_t k = 0; k + 1 < points.size(); ++k)  // as detect_touches queries
                queries.push_back({to_global(cells[c], points[k]), to_global(cells[c], points[k + 1]),
                                   0.5 * std::max(diameters[k], diameters[k + 1]), c, s + 1});
        }
    }
    return queries;
}

}  // namespace lamina::builder
