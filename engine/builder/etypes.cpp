#include "engine/builder/etypes.h"

#include "engine/builder/recipe.h"

namespace lamina::builder {

const std::vector<ElectricalType>& electrical_types() {
    static const std::vector<ElectricalType> types{
        {"hh_soma", "Hodgkin-Huxley squid channels at the soma, passive elsewhere (6.3 °C)", false},
        {"hh_all", "Hodgkin-Huxley squid channels on every section (6.3 °C)", false},
        {"RS_pyramidal",
         "regular-spiking adapting pyramidal cell: Hay et al. 2011 channels, Ih growing along the apical dendrite, a Ca2+ "
         "hot zone",
         true},
        {"FS_basket", "fast-spiking non-adapting basket cell: Kv3.1-rich soma and axon", true},
        {"LTS_martinotti", "low-threshold spiking Martinotti cell: T-type Ca2+ and Ih give rebound bursts", true},
        {"LS_neurogliaform", "late-spiking neurogliaform cell: a slowly inactivating K+ current delays the first spike",
         true},
        {"RS_stellate", "regular-spiking spiny stellate cell, adapting through SK and M currents", true},
    };
    return types;
}

const ElectricalType* find_electrical_type(std::string_view name) {
    for (const ElectricalType& t : electrical_types())
        if (t.name == name) return &t;
    return nullptr;
}

ColumnConditions column_conditions(const Recipe& recipe) {
    for (const CellType& t : recipe.cell_types)
        if (const ElectricalType* e = find_electrical_type(t.electrical_model); e && e->cortical) return {34.0, -70.0};
    return {6.3, -65.0};
}

}  // namespace lamina::builder
