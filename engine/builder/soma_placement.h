#pragma once
// Step 1 of building a column: how many cells of each type, and where their somata sit.
// Counts come from densities × layer volume (or the recipe's counts); positions are
// drawn uniformly in each layer's slab of the column with no two somata closer than the
// minimum distance (random sequential addition on a grid); each cell turns by a random
// angle about the column axis, its apical axis staying towards the pia (+y).
// Everything follows from the recipe's seed through counter-based random streams.

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "engine/builder/recipe.h"

namespace lamina::builder {

struct PlacedCell {
    std::uint32_t type = 0;   // index into recipe.cell_types
    std::uint32_t layer = 0;  // index into recipe.layers
    Eigen::Vector3d position = Eigen::Vector3d::Zero();  // [µm], y from the white matter up
    double rotation_y = 0.0;  // [rad] about the column axis
};

// Cells of each type: round(density × layer volume), or the given count.
std::vector<std::uint64_t> cell_counts(const Recipe& recipe);

// Cells sorted by layer, then type (recipe order). Throws InvalidArgument naming the
// layer when its cells do not fit at the minimum distance.
std::vector<PlacedCell> place_somata(const Recipe& recipe);

// Whether (x, z) lies inside the column's cross-section.
bool inside_column(const Recipe& recipe, double x, double z);

}  // namespace lamina::builder
