#include "engine/builder/soma_placement.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "engine/errors.h"
#include "engine/sim/random.h"

namespace lamina::builder {

namespace {

// Stream numbers keep the draws of different purposes apart.
constexpr std::uint64_t position_stream = 0x1000;
constexpr std::uint64_t rotation_stream = 0x2000;

// A uniform grid whose cells (side d/√3, diagonal d) hold at most one soma each; the
// somata within d of a point lie in the 5×5×5 cells around its own. A hash map keeps
// the grid sparse.
class MinimumDistanceGrid {
public:
    explicit MinimumDistanceGrid(double distance) : d_(distance), side_(distance / std::sqrt(3.0)) {}

    bool free(const Eigen::Vector3d& p) const {
        if (d_ <= 0) return true;
        const auto [i, j, k] = key(p);
        for (int di = -2; di <= 2; ++di)
            for (int dj = -2; dj <= 2; ++dj)
                for (int dk = -2; dk <= 2; ++dk) {
                    const auto it = cells_.find(pack(i + di, j + dj, k + dk));
                    if (it != cells_.end() && (it->second - p).squaredNorm() < d_ * d_) return false;
                }
        return true;
    }

    void add(const Eigen::Vector3d& p) {
        if (d_ <= 0) return;
        const auto [i, j, k] = key(p);
        cells_.emplace(pack(i, j, k), p);
    }

private:
    std::tuple<std::int64_t, std::int64_t, std::int64_t> key(const Eigen::Vector3d& p) const {
        return {static_cast<std::int64_t>(std::floor(p.x() / side_)), static_cast<std::int64_t>(std::floor(p.y() / side_)),
                static_cast<std::int64_t>(std::floor(p.z() / side_))};
    }
    static std::uint64_t pack(std::int64_t i, std::int64_t j, std::int64_t k) {
        const auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v + (1 << 20)) & 0x1fffff; };
        return u(i) << 42 | u(j) << 21 | u(k);
    }

    double d_, side_;
    std::unordered_map<std::uint64_t, Eigen::Vector3d> cells_;
};

}  // namespace

bool inside_column(const Recipe& recipe, double x, double z) {
    const double r = column_radius(recipe);
    if (recipe.shape == ColumnShape::cylinder) return x * x + z * z <= r * r;
    // A hexagon with corners on the x axis: |z| <= r √3/2, and the slanted sides.
    const double h = r * std::sqrt(3.0) / 2;
    const double ax = std::abs(x), az = std::abs(z);
    return az <= h && std::sqrt(3.0) * ax + az <= std::sqrt(3.0) * r;
}

std::vector<std::uint64_t> cell_counts(const Recipe& recipe) {
    std::vector<std::uint64_t> counts;
    for (const double n : expected_cells(recipe)) counts.push_back(static_cast<std::uint64_t>(std::llround(n)));
    return counts;
}

std::vector<PlacedCell> place_somata(const Recipe& recipe) {
    validate(recipe);
    const auto counts = cell_counts(recipe);
    const double r = column_radius(recipe);
    std::vector<PlacedCell> cells;
    MinimumDistanceGrid grid(recipe.min_soma_distance);  // across layers too: somata near a boundary
    for (std::size_t layer = 0; layer < recipe.layers.size(); ++layer) {
        std::uint64_t wanted = 0;
        for (std::size_t t = 0; t < recipe.cell_types.size(); ++t)
            if (layer_index(recipe, recipe.cell_types[t].layer) == static_cast<int>(layer)) wanted += counts[t];
        if (wanted == 0) continue;
        const auto [bottom, top] = layer_extent(recipe, layer);
        // Random sequential addition: uniform darts, kept when no soma is too close.
        std::vector<Eigen::Vector3d> positions;
        positions.reserve(wanted);
        const std::uint64_t stream = position_stream + layer;
        const std::uint64_t budget = 200 * wanted + 10'000;
        std::uint64_t draw = 0;
        while (positions.size() < wanted && draw < budget) {
            const double x = (2 * sim::uniform_open(recipe.seed, stream, 3 * draw) - 1) * r;
            const double z = (2 * sim::uniform_open(recipe.seed, stream, 3 * draw + 1) - 1) * r;
            const double y = bottom + (top - bottom) * sim::uniform_open(recipe.seed, stream, 3 * draw + 2);
            ++draw;
            if (!inside_column(recipe, x, z)) continue;
            const Eigen::Vector3d p(x, y, z);
            if (!grid.free(p)) continue;
            grid.add(p);
            positions.push_back(p);
        }
        if (positions.size() < wanted)
            throw InvalidArgument("recipe: layer " + recipe.layers[layer].name + " cannot hold " + std::to_string(wanted) +
                                  " cells " + std::to_string(recipe.min_soma_distance) +
                                  " µm apart (placed " + std::to_string(positions.size()) +
                                  "): lower the densities or min_soma_distance, or widen the column");
        // Types in recipe order take consecutive darts: the darts are uniform, so each
        // type is spread over the whole layer.
        std::size_t next = 0;
        for (std::size_t t = 0; t < recipe.cell_types.size(); ++t) {
            if (layer_index(recipe, recipe.cell_types[t].layer) != static_cast<int>(layer)) continue;
            for (std::uint64_t n = 0; n < counts[t]; ++n, ++next) {
                PlacedCell cell;
                cell.type = static_cast<std::uint32_t>(t);
                cell.layer = static_cast<std::uint32_t>(layer);
                cell.position = positions[next];
                cell.rotation_y =
                    2 * std::numbers::pi * sim::uniform_open(recipe.seed, rotation_stream, cells.size());
                cells.push_back(cell);
            }
        }
    }
    return cells;
}

}  // namespace lamina::builder
