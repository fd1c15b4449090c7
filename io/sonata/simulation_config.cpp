// SONATA simulation configs, parsed in named phases (run, conditions, node sets,
// inputs, output, reports), then the checks that span phases: every output lands in
// the output folder and names neither an input nor another output.

#include "io/sonata/simulation_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "engine/errors.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/sonata_json.h"
#include "io/sonata/spikes_io.h"

namespace fs = std::filesystem;

namespace lamina::io {

using namespace sonata;

namespace {

circuit::NodeSetRule parse_node_set(const JsonReader& json, const Json& value, const std::string& path) {
    circuit::NodeSetRule rule;
    if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            rule.compound.push_back(json.text(value[i], path + "[" + std::to_string(i) + "]"));
        return rule;
    }
    if (!value.is_object()) json.fail(path, "a node set is an object of conditions or a list of node set names");
    for (const auto& [key, v] : value.items()) {
        const std::string at = path + "." + key;
        if (key == "population") {
            rule.population = json.text(v, at);
        } else if (key == "node_id" || key == "node_ids") {
            std::vector<std::uint64_t> ids;
            auto add = [&](const Json& item, const std::string& where) {
                // Unsigned JSON integers are taken whole: ids beyond 2^53 stay exact.
                if (item.is_number_unsigned()) ids.push_back(item.get<std::uint64_t>());
                else ids.push_back(static_cast<std::uint64_t>(json.integer_in(item, where, 0, INT64_MAX)));
            };
            if (v.is_array()) for (std::size_t i = 0; i < v.size(); ++i) add(v[i], at + "[" + std::to_string(i) + "]");
            else add(v, at);
            rule.node_ids = std::move(ids);
        } else {
            std::vector<std::string> values;
            auto add = [&](const Json& item) {
                if (item.is_string()) values.push_back(item.get<std::string>());
                else if (item.is_number()) values.push_back(circuit::Column::of_numbers({json.number(item, at)}).text(0));
                else json.fail(at, "attribute values are strings or numbers, got " + describe(item));
            };
            if (v.is_array()) for (const auto& item : v) add(item);
            else add(v);
            rule.attributes[key] = std::move(values);
        }
    }
    return rule;
}

void read_node_sets(const JsonReader& json, const Json& object, std::map<std::string, circuit::NodeSetRule>& out,
                    const std::string& prefix) {
    if (!object.is_object()) json.fail(prefix, "node sets are a JSON object, got " + describe(object));
    for (const auto& [name, value] : object.items()) out[name] = parse_node_set(json, value, key_path(prefix, name));
}

// Refuses a key Lamina knows but cannot honour (unless it holds the one value that
// changes nothing), so a run never silently differs from what the config asks.
void refuse_unless(const JsonReader& json, const Json& object, const std::string& parent, const std::string& key,
                   const std::function<bool(const Json&)>& harmless, const std::string& why) {
    if (const Json* v = json.find(object, key); v && !harmless(*v))
        json.fail(key_path(parent, key), why + ", got " + describe(*v));
}
bool is_empty(const Json& v) { return v.empty(); }
bool is_false(const Json& v) { return v.is_boolean() && !v.get<bool>(); }

class ConfigParser {
public:
    ConfigParser(const std::string& path, const Json& root, const DiagnosticOptions& diagnostics)
        : root_(root), manifest_(root, path), json_(path, diagnostics) {
        setup_.config_file = path;
    }

    circuit::SimulationSetup parse() {
        parse_top();
        parse_run();
        parse_conditions();
        parse_node_sets();
        parse_inputs();
        parse_output();
        parse_reports();
        return std::move(setup_);
    }

private:
    void parse_top() {
        json_.check_keys(root_, "", {"version", "manifest", "network", "target_simulator", "node_sets_file", "node_sets",
                                     "run", "conditions", "inputs", "reports", "output", "components", "networks",
                                     "metadata", "node_set", "connection_overrides"});
        refuse_unless(json_, root_, "", "node_set", [](const Json&) { return false; },
                      "simulating a subset of the circuit is not supported (remove it to run every node)");
        refuse_unless(json_, root_, "", "connection_overrides", is_empty, "connection overrides are not supported");
        if (const Json* network = json_.find(root_, "network"))
            setup_.circuit_config = manifest_.path(json_.text(*network, "network"), "network");
        else if (json_.find(root_, "networks")) setup_.circuit_config = setup_.config_file;  // the circuit is inline
        else json_.fail("network", "missing: name the circuit_config.json to simulate");
    }

    void parse_run() {
        const Json& run = json_.object(root_, "run", "run");
        json_.check_keys(run, "run", {"tstop", "dt", "dL", "spike_threshold", "nsteps_block", "random_seed", "tstart",
                                      "spike_timing", "hh_tables", "method", "integration_method", "stimulus_seed",
                                      "ionchannel_seed", "minis_seed", "synapse_seed", "electrodes_file"});
        auto& r = setup_.run;
        const Json* tstop = json_.find(run, "tstop");
        if (!tstop) json_.fail("run.tstop", "missing");
        r.tstop = json_.number_in(*tstop, "run.tstop", 0, circuit::max_run_time, "ms");
        if (!(r.tstop > 0)) json_.fail("run.tstop", "must be > 0 ms, got " + describe(*tstop));
        if (const Json* v = json_.find(run, "dt")) r.dt = json_.number_in(*v, "run.dt", circuit::min_dt, circuit::max_dt, "ms");
        if (r.dt > r.tstop)
            json_.fail("run.dt", "must be at most tstop (" + readable_number(r.tstop) + " ms), got " + readable_number(r.dt));
        if (r.tstop / r.dt > circuit::max_run_steps)
            json_.fail("run.tstop", readable_number(r.tstop) + " ms at dt " + readable_number(r.dt) + " ms is " +
                                        readable_number(r.tstop / r.dt) + " steps; at most " +
                                        readable_number(circuit::max_run_steps) + " are allowed");
        if (const Json* v = json_.find(run, "tstart"))
            if (json_.number(*v, "run.tstart") != 0) json_.fail("run.tstart", "runs start at 0 ms, got " + describe(*v));
        if (const Json* v = json_.find(run, "dL")) r.dL = json_.number_in(*v, "run.dL", 0.1, 1e5, "µm");
        if (const Json* v = json_.find(run, "spike_threshold"))
            r.spike_threshold = json_.number_in(*v, "run.spike_threshold", -200, 200, "mV");
        if (const Json* v = json_.find(run, "nsteps_block"))
            r.nsteps_block = static_cast<int>(json_.integer_in(*v, "run.nsteps_block", 1, 1000000));
        if (const Json* v = json_.find(run, "random_seed"))
            r.seed = static_cast<std::uint64_t>(json_.integer_in(*v, "run.random_seed", 0, INT64_MAX));
        if (const Json* v = json_.find(run, "spike_timing")) {
            const std::string timing = json_.text(*v, "run.spike_timing");
            if (timing != "neuron" && timing != "interpolated")
                json_.fail("run.spike_timing", "must be neuron or interpolated, got '" + timing + "'");
            r.timing = timing == "neuron" ? sim::SpikeTiming::neuron : sim::SpikeTiming::interpolated;
        }
        if (const Json* v = json_.find(run, "hh_tables")) r.set_hh_tables(json_.boolean(*v, "run.hh_tables"));
        if (const Json* v = json_.find(run, "method")) {
            const std::string method = json_.text(*v, "run.method");
            if (method != "ie" && method != "cn")
                json_.fail("run.method", "must be ie (implicit Euler) or cn (Crank-Nicolson), got '" + method + "'");
            r.method = method == "cn" ? sim::Method::crank_nicolson : sim::Method::implicit_euler;
        }
        refuse_unless(json_, run, "run", "integration_method",
                      [](const Json& v) { return v == "0" || v == 0; },
                      "only implicit Euler (\"0\") is supported; Lamina's \"method\": \"cn\" asks for Crank-Nicolson");
        refuse_unless(json_, run, "run", "electrodes_file", [](const Json&) { return false; },
                      "extracellular recording is not supported");
    }

    void parse_conditions() {
        const Json* conditions = json_.find(root_, "conditions");
        if (!conditions) return;
        json_.check_keys(*conditions, "conditions",
                         {"celsius", "v_init", "spike_location", "extracellular_calcium", "randomize_gaba_rise_time",
                          "mechanisms", "modifications", "synapses"});
        if (const Json* v = json_.find(*conditions, "celsius"))
            setup_.run.celsius = json_.number_in(*v, "conditions.celsius", -20, 60, "°C");
        if (const Json* v = json_.find(*conditions, "v_init"))
            setup_.run.v_init = json_.number_in(*v, "conditions.v_init", -200, 200, "mV");
        refuse_unless(json_, *conditions, "conditions", "spike_location", [](const Json& v) { return v == "soma"; },
                      "spikes are detected at the soma only");
        refuse_unless(json_, *conditions, "conditions", "extracellular_calcium", [](const Json&) { return false; },
                      "the engine's synapses have no calcium dependence");
        refuse_unless(json_, *conditions, "conditions", "randomize_gaba_rise_time", is_false,
                      "randomised GABA rise times are not supported");
        for (const char* key : {"mechanisms", "modifications", "synapses"})
            refuse_unless(json_, *conditions, "conditions", key, is_empty, "is not supported yet");
    }

    void parse_node_sets() {
        if (const Json* file = json_.find(root_, "node_sets_file")) {
            const std::string sets_path = manifest_.path(json_.text(*file, "node_sets_file"), "node_sets_file");
            setup_.input_files.push_back(sets_path);
            read_node_sets(JsonReader(sets_path, json_.diagnostics()), read_json(sets_path), setup_.node_sets, "");
        }
        if (const Json* inline_sets = json_.find(root_, "node_sets"))
            read_node_sets(json_, *inline_sets, setup_.node_sets, "node_sets");
    }

    void parse_clamp(const std::string& name, const Json& input, const std::string& at) {
        json_.check_keys(input, at, {"input_type", "module", "node_set", "amp", "delay", "duration", "section",
                                     "section_pos", "represents_physical_electrode"});
        refuse_unless(json_, input, at, "module", [](const Json& v) { return v == "IClamp"; },
                      "only IClamp pulses are supported (amp, delay, duration)");
        circuit::CurrentClamp clamp;
        clamp.name = name;
        clamp.node_set = json_.text(*json_.find(input, "node_set"), at + ".node_set");
        for (auto [key, target] : {std::pair{"amp", &clamp.amp}, {"delay", &clamp.delay}, {"duration", &clamp.duration}}) {
            const Json* v = json_.find(input, key);
            if (!v) json_.fail(at + "." + key, "missing");
            *target = json_.numbers(*v, at + "." + key);
        }
        for (std::size_t i = 0; i < clamp.amp.size(); ++i)
            if (!(std::abs(clamp.amp[i]) <= 1e4)) json_.fail(at + ".amp", "must be within ±10000 nA, got " + readable_number(clamp.amp[i]));
        for (const auto* times : {&clamp.delay, &clamp.duration})
            for (double d : *times)
                if (!(d >= 0 && d <= circuit::max_run_time))
                    json_.fail(at + (times == &clamp.delay ? ".delay" : ".duration"),
                               "must be in [0, " + readable_number(circuit::max_run_time) + "] ms, got " + readable_number(d));
        if (const Json* v = json_.find(input, "section")) clamp.section = json_.text(*v, at + ".section");
        if (const Json* v = json_.find(input, "section_pos")) clamp.x = json_.number_in(*v, at + ".section_pos", 0, 1, "");
        setup_.current_clamps.push_back(std::move(clamp));
    }

    void parse_spikes(const std::string& name, const Json& input, const std::string& at) {
        json_.check_keys(input, at, {"input_type", "module", "node_set", "input_file"});
        refuse_unless(json_, input, at, "module",
                      [](const Json& v) { return v == "h5" || v == "sonata" || v == "csv" || v == "synapse_replay"; },
                      "spike files are SONATA HDF5 or CSV (module h5, sonata, csv or synapse_replay)");
        circuit::SpikeInput spikes;
        spikes.name = name;
        spikes.node_set = json_.text(*json_.find(input, "node_set"), at + ".node_set");
        const Json* file = json_.find(input, "input_file");
        if (!file) json_.fail(at + ".input_file", "missing");
        spikes.file = manifest_.path(json_.text(*file, at + ".input_file"), at + ".input_file");
        setup_.spike_inputs.push_back(std::move(spikes));
    }

    void parse_inputs() {
        const Json* inputs = json_.find(root_, "inputs");
        if (!inputs) return;
        if (!inputs->is_object()) json_.fail("inputs", "must be an object of named inputs, got " + describe(*inputs));
        for (const auto& [name, input] : inputs->items()) {
            const std::string at = "inputs." + name;
            if (!input.is_object()) json_.fail(at, "must be an object, got " + describe(input));
            const Json* type = json_.find(input, "input_type");
            if (!type) json_.fail(at + ".input_type", "missing (current_clamp or spikes)");
            if (!json_.find(input, "node_set")) json_.fail(at + ".node_set", "missing");
            const std::string kind = json_.text(*type, at + ".input_type");
            if (kind == "current_clamp") parse_clamp(name, input, at);
            else if (kind == "spikes") parse_spikes(name, input, at);
            else json_.fail(at + ".input_type", "'" + kind + "' is not supported (current_clamp, spikes)");
        }
    }

    // An output's path: manifest variables expanded, relative to the output folder. An
    // absolute path is taken as written; check_outputs() then refuses it unless it lies
    // inside the folder.
    std::string in_output(const Json& value, const std::string& key) {
        const fs::path p(manifest_.expand(json_.text(value, key), key));
        if (p.empty()) json_.fail(key, "must not be empty");
        return (p.is_relative() ? fs::path(setup_.output.output_dir) / p : p).lexically_normal().string();
    }

    void parse_output() {
        const Json* output = json_.find(root_, "output");
        auto& o = setup_.output;
        o.output_dir = manifest_.path("output", "output.output_dir");
        if (output) {
            json_.check_keys(*output, "output", {"output_dir", "spikes_file", "spikes_file_csv", "log_file",
                                                 "overwrite_output_dir", "spikes_sort_order", "quiet_simulator",
                                                 "spikes_file_nwb"});
            if (const Json* v = json_.find(*output, "output_dir"))
                o.output_dir = manifest_.path(json_.text(*v, "output.output_dir"), "output.output_dir");
        }
        o.spikes_file = (fs::path(o.output_dir) / "spikes.h5").string();
        if (!output) return;
        if (const Json* v = json_.find(*output, "spikes_file")) o.spikes_file = in_output(*v, "output.spikes_file");
        if (const Json* v = json_.find(*output, "spikes_file_csv")) o.spikes_csv = in_output(*v, "output.spikes_file_csv");
        // A spikes_file named .csv asks for CSV (BMTK's spelling is spikes_file_csv):
        // written as CSV there, never SONATA HDF5 under a .csv name.
        if (fs::path(o.spikes_file).extension() == ".csv") {
            if (!o.spikes_csv.empty())
                json_.fail("output.spikes_file", "'" + o.spikes_file + "' is a .csv name, and spikes_file_csv is given too; "
                                                 "spikes_file is SONATA HDF5 (.h5)");
            o.spikes_csv = o.spikes_file;
            o.spikes_file = (fs::path(o.output_dir) / "spikes.h5").string();
            json_.warn("output.spikes_file", "'" + o.spikes_csv + "' is written as CSV (as spikes_file_csv would be); "
                                             "the SONATA HDF5 spikes go to " + o.spikes_file);
        }
        if (const Json* v = json_.find(*output, "log_file")) o.log_file = in_output(*v, "output.log_file");
        if (const Json* v = json_.find(*output, "overwrite_output_dir"))
            o.overwrite_output_dir = json_.boolean(*v, "output.overwrite_output_dir");
        if (const Json* v = json_.find(*output, "quiet_simulator")) json_.boolean(*v, "output.quiet_simulator");
        refuse_unless(json_, *output, "output", "spikes_sort_order",
                      // "time" is how BMTK and the official examples spell it.
                      [](const Json& v) { return v == "by_time" || v == "time" || v == "none"; },
                      "spikes are written sorted by time (by_time)");
        refuse_unless(json_, *output, "output", "spikes_file_nwb", [](const Json&) { return false; },
                      "NWB spike files are not written yet");
    }

    void parse_report(const std::string& name, const Json& r, const std::string& at) {
        json_.check_keys(r, at, {"cells", "variable_name", "sections", "type", "dt", "start_time", "end_time",
                                 "file_name", "enabled", "compartments", "unit", "module"});
        if (const Json* v = json_.find(r, "enabled"); v && !json_.boolean(*v, at + ".enabled")) return;
        refuse_unless(json_, r, at, "type", [](const Json& v) { return v == "compartment"; },
                      "only compartment reports are supported");
        refuse_unless(json_, r, at, "module", [](const Json& v) { return v == "membrane_report"; },
                      "only membrane reports are supported");
        circuit::ReportRequest report;
        report.name = name;
        const Json* cells = json_.find(r, "cells");
        if (!cells) json_.fail(at + ".cells", "missing (a node set)");
        report.cells = json_.text(*cells, at + ".cells");
        if (const Json* v = json_.find(r, "variable_name")) report.variable = json_.text(*v, at + ".variable_name");
        if (const Json* v = json_.find(r, "sections")) report.sections = json_.text(*v, at + ".sections");
        if (report.sections != "soma" && report.sections != "all")
            json_.fail(at + ".sections", "'" + report.sections + "' is not supported (soma or all)");
        refuse_unless(json_, r, at, "compartments",
                      [&](const Json& v) { return v == "all" || (v == "center" && report.sections == "soma"); },
                      "reports cover every compartment of their sections (all)");
        refuse_unless(json_, r, at, "unit", [&](const Json& v) { return report.variable != "v" || v == "mV"; },
                      "voltages are reported in mV");
        const auto& run = setup_.run;
        report.dt = run.dt;
        if (const Json* v = json_.find(r, "dt")) report.dt = json_.number_in(*v, at + ".dt", run.dt, run.tstop, "ms");
        const double ratio = report.dt / run.dt;
        if (std::abs(ratio - std::round(ratio)) > 1e-9 * ratio)
            json_.fail(at + ".dt", "must be a whole multiple of run.dt (" + readable_number(run.dt) + " ms), got " +
                                       readable_number(report.dt));
        if (const Json* v = json_.find(r, "start_time"))
            report.start_time = json_.number_in(*v, at + ".start_time", 0, run.tstop, "ms (the run)");
        report.end_time = run.tstop;
        if (const Json* v = json_.find(r, "end_time")) {
            report.end_time = json_.number_in(*v, at + ".end_time", 0, circuit::max_run_time, "ms");
            if (report.end_time > run.tstop) {
                json_.warn(at + ".end_time", readable_number(report.end_time) + " ms is after tstop; the report ends at " +
                                                 readable_number(run.tstop) + " ms");
                report.end_time = run.tstop;
            }
        }
        if (!(report.end_time > report.start_time))
            json_.fail(at, "needs start_time < end_time, got " + readable_number(report.start_time) + " and " +
                               readable_number(report.end_time) + " ms");
        report.file_name = (fs::path(setup_.output.output_dir) / (name + ".h5")).string();
        if (const Json* v = json_.find(r, "file_name")) report.file_name = in_output(*v, at + ".file_name");
        setup_.reports.push_back(std::move(report));
    }

    void parse_reports() {
        const Json* reports = json_.find(root_, "reports");
        if (!reports) return;
        if (!reports->is_object()) json_.fail("reports", "must be an object of named reports, got " + describe(*reports));
        for (const auto& [name, r] : reports->items()) {
            if (!r.is_object()) json_.fail("reports." + name, "must be an object, got " + describe(r));
            parse_report(name, r, "reports." + name);
        }
    }

    const Json& root_;
    Manifest manifest_;
    JsonReader json_;
    circuit::SimulationSetup setup_;
};

bool inside(const fs::path& folder, const fs::path& file) {
    const fs::path rel = file.lexically_relative(folder);
    return !rel.empty() && *rel.begin() != ".." && rel != ".";
}

}  // namespace

// The trains of each spike input: the population its node set names (or the node
// set's own name), matched by name in the file.
void load_spike_inputs(circuit::SimulationSetup& setup) {
    for (auto& spikes : setup.spike_inputs) {
        const auto rule = setup.node_sets.find(spikes.node_set);
        const std::string population =
            rule != setup.node_sets.end() && rule->second.population ? *rule->second.population : spikes.node_set;
        // Only the node set's population is read; the reader names the file's others
        // when it is absent, and refuses negative or non-finite times.
        const PopulationSpikes p = read_population_spikes(spikes.file, population);
        spikes.population = population;
        for (std::size_t i = 0; i < p.node_ids.size(); ++i) {
            if (!(p.timestamps[i] <= circuit::max_run_time))
                throw FileError(spikes.file, "/spikes/" + population + "/timestamps",
                                "row " + std::to_string(i) + ": spike times must be in [0, " +
                                    readable_number(circuit::max_run_time) + "] ms, got " +
                                    readable_number(p.timestamps[i]));
            spikes.trains[p.node_ids[i]].push_back(p.timestamps[i]);
        }
        setup.input_files.push_back(spikes.file);
    }
}


void check_outputs(const circuit::SimulationSetup& setup) {
    const auto& o = setup.output;
    const fs::path folder = fs::absolute(o.output_dir).lexically_normal();
    // Symbolic links resolved where they exist, so "output/x -> ../nodes.h5" is caught too.
    std::error_code ec;
    const fs::path real_folder = fs::weakly_canonical(folder, ec);
    std::set<fs::path> inputs;
    for (const std::string& f : setup.input_files) inputs.insert(fs::weakly_canonical(fs::absolute(f), ec));
    std::map<fs::path, std::string> seen;  // output -> the key that names it
    std::vector<std::pair<std::string, std::string>> outputs = {{"output.spikes_file", o.spikes_file}};
    if (!o.spikes_csv.empty()) outputs.emplace_back("output.spikes_file_csv", o.spikes_csv);
    if (!o.log_file.empty()) outputs.emplace_back("output.log_file", o.log_file);
    for (const auto& r : setup.reports) outputs.emplace_back("reports." + r.name + ".file_name", r.file_name);
    for (const auto& [key, file] : outputs) {
        const fs::path path = fs::absolute(file).lexically_normal();
        const fs::path real = fs::weakly_canonical(path, ec);
        if (!inside(folder, path) || !inside(real_folder, real))
            throw FileError(setup.config_file, key,
                            "'" + file + "' is outside the output folder " + folder.string() +
                                "; outputs are written inside it only");
        if (inputs.count(real))
            throw FileError(setup.config_file, key, "'" + file + "' is an input of this run; it would be overwritten");
        if (fs::is_directory(real, ec))
            throw FileError(setup.config_file, key, "'" + file + "' is a folder, not a file");
        if (const auto [it, fresh] = seen.emplace(real, key); !fresh)
            throw FileError(setup.config_file, key, "'" + file + "' is also written as " + it->second);
    }
}

void redirect_outputs(circuit::SimulationSetup& setup, const std::string& directory) {
    if (directory.empty()) throw InvalidArgument("--output needs a folder, got an empty name");
    const fs::path old_dir = fs::absolute(setup.output.output_dir).lexically_normal();
    const fs::path new_dir = fs::absolute(directory).lexically_normal();
    // check_outputs() has put every output inside the old folder: keep its place there.
    auto move = [&](std::string& path) {
        if (!path.empty()) path = (new_dir / fs::absolute(path).lexically_normal().lexically_relative(old_dir)).string();
    };
    move(setup.output.spikes_file);
    move(setup.output.spikes_csv);
    move(setup.output.log_file);
    for (auto& r : setup.reports) move(r.file_name);
    setup.output.output_dir = new_dir.string();
    check_outputs(setup);
}

circuit::SimulationSetup read_simulation_or_circuit_config(const std::string& path, const DiagnosticOptions& diagnostics) {
    const Json root = read_json(path);
    if (root.is_object() && !root.contains("run") && root.contains("networks")) {
        circuit::SimulationSetup setup;
        setup.config_file = path;
        setup.circuit_config = path;
        setup.run.tstop = 500.0;
        return setup;
    }
    return read_simulation_config(path, diagnostics);
}

circuit::SimulationSetup read_simulation_config(const std::string& path, const DiagnosticOptions& diagnostics) {
    const Json root = read_json(path);
    if (!root.is_object()) throw FileError(path, "(top level)", "must be a JSON object, got " + describe(root));
    circuit::SimulationSetup setup = ConfigParser(path, root, diagnostics).parse();  // the JSON alone
    load_spike_inputs(setup);  // then the files it names
    // The circuit's files are inputs too: no output may land on them. (Its warnings
    // come when the circuit itself is read.)
    setup.input_files.push_back(path);
    const CircuitConfig circuit = read_circuit_config(setup.circuit_config);
    for (const auto& file : circuit.config_files) setup.input_files.push_back(file);
    for (const auto* list : {&circuit.nodes, &circuit.edges})
        for (const auto& f : *list) {
            setup.input_files.push_back(f.h5);
            if (!f.types_csv.empty()) setup.input_files.push_back(f.types_csv);
        }
    check_outputs(setup);
    return setup;
}

}  // namespace lamina::io
