#include "render/morphology_geometry.h"

namespace lamina::render {

std::array<unsigned char, 3> sectionTypeColor(SectionType type) {
    switch (type) {
        case SectionType::soma: return {90, 90, 100};
        case SectionType::axon: return {70, 130, 230};
        case SectionType::basal_dendrite: return {220, 70, 60};
        case SectionType::apical_dendrite: return {230, 90, 200};
        case SectionType::undefined: return {200, 200, 200};
    }
    return {90, 190, 90};  // custom types
}

MorphologyGeometryStats geometryStats(const Morphology& m) {
    MorphologyGeometryStats stats;
    stats.polylines = m.num_sections();
    for (SectionId s = 0; s < m.num_sections(); ++s) {
        const auto n = m.section_points(s).size();
        stats.segments += n > 0 ? n - 1 : 0;
    }
    stats.soma = m.soma().type != SomaType::none;
    return stats;
}

}  // namespace lamina::render
