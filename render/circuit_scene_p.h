#pragma once
// Private to render/: what a prepared circuit scene holds.

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <vector>

#include "render/circuit_scene.h"

namespace lamina::render {

// One level of detail: the kept points of every section as polylines in one dataset.
struct SceneLevel {
    vtkSmartPointer<vtkPolyData> lines;        // points, polylines, "color" (RGB), "voltage"
    std::vector<std::uint32_t> source_point;   // geometry point of each drawn point
    double tolerance = 0.0;                    // [µm]; infinite: nothing drawn
    std::size_t segments = 0;
};

class CircuitScene {
public:
    std::shared_ptr<const spatial::CircuitGeometry> geometry;
    SceneLevel still, moving;
    vtkSmartPointer<vtkPolyData> somata;       // one vertex per cell: "radius", "color", "voltage"
    std::vector<vtkSmartPointer<vtkPolyData>> naive_tubes;  // one per cell, when asked for
};

// Polylines of the given cells at full detail (for the selection), same arrays.
SceneLevel selectionLines(const spatial::CircuitGeometry& geometry, const std::vector<std::uint32_t>& cells);

}  // namespace lamina::render
