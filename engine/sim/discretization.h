#pragma once
// A cell description turned into NEURON's compartments, so results compare node for node:
//  - each section of nseg segments has a node at every segment centre plus a zero-area
//    node at its x = 1 end; the cell has one zero-area root node (x = 0 of the root);
//  - areas and axial resistances are integrated over the frusta between 3D points;
//  - zero-area nodes carry NEURON's nominal area of 100 µm² (used only to convert point
//    currents) and no capacitance or density mechanism.
// Nodes are numbered parents first, as the Hines solver needs.

#include <cstdint>
#include <vector>

#include "engine/sim/cell_description.h"

namespace lamina::sim {

struct Discretization {
    std::vector<std::int32_t> parent;  // parent node, -1 for the root
    std::vector<double> area;          // [µm²]
    std::vector<double> rinv;          // [µS] conductance to the parent node
    std::vector<double> cm;            // [µF/cm²], 0 on zero-area nodes
    std::vector<std::int32_t> section; // owning section of each node, -1 for the root
    std::vector<std::uint32_t> section_first;  // first segment node of each section
    std::vector<std::uint32_t> section_nseg;
    std::vector<std::uint32_t> section_end;    // the x = 1 node
    std::vector<std::uint32_t> section_start;  // the x = 0 node (on the parent, or the root)

    std::size_t size() const noexcept { return parent.size(); }
    // NEURON's node for a location: x = 0 and x = 1 are the end nodes, anything between
    // the centre of the segment that contains x.
    std::uint32_t node_at(const Location& where) const;
    // The segment nodes (with membrane) of a section.
    bool has_membrane(std::uint32_t node) const { return cm[node] > 0; }
};

// nseg of a section: its explicit value, else NEURON's d_lambda rule.
int nseg_for(const CellDescription& cell, std::uint32_t section);

Discretization discretize(const CellDescription& cell);

// [µm] Each node's path distance from the soma's centre (CellDescription::path_distance):
// a segment node's at its centre, an end node's at its end.
std::vector<double> node_distances(const CellDescription& cell, const Discretization& layout);

}  // namespace lamina::sim
