// Writing SONATA circuits: per population <name>_nodes.h5 + <name>_node_types.csv and
// <name>_edges.h5 + <name>_edge_types.csv, and circuit_config.json naming them.

#include <filesystem>
#include <ostream>
#include <set>

#include "engine/errors.h"
#include "io/file_util.h"
#include "io/morphology/morphology_io.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/sonata_h5.h"
#include "io/sonata/sonata_json.h"
#include "io/sonata/type_table.h"
#include "io/text_fields.h"

namespace fs = std::filesystem;

namespace lamina::io {

using namespace sonata;
using circuit::Column;
using circuit::Columns;

namespace {

// A column goes to the type CSV when it is one value per type and that value reads
// back as the same kind (texts that look like numbers, or hold blanks, stay in HDF5).
bool belongs_in_csv(const Column& c, const std::vector<std::int64_t>& type_id) {
    std::map<std::int64_t, std::size_t> first;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c.is_text) {
            double number = 0;
            const std::string& v = c.texts[i];
            if (v.find_first_of(" \t\"\n") != std::string::npos || parse_number(v, number) || v == "NONE" ||
                v == "None" || v == "NULL" || v == "NaN" || v == "nan")
                return false;
        }
        const auto [it, inserted] = first.emplace(type_id[i], i);
        if (inserted) continue;
        if (c.is_text ? c.texts[i] != c.texts[it->second]
                      : !(c.numbers[i] == c.numbers[it->second] ||
                          (std::isnan(c.numbers[i]) && std::isnan(c.numbers[it->second]))))
            return false;
    }
    return true;
}

// Numbers in the CSV: integers as integers, other values with a point or exponent so
// they read back as non-integer columns.
std::string csv_value(const Column& c, std::size_t i) {
    std::string v = c.text(i);
    if (!c.is_text && !c.is_integer && !v.empty() && v.find_first_of(".eEin") == std::string::npos) v += ".0";
    return v;
}

struct Split {
    Columns in_h5;
    std::vector<std::string> csv_columns;
    std::vector<std::int64_t> type_ids;
    std::vector<std::vector<std::string>> csv_rows;
};

Split split_columns(const Columns& columns, const std::vector<std::int64_t>& type_id) {
    Split s;
    std::vector<const Column*> in_csv;
    for (const auto& [name, c] : columns) {
        if (name.rfind("dynamics_params/", 0) != 0 && belongs_in_csv(c, type_id)) {
            s.csv_columns.push_back(name);
            in_csv.push_back(&c);
        } else {
            s.in_h5.emplace(name, c);
        }
    }
    std::map<std::int64_t, std::size_t> first;
    for (std::size_t i = 0; i < type_id.size(); ++i) first.emplace(type_id[i], i);
    for (const auto& [id, row] : first) {
        s.type_ids.push_back(id);
        std::vector<std::string> values;
        for (const Column* c : in_csv) values.push_back(csv_value(*c, row));
        s.csv_rows.push_back(std::move(values));
    }
    return s;
}

// Group "0" with every HDF5 column (dynamics_params/* in its subgroup), and the rows'
// group ids and indices.
void write_group(hid_t population, const std::string& prefix, const Columns& columns, std::size_t rows) {
    const h5::Handle group = create_group(population, "0");
    h5::Handle dynamics;
    for (const auto& [name, c] : columns) {
        if (name.rfind("dynamics_params/", 0) == 0) {
            if (!dynamics.valid()) dynamics = create_group(group.get(), "dynamics_params");
            write_column(dynamics.get(), name.substr(16), c);
        } else {
            write_column(group.get(), name, c);
        }
    }
    write_int64s(population, prefix + "_group_id", std::vector<std::int64_t>(rows, 0));
    std::vector<std::uint64_t> index(rows);
    for (std::size_t i = 0; i < rows; ++i) index[i] = i;
    write_uint64s(population, prefix + "_group_index", index);
}

std::string relative_to(const fs::path& folder, const std::string& path) {
    if (path.empty()) return {};
    const fs::path rel = fs::path(path).lexically_relative(folder);
    if (!rel.empty() && *rel.begin() != "..") return "$BASE_DIR/" + rel.generic_string();
    return path;
}

}  // namespace

namespace {

// The file a component name refers to (as the simulator finds it: the name, or the name
// with one of the extensions).
fs::path component_file(const std::string& folder, const std::string& name, std::initializer_list<const char*> extensions) {
    fs::path p(name);
    if (p.is_relative() && !folder.empty()) p = fs::path(folder) / p;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return p;
    for (const char* ext : extensions) {
        fs::path with = p;
        with += ext;
        if (fs::is_regular_file(with, ec)) return with;
    }
    throw FileError(p.string(), 0, "named by the circuit but missing: cannot copy it into the saved circuit");
}

// Copies every distinct file named in the columns into `target`, keeping names.
void copy_named(const std::vector<const circuit::Column*>& columns, const std::string& from, const fs::path& target,
                std::initializer_list<const char*> extensions) {
    std::set<std::string> names;
    for (const auto* c : columns)
        if (c && c->is_text)
            for (const auto& v : c->texts)
                if (!v.empty()) names.insert(v);
    for (const auto& name : names) {
        const fs::path source = component_file(from, name, extensions);
        fs::path destination = target / name;
        if (source.extension() != destination.extension() && destination.extension().empty())
            destination += source.extension();
        std::error_code ec;
        fs::create_directories(destination.parent_path(), ec);
        if (fs::equivalent(source, destination, ec)) continue;
        write_text_file_atomically(destination, [&](std::ostream& out) { out << read_file(source); });
    }
}

}  // namespace

void write_circuit(const circuit::Circuit& original, const std::string& directory, const CircuitWriteOptions& options) {
    original.check();
    const fs::path folder = fs::absolute(directory).lexically_normal();
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw FileError(directory, 0, "cannot create the folder: " + ec.message());
    circuit::Circuit c = original;  // components may move into the folder
    if (options.copy_components) {
        std::vector<const circuit::Column*> morphologies, biophysics, synapses;
        for (const auto& p : c.nodes) {
            morphologies.push_back(p.find("morphology"));
            biophysics.push_back(p.find("dynamics_params"));
        }
        for (const auto& e : c.edges) synapses.push_back(e.find("dynamics_params"));
        // NeuroML cells named by model_template ("nml:Cell_1.cell.nml").
        circuit::Column templates = circuit::Column::of_texts({});
        for (const auto& p : c.nodes)
            if (const circuit::Column* t = p.find("model_template"); t && t->is_text)
                for (const auto& v : t->texts)
                    if (v.rfind("nml:", 0) == 0) templates.texts.push_back(v.substr(4));
        if (!templates.texts.empty()) {
            const std::string from = c.components.templates_dir.empty() ? c.components.biophysical_neuron_models_dir
                                                                        : c.components.templates_dir;
            copy_named({&templates}, from, folder / "templates", {});
            c.components.templates_dir = (folder / "templates").string();
        }
        copy_named(morphologies, c.components.morphologies_dir, folder / "morphologies", {".swc", ".h5", ".asc"});
        copy_named(biophysics, c.components.biophysical_neuron_models_dir, folder / "biophysical_neuron_models", {".json"});
        copy_named(synapses, c.components.synaptic_models_dir, folder / "synaptic_models", {".json"});
        c.components.morphologies_dir = (folder / "morphologies").string();
        c.components.biophysical_neuron_models_dir = (folder / "biophysical_neuron_models").string();
        c.components.synaptic_models_dir = (folder / "synaptic_models").string();
    }
    if (!options.morphologies.empty()) {
        for (const auto& [name, morphology] : options.morphologies) {
            const fs::path target = folder / "morphologies" / name;
            fs::create_directories(target.parent_path(), ec);
            if (ec) throw FileError(target.parent_path().string(), 0, "cannot create the folder: " + ec.message());
            write_morphology(*morphology, target);
        }
        c.components.morphologies_dir = (folder / "morphologies").string();
    }
    Json config;
    config["manifest"] = {{"$BASE_DIR", "."}};
    config["components"] = Json::object();
    auto component = [&](const char* key, const std::string& value) {
        if (!value.empty()) config["components"][key] = relative_to(folder, value);
    };
    component("morphologies_dir", c.components.morphologies_dir);
    component("biophysical_neuron_models_dir", c.components.biophysical_neuron_models_dir);
    component("synaptic_models_dir", c.components.synaptic_models_dir);
    component("point_neuron_models_dir", c.components.point_neuron_models_dir);
    component("mechanisms_dir", c.components.mechanisms_dir);
    component("templates_dir", c.components.templates_dir);
    config["networks"] = {{"nodes", Json::array()}, {"edges", Json::array()}};

    for (const auto& p : c.nodes) {
        const Split split = split_columns(p.attributes, p.node_type_id);
        const std::string h5 = p.name + "_nodes.h5", csv = p.name + "_node_types.csv";
        write_h5_atomically((folder / h5).string(), [&](hid_t file) {
            const h5::Handle nodes = create_group(file, "nodes");
            const h5::Handle population = create_group(nodes.get(), p.name);
            write_int64s(population.get(), "node_type_id", p.node_type_id);
            write_group(population.get(), "node", split.in_h5, p.size());
        });
        write_type_table((folder / csv).string(), "node_type_id", split.type_ids, split.csv_columns, split.csv_rows);
        config["networks"]["nodes"].push_back({{"nodes_file", "$BASE_DIR/" + h5}, {"node_types_file", "$BASE_DIR/" + csv}});
    }
    for (const auto& e : c.edges) {
        const Split split = split_columns(e.attributes, e.edge_type_id);
        const std::string h5 = e.name + "_edges.h5", csv = e.name + "_edge_types.csv";
        const std::size_t sources = c.node_population(e.source_population)->size();
        const std::size_t targets = c.node_population(e.target_population)->size();
        write_h5_atomically((folder / h5).string(), [&](hid_t file) {
            const h5::Handle edges = create_group(file, "edges");
            const h5::Handle population = create_group(edges.get(), e.name);
            write_uint64s(population.get(), "source_node_id", e.source);
            write_uint64s(population.get(), "target_node_id", e.target);
            for (auto [dataset, value] : {std::pair{"source_node_id", &e.source_population},
                                          {"target_node_id", &e.target_population}}) {
                const h5::Handle d(H5Dopen2(population.get(), dataset, H5P_DEFAULT));
                write_text_attribute(d.get(), "node_population", *value);
            }
            write_int64s(population.get(), "edge_type_id", e.edge_type_id);
            write_group(population.get(), "edge", split.in_h5, e.size());
            const h5::Handle indices = create_group(population.get(), "indices");
            for (auto [name, index] : {std::pair{"source_to_target", circuit::EdgeIndex::build(e.source, sources)},
                                       {"target_to_source", circuit::EdgeIndex::build(e.target, targets)}}) {
                const h5::Handle group = create_group(indices.get(), name);
                write_pairs(group.get(), "node_id_to_ranges", index.node_id_to_ranges);
                write_pairs(group.get(), "range_to_edge_id", index.range_to_edge_id);
            }
        });
        write_type_table((folder / csv).string(), "edge_type_id", split.type_ids, split.csv_columns, split.csv_rows);
        config["networks"]["edges"].push_back({{"edges_file", "$BASE_DIR/" + h5}, {"edge_types_file", "$BASE_DIR/" + csv}});
    }
    write_text_file_atomically(folder / "circuit_config.json", [&](std::ostream& out) { out << config.dump(2) << '\n'; });
}

}  // namespace lamina::io
