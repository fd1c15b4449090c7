#pragma once
// A spatial index over the segments of many cells: every segment is a capsule (its axis
// from `a` to `b`, radius the larger end radius), bulk-loaded into an R-tree of bounding
// boxes (Boost.Geometry, private to the .cpp). Queries return segment indices in
// ascending order and are exact: the tree only narrows candidates, each is then tested
// against the true shape. The 3D view picks and selects with it; the circuit builder
// finds axon–dendrite touches with it.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/morphology/morphology.h"

namespace lamina::spatial {

struct IndexedSegment {
    Point3 a, b;            // [µm] axis ends (a == b for a soma sphere)
    double radius = 0.0;    // [µm] capsule radius
    std::uint32_t cell = 0; // caller's cell index
    std::uint32_t section = 0;
    double x0 = 0.0, x1 = 1.0;  // positions of a and b along the section, in [0, 1]
};

struct Box {
    Point3 lo, hi;  // [µm]
};

// A half-space n·p <= d; a convex region is the intersection of several.
struct Plane {
    double nx = 0, ny = 0, nz = 0, d = 0;
};

struct RayHit {
    std::uint32_t segment = 0;
    double distance = 0.0;  // [µm] along the (normalised) ray to the capsule surface
    double x = 0.0;         // position along the section of the closest axis point
};

struct NearestSegment {
    std::uint32_t segment = 0;
    double distance = 0.0;  // [µm] from the point to the capsule surface (0 inside)
};

class SegmentIndex {
public:
    SegmentIndex();
    explicit SegmentIndex(std::vector<IndexedSegment> segments);
    SegmentIndex(SegmentIndex&&) noexcept;
    SegmentIndex& operator=(SegmentIndex&&) noexcept;
    ~SegmentIndex();

    const std::vector<IndexedSegment>& segments() const noexcept { return segments_; }
    std::size_t size() const noexcept { return segments_.size(); }
    bool empty() const noexcept { return segments_.empty(); }
    Box bounds() const noexcept { return bounds_; }  // of all capsules

    // Capsules that intersect the box.
    std::vector<std::uint32_t> in_box(const Box& box) const;
    // Capsules that intersect the sphere.
    std::vector<std::uint32_t> in_sphere(const Point3& centre, double radius) const;
    // Capsules that come within `radius` of the segment p–q (a query capsule).
    std::vector<std::uint32_t> in_capsule(const Point3& p, const Point3& q, double radius) const;
    // The same capsules as in_capsule, without collecting or sorting them (the circuit
    // builder's hot loop): `visit(segment, axis_distance, s, t)` with the closest points'
    // fractions along p–q (s) and along the segment (t), in the tree's order.
    using CapsuleVisitor = std::function<void(std::uint32_t segment, double axis_distance, double s, double t)>;
    void visit_capsule(const Point3& p, const Point3& q, double radius, const CapsuleVisitor& visit) const;
    // Capsules with any part inside the convex region (intersection of half-spaces).
    std::vector<std::uint32_t> in_convex(const std::vector<Plane>& planes) const;
    // The first capsule a ray meets (direction need not be normalised), among those
    // `accept` takes (all when it is empty: a view passes what it draws).
    std::optional<RayHit> first_hit(const Point3& origin, const Point3& direction,
                                    const std::function<bool(std::uint32_t segment)>& accept = {}) const;
    // The capsule whose surface is nearest to a point.
    std::optional<NearestSegment> nearest(const Point3& point) const;

private:
    struct Tree;
    std::vector<IndexedSegment> segments_;
    Box bounds_;
    std::unique_ptr<Tree> tree_;
};

// Exact predicates, shared by the index and by tests that check it by brute force.
double segment_point_distance(const Point3& a, const Point3& b, const Point3& p, double* t = nullptr);
// With `s` and `t`: where the closest points are, as fractions along a–b and c–d.
double segment_segment_distance(const Point3& a, const Point3& b, const Point3& c, const Point3& d,
                                double* s = nullptr, double* t = nullptr);
bool capsule_intersects_box(const IndexedSegment& s, const Box& box);
bool capsule_intersects_convex(const IndexedSegment& s, const std::vector<Plane>& planes);
// Distance along the ray (unit direction) to the capsule's surface, if it meets it.
std::optional<double> ray_capsule(const Point3& origin, const Point3& unit_direction, const IndexedSegment& s,
                                  double* t_axis = nullptr);

}  // namespace lamina::spatial
