#include "engine/circuit/representative_cells.h"

#include <map>
#include <string>

namespace lamina::circuit {

std::vector<Gid> representative_cells(const Circuit& circuit, const GidMap& gids, std::size_t at_most) {
    struct Pick {
        Gid gid;
        bool excitatory;
    };
    std::vector<std::string> order;  // groups as first seen
    std::map<std::string, Pick> picks;
    std::vector<Gid> first;  // fallback: the first cells
    for (const GidRange& range : gids.ranges()) {
        if (range.is_virtual) continue;
        const NodePopulation* p = circuit.node_population(range.population);
        if (!p) continue;
        const char* by = p->find("layer") ? "layer" : p->find("mtype") ? "mtype" : nullptr;
        for (std::uint64_t i = 0; i < p->size(); ++i) {
            // Traces record cable cells: a point neuron's membrane has no probe yet.
            const std::string type = p->text("model_type", i);
            if (type == "virtual" || type == "point_neuron" || type == "point_process") continue;
            const Gid gid = range.first + static_cast<Gid>(i);
            if (first.size() < at_most) first.push_back(gid);
            if (!by) continue;
            const std::string group = range.population + "/" + p->text(by, i);
            const bool excitatory = p->text("synapse_class", i) == "EXC";
            auto [it, fresh] = picks.try_emplace(group, Pick{gid, excitatory});
            if (fresh) order.push_back(group);
            else if (excitatory && !it->second.excitatory) it->second = {gid, true};
        }
    }
    if (order.empty()) return first;
    std::vector<Gid> out;
    for (const std::string& group : order) {
        if (out.size() == at_most) break;
        out.push_back(picks.at(group).gid);
    }
    return out;
}

}  // namespace lamina::circuit
