#pragma once
// A circuit as SONATA stores it: node populations and edge populations, each a set of
// named columns with one value per node or edge (structure of arrays, no objects per
// cell). Reading and writing SONATA is a copy into and out of these types (io/sonata/);
// turning a circuit into something to simulate is network_builder.h.
//
// Attribute values are resolved on reading: a node's value comes from its HDF5 group
// when the group has the attribute, else from its row of node_types.csv. Writers may
// move columns that are constant per type back into the CSV.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lamina::circuit {

// One attribute for every node (or edge) of a population: numbers or texts.
struct Column {
    bool is_text = false;
    bool is_integer = false;         // numbers that are all whole (stored as int64 in files)
    std::vector<double> numbers;     // when !is_text; NaN where a node has no value
    std::vector<std::string> texts;  // when is_text; "" where a node has no value

    static Column of_numbers(std::vector<double> values, bool integer = false);
    static Column of_texts(std::vector<std::string> values);
    std::size_t size() const noexcept { return is_text ? texts.size() : numbers.size(); }
    // The value as text (numbers printed exactly), for messages, CSVs and node sets.
    std::string text(std::size_t i) const;
    friend bool operator==(const Column&, const Column&);
};

using Columns = std::map<std::string, Column, std::less<>>;

// For each node, the edges that start (or end) there, as SONATA's indices store them:
// node_id_to_ranges[node] = [first, last) rows of range_to_edge_id, each row an
// [first, last) range of edge ids.
struct EdgeIndex {
    std::vector<std::array<std::uint64_t, 2>> node_id_to_ranges;
    std::vector<std::array<std::uint64_t, 2>> range_to_edge_id;

    bool empty() const noexcept { return node_id_to_ranges.empty(); }
    std::vector<std::uint64_t> edges_of(std::uint64_t node) const;
    // Built from the node id of every edge (source or target), for `nodes` nodes.
    static EdgeIndex build(const std::vector<std::uint64_t>& node_of_edge, std::size_t nodes);
    // An explanation when the index does not describe exactly these edges, else "".
    std::string problem(const std::vector<std::uint64_t>& node_of_edge, std::size_t nodes) const;
    friend bool operator==(const EdgeIndex&, const EdgeIndex&) = default;
};

struct NodePopulation {
    std::string name;
    std::vector<std::int64_t> node_type_id;  // one per node; node ids are 0..size-1
    Columns attributes;                      // model_type, x, y, z, morphology, ...

    std::size_t size() const noexcept { return node_type_id.size(); }
    const Column* find(std::string_view attribute) const;
    // The attribute's text for one node, or `fallback` when the column is missing.
    std::string text(std::string_view attribute, std::uint64_t node, const std::string& fallback = {}) const;
    std::optional<double> number(std::string_view attribute, std::uint64_t node) const;
    friend bool operator==(const NodePopulation&, const NodePopulation&) = default;
};

struct EdgePopulation {
    std::string name;
    std::string source_population, target_population;
    std::vector<std::uint64_t> source, target;  // node ids, one per edge
    std::vector<std::int64_t> edge_type_id;
    Columns attributes;                         // syn_weight, delay, afferent_section_id, ...
    EdgeIndex by_source, by_target;

    std::size_t size() const noexcept { return source.size(); }
    const Column* find(std::string_view attribute) const;
    std::optional<double> number(std::string_view attribute, std::uint64_t edge) const;
    std::string text(std::string_view attribute, std::uint64_t edge, const std::string& fallback = {}) const;
    friend bool operator==(const EdgePopulation&, const EdgePopulation&) = default;
};

// Folders the populations' file names refer to (circuit_config.json "components").
struct Components {
    std::string morphologies_dir;
    std::string biophysical_neuron_models_dir;
    std::string synaptic_models_dir;
    std::string point_neuron_models_dir;
    std::string mechanisms_dir;  // users' mod files (io/mechanism_plugins.h)
    std::string templates_dir;   // model_template files (NeuroML cells)
    friend bool operator==(const Components&, const Components&) = default;
};

struct Circuit {
    std::vector<NodePopulation> nodes;
    std::vector<EdgePopulation> edges;
    Components components;

    const NodePopulation* node_population(std::string_view name) const;
    std::size_t num_nodes() const;
    // Checks what ties populations together: edge endpoints name existing node
    // populations and every node id is in range; node ids within a population are
    // unique by construction. Throws InvalidArgument naming population and edge.
    void check() const;
    friend bool operator==(const Circuit&, const Circuit&) = default;
};

}  // namespace lamina::circuit
