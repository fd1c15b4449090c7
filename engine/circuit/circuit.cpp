#include "engine/circuit/circuit.h"

#include <charconv>
#include <cmath>

#include "engine/errors.h"

namespace lamina::circuit {

Column Column::of_numbers(std::vector<double> values, bool integer) {
    Column c;
    c.numbers = std::move(values);
    c.is_integer = integer;
    return c;
}

Column Column::of_texts(std::vector<std::string> values) {
    Column c;
    c.is_text = true;
    c.texts = std::move(values);
    return c;
}

std::string Column::text(std::size_t i) const {
    if (is_text) return texts.at(i);
    const double v = numbers.at(i);
    if (std::isnan(v)) return {};
    char buffer[32];
    // Shortest text that reads back as the same double.
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

bool operator==(const Column& a, const Column& b) {
    if (a.is_text != b.is_text || a.is_integer != b.is_integer) return false;
    if (a.is_text) return a.texts == b.texts;
    if (a.numbers.size() != b.numbers.size()) return false;
    for (std::size_t i = 0; i < a.numbers.size(); ++i) {
        const double x = a.numbers[i], y = b.numbers[i];
        if (!(x == y) && !(std::isnan(x) && std::isnan(y))) return false;
    }
    return true;
}

std::vector<std::uint64_t> EdgeIndex::edges_of(std::uint64_t node) const {
    std::vector<std::uint64_t> edges;
    if (node >= node_id_to_ranges.size()) return edges;
    const auto [first, last] = node_id_to_ranges[node];
    for (auto r = first; r < last; ++r)
        for (auto e = range_to_edge_id[r][0]; e < range_to_edge_id[r][1]; ++e) edges.push_back(e);
    return edges;
}

EdgeIndex EdgeIndex::build(const std::vector<std::uint64_t>& node_of_edge, std::size_t nodes) {
    // Consecutive edges of the same node form one range; a node's ranges are listed
    // together (counting sort by node, keeping edge order).
    std::vector<std::vector<std::array<std::uint64_t, 2>>> ranges(nodes);
    for (std::uint64_t e = 0; e < node_of_edge.size(); ++e) {
        auto& list = ranges.at(node_of_edge[e]);
        if (!list.empty() && list.back()[1] == e) ++list.back()[1];
        else list.push_back({e, e + 1});
    }
    EdgeIndex index;
    index.node_id_to_ranges.resize(nodes);
    for (std::size_t n = 0; n < nodes; ++n) {
        const std::uint64_t first = index.range_to_edge_id.size();
        index.range_to_edge_id.insert(index.range_to_edge_id.end(), ranges[n].begin(), ranges[n].end());
        index.node_id_to_ranges[n] = {first, index.range_to_edge_id.size()};
    }
    return index;
}

std::string EdgeIndex::problem(const std::vector<std::uint64_t>& node_of_edge, std::size_t nodes) const {
    if (node_id_to_ranges.size() != nodes)
        return "node_id_to_ranges has " + std::to_string(node_id_to_ranges.size()) + " rows for " +
               std::to_string(nodes) + " nodes";
    std::vector<char> seen(node_of_edge.size(), 0);
    for (std::uint64_t n = 0; n < nodes; ++n) {
        const auto [first, last] = node_id_to_ranges[n];
        if (first > last || last > range_to_edge_id.size())
            return "node_id_to_ranges row " + std::to_string(n) + " [" + std::to_string(first) + ", " +
                   std::to_string(last) + ") is outside range_to_edge_id (" +
                   std::to_string(range_to_edge_id.size()) + " rows)";
        for (auto r = first; r < last; ++r) {
            const auto [begin, end] = range_to_edge_id[r];
            if (begin > end || end > node_of_edge.size())
                return "range_to_edge_id row " + std::to_string(r) + " [" + std::to_string(begin) + ", " +
                       std::to_string(end) + ") is outside the " + std::to_string(node_of_edge.size()) + " edges";
            for (auto e = begin; e < end; ++e) {
                if (node_of_edge[e] != n)
                    return "range_to_edge_id row " + std::to_string(r) + " gives edge " + std::to_string(e) +
                           " to node " + std::to_string(n) + ", but that edge belongs to node " +
                           std::to_string(node_of_edge[e]);
                if (seen[e]++) return "edge " + std::to_string(e) + " is listed twice";
            }
        }
    }
    for (std::uint64_t e = 0; e < seen.size(); ++e)
        if (!seen[e]) return "edge " + std::to_string(e) + " is missing from the index";
    return {};
}

namespace {
template <typename Population>
const Column* find_column(const Population& p, std::string_view attribute) {
    const auto it = p.attributes.find(attribute);
    return it == p.attributes.end() ? nullptr : &it->second;
}
template <typename Population>
std::optional<double> number_of(const Population& p, std::string_view attribute, std::uint64_t i) {
    const Column* c = find_column(p, attribute);
    if (!c || c->is_text || std::isnan(c->numbers.at(i))) return std::nullopt;
    return c->numbers[i];
}
}  // namespace

const Column* NodePopulation::find(std::string_view attribute) const { return find_column(*this, attribute); }

std::string NodePopulation::text(std::string_view attribute, std::uint64_t node, const std::string& fallback) const {
    const Column* c = find(attribute);
    return c ? c->text(node) : fallback;
}

std::optional<double> NodePopulation::number(std::string_view attribute, std::uint64_t node) const {
    return number_of(*this, attribute, node);
}

const Column* EdgePopulation::find(std::string_view attribute) const { return find_column(*this, attribute); }

std::optional<double> EdgePopulation::number(std::string_view attribute, std::uint64_t edge) const {
    return number_of(*this, attribute, edge);
}

std::string EdgePopulation::text(std::string_view attribute, std::uint64_t edge, const std::string& fallback) const {
    const Column* c = find(attribute);
    return c ? c->text(edge) : fallback;
}

const NodePopulation* Circuit::node_population(std::string_view name) const {
    for (const auto& p : nodes)
        if (p.name == name) return &p;
    return nullptr;
}

std::size_t Circuit::num_nodes() const {
    std::size_t n = 0;
    for (const auto& p : nodes) n += p.size();
    return n;
}

void Circuit::check() const {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (nodes[i].name == nodes[j].name)
                throw InvalidArgument("node population '" + nodes[i].name + "' is defined twice");
    for (const auto& e : edges) {
        const NodePopulation* sources = node_population(e.source_population);
        const NodePopulation* targets = node_population(e.target_population);
        if (!sources)
            throw InvalidArgument("edge population '" + e.name + "': source node population '" +
                                  e.source_population + "' does not exist");
        if (!targets)
            throw InvalidArgument("edge population '" + e.name + "': target node population '" +
                                  e.target_population + "' does not exist");
        for (std::size_t k = 0; k < e.size(); ++k) {
            if (e.source[k] >= sources->size())
                throw InvalidArgument("edge population '" + e.name + "', edge " + std::to_string(k) +
                                      ": source node " + std::to_string(e.source[k]) + " does not exist in '" +
                                      sources->name + "' (" + std::to_string(sources->size()) + " nodes)");
            if (e.target[k] >= targets->size())
                throw InvalidArgument("edge population '" + e.name + "', edge " + std::to_string(k) +
                                      ": target node " + std::to_string(e.target[k]) + " does not exist in '" +
                                      targets->name + "' (" + std::to_string(targets->size()) + " nodes)");
        }
    }
}

}  // namespace lamina::circuit
