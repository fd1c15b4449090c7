// Reading SONATA circuits: configs, node and edge files with their type tables.

#include <cmath>
#include <filesystem>
#include <mutex>
#include <set>

#include "engine/errors.h"
#include "io/hdf5_lock.h"
#include "io/hdf5_screen.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/sonata_h5.h"
#include "io/sonata/sonata_json.h"
#include "io/sonata/type_table.h"
#include "io/text_fields.h"

namespace lamina::io {

using namespace sonata;
using circuit::Column;
using circuit::Columns;

namespace {

// A config may name another as its circuit ("network"); `chain` holds the configs read
// so far, so one that names itself (or two that name each other) is an error.
CircuitConfig read_config_chain(const std::string& path, const DiagnosticOptions& diagnostics,
                                std::vector<std::string> chain) {
    std::error_code ec;
    const std::string real = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec).string();
    for (const auto& seen : chain)
        if (seen == real) {
            std::string cycle;
            for (const auto& c : chain) cycle += c + " -> ";
            throw FileError(path, "network", "configs name each other as their circuit in a cycle: " + cycle + path);
        }
    chain.push_back(real);
    const Json root = read_json(path);
    if (!root.is_object()) throw FileError(path, "(top level)", "must be a JSON object, got " + describe(root));
    const Manifest manifest(root, path);
    const JsonReader json(path, diagnostics);
    // A simulation config may name its circuit config under "network".
    if (const Json* network = json.find(root, "network"); network && !json.find(root, "networks")) {
        CircuitConfig config =
            read_config_chain(manifest.path(json.text(*network, "network"), "network"), diagnostics, chain);
        config.config_files.insert(config.config_files.begin(), path);
        return config;
    }
    CircuitConfig config;
    config.file = path;
    config.config_files.push_back(path);
    // Simulation configs with the circuit inline carry the simulation's keys as well;
    // read_simulation_config() checks those.
    if (!json.find(root, "run"))
        json.check_keys(root, "", {"version", "manifest", "components", "networks", "node_sets_file", "metadata",
                                   "target_simulator"});
    if (const Json* components = json.find(root, "components")) {
        json.check_keys(*components, "components",
                        {"morphologies_dir", "biophysical_neuron_models_dir", "synaptic_models_dir",
                         "point_neuron_models_dir", "mechanisms_dir", "templates_dir"});
        auto folder = [&](const char* key, std::string& out) {
            if (const Json* v = json.find(*components, key))
                out = manifest.path(json.text(*v, std::string("components.") + key), std::string("components.") + key);
        };
        folder("morphologies_dir", config.components.morphologies_dir);
        folder("biophysical_neuron_models_dir", config.components.biophysical_neuron_models_dir);
        folder("synaptic_models_dir", config.components.synaptic_models_dir);
        folder("point_neuron_models_dir", config.components.point_neuron_models_dir);
        folder("mechanisms_dir", config.components.mechanisms_dir);
        folder("templates_dir", config.components.templates_dir);
    }
    const Json& networks = json.object(root, "networks", "networks");
    json.check_keys(networks, "networks", {"nodes", "edges"});
    auto files = [&](const char* kind, const char* h5_key, const char* csv_key, std::vector<CircuitConfig::Files>& out) {
        const Json* list = json.find(networks, kind);
        if (!list) return;
        if (!list->is_array()) json.fail(std::string("networks.") + kind, "must be a list, got " + describe(*list));
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string at = std::string("networks.") + kind + "[" + std::to_string(i) + "]";
            const Json& entry = (*list)[i];
            json.check_keys(entry, at, {h5_key, csv_key, "populations"});
            const Json* h5 = json.find(entry, h5_key);
            if (!h5) json.fail(at + "." + h5_key, "missing");
            CircuitConfig::Files f;
            f.h5 = manifest.path(json.text(*h5, at + "." + h5_key), at + "." + h5_key);
            if (const Json* csv = json.find(entry, csv_key))
                f.types_csv = manifest.path(json.text(*csv, at + "." + csv_key), at + "." + csv_key);
            if (const Json* populations = json.find(entry, "populations")) {
                if (!populations->is_object()) json.fail(at + ".populations", "must be an object, got " + describe(*populations));
                for (const auto& [name, properties] : populations->items()) {
                    const std::string where = at + ".populations." + name;
                    if (!properties.is_object()) json.fail(where, "must be an object, got " + describe(properties));
                    for (const auto& [key, value] : properties.items())
                        if (key != "type")
                            json.fail(where + "." + key, "per-population components are not supported yet "
                                                         "(give them under \"components\")");
                }
            }
            out.push_back(std::move(f));
        }
    };
    files("nodes", "nodes_file", "node_types_file", config.nodes);
    files("edges", "edges_file", "edge_types_file", config.edges);
    if (config.nodes.empty()) json.fail("networks.nodes", "lists no node files");
    return config;
}

}  // namespace

CircuitConfig read_circuit_config(const std::string& path, const DiagnosticOptions& diagnostics) {
    return read_config_chain(path, diagnostics, {});
}

namespace {

// The attribute columns of one HDF5 group (a node or edge group), including its
// dynamics_params subgroup (as "dynamics_params/<name>") and @library enumerations.
struct Group {
    std::size_t size = 0;
    Columns columns;
};

// Attributes the simulator turns into geometry, synapse locations, weights and delays:
// a NaN there would place a cell nowhere or fire a synapse never, silently.
bool must_be_finite(const std::string& name) {
    static const std::set<std::string> names = {"x", "y", "z", "afferent_section_pos", "efferent_section_pos",
                                                "syn_weight", "delay"};
    return names.count(name) > 0;
}

// Section ids index a morphology's sections: a float there is a mistake, not a rounding.
bool must_be_integer(const std::string& name) {
    return name == "afferent_section_id" || name == "efferent_section_id";
}

void check_attribute(const H5File& file, const std::string& name, const Column& c, const std::string& at) {
    if (must_be_integer(name) && (c.is_text || !c.is_integer))
        throw FileError(file.path, at, std::string("must be an integer dataset (section ids), found ") +
                                           (c.is_text ? "strings" : "floating-point numbers"));
    if (must_be_finite(name) && !c.is_text)
        for (std::size_t i = 0; i < c.numbers.size(); ++i)
            if (!std::isfinite(c.numbers[i]))
                throw FileError(file.path, at, "row " + std::to_string(i) + " is " + number_text(c.numbers[i]) +
                                                   "; " + name + " must be a finite number");
}

// The same for values a type table gives (groups were checked as they were read).
void check_type_table(const TypeTable& types) {
    for (std::size_t k = 0; k < types.columns.size(); ++k) {
        const std::string& name = types.columns[k];
        if (!must_be_finite(name) && !must_be_integer(name)) continue;
        for (const auto& [id, values] : types.rows) {
            const std::string& v = values[k];
            if (v.empty()) continue;
            double number = 0;
            std::int64_t whole = 0;
            const auto line = types.lines.count(id) ? types.lines.at(id) : 0;
            if (must_be_integer(name) && !parse_number(v, whole))
                throw FileError(types.file, line, name + " '" + v + "' is not an integer (section ids)");
            if (must_be_finite(name) && (!parse_number(v, number) || !std::isfinite(number)))
                throw FileError(types.file, line, name + " '" + v + "' is not a finite number");
        }
    }
}

Group read_group(const H5File& file, hid_t population, const std::string& name, const std::string& path) {
    Group group;
    const h5::Handle handle = open_group(file, population, name, path);
    std::map<std::string, std::vector<std::string>> library;
    if (is_group(handle.get(), "@library")) {
        const h5::Handle lib = open_group(file, handle.get(), "@library", path + "/@library");
        for (const auto& entry : child_names(lib.get())) {
            const Column c = read_column(file, lib.get(), entry, path + "/@library/" + entry);
            if (!c.is_text) throw FileError(file.path, path + "/@library/" + entry, "a library must hold strings");
            library[entry] = c.texts;
        }
    }
    bool sized = false;
    auto add = [&](const std::string& column_name, Column c, const std::string& at) {
        if (sized && c.size() != group.size)
            throw FileError(file.path, at, "has " + std::to_string(c.size()) + " values, the group's other attributes " +
                                               std::to_string(group.size));
        group.size = c.size();
        sized = true;
        check_attribute(file, column_name, c, at);
        group.columns[column_name] = std::move(c);
    };
    for (const auto& entry : child_names(handle.get())) {
        const std::string at = path + "/" + entry;
        if (entry == "@library") continue;
        if (entry == "dynamics_params" && is_group(handle.get(), entry)) {
            const h5::Handle dyn = open_group(file, handle.get(), entry, at);
            for (const auto& d : child_names(dyn.get()))
                add("dynamics_params/" + d, read_column(file, dyn.get(), d, at + "/" + d), at + "/" + d);
            continue;
        }
        if (!is_dataset(handle.get(), entry)) continue;
        Column c = read_column(file, handle.get(), entry, at);
        if (const auto lib = library.find(entry); lib != library.end()) {
            if (c.is_text || !c.is_integer) throw FileError(file.path, at, "an enumerated attribute must hold integers");
            std::vector<std::string> texts(c.size());
            for (std::size_t i = 0; i < c.size(); ++i) {
                const double k = c.numbers[i];
                if (!(k >= 0) || k >= static_cast<double>(lib->second.size()))
                    throw FileError(file.path, at, "index " + number_text(k) + " at row " + std::to_string(i) +
                                                       " is outside its @library (" +
                                                       std::to_string(lib->second.size()) + " entries)");
                texts[i] = lib->second[static_cast<std::size_t>(k)];
            }
            c = Column::of_texts(std::move(texts));
        }
        add(entry, std::move(c), at);
    }
    if (!sized) group.size = SIZE_MAX;  // no attributes: any index is fine
    return group;
}

// Per row: its group and its index in that group. With neither dataset and a single
// group, rows map one to one onto it.
struct Rows {
    std::vector<std::int64_t> group;
    std::vector<std::uint64_t> index;
};

Rows read_rows(const H5File& file, hid_t population, const std::string& path, const std::string& prefix,
               std::size_t count, const std::map<std::int64_t, Group>& groups) {
    Rows rows;
    const std::string group_id = prefix + "_group_id", group_index = prefix + "_group_index";
    if (!is_dataset(population, group_id) && !is_dataset(population, group_index)) {
        if (groups.size() > 1)
            throw FileError(file.path, path + "/" + group_id, "missing (needed with more than one group)");
        rows.group.assign(count, groups.empty() ? -1 : groups.begin()->first);
        rows.index.resize(count);
        for (std::size_t i = 0; i < count; ++i) rows.index[i] = i;
    } else {
        rows.group = read_integers(file, population, group_id, path + "/" + group_id, count);
        rows.index = read_ids(file, population, group_index, path + "/" + group_index, count);
    }
    for (std::size_t i = 0; i < count; ++i) {
        if (rows.group[i] < 0 && groups.empty()) continue;
        const auto it = groups.find(rows.group[i]);
        if (it == groups.end())
            throw FileError(file.path, path + "/" + group_id,
                            "row " + std::to_string(i) + " names group " + std::to_string(rows.group[i]) +
                                ", which does not exist");
        if (rows.index[i] >= it->second.size)
            throw FileError(file.path, path + "/" + group_index,
                            "row " + std::to_string(i) + " points at index " + std::to_string(rows.index[i]) +
                                " of group " + std::to_string(rows.group[i]) + ", which has " +
                                std::to_string(it->second.size) + " rows");
    }
    return rows;
}

// One column per attribute: a row's value from its group when the group has the
// attribute, else from its type's row of the CSV, else none.
Columns resolve(const std::vector<std::int64_t>& type_id, const Rows& rows, const std::map<std::int64_t, Group>& groups,
                const TypeTable* types, const std::string& type_column) {
    std::set<std::string> names;
    for (const auto& [id, g] : groups)
        for (const auto& [name, c] : g.columns) names.insert(name);
    if (types) names.insert(types->columns.begin(), types->columns.end());
    const std::size_t n = type_id.size();
    Columns out;
    for (const auto& name : names) {
        std::size_t csv_at = SIZE_MAX;
        if (types)
            for (std::size_t i = 0; i < types->columns.size(); ++i)
                if (types->columns[i] == name) csv_at = i;
        // Kind: text if any source is text; integer only if every source is.
        bool text = false, integer = true;
        for (const auto& [id, g] : groups)
            if (const auto it = g.columns.find(name); it != g.columns.end()) {
                text = text || it->second.is_text;
                integer = integer && it->second.is_integer;
            }
        if (csv_at != SIZE_MAX)
            for (const auto& [id, values] : types->rows) {
                const std::string& v = values[csv_at];
                if (v.empty()) continue;
                double number = 0;
                std::int64_t whole = 0;
                if (!parse_number(v, number)) text = true;
                else if (!parse_number(v, whole)) integer = false;
            }
        Column column = text ? Column::of_texts(std::vector<std::string>(n))
                             : Column::of_numbers(std::vector<double>(n, std::nan("")), integer);
        for (std::size_t i = 0; i < n; ++i) {
            const Column* from = nullptr;
            if (const auto g = groups.find(rows.group[i]); g != groups.end())
                if (const auto it = g->second.columns.find(name); it != g->second.columns.end()) from = &it->second;
            if (from) {
                if (text) column.texts[i] = from->text(rows.index[i]);
                else column.numbers[i] = from->numbers[rows.index[i]];
                continue;
            }
            if (csv_at == SIZE_MAX) continue;
            const auto row = types->rows.find(type_id[i]);
            if (row == types->rows.end())
                throw FileError(types->file, 0, type_column + " " + std::to_string(type_id[i]) +
                                                    " (used by row " + std::to_string(i) + ") is not in this table");
            const std::string& v = row->second[csv_at];
            if (text) column.texts[i] = v;
            else if (!v.empty()) parse_number(v, column.numbers[i]);
        }
        out[name] = std::move(column);
    }
    return out;
}

std::map<std::int64_t, Group> read_groups(const H5File& file, hid_t population, const std::string& path) {
    std::map<std::int64_t, Group> groups;
    for (const auto& entry : child_names(population)) {
        std::int64_t id = 0;
        if (!is_group(population, entry) || !parse_number(entry, id)) continue;
        groups[id] = read_group(file, population, entry, path + "/" + entry);
    }
    return groups;
}

}  // namespace

std::vector<circuit::NodePopulation> read_node_file(const std::string& nodes_h5, const std::string& node_types_csv) {
    std::optional<TypeTable> types;
    if (!node_types_csv.empty()) check_type_table(*(types = read_type_table(node_types_csv, "node_type_id")));
    screen_hdf5_file(nodes_h5);
    std::lock_guard lock(hdf5_mutex());
    h5::QuietErrors quiet;
    const H5File file = open_h5(nodes_h5);
    const h5::Handle nodes = open_group(file, file.handle.get(), "nodes", "/nodes");
    std::vector<circuit::NodePopulation> populations;
    for (const auto& name : child_names(nodes.get())) {
        const std::string path = "/nodes/" + name;
        const h5::Handle population = open_group(file, nodes.get(), name, path);
        circuit::NodePopulation p;
        p.name = name;
        p.node_type_id = read_integers(file, population.get(), "node_type_id", path + "/node_type_id");
        const std::size_t n = p.node_type_id.size();
        if (is_dataset(population.get(), "node_id")) {
            const auto ids = read_ids(file, population.get(), "node_id", path + "/node_id", n);
            for (std::size_t i = 0; i < n; ++i)
                if (ids[i] != i)
                    throw FileError(file.path, path + "/node_id",
                                    "row " + std::to_string(i) + " has node id " + std::to_string(ids[i]) +
                                        "; Lamina needs node ids 0..N-1 in row order");
        }
        const auto groups = read_groups(file, population.get(), path);
        const Rows rows = read_rows(file, population.get(), path, "node", n, groups);
        p.attributes = resolve(p.node_type_id, rows, groups, types ? &*types : nullptr, "node_type_id");
        populations.push_back(std::move(p));
    }
    if (populations.empty()) throw FileError(file.path, "/nodes", "holds no population");
    return populations;
}

std::vector<circuit::EdgePopulation> read_edge_file(const std::string& edges_h5, const std::string& edge_types_csv) {
    std::optional<TypeTable> types;
    if (!edge_types_csv.empty()) check_type_table(*(types = read_type_table(edge_types_csv, "edge_type_id")));
    screen_hdf5_file(edges_h5);
    std::lock_guard lock(hdf5_mutex());
    h5::QuietErrors quiet;
    const H5File file = open_h5(edges_h5);
    const h5::Handle edges = open_group(file, file.handle.get(), "edges", "/edges");
    std::vector<circuit::EdgePopulation> populations;
    for (const auto& name : child_names(edges.get())) {
        const std::string path = "/edges/" + name;
        const h5::Handle population = open_group(file, edges.get(), name, path);
        circuit::EdgePopulation e;
        e.name = name;
        e.source = read_ids(file, population.get(), "source_node_id", path + "/source_node_id");
        const std::size_t n = e.source.size();
        e.target = read_ids(file, population.get(), "target_node_id", path + "/target_node_id", n);
        e.edge_type_id = read_integers(file, population.get(), "edge_type_id", path + "/edge_type_id", n);
        auto endpoint = [&](const char* dataset) {
            const h5::Handle d(H5Dopen2(population.get(), dataset, H5P_DEFAULT));
            const std::string value = string_attribute(d.get(), "node_population");
            if (value.empty())
                throw FileError(file.path, path + "/" + dataset, "has no node_population attribute");
            return value;
        };
        e.source_population = endpoint("source_node_id");
        e.target_population = endpoint("target_node_id");
        const auto groups = read_groups(file, population.get(), path);
        const Rows rows = read_rows(file, population.get(), path, "edge", n, groups);
        e.attributes = resolve(e.edge_type_id, rows, groups, types ? &*types : nullptr, "edge_type_id");
        for (auto [direction, index] : {std::pair{"source_to_target", &e.by_source}, {"target_to_source", &e.by_target}}) {
            const std::string at = std::string("indices/") + direction;
            if (!is_group(population.get(), "indices") || !h5::link_exists(population.get(), at)) continue;
            const h5::Handle group = open_group(file, population.get(), at, path + "/" + at);
            index->node_id_to_ranges =
                read_pairs(file, group.get(), "node_id_to_ranges", path + "/" + at + "/node_id_to_ranges");
            index->range_to_edge_id =
                read_pairs(file, group.get(), "range_to_edge_id", path + "/" + at + "/range_to_edge_id");
        }
        populations.push_back(std::move(e));
    }
    return populations;
}

namespace {

// A file listed twice would double every node or synapse of it without a word.
void check_distinct_files(const CircuitConfig& config, const std::vector<CircuitConfig::Files>& files,
                          const char* kind) {
    namespace fs = std::filesystem;
    for (std::size_t i = 0; i < files.size(); ++i)
        for (std::size_t j = 0; j < i; ++j) {
            std::error_code ec;
            const bool same = files[i].h5 == files[j].h5 || fs::equivalent(files[i].h5, files[j].h5, ec);
            if (same)
                throw FileError(config.file, std::string("networks.") + kind + "[" + std::to_string(i) + "]",
                                "lists " + files[i].h5 + " again (already networks." + kind + "[" +
                                    std::to_string(j) + "]: " + files[j].h5 + ")");
        }
}

// Populations are addressed by name (edges name their node populations, node sets and
// reports name theirs), so one name in two files is ambiguous.
template <typename Population>
void check_new_population(const std::string& name, const char* kind, const std::string& file,
                          const std::vector<Population>& read, const std::vector<std::string>& read_from) {
    for (std::size_t k = 0; k < read.size(); ++k)
        if (read[k].name == name)
            throw FileError(file, std::string("/") + kind + "/" + name,
                            std::string(kind == std::string("nodes") ? "node" : "edge") + " population '" + name +
                                "' is also defined in " + read_from[k] + "; population names must be unique");
}

}  // namespace

circuit::Circuit read_circuit(const std::string& circuit_config, const DiagnosticOptions& diagnostics) {
    const CircuitConfig config = read_circuit_config(circuit_config, diagnostics);
    check_distinct_files(config, config.nodes, "nodes");
    check_distinct_files(config, config.edges, "edges");
    circuit::Circuit c;
    c.components = config.components;
    std::vector<std::string> node_file, edge_file;  // the file each population came from
    for (const auto& f : config.nodes)
        for (auto& p : read_node_file(f.h5, f.types_csv)) {
            check_new_population(p.name, "nodes", f.h5, c.nodes, node_file);
            c.nodes.push_back(std::move(p));
            node_file.push_back(f.h5);
        }
    for (const auto& f : config.edges)
        for (auto& e : read_edge_file(f.h5, f.types_csv)) {
            check_new_population(e.name, "edges", f.h5, c.edges, edge_file);
            c.edges.push_back(std::move(e));
            edge_file.push_back(f.h5);
        }
    c.check();
    // Indices: checked against the edges when present, built when absent.
    for (std::size_t k = 0; k < c.edges.size(); ++k) {
        auto& e = c.edges[k];
        const std::size_t sources = c.node_population(e.source_population)->size();
        const std::size_t targets = c.node_population(e.target_population)->size();
        const std::string path = "/edges/" + e.name + "/indices/";
        if (e.by_source.empty()) e.by_source = circuit::EdgeIndex::build(e.source, sources);
        else if (const auto problem = e.by_source.problem(e.source, sources); !problem.empty())
            throw FileError(edge_file[k], path + "source_to_target", "broken index: " + problem);
        if (e.by_target.empty()) e.by_target = circuit::EdgeIndex::build(e.target, targets);
        else if (const auto problem = e.by_target.problem(e.target, targets); !problem.empty())
            throw FileError(edge_file[k], path + "target_to_source", "broken index: " + problem);
    }
    return c;
}

}  // namespace lamina::io
