#pragma once
// The electrical types a cell type of a recipe can name: the squid membranes of the first
// columns (hh_soma, hh_all, at 6.3 °C) and the cortical e-types built from the channel
// catalogue (at 34 °C; their models are resources/emodels/<name>.json).

#include <string>
#include <string_view>
#include <vector>

namespace lamina::builder {

struct ElectricalType {
    std::string name;         // "FS_basket"
    std::string description;  // for tooltips and the README
    bool cortical = false;    // an e-model at 34 °C (false: a squid membrane at 6.3 °C)
};

const std::vector<ElectricalType>& electrical_types();
const ElectricalType* find_electrical_type(std::string_view name);

// [°C] and [mV] a column runs at: 34 and -70 when any cell type has a cortical e-type,
// the squid's 6.3 and -65 otherwise.
struct ColumnConditions {
    double celsius, v_init;
};
struct Recipe;
ColumnConditions column_conditions(const Recipe& recipe);

}  // namespace lamina::builder
