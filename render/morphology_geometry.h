#pragma once
// Morphology → renderable geometry, independent of any widget so tests and the circuit
// scene can reuse it. VTK types stay in the .cpp; callers see counts only.

#include <array>
#include <cstddef>

#include "engine/morphology/morphology.h"

namespace lamina::render {

// The colour of each section type (RGB 0..255), shared by the view and its legend.
std::array<unsigned char, 3> sectionTypeColor(SectionType type);

struct MorphologyGeometryStats {
    std::size_t segments = 0;  // line segments between consecutive points
    std::size_t polylines = 0; // one per section
    bool soma = false;
};

MorphologyGeometryStats geometryStats(const Morphology& morphology);

}  // namespace lamina::render
