#pragma once
// The shapes of a circuit's cells in the circuit's frame, flat across cells (structure
// of arrays), with what each point shows: its compartment, so a voltage snapshot colours
// it. The 3D view draws from this, the segment index is built from it, and a level of
// detail is a subset of its points chosen by Douglas–Peucker importance.

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/circuit/placement.h"
#include "engine/sim/network.h"
#include "engine/spatial/segment_index.h"

namespace lamina::spatial {

struct CircuitGeometry {
    // Per cell.
    std::vector<sim::Gid> gids;
    std::vector<Point3> soma_centre;           // [µm]
    std::vector<double> soma_radius;           // [µm], 0 without a soma section
    std::vector<std::uint32_t> soma_node;      // compartment at the soma centre
    std::vector<std::uint32_t> cell_sections;  // offsets into the section arrays, cells + 1
    // Per drawn section (neurites; the soma is drawn as a sphere).
    std::vector<std::uint32_t> section_id;     // index within its cell
    std::vector<SectionType> section_type;
    std::vector<std::uint32_t> section_points; // offsets into the point arrays, sections + 1
    // Per point.
    std::vector<Point3> points;          // [µm] in the circuit's frame
    std::vector<float> radius;           // [µm]
    std::vector<float> x;                // position along its section, in [0, 1]
    std::vector<std::uint32_t> node;     // compartment (index in the cell's voltage snapshot)
    // How much each point matters to the shape [µm]: the Douglas–Peucker deviation at
    // which it would be dropped (infinite for section ends). Keeping the points above a
    // tolerance is the Douglas–Peucker simplification at that tolerance.
    std::vector<float> importance;

    std::size_t cells() const noexcept { return gids.size(); }
    std::size_t sections() const noexcept { return section_id.size(); }
    std::size_t segments() const noexcept { return points.size() - sections(); }
    // Index of the cell holding a drawn section.
    std::uint32_t cell_of_section(std::uint32_t section) const;
};

// The radius a point neuron is drawn with: a soma-sized sphere [µm].
inline constexpr double point_neuron_radius = 6.0;

// The geometry of the cells `gids` of a network (spike sources are skipped), each placed
// by `placement(gid)`; a point neuron is a soma alone, a sphere of point_neuron_radius.
// Cells sharing a description are discretised once.
CircuitGeometry make_circuit_geometry(const sim::Network& network, const std::vector<sim::Gid>& gids,
                                      const std::function<circuit::NodePlacement(sim::Gid)>& placement);

// The tolerance [µm] that keeps at most `max_segments` segments: keep the points whose
// importance exceeds it; 0 when all fit (keep every point), infinite when not even one
// segment per section fits.
double tolerance_for_budget(const CircuitGeometry& geometry, std::size_t max_segments);

// The index over every segment of every cell and one sphere per soma (section 0, x 0.5);
// IndexedSegment::cell is the cell's position in `geometry.gids`.
SegmentIndex index_geometry(const CircuitGeometry& geometry, double min_radius = 0.0);

}  // namespace lamina::spatial
