#pragma once
// What a built column is made of, as the builder's statistics views show it: cells per
// layer and type, the connection probability per pair of types (achieved against the
// recipe's target), and how many synapses each connection has.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/builder/column_builder.h"

namespace lamina::builder {

struct BuildStatistics {
    std::vector<std::string> layer_names, type_names;
    std::vector<std::size_t> type_layer;                   // per type: index into layer_names
    std::vector<std::vector<std::size_t>> cells_per_type;  // [layer][type]
    // [pre type][post type]: among pairs closer than the pathway's stated distance; NaN
    // where the recipe has no pathway.
    std::vector<std::vector<double>> target_probability, achieved_probability;
    // synapses_per_connection[k]: connections made of k synapses (index 0 stays 0).
    std::vector<std::size_t> synapses_per_connection;
    std::size_t cells = 0, connections = 0, synapses = 0, touches = 0;

    std::size_t cells_in_layer(std::size_t layer) const;
    double mean_synapses_per_connection() const;
};

// Cells per layer and type of a placement (the preview knows no more).
BuildStatistics placement_statistics(const Recipe& recipe, const std::vector<PlacedCell>& cells);
// Everything, for a finished build.
BuildStatistics build_statistics(const BuiltColumn& column);

}  // namespace lamina::builder
