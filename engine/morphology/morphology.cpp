#include "engine/morphology/morphology.h"

#include <cmath>

namespace lamina {

double distance(const Point3& a, const Point3& b) {
    const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
    return std::sqrt(dx * dx + dy * dy + dz * dz);
}

std::string to_string(SectionType type) {
    switch (type) {
        case SectionType::undefined: return "undefined";
        case SectionType::soma: return "soma";
        case SectionType::axon: return "axon";
        case SectionType::basal_dendrite: return "basal_dendrite";
        case SectionType::apical_dendrite: return "apical_dendrite";
    }
    return "custom_" + std::to_string(static_cast<std::int32_t>(type));
}

bool is_custom(SectionType type) { return static_cast<std::int32_t>(type) >= 5; }

const char* to_string(SomaType type) {
    switch (type) {
        case SomaType::none: return "none";
        case SomaType::single_point: return "single_point";
        case SomaType::three_point_cylinders: return "three_point_cylinders";
        case SomaType::cylinders: return "cylinders";
        case SomaType::contour: return "contour";
    }
    return "unknown";
}

std::span<const Point3> Morphology::section_points(SectionId s) const {
    const auto begin = section_offsets_.at(s), end = section_offsets_.at(s + 1);
    return std::span<const Point3>(points_).subspan(begin, end - begin);
}

std::span<const double> Morphology::section_diameters(SectionId s) const {
    const auto begin = section_offsets_.at(s), end = section_offsets_.at(s + 1);
    return std::span<const double>(diameters_).subspan(begin, end - begin);
}

std::span<const SectionId> Morphology::section_children(SectionId s) const {
    const auto begin = child_offsets_.at(s), end = child_offsets_.at(s + 1);
    return std::span<const SectionId>(children_).subspan(begin, end - begin);
}

}  // namespace lamina
