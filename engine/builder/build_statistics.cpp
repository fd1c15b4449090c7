#include "engine/builder/build_statistics.h"

#include <limits>
#include <numeric>

namespace lamina::builder {

std::size_t BuildStatistics::cells_in_layer(std::size_t layer) const {
    const auto& row = cells_per_type.at(layer);
    return std::accumulate(row.begin(), row.end(), std::size_t{0});
}

double BuildStatistics::mean_synapses_per_connection() const {
    return connections ? static_cast<double>(synapses) / static_cast<double>(connections) : 0.0;
}

BuildStatistics placement_statistics(const Recipe& recipe, const std::vector<PlacedCell>& cells) {
    BuildStatistics s;
    for (const LayerSpec& l : recipe.layers) s.layer_names.push_back(l.name);
    for (const CellType& t : recipe.cell_types) {
        s.type_names.push_back(t.name);
        s.type_layer.push_back(static_cast<std::size_t>(std::max(0, layer_index(recipe, t.layer))));
    }
    s.cells_per_type.assign(recipe.layers.size(), std::vector<std::size_t>(recipe.cell_types.size(), 0));
    for (const PlacedCell& c : cells) ++s.cells_per_type.at(c.layer).at(c.type);
    s.cells = cells.size();
    const std::size_t n = recipe.cell_types.size();
    const double none = std::numeric_limits<double>::quiet_NaN();
    s.target_probability.assign(n, std::vector<double>(n, none));
    s.achieved_probability = s.target_probability;
    return s;
}

BuildStatistics build_statistics(const BuiltColumn& column) {
    BuildStatistics s = placement_statistics(column.recipe, column.cells);
    for (const PathwayReport& p : column.pathways) {
        const int pre = cell_type_index(column.recipe, p.pre), post = cell_type_index(column.recipe, p.post);
        if (pre < 0 || post < 0) continue;
        const auto i = static_cast<std::size_t>(pre), j = static_cast<std::size_t>(post);
        s.target_probability[i][j] = p.target_probability;
        s.achieved_probability[i][j] = p.achieved_probability;
    }
    // Synapses come sorted by (post, pre): a connection is a run of one pair.
    const auto& synapses = column.synapses;
    for (std::size_t k = 0; k < synapses.size();) {
        std::size_t end = k + 1;
        while (end < synapses.size() && synapses[end].touch.pre == synapses[k].touch.pre &&
               synapses[end].touch.post == synapses[k].touch.post)
            ++end;
        const std::size_t count = end - k;
        if (s.synapses_per_connection.size() <= count) s.synapses_per_connection.resize(count + 1, 0);
        ++s.synapses_per_connection[count];
        ++s.connections;
        k = end;
    }
    s.synapses = synapses.size();
    s.touches = column.touch_count;
    return s;
}

}  // namespace lamina::builder
