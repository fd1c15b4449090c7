#pragma once
// What a SONATA simulation config asks for, as plain values (io/sonata parses the JSON
// into these; the engine and the app act on them). Times in ms, lengths in µm.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/sim/run_options.h"

namespace lamina::circuit {

// Bounds on what a run may ask for, checked before anything is built: beyond them a
// value is a slip (1e12 ms, dt 1e-12 ms), not a simulation anyone can wait for.
inline constexpr double max_run_time = 1e9;      // [ms] tstop, delays, event times (11.6 days)
inline constexpr double min_dt = 1e-5;           // [ms]
inline constexpr double max_dt = 10.0;           // [ms]
inline constexpr double max_run_steps = 1e10;    // tstop / dt

// A node set: either a union of other node sets, or the nodes that match every given
// condition (population, node ids, attribute values; a list means "any of").
struct NodeSetRule {
    std::vector<std::string> compound;               // names of other node sets (a union)
    std::optional<std::string> population;
    std::optional<std::vector<std::uint64_t>> node_ids;
    std::map<std::string, std::vector<std::string>> attributes;  // values as text
};

// A SONATA run's options start from BMTK's conditions when a config gives none.
inline sim::RunOptions sonata_run_options() {
    sim::RunOptions options;
    options.tstop = 0.0;  // a config must give it
    options.celsius = 34.0;
    options.v_init = -80.0;
    return options;
}

struct CurrentClamp {
    std::string name;        // the input's key in the config
    std::string node_set;
    std::vector<double> amp, delay, duration;  // [nA], [ms], [ms]; several = consecutive pulses
    std::string section = "soma";
    double x = 0.5;
};

// Spike trains for the virtual nodes of one population, by node id.
struct SpikeInput {
    std::string name;
    std::string node_set;
    std::string file;                               // as given, resolved against the config
    std::map<std::uint64_t, std::vector<double>> trains;  // filled by io when loading
    std::string population;                         // population the file's spikes belong to
};

struct ReportRequest {
    std::string name;
    std::string cells;          // node set
    std::string variable = "v"; // v, or a mechanism state such as hh.m / m_hh
    std::string sections = "soma";  // soma or all
    double dt = 0.1;
    double start_time = 0.0;
    double end_time = 0.0;      // 0: until tstop
    std::string file_name;      // resolved path
};

struct OutputSettings {
    std::string output_dir = "output";
    std::string spikes_file = "spikes.h5";
    std::string spikes_csv;      // optional CSV copy
    std::string log_file;
    bool overwrite_output_dir = true;
};

struct SimulationSetup {
    std::string config_file;     // for messages
    std::string circuit_config;  // the circuit it runs
    sim::RunOptions run = sonata_run_options();  // `run` and `conditions`, and Lamina's keys
    std::map<std::string, NodeSetRule> node_sets;
    std::vector<CurrentClamp> current_clamps;
    std::vector<SpikeInput> spike_inputs;
    std::vector<ReportRequest> reports;
    OutputSettings output;
    // Every file the run reads (configs, node sets, circuit files, spike inputs), so
    // no output may be written over one of them.
    std::vector<std::string> input_files;
};

}  // namespace lamina::circuit
