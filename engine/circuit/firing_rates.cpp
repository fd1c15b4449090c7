#include "engine/circuit/firing_rates.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace lamina::circuit {

std::vector<GroupRate> firing_rates(const Circuit& circuit, const GidMap& gids, const std::vector<sim::Spike>& spikes,
                                    double duration_ms) {
    std::vector<std::size_t> count(gids.size(), 0);
    for (const sim::Spike& s : spikes)
        if (s.gid < count.size()) ++count[s.gid];
    const double seconds = duration_ms * 1e-3;
    std::vector<GroupRate> out;
    for (const GidRange& range : gids.ranges()) {
        if (range.is_virtual) continue;
        const NodePopulation* p = circuit.node_population(range.population);
        if (!p) continue;
        const char* by = p->find("mtype") ? "mtype" : p->find("layer") ? "layer" : nullptr;
        std::map<std::string, std::size_t> index;  // group -> position in out
        for (std::uint64_t i = 0; i < p->size(); ++i) {
            if (p->text("model_type", i) == "virtual") continue;
            const std::string group = by ? p->text(by, i) : std::string();
            auto [it, fresh] = index.try_emplace(group, out.size());
            const std::string layer = p->text("layer", i);
            if (fresh) out.push_back({range.population, group, layer, 0, 0, 0, 0});
            GroupRate& g = out[it->second];
            if (g.layer != layer) g.layer.clear();
            const double hz = seconds > 0 ? static_cast<double>(count[range.first + i]) / seconds : 0.0;
            ++g.cells;
            g.silent += hz == 0;
            g.mean_hz += hz;
            g.max_hz = std::max(g.max_hz, hz);
        }
    }
    for (GroupRate& g : out)
        if (g.cells) g.mean_hz /= static_cast<double>(g.cells);
    return out;
}

std::string format_firing_rates(const std::vector<GroupRate>& rates) {
    std::string text = "firing rates (Hz):\n";
    char line[200];
    std::snprintf(line, sizeof line, "  %-22s %-6s %6s %8s %8s %8s\n", "group", "layer", "cells", "mean", "max", "silent");
    text += line;
    for (const GroupRate& g : rates) {
        const std::string name = g.group.empty() ? g.population : g.group;
        std::snprintf(line, sizeof line, "  %-22s %-6s %6zu %8.2f %8.1f %7.0f%%\n", name.c_str(), g.layer.c_str(), g.cells,
                      g.mean_hz, g.max_hz, g.cells ? 100.0 * static_cast<double>(g.silent) / static_cast<double>(g.cells) : 0.0);
        text += line;
    }
    return text;
}

}  // namespace lamina::circuit
