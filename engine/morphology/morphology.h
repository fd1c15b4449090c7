#pragma once
// A read-only neuron morphology stored as flat arrays (structure of arrays), following
// MorphIO's conventions:
//  - a section starts at the soma or at a branch point; an unbranched run is one section;
//  - the first point of a child section duplicates its parent's last point;
//  - the soma is not a section: it has its own description (Soma).
// Build one with MorphologyBuilder (the editable tree); see morphology_builder.h.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lamina {

struct Point3 {
    double x = 0.0;  // [µm]
    double y = 0.0;  // [µm]
    double z = 0.0;  // [µm]

    friend bool operator==(const Point3&, const Point3&) = default;
};

double distance(const Point3& a, const Point3& b);

// SWC type codes. Values >= 5 are custom types and are kept as they are.
enum class SectionType : std::int32_t {
    undefined = 0,
    soma = 1,
    axon = 2,
    basal_dendrite = 3,
    apical_dendrite = 4,
};

// "axon", "basal_dendrite", ..., "custom_7" for custom types.
std::string to_string(SectionType type);
bool is_custom(SectionType type);

enum class SomaType {
    none,                   // no soma in the file
    single_point,           // one point; the sphere of that diameter
    three_point_cylinders,  // NeuroMorpho's three points along y: centre, centre±r
    cylinders,              // a stack of points forming frusta along its axis
    contour,                // a closed outline (Neurolucida, H5 v1)
};

const char* to_string(SomaType type);

struct Soma {
    SomaType type = SomaType::none;
    std::vector<Point3> points;     // [µm]
    std::vector<double> diameters;  // [µm]
};

using SectionId = std::uint32_t;
inline constexpr std::int32_t no_parent = -1;

class Morphology {
public:
    Morphology() = default;

    std::size_t num_sections() const noexcept { return section_types_.size(); }
    std::size_t num_points() const noexcept { return points_.size(); }

    // All neurite points, section after section.
    std::span<const Point3> points() const noexcept { return points_; }
    std::span<const double> diameters() const noexcept { return diameters_; }
    // Empty unless the file carried perimeters (H5 v1 /perimeters).
    std::span<const double> perimeters() const noexcept { return perimeters_; }

    // num_sections()+1 entries: section s owns points [offsets[s], offsets[s+1]).
    std::span<const std::uint32_t> section_offsets() const noexcept { return section_offsets_; }
    std::span<const std::int32_t> section_parents() const noexcept { return section_parents_; }
    std::span<const SectionType> section_types() const noexcept { return section_types_; }

    std::span<const Point3> section_points(SectionId s) const;
    std::span<const double> section_diameters(SectionId s) const;
    std::int32_t section_parent(SectionId s) const { return section_parents_.at(s); }
    SectionType section_type(SectionId s) const { return section_types_.at(s); }
    std::span<const SectionId> section_children(SectionId s) const;
    // Sections without a parent (attached to the soma, or disconnected), in file order.
    std::span<const SectionId> root_sections() const noexcept { return roots_; }

    const Soma& soma() const noexcept { return soma_; }

    // Where it came from, for messages ("cell.swc"); may be empty.
    const std::string& source() const noexcept { return source_; }

private:
    friend class MorphologyBuilder;

    std::vector<Point3> points_;                  // [µm]
    std::vector<double> diameters_;               // [µm]
    std::vector<double> perimeters_;              // [µm], empty or one per point
    std::vector<std::uint32_t> section_offsets_;  // index into points_
    std::vector<std::int32_t> section_parents_;   // section index or no_parent
    std::vector<SectionType> section_types_;
    // Children of each section as compressed rows: children_[child_offsets_[s] ..).
    std::vector<std::uint32_t> child_offsets_;
    std::vector<SectionId> children_;
    std::vector<SectionId> roots_;
    Soma soma_;
    std::string source_;
};

}  // namespace lamina
