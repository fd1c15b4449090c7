#include "engine/spatial/segment_index.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

// Boost 1.74's geometry headers include a deprecated Boost header that prints a note.
#define BOOST_ALLOW_DEPRECATED_HEADERS
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

namespace lamina::spatial {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using BPoint = bg::model::point<double, 3, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using BSegment = bg::model::segment<BPoint>;
using Value = std::pair<BBox, std::uint32_t>;

struct V3 {
    double x, y, z;
};
V3 sub(const Point3& a, const Point3& b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
V3 sub(const V3& a, const V3& b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
V3 v3(const Point3& p) { return {p.x, p.y, p.z}; }
double dot(const V3& a, const V3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
V3 along(const V3& a, const V3& d, double t) { return {a.x + t * d.x, a.y + t * d.y, a.z + t * d.z}; }
double get(const V3& v, int i) { return i == 0 ? v.x : i == 1 ? v.y : v.z; }
double get(const Point3& v, int i) { return i == 0 ? v.x : i == 1 ? v.y : v.z; }

BPoint bpoint(const Point3& p) { return {p.x, p.y, p.z}; }

BBox capsule_box(const IndexedSegment& s) {
    return {BPoint(std::min(s.a.x, s.b.x) - s.radius, std::min(s.a.y, s.b.y) - s.radius,
                   std::min(s.a.z, s.b.z) - s.radius),
            BPoint(std::max(s.a.x, s.b.x) + s.radius, std::max(s.a.y, s.b.y) + s.radius,
                   std::max(s.a.z, s.b.z) + s.radius)};
}

BBox to_bbox(const Box& b) { return {bpoint(b.lo), bpoint(b.hi)}; }

// Squared distance from the point a + t (b - a) to the box, for each t: convex and
// quadratic between the parameters where a coordinate crosses a face, so the minimum
// is found exactly by minimising each piece.
double segment_box_distance2(const Point3& a, const Point3& b, const Box& box) {
    const V3 d = sub(b, a);
    std::vector<double> cuts{0.0, 1.0};
    for (int i = 0; i < 3; ++i) {
        const double di = get(d, i);
        if (di == 0.0) continue;
        for (double face : {get(box.lo, i), get(box.hi, i)}) {
            const double t = (face - get(a, i)) / di;
            if (t > 0.0 && t < 1.0) cuts.push_back(t);
        }
    }
    std::sort(cuts.begin(), cuts.end());
    auto excess2 = [&](double t) {
        double sum = 0.0;
        for (int i = 0; i < 3; ++i) {
            const double p = get(a, i) + t * get(d, i);
            const double e = std::max({get(box.lo, i) - p, 0.0, p - get(box.hi, i)});
            sum += e * e;
        }
        return sum;
    };
    double best = std::min(excess2(0.0), excess2(1.0));
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        const double t0 = cuts[k], t1 = cuts[k + 1];
        if (t1 <= t0) continue;
        // On this piece each coordinate is below, inside or above its slab throughout.
        const double mid = 0.5 * (t0 + t1);
        double qa = 0.0, qb = 0.0;  // excess² = qa t² + qb t + const
        for (int i = 0; i < 3; ++i) {
            const double p = get(a, i) + mid * get(d, i);
            double face;
            if (p < get(box.lo, i)) face = get(box.lo, i);
            else if (p > get(box.hi, i)) face = get(box.hi, i);
            else continue;
            const double offset = get(a, i) - face, di = get(d, i);
            qa += di * di;
            qb += 2.0 * offset * di;
        }
        best = std::min({best, excess2(t0), excess2(t1)});
        if (qa > 0.0) {
            const double t = -qb / (2.0 * qa);
            if (t > t0 && t < t1) best = std::min(best, excess2(t));
        }
    }
    return best;
}

std::optional<double> ray_sphere(const V3& origin, const V3& dir, const V3& centre, double r) {
    const V3 oc = sub(origin, centre);
    const double b = dot(dir, oc), c = dot(oc, oc) - r * r;
    if (c <= 0.0) return 0.0;  // starts inside
    const double h = b * b - c;
    if (h < 0.0) return std::nullopt;
    const double t = -b - std::sqrt(h);
    if (t < 0.0) return std::nullopt;
    return t;
}
}  // namespace

double segment_point_distance(const Point3& a, const Point3& b, const Point3& p, double* t_out) {
    const V3 d = sub(b, a), ap = sub(p, a);
    const double len2 = dot(d, d);
    const double t = len2 > 0.0 ? std::clamp(dot(ap, d) / len2, 0.0, 1.0) : 0.0;
    if (t_out) *t_out = t;
    const V3 q = sub(ap, V3{t * d.x, t * d.y, t * d.z});
    return std::sqrt(dot(q, q));
}

// Closest points of two segments (the classic clamped solution of the 2×2 system).
double segment_segment_distance(const Point3& p1, const Point3& q1, const Point3& p2, const Point3& q2,
                                double* s_out, double* t_out) {
    const V3 d1 = sub(q1, p1), d2 = sub(q2, p2), r = sub(p1, p2);
    const double a = dot(d1, d1), e = dot(d2, d2), f = dot(d2, r);
    double s = 0.0, t = 0.0;
    if (s_out) *s_out = 0.0;
    if (t_out) *t_out = 0.0;
    if (a <= 0.0 && e <= 0.0) {
        return std::sqrt(dot(r, r));
    }
    if (a <= 0.0) {
        t = std::clamp(f / e, 0.0, 1.0);
    } else {
        const double c = dot(d1, r);
        if (e <= 0.0) {
            s = std::clamp(-c / a, 0.0, 1.0);
        } else {
            const double b = dot(d1, d2), denom = a * e - b * b;
            s = denom > 0.0 ? std::clamp((b * f - c * e) / denom, 0.0, 1.0) : 0.0;
            t = (b * s + f) / e;
            if (t < 0.0) {
                t = 0.0;
                s = std::clamp(-c / a, 0.0, 1.0);
            } else if (t > 1.0) {
                t = 1.0;
                s = std::clamp((b - c) / a, 0.0, 1.0);
            }
        }
    }
    if (s_out) *s_out = s;
    if (t_out) *t_out = t;
    const V3 c1 = along(v3(p1), d1, s), c2 = along(v3(p2), d2, t);
    const V3 gap = sub(c1, c2);
    return std::sqrt(dot(gap, gap));
}

bool capsule_intersects_box(const IndexedSegment& s, const Box& box) {
    return segment_box_distance2(s.a, s.b, box) <= s.radius * s.radius;
}

// The axis clipped against every face moved outward by the radius (Cyrus–Beck): the
// region grown by the capsule radius across each face, which is what a selection
// frustum needs (exact away from the region's edges and corners).
bool capsule_intersects_convex(const IndexedSegment& s, const std::vector<Plane>& planes) {
    double t0 = 0.0, t1 = 1.0;
    const V3 d = sub(s.b, s.a);
    for (const Plane& p : planes) {
        const double norm = std::sqrt(p.nx * p.nx + p.ny * p.ny + p.nz * p.nz);
        const double start = p.nx * s.a.x + p.ny * s.a.y + p.nz * s.a.z - p.d - s.radius * norm;  // <= 0 inside
        const double rate = p.nx * d.x + p.ny * d.y + p.nz * d.z;
        if (rate == 0.0) {
            if (start > 0.0) return false;
            continue;
        }
        const double t = -start / rate;
        if (rate > 0.0) t1 = std::min(t1, t);  // leaving
        else t0 = std::max(t0, t);             // entering
        if (t0 > t1) return false;
    }
    return true;
}

std::optional<double> ray_capsule(const Point3& origin_p, const Point3& unit_direction, const IndexedSegment& s,
                                  double* t_axis) {
    const V3 ro = v3(origin_p), rd = v3(unit_direction), a = v3(s.a), b = v3(s.b);
    const V3 ba = sub(b, a), oa = sub(ro, a);
    const double baba = dot(ba, ba), r = s.radius;
    std::optional<double> hit;
    if (baba > 0.0) {
        const double bard = dot(ba, rd), baoa = dot(ba, oa), rdoa = dot(rd, oa), oaoa = dot(oa, oa);
        const double qa = baba - bard * bard;
        const double qb = baba * rdoa - baoa * bard;
        const double qc = baba * oaoa - baoa * baoa - r * r * baba;
        if (qc <= 0.0 && baoa >= 0.0 && baoa <= baba) hit = 0.0;  // starts inside the cylinder
        else if (qa > 1e-12 * baba) {
            const double h = qb * qb - qa * qc;
            if (h >= 0.0) {
                const double t = (-qb - std::sqrt(h)) / qa;
                const double y = baoa + t * bard;
                if (t >= 0.0 && y > 0.0 && y < baba) hit = t;
            }
        }
    }
    if (!hit) {
        // The round ends (or a sphere when a == b): the nearer of the two hits.
        const auto ha = ray_sphere(ro, rd, a, r), hb = ray_sphere(ro, rd, b, r);
        if (ha && hb) hit = std::min(*ha, *hb);
        else hit = ha ? ha : hb;
    }
    if (hit && t_axis) {
        double t;
        segment_point_distance(s.a, s.b, Point3{ro.x + *hit * rd.x, ro.y + *hit * rd.y, ro.z + *hit * rd.z}, &t);
        *t_axis = t;
    }
    return hit;
}

struct SegmentIndex::Tree {
    bgi::rtree<Value, bgi::rstar<16>> rtree;
};

SegmentIndex::SegmentIndex() : tree_(std::make_unique<Tree>()) {}

SegmentIndex::SegmentIndex(std::vector<IndexedSegment> segments)
    : segments_(std::move(segments)), tree_(std::make_unique<Tree>()) {
    std::vector<Value> values;
    values.reserve(segments_.size());
    constexpr double inf = std::numeric_limits<double>::infinity();
    bounds_ = {{inf, inf, inf}, {-inf, -inf, -inf}};
    for (std::uint32_t i = 0; i < segments_.size(); ++i) {
        const BBox box = capsule_box(segments_[i]);
        values.emplace_back(box, i);
        const auto& lo = box.min_corner();
        const auto& hi = box.max_corner();
        bounds_.lo = {std::min(bounds_.lo.x, lo.get<0>()), std::min(bounds_.lo.y, lo.get<1>()),
                      std::min(bounds_.lo.z, lo.get<2>())};
        bounds_.hi = {std::max(bounds_.hi.x, hi.get<0>()), std::max(bounds_.hi.y, hi.get<1>()),
                      std::max(bounds_.hi.z, hi.get<2>())};
    }
    if (segments_.empty()) bounds_ = {};
    // The range constructor packs the tree (STR-like bulk loading): faster to build and
    // to query than inserting one by one.
    tree_->rtree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());
}

SegmentIndex::SegmentIndex(SegmentIndex&&) noexcept = default;
SegmentIndex& SegmentIndex::operator=(SegmentIndex&&) noexcept = default;
SegmentIndex::~SegmentIndex() = default;

namespace {
template <typename Accept>
std::vector<std::uint32_t> query_box(const bgi::rtree<Value, bgi::rstar<16>>& tree, const BBox& box, Accept accept) {
    std::vector<std::uint32_t> out;
    tree.query(bgi::intersects(box), boost::make_function_output_iterator([&](const Value& v) {
                   if (accept(v.second)) out.push_back(v.second);
               }));
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

std::vector<std::uint32_t> SegmentIndex::in_box(const Box& box) const {
    return query_box(tree_->rtree, to_bbox(box),
                     [&](std::uint32_t i) { return capsule_intersects_box(segments_[i], box); });
}

std::vector<std::uint32_t> SegmentIndex::in_sphere(const Point3& c, double radius) const {
    const Box box{{c.x - radius, c.y - radius, c.z - radius}, {c.x + radius, c.y + radius, c.z + radius}};
    return query_box(tree_->rtree, to_bbox(box), [&](std::uint32_t i) {
        const IndexedSegment& s = segments_[i];
        return segment_point_distance(s.a, s.b, c) <= radius + s.radius;
    });
}

std::vector<std::uint32_t> SegmentIndex::in_capsule(const Point3& p, const Point3& q, double radius) const {
    const IndexedSegment probe{p, q, radius, 0, 0, 0.0, 1.0};
    const BBox box = capsule_box(probe);
    return query_box(tree_->rtree, box, [&](std::uint32_t i) {
        const IndexedSegment& s = segments_[i];
        return segment_segment_distance(s.a, s.b, p, q) <= radius + s.radius;
    });
}

void SegmentIndex::visit_capsule(const Point3& p, const Point3& q, double radius, const CapsuleVisitor& visit) const {
    const IndexedSegment probe{p, q, radius, 0, 0, 0.0, 1.0};
    tree_->rtree.query(bgi::intersects(capsule_box(probe)), boost::make_function_output_iterator([&](const Value& v) {
                           const IndexedSegment& s = segments_[v.second];
                           double u = 0, w = 0;
                           const double d = segment_segment_distance(p, q, s.a, s.b, &u, &w);
                           if (d <= radius + s.radius) visit(v.second, d, u, w);
                       }));
}

std::vector<std::uint32_t> SegmentIndex::in_convex(const std::vector<Plane>& planes) const {
    // The tree cannot test half-spaces; the region is clipped to the index's bounds and
    // the boxes of that are narrowed by the exact test.
    return query_box(tree_->rtree, to_bbox(bounds_),
                     [&](std::uint32_t i) { return capsule_intersects_convex(segments_[i], planes); });
}

std::optional<RayHit> SegmentIndex::first_hit(const Point3& origin, const Point3& direction,
                                              const std::function<bool(std::uint32_t segment)>& accept) const {
    const double len = std::sqrt(direction.x * direction.x + direction.y * direction.y + direction.z * direction.z);
    if (!(len > 0.0) || segments_.empty()) return std::nullopt;
    const Point3 unit{direction.x / len, direction.y / len, direction.z / len};
    // Far enough to leave the bounds from wherever the ray starts.
    double reach = 0.0;
    for (const Point3& corner : {bounds_.lo, bounds_.hi}) reach = std::max(reach, distance(origin, corner));
    reach += distance(bounds_.lo, bounds_.hi) + 1.0;
    const BSegment ray(bpoint(origin), BPoint(origin.x + reach * unit.x, origin.y + reach * unit.y,
                                              origin.z + reach * unit.z));
    std::optional<RayHit> best;
    tree_->rtree.query(bgi::intersects(ray), boost::make_function_output_iterator([&](const Value& v) {
                           if (accept && !accept(v.second)) return;
                           double t_axis = 0.0;
                           const auto d = ray_capsule(origin, unit, segments_[v.second], &t_axis);
                           if (!d) return;
                           if (best && (*d > best->distance || (*d == best->distance && v.second > best->segment)))
                               return;
                           const IndexedSegment& s = segments_[v.second];
                           best = RayHit{v.second, *d, s.x0 + t_axis * (s.x1 - s.x0)};
                       }));
    return best;
}

std::optional<NearestSegment> SegmentIndex::nearest(const Point3& point) const {
    std::optional<NearestSegment> best;
    const BPoint p = bpoint(point);
    // Boxes arrive by increasing distance, which bounds the capsule's from below.
    for (auto it = tree_->rtree.qbegin(bgi::nearest(p, static_cast<unsigned>(segments_.size())));
         it != tree_->rtree.qend(); ++it) {
        if (best && bg::comparable_distance(p, it->first) > best->distance * best->distance) break;
        const IndexedSegment& s = segments_[it->second];
        const double d = std::max(0.0, segment_point_distance(s.a, s.b, point) - s.radius);
        if (!best || d < best->distance || (d == best->distance && it->second < best->segment))
            best = NearestSegment{it->second, d};
    }
    return best;
}

}  // namespace lamina::spatial
