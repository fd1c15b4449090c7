#include "io/builder/column_writer.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/builder/build_statistics.h"
#include "engine/builder/column_sonata.h"
#include "engine/builder/etypes.h"
#include "engine/errors.h"
#include "io/builder/etype_models.h"
#include "io/builder/recipe_io.h"
#include "io/file_util.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/spikes_io.h"

namespace fs = std::filesystem;

namespace lamina::io {

namespace {

using Json = nlohmann::json;
using namespace lamina::builder;

// The engine's membranes in the Allen format Lamina's SONATA reader takes: hh with the
// squid axon's densities (at the soma only, or everywhere) and a passive leak elsewhere.
// At the squid's own 6.3 °C: at 34 °C its rates run 21 times faster and it hardly fires
// (mammalian channels at body temperature come with the channel library).
std::string membrane_json(const std::string& model) {
    Json genome = Json::array();
    const std::vector<std::string> active = model == "hh_all" ? std::vector<std::string>{"soma", "dend", "apic", "axon"}
                                                              : std::vector<std::string>{"soma"};
    for (const std::string& region : {std::string("soma"), std::string("dend"), std::string("apic"), std::string("axon")}) {
        const bool hh = std::find(active.begin(), active.end(), region) != active.end();
        if (hh) {
            genome.push_back({{"section", region}, {"name", "gnabar_hh"}, {"value", 0.12}, {"mechanism", "hh"}});
            genome.push_back({{"section", region}, {"name", "gkbar_hh"}, {"value", 0.036}, {"mechanism", "hh"}});
            genome.push_back({{"section", region}, {"name", "gl_hh"}, {"value", 0.0003}, {"mechanism", "hh"}});
        } else {
            genome.push_back({{"section", region}, {"name", "g_pas"}, {"value", 0.0001}, {"mechanism", ""}});
        }
    }
    Json erev = Json::array();
    for (const std::string& region : active) erev.push_back({{"section", region}, {"ena", 50}, {"ek", -77}});
    const Json root = {{"passive", Json::array({{{"ra", 100}, {"e_pas", -65}, {"cm", Json::array({{{"section", "soma"}, {"cm", 1}}, {{"section", "dend"}, {"cm", 1}}, {{"section", "apic"}, {"cm", 1}}, {{"section", "axon"}, {"cm", 1}}})}}})},
                       {"genome", genome},
                       {"conditions", Json::array({{{"celsius", 6.3}, {"erev", erev}, {"v_init", -65}}})}};
    return root.dump(2) + "\n";
}

std::string synapse_json(const Pathway& w) {
    const std::string model = w.synapse_model == "Exp2Syn" ? "exp2syn" : w.synapse_model == "ExpSyn" ? "expsyn" : w.synapse_model;
    Json root = {{"level_of_detail", model}};
    if (!w.synapse_class.empty()) root["synapse_class"] = w.synapse_class;
    for (const auto& [key, value] : w.synapse_parameters) root[key == "e" ? "erev" : key] = value;
    return root.dump(2) + "\n";
}

Json report_json(const BuiltColumn& column) {
    const Recipe& recipe = column.recipe;
    std::map<std::string, std::size_t> per_type, per_layer;
    for (const PlacedCell& c : column.cells) {
        ++per_type[recipe.cell_types[c.type].name];
        ++per_layer[recipe.layers[c.layer].name];
    }
    Json pathways = Json::array();
    for (const PathwayReport& p : column.pathways)
        pathways.push_back({{"pre", p.pre},
                            {"post", p.post},
                            {"at_distance_um", p.at_distance},
                            {"pairs_within", p.pairs_within},
                            {"target_connection_probability", p.target_probability},
                            {"achieved_connection_probability", p.achieved_probability},
                            {"touching_pairs", p.touching_pairs},
                            {"connections", p.connections},
                            {"touches", p.touches},
                            {"synapses", p.synapses},
                            {"target_synapses_per_connection", p.target_synapses_per_connection},
                            {"achieved_synapses_per_connection", p.achieved_synapses_per_connection},
                            {"in_degree", p.in_degree},
                            {"reference_in_degree", p.reference_in_degree},
                            {"weight_scale", p.weight_scale}});
    return {{"cells", column.cells.size()},
            {"cells_per_type", per_type},
            {"cells_per_layer", per_layer},
            {"driven_cells", driven_cells(column).size()},
            {"touches", column.touch_count},
            {"synapses", column.synapses.size()},
            {"pathways", pathways}};
}

ColumnFiles files_in(const fs::path& base) {
    return {base / "circuit_config.json", base / "simulation_config.json", base / "recipe.json",
            base / "build_report.json", base / "build_report.txt"};
}

// The list of what a build wrote, kept in the column so that a rebuild replaces exactly
// that and refuses a folder holding anything else (a user's notes, a morphology they
// dropped into morphologies/). Paths are relative, '/'-separated and sorted.
struct BuildManifest {
    bool complete = false;  // false while write_column is still writing
    std::set<std::string> folders, files;
};

constexpr int manifest_version = 1;
constexpr std::uintmax_t max_manifest_bytes = std::uintmax_t{16} << 20;  // far beyond any column's list

// A manifest entry must name something inside the column: never "..", "/x" or "output/".
bool inside_entry(const std::string& entry) {
    if (entry.empty() || entry.size() > 4096 || entry.front() == '/' || entry.find('\0') != std::string::npos)
        return false;
    std::size_t from = 0;
    bool first = true;
    while (true) {
        const std::size_t slash = entry.find('/', from);
        const std::string part = entry.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
        if (part.empty() || part == "." || part == ".." || (first && (part == "output" || part == manifest_name)))
            return false;
        if (slash == std::string::npos) return true;
        from = slash + 1;
        first = false;
    }
}

// The manifest in `folder`, or nothing when there is none. Throws FileError naming the
// manifest when it is not one Lamina wrote (it is never followed outside the folder).
std::optional<BuildManifest> read_manifest(const fs::path& folder) {
    const fs::path path = folder / manifest_name;
    if (!fs::exists(fs::symlink_status(path))) return std::nullopt;
    const auto refuse = [&](const std::string& why) -> BuildManifest {
        throw FileError(path.string(), 0, why + "; choose an empty or new folder");
    };
    if (!fs::is_regular_file(fs::symlink_status(path))) refuse("is not a file Lamina wrote");
    if (fs::file_size(path) > max_manifest_bytes) refuse("is too large to be a build manifest");
    Json root;
    try {
        root = Json::parse(read_file(path));
    } catch (const Json::exception&) {
        refuse("is not a readable build manifest");
    }
    if (!root.is_object() || root.value("format", Json()) != "lamina-build-manifest")
        refuse("is not a Lamina build manifest");
    if (root.value("version", Json()) != manifest_version)
        refuse("has version " + root.value("version", Json()).dump() + "; this Lamina reads version " +
               std::to_string(manifest_version));
    BuildManifest manifest;
    manifest.complete = root.value("complete", Json()) == true;
    for (const char* key : {"folders", "files"}) {
        const Json& list = root.value(key, Json());
        if (!list.is_array()) refuse(std::string("has no list of ") + key);
        for (const Json& entry : list) {
            if (!entry.is_string() || !inside_entry(entry.get<std::string>()))
                refuse(std::string("lists ") + entry.dump().substr(0, 80) + " in " + key +
                       ", which is not a path inside the column");
            (std::string(key) == "files" ? manifest.files : manifest.folders).insert(entry.get<std::string>());
        }
    }
    return manifest;
}

void write_manifest(const fs::path& folder, const BuildManifest& manifest) {
    const Json root = {{"format", "lamina-build-manifest"},
                       {"version", manifest_version},
                       {"complete", manifest.complete},
                       {"folders", manifest.folders},
                       {"files", manifest.files}};
    write_text_file_atomically(folder / manifest_name, [&](std::ostream& out) { out << root.dump(1) << "\n"; });
}

// Everything under `folder` (not following links) as the manifest lists it.
BuildManifest listing(const fs::path& folder) {
    BuildManifest found;
    found.complete = true;
    for (auto it = fs::recursive_directory_iterator(folder); it != fs::recursive_directory_iterator(); ++it) {
        const std::string rel = it->path().lexically_relative(folder).generic_string();
        if (rel == manifest_name) continue;
        (it->is_directory() ? found.folders : found.files).insert(rel);
    }
    return found;
}

// The first entry of `folder` (sorted) that its manifest does not list, or nothing: an
// empty or missing folder, or a column with its own files only. The simulator's output/
// is carried over by a rebuild, so it is not checked when `carry_output`.
std::optional<std::string> foreign_entry(const fs::path& folder, bool carry_output = true) {
    const fs::file_status status = fs::symlink_status(folder);
    if (!fs::exists(status)) return std::nullopt;
    if (fs::is_symlink(status)) throw FileError(folder.string(), 0, "is a symbolic link; give the folder it points to");
    if (!fs::is_directory(status)) throw FileError(folder.string(), 0, "is a file, not a folder for the column");
    const std::optional<BuildManifest> manifest = read_manifest(folder);
    std::vector<std::string> offending;
    for (auto it = fs::recursive_directory_iterator(folder); it != fs::recursive_directory_iterator(); ++it) {
        const std::string rel = it->path().lexically_relative(folder).generic_string();
        const fs::file_status s = it->symlink_status();
        if (it.depth() == 0 && rel == "output" && carry_output) {
            it.disable_recursion_pending();
            continue;
        }
        if (rel == manifest_name && manifest) continue;
        const bool listed = manifest && (fs::is_directory(s)      ? manifest->folders.count(rel) > 0
                                         : fs::is_regular_file(s) ? manifest->files.count(rel) > 0
                                                                  : false);
        if (!listed) {
            offending.push_back(rel);
            if (fs::is_directory(s)) it.disable_recursion_pending();  // the folder names it
        }
    }
    if (offending.empty()) return std::nullopt;
    return *std::min_element(offending.begin(), offending.end());
}

// A hidden sibling left by an interrupted build is removed only when its manifest shows
// a build made it; anything else is the user's to look at.
void remove_leftover(const fs::path& leftover) {
    if (!fs::exists(fs::symlink_status(leftover))) return;
    const auto refuse = [&]() {
        throw FileError(leftover.string(), 0,
                        "is left from an interrupted build, or is not Lamina's: move or delete it, then build again");
    };
    if (!fs::is_directory(fs::symlink_status(leftover))) refuse();
    try {
        const std::optional<BuildManifest> manifest = read_manifest(leftover);
        if (!manifest || (manifest->complete && foreign_entry(leftover, false))) refuse();
    } catch (const FileError&) {
        refuse();
    }
    fs::remove_all(leftover);
}

// replace_column after its checks: write beside, swap in, carry output/ over.
ColumnFiles swap_in(const BuiltColumn& column, const fs::path& target) {
    // Hidden siblings with names no user picks: the column being written, and the one it replaces.
    const fs::path partial = target.parent_path() / ("." + target.filename().string() + ".lamina-partial");
    const fs::path old = target.parent_path() / ("." + target.filename().string() + ".lamina-replaced");
    std::error_code ec;
    if (!fs::exists(target) && fs::exists(old / manifest_name)) {
        // A swap interrupted after the first rename: the previous column (and its output) return.
        if (!fs::exists(old / "output") && fs::exists(partial / "output")) fs::rename(partial / "output", old / "output");
        fs::rename(old, target);
    }
    remove_leftover(partial);
    remove_leftover(old);
    try {
        write_column(column, partial);
        if (fs::exists(target)) fs::rename(target, old);
        bool moved_output = false;
        try {
            if (fs::exists(fs::symlink_status(old / "output"))) {
                fs::rename(old / "output", partial / "output");
                moved_output = true;
            }
            fs::rename(partial, target);
        } catch (...) {  // put the previous column back as it was
            if (moved_output) fs::rename(partial / "output", old / "output", ec);
            if (fs::exists(old, ec)) fs::rename(old, target, ec);
            throw;
        }
    } catch (...) {
        if (!fs::exists(partial / "output", ec)) fs::remove_all(partial, ec);  // never the user's output
        throw;
    }
    // Only what the previous build listed is left in it (checked before the swap).
    fs::remove_all(old, ec);
    return files_in(target);
}

}  // namespace

std::string format_build_report(const BuiltColumn& column) {
    const Recipe& recipe = column.recipe;
    std::ostringstream out;
    out << std::fixed;
    out << "Column: " << to_string(recipe.shape) << ", radius " << std::setprecision(1) << column_radius(recipe)
        << " um, height " << column_height(recipe) << " um, seed " << recipe.seed << "\n";
    const BuildStatistics stats = build_statistics(column);
    out << "Cells: " << stats.cells << "\n";
    for (std::size_t l = 0; l < stats.layer_names.size(); ++l) {
        out << "  " << stats.layer_names[l] << ": " << stats.cells_in_layer(l);
        for (std::size_t t = 0; t < stats.type_names.size(); ++t)
            if (stats.type_layer[t] == l) out << "  " << stats.type_names[t] << " " << stats.cells_per_type[l][t];
        out << "\n";
    }
    if (const std::size_t driven = driven_cells(column).size())
        out << "Drive: " << driven << " cells, Poisson " << std::setprecision(1) << recipe.drive.rate << " Hz, weight "
            << std::setprecision(4) << recipe.drive.weight << " uS, " << std::setprecision(0) << recipe.drive.duration
            << " ms\n";
    out << "Touches: " << column.touch_count << ", synapses: " << column.synapses.size() << "\n";
    out << "Pathways (connection probability within the stated distance; synapses per connection):\n";
    for (const PathwayReport& p : column.pathways) {
        out << "  " << p.pre << " -> " << p.post << ": " << std::setprecision(3) << p.achieved_probability << " (target "
            << p.target_probability << ", " << p.pairs_within << " pairs within " << std::setprecision(0) << p.at_distance
            << " um), " << std::setprecision(2) << p.achieved_synapses_per_connection << " (target "
            << p.target_synapses_per_connection << "), " << p.connections << " connections";
        if (p.reference_in_degree > 0)
            out << ", in-degree " << std::setprecision(1) << p.in_degree << " of a reference " << std::setprecision(0)
                << p.reference_in_degree << ": weights x" << std::setprecision(2) << p.weight_scale;
        out << "\n";
    }
    // The probability matrix: rows pre, columns post, "-" where no pathway is defined.
    out << "Connection probability matrix (rows: pre, columns: post):\n" << std::setw(10) << "";
    for (const std::string& name : stats.type_names) out << std::setw(9) << name.substr(0, 8);
    out << "\n";
    for (std::size_t pre = 0; pre < stats.type_names.size(); ++pre) {
        out << std::setw(10) << stats.type_names[pre].substr(0, 9);
        for (std::size_t post = 0; post < stats.type_names.size(); ++post) {
            std::string cell = "-";
            if (std::isfinite(stats.target_probability[pre][post])) {
                std::ostringstream v;
                v << std::fixed << std::setprecision(3) << stats.achieved_probability[pre][post];
                cell = v.str();
            }
            out << std::setw(9) << cell;
        }
        out << "\n";
    }
    return out.str();
}

ColumnFiles write_column(const BuiltColumn& column, const fs::path& folder) {
    const fs::path base = column_folder_path(folder);
    // Only a new folder: its manifest then lists exactly what this build wrote.
    if (fs::exists(fs::symlink_status(base)) && !(fs::is_directory(fs::symlink_status(base)) && fs::is_empty(base)))
        throw FileError(base.string(), 0, "is not an empty folder; a column is written into a new one");
    fs::create_directories(base);
    write_manifest(base, {});  // marks the folder as a build's while it is written
    const fs::path models = base / "biophysical_neuron_models", synapses = base / "synaptic_models";
    fs::create_directories(models);
    fs::create_directories(synapses);
    std::set<std::string> membranes;
    for (const CellType& t : column.recipe.cell_types) membranes.insert(t.electrical_model);
    for (const std::string& m : membranes) {
        const auto etype = etype_models().find(m);
        write_text_file_atomically(models / membrane_file(m), [&](std::ostream& out) {
            out << (etype != etype_models().end() ? etype->second : membrane_json(m));
        });
    }
    for (std::size_t p = 0; p < column.recipe.pathways.size(); ++p)
        write_text_file_atomically(synapses / synapse_file(column.recipe, p),
                                   [&](std::ostream& out) { out << synapse_json(column.recipe.pathways[p]); });

    CircuitWriteOptions options;
    for (std::size_t c = 0; c < column.cells.size(); ++c)
        options.morphologies.emplace(morphology_file(column, c), column.morphologies[c]);
    write_circuit(column_circuit(column, (base / "morphologies").string(), models.string(), synapses.string()),
                  base.string(), options);

    const ColumnFiles files = files_in(base);
    const std::vector<std::uint32_t> driven = driven_cells(column);
    std::string inputs;
    if (!driven.empty()) {
        write_text_file_atomically(synapses / drive_synapse_file, [](std::ostream& out) {
            out << R"({"level_of_detail": "DetAmpaNmda", "e": 0.0})" << "\n";
        });
        PopulationSpikes trains{drive_population, {}, {}};
        for (std::size_t k = 0; k < driven.size(); ++k)
            for (const double t : drive_train(column, driven[k])) {
                trains.node_ids.push_back(k);
                trains.timestamps.push_back(t);
            }
        write_spikes_h5((base / "drive_spikes.h5").string(), {std::move(trains)});
        inputs = R"(,
  "node_sets": {"drive": {"population": "drive"}},
  "inputs": {"poisson_drive": {"input_type": "spikes", "module": "sonata", "input_file": "$BASE_DIR/drive_spikes.h5", "node_set": "drive"}})";
    }
    const ColumnConditions conditions = column_conditions(column.recipe);
    write_text_file_atomically(files.simulation_config, [&](std::ostream& out) {
        out << R"({
  "manifest": {"$BASE_DIR": "."},
  "network": "$BASE_DIR/circuit_config.json",
  "run": {"tstop": 500.0, "dt": )" << built_dt << R"(, "dL": 40.0},
  "conditions": {"celsius": )" << conditions.celsius << R"(, "v_init": )" << conditions.v_init << R"(},
  "output": {"output_dir": "$BASE_DIR/output", "spikes_file": "spikes.h5"})"
            << inputs << "\n}\n";
    });
    write_recipe(column.recipe, files.recipe);
    write_text_file_atomically(files.report_json, [&](std::ostream& out) { out << report_json(column).dump(2) << "\n"; });
    write_text_file_atomically(files.report_text, [&](std::ostream& out) { out << format_build_report(column); });
    write_manifest(base, listing(base));  // last: a complete manifest means a complete column
    return files;
}

fs::path column_folder_path(const fs::path& folder) {
    // "" would become the working folder's parent below: refuse it rather than build there.
    if (folder.empty()) throw InvalidArgument("the column folder is empty: give a folder to build into");
    fs::path target;
    try {
        target = fs::absolute(folder).lexically_normal();
    } catch (const fs::filesystem_error& e) {
        throw FileError(folder.string(), 0, std::string("is not a usable folder: ") + e.code().message());
    }
    if (!target.has_filename()) target = target.parent_path();  // "out/" is the folder "out"
    if (target == target.root_path() || target.filename() == "..")
        throw FileError(target.string(), 0, "cannot hold a column: give a folder of its own");
    return target;
}

void check_column_folder(const fs::path& folder) {
    const fs::path target = column_folder_path(folder);
    try {
        if (const auto offending = foreign_entry(target))
            throw FileError(target.string(), 0,
                            "holds '" + *offending + "', which is not part of a built column (" +
                                (fs::exists(target / manifest_name) ? "not in its " + std::string(manifest_name)
                                                                    : "the folder has no " + std::string(manifest_name)) +
                                "); choose an empty or new folder");
    } catch (const fs::filesystem_error& e) {
        throw FileError(target.string(), 0, "cannot be read: " + e.code().message());
    }
}

ColumnFiles replace_column(const BuiltColumn& column, const fs::path& folder) {
    const fs::path target = column_folder_path(folder);
    check_column_folder(target);
    try {
        return swap_in(column, target);
    } catch (const fs::filesystem_error& e) {  // a permission or a full disk: the user's to fix
        throw FileError(e.path1().empty() ? target.string() : e.path1().string(), 0,
                        "cannot be written: " + e.code().message());
    }
}

}  // namespace lamina::io
