#pragma once
// A circuit's geometry made ready to draw, off the GUI thread: batched polylines at two
// levels of detail (a still one and a lighter one shown while the camera moves), soma
// impostors, and the bookkeeping that recolours them by voltage. Opaque: VTK stays
// inside render/.

#include <cstddef>
#include <memory>

#include "engine/spatial/circuit_geometry.h"

namespace lamina::render {

struct CircuitSceneOptions {
    // Segment budgets [segments]; beyond them sections are simplified (Douglas–Peucker
    // at the tolerance that fits), and when even one segment per section is too many,
    // only somata are drawn.
    std::size_t still_segments = 400'000;
    std::size_t moving_segments = 12'000;  // ~30 fps for 1,000 cells under Mesa llvmpipe
    // The reference the benchmark compares with: one actor per cell, vtkTubeFilter tubes.
    bool naive_tubes = false;
};

class CircuitScene;

// Safe to call on any thread; the result is read-only and can be shown by any view.
std::shared_ptr<const CircuitScene> prepareCircuitScene(std::shared_ptr<const spatial::CircuitGeometry> geometry,
                                                        const CircuitSceneOptions& options = {});

struct CircuitSceneStats {
    std::size_t cells = 0;
    std::size_t segments = 0;         // in the geometry
    std::size_t still_segments = 0;   // drawn when the camera rests
    std::size_t moving_segments = 0;  // drawn while it moves
    double still_tolerance = 0.0;     // [µm] Douglas–Peucker; infinite: somata only
    double moving_tolerance = 0.0;
};
CircuitSceneStats sceneStats(const CircuitScene& scene);
const spatial::CircuitGeometry& sceneGeometry(const CircuitScene& scene);

}  // namespace lamina::render
