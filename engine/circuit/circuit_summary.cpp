#include "engine/circuit/circuit_summary.h"

#include <map>
#include <string>

namespace lamina::circuit {

namespace {

// Counts by an attribute over the cells (non-virtual nodes) of every population, in
// order of first appearance.
std::vector<std::pair<std::string, std::size_t>> counts_by(const Circuit& circuit, const char* attribute,
                                                           bool file_stem = false) {
    std::vector<std::pair<std::string, std::size_t>> out;
    std::map<std::string, std::size_t> index;
    for (const NodePopulation& p : circuit.nodes) {
        if (!p.find(attribute)) continue;
        for (std::uint64_t i = 0; i < p.size(); ++i) {
            if (p.text("model_type", i) == "virtual") continue;
            std::string key = p.text(attribute, i);
            if (file_stem && key.size() > 5 && key.ends_with(".json")) key.resize(key.size() - 5);
            const auto [it, fresh] = index.try_emplace(key, out.size());
            if (fresh) out.emplace_back(key, 0);
            ++out[it->second].second;
        }
    }
    return out;
}

void breakdown(std::vector<SummaryRow>& rows, const std::string& label,
               const std::vector<std::pair<std::string, std::size_t>>& counts) {
    if (counts.empty()) return;
    rows.push_back({label, std::to_string(counts.size()), 0});
    for (const auto& [name, n] : counts) rows.push_back({name.empty() ? "(none)" : name, std::to_string(n), 1});
}

}  // namespace

std::vector<SummaryRow> circuit_summary_rows(const Circuit& circuit) {
    std::vector<SummaryRow> rows;
    std::size_t cells = 0, inputs = 0;
    for (const NodePopulation& p : circuit.nodes)
        for (std::uint64_t i = 0; i < p.size(); ++i) (p.text("model_type", i) == "virtual" ? inputs : cells) += 1;
    rows.push_back({"Populations", std::to_string(circuit.nodes.size()), 0});
    for (const NodePopulation& p : circuit.nodes) rows.push_back({p.name, std::to_string(p.size()) + " nodes", 1});
    rows.push_back({"Cells", std::to_string(cells), 0});
    if (inputs) rows.push_back({"Input nodes", std::to_string(inputs), 0});
    breakdown(rows, "Layers", counts_by(circuit, "layer"));
    breakdown(rows, "M-types", counts_by(circuit, "mtype"));
    breakdown(rows, "Cell models", counts_by(circuit, "dynamics_params", true));
    // Synapses between cells apart from the inputs' (edges from virtual populations).
    std::size_t synapses = 0, input_synapses = 0;
    for (const EdgePopulation& e : circuit.edges) {
        const NodePopulation* source = circuit.node_population(e.source_population);
        const bool from_inputs = source && source->size() > 0 && source->text("model_type", 0) == "virtual";
        (from_inputs ? input_synapses : synapses) += e.size();
    }
    rows.push_back({"Synapses", std::to_string(synapses), 0});
    if (input_synapses) rows.push_back({"Input synapses", std::to_string(input_synapses), 0});
    return rows;
}

}  // namespace lamina::circuit
