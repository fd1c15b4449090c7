#include "engine/circuit/node_sets.h"

#include <algorithm>

#include "engine/errors.h"

namespace lamina::circuit {

namespace {

void select(const Circuit& circuit, const std::map<std::string, NodeSetRule>& sets, const std::string& name,
            std::vector<std::string>& stack, std::map<const NodePopulation*, std::vector<std::uint64_t>>& out) {
    if (std::find(stack.begin(), stack.end(), name) != stack.end())
        throw InvalidArgument("node set '" + name + "' includes itself (through compound sets)");
    const auto it = sets.find(name);
    if (it == sets.end()) {
        if (const NodePopulation* p = circuit.node_population(name)) {
            auto& ids = out[p];
            for (std::uint64_t i = 0; i < p->size(); ++i) ids.push_back(i);
            return;
        }
        std::string known;
        for (const auto& [n, rule] : sets) known += (known.empty() ? "" : ", ") + n;
        for (const auto& p : circuit.nodes) known += (known.empty() ? "" : ", ") + p.name;
        throw InvalidArgument("unknown node set '" + name + "' (known: " + (known.empty() ? "none" : known) + ")");
    }
    const NodeSetRule& rule = it->second;
    if (!rule.compound.empty()) {
        stack.push_back(name);
        for (const auto& part : rule.compound) select(circuit, sets, part, stack, out);
        stack.pop_back();
        return;
    }
    for (const NodePopulation& p : circuit.nodes) {
        if (rule.population && *rule.population != p.name) continue;
        std::vector<const Column*> columns;
        for (const auto& [attribute, values] : rule.attributes) {
            const Column* c = p.find(attribute);
            columns.push_back(c);
        }
        auto matches = [&](std::uint64_t node) {
            std::size_t k = 0;
            for (const auto& [attribute, values] : rule.attributes) {
                const Column* c = columns[k++];
                if (!c) return false;
                const std::string value = c->text(node);
                if (std::find(values.begin(), values.end(), value) == values.end()) return false;
            }
            return true;
        };
        auto& ids = out[&p];
        if (rule.node_ids) {
            for (std::uint64_t id : *rule.node_ids) {
                if (id >= p.size())
                    throw InvalidArgument("node set '" + name + "': node id " + std::to_string(id) +
                                          " is outside population '" + p.name + "' (" + std::to_string(p.size()) +
                                          " nodes)");
                if (matches(id)) ids.push_back(id);
            }
        } else {
            for (std::uint64_t id = 0; id < p.size(); ++id)
                if (matches(id)) ids.push_back(id);
        }
    }
    if (rule.population && !circuit.node_population(*rule.population))
        throw InvalidArgument("node set '" + name + "': population '" + *rule.population + "' does not exist");
}

}  // namespace

std::vector<NodeSelection> select_nodes(const Circuit& circuit, const std::map<std::string, NodeSetRule>& sets,
                                        const std::string& name) {
    std::map<const NodePopulation*, std::vector<std::uint64_t>> found;
    std::vector<std::string> stack;
    select(circuit, sets, name, stack, found);
    std::vector<NodeSelection> result;
    for (const NodePopulation& p : circuit.nodes) {  // in circuit order
        const auto it = found.find(&p);
        if (it == found.end() || it->second.empty()) continue;
        auto ids = std::move(it->second);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        result.push_back({&p, std::move(ids)});
    }
    return result;
}

}  // namespace lamina::circuit
