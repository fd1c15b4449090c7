#include "app/cli.h"

#include <algorithm>
#include <filesystem>
#include <new>
#include <ostream>

#include "engine/errors.h"
#include "engine/morphology/metrics_report.h"

namespace lamina::app {

Arguments::Arguments(const std::vector<std::string>& args, const std::vector<std::string>& flags,
                     const std::vector<std::string>& valued) {
    auto known = [](const std::vector<std::string>& list, const std::string& name) {
        return std::find(list.begin(), list.end(), name) != list.end();
    };
    bool only_positional = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (only_positional || arg.size() < 2 || arg[0] != '-') {
            positional_.push_back(arg);
            continue;
        }
        if (arg == "--") {
            only_positional = true;
            continue;
        }
        const auto eq = arg.find('=');
        const std::string name = arg.substr(0, eq);
        if (known(flags, name) && eq == std::string::npos) {
            present_.push_back(name);
        } else if (known(valued, name)) {
            if (eq != std::string::npos) {
                values_.emplace_back(name, arg.substr(eq + 1));
            } else if (i + 1 < args.size()) {
                values_.emplace_back(name, args[++i]);
            } else {
                error_ = "option " + name + " needs a value";
                return;
            }
            present_.push_back(name);
        } else {
            error_ = "unknown option '" + arg + "'";
            return;
        }
    }
}

bool Arguments::has(const std::string& flag) const {
    return std::find(present_.begin(), present_.end(), flag) != present_.end();
}

std::string Arguments::value(const std::string& option, const std::string& fallback) const {
    for (auto it = values_.rbegin(); it != values_.rend(); ++it)
        if (it->first == option) return it->second;
    return fallback;
}

double number_option(const Arguments& a, const std::string& option, double fallback, double min, double max) {
    const std::string text = a.value(option, "");
    if (text.empty()) return fallback;
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(value >= min && value <= max))
        throw UsageError(option + " must be a number in [" + format_number(min, 6) + ", " +
                              format_number(max, 6) + "], got '" + text + "'");
    return value;
}

namespace {

// Each command's --help text.
const char* const info_help =
    "usage: lamina info FILE [--json] [--strict] [--lenient]\n"
    "\n"
    "Reads a morphology (SWC, Neurolucida ASC or H5 v1, chosen by extension) and\n"
    "prints its summary with NeuroM's definitions: soma type, radius and surface area;\n"
    "neurites by type; sections, bifurcations, forking points, leaves and points; max\n"
    "branch order; total length overall and per neurite type; max path distance and\n"
    "max radial distance from the soma; extent. Warnings found while reading go to\n"
    "stderr as FILE:LINE: warning: MESSAGE.\n"
    "\n"
    "options:\n"
    "  --json     print the summary as one JSON object (warnings included) on stdout\n"
    "  --strict   treat warnings as errors\n"
    "  --lenient  read what MorphIO refuses (SWC ids beyond 32 bits, section types outside\n"
    "             1-19, a type change without a bifurcation, an ASC branch going on after\n"
    "             'Incomplete') with a warning instead of an error\n"
    "  --help     show this text\n"
    "\n"
    "exit status: 0 on success, 1 when the file cannot be read (message on stderr),\n"
    "2 on wrong usage.\n";

const char* const convert_help =
    "usage: lamina convert IN OUT [--strict] [--force] [--lenient]\n"
    "\n"
    "Reads IN (.swc, .asc or .h5) and writes OUT (.swc or .h5), keeping every point,\n"
    "diameter, section type and the topology. A contour soma written to SWC becomes a\n"
    "NeuroMorpho three-point soma of the same radius (a warning says so). OUT is\n"
    "written to a temporary file and renamed, so it is complete or absent.\n"
    "\n"
    "options:\n"
    "  --force    overwrite OUT if it exists\n"
    "  --strict   treat warnings as errors\n"
    "  --lenient  read what MorphIO refuses (SWC ids beyond 32 bits, section types outside\n"
    "             1-19, a type change without a bifurcation, an ASC branch going on after\n"
    "             'Incomplete') with a warning instead of an error\n"
    "  --help     show this text\n";

const char* const simulate_help =
    "usage: lamina simulate SIMULATION_CONFIG [OPTIONS]\n"
    "\n"
    "Runs a SONATA simulation without the GUI: reads simulation_config.json (run,\n"
    "conditions, node sets, inputs, reports, output) and the circuit it names (or\n"
    "carries inline), builds every biophysical and single-compartment cell, turns\n"
    "virtual nodes into spike sources fed by the config's spike inputs, simulates\n"
    "with the embedded multithreaded engine and writes:\n"
    "  - spikes as SONATA HDF5 (/spikes/<population>/timestamps, node_ids; sorted\n"
    "    by time), and as CSV when output.spikes_file_csv is set;\n"
    "  - each report as a SONATA compartment report (/report/<population>/data with\n"
    "    its mapping), soma or all compartments, any variable (v, m_hh, hh.m ...).\n"
    "Files are written under temporary names and renamed when complete. Progress\n"
    "(simulated ms, wall time, rate) goes to stderr. Lamina's own run keys:\n"
    "\"method\": \"ie\" (implicit Euler, the default) or \"cn\" (Crank-Nicolson), and\n"
    "for comparing with NEURON \"spike_timing\": \"neuron\" and \"hh_tables\": true.\n"
    "Every output stays inside the output folder: a file name that leaves it, names\n"
    "an input of the run or another output is refused before anything runs. Unknown\n"
    "keys are reported as warnings; keys Lamina cannot honour are errors.\n"
    "\n"
    "options:\n"
    "  --threads N   worker threads (default: all cores); results do not depend on it\n"
    "  --output DIR  write outputs into DIR instead of output.output_dir\n"
    "  --long-run    run even when the estimate says it takes more than 24 hours\n"
    "  --quiet       no progress or log on stderr (warnings are still printed)\n"
    "  --help        show this text\n"
    "\n"
    "exit status: 0 done, 1 bad input (the message names file, dataset or key), 2 bad usage\n";

const char* const build_help =
    "usage: lamina build RECIPE -o DIR [--seed N] [--threads N] [--force] [--quiet]\n"
    "\n"
    "Builds the microcircuit a recipe (JSON) describes: places somata in the column's\n"
    "layers at their densities, grows a morphology for every cell (or draws one from\n"
    "the type's folder), finds every axon-dendrite apposition within the touch\n"
    "distance, prunes them to each pathway's connection probability and synapses per\n"
    "connection, and writes DIR: a SONATA circuit (circuit_config.json, nodes, edges\n"
    "with afferent/efferent section and position, morphologies, model files), a\n"
    "simulation_config.json (with the recipe's Poisson input, its spike trains in\n"
    "drive_spikes.h5), the recipe, and build_report.json/.txt (cells per layer and\n"
    "type, achieved against target per pathway, the probability matrix; also\n"
    "printed). Progress goes to stderr. The folder is written beside DIR and swapped\n"
    "in complete; a DIR holding anything its build manifest\n"
    "(.lamina-build-manifest.json) does not list is refused, and its output/ is kept.\n"
    "The same recipe and seed give byte-identical files for any number of threads.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR  the folder to write (created if missing; empty or a column)\n"
    "  --seed N          override the recipe's seed\n"
    "  --threads N       worker threads (default: all cores)\n"
    "  --force           replace a column an earlier build wrote into DIR\n"
    "  --quiet           no progress on stderr\n"
    "  --help            show this text\n"
    "\n"
    "exit status: 0 built, 1 bad recipe (the message names the key), 2 bad usage\n";

const char* const mechanisms_help =
    "usage: lamina mechanisms build DIR [--quiet]\n"
    "\n"
    "Translates every .mod file in DIR (or DIR/modfiles, BMTK's layout) with Lamina's\n"
    "NMODL translator and compiles the kernels with the system C++ compiler (c++, or\n"
    "$LAMINA_CXX) into one plugin, cached by content in $LAMINA_CACHE_DIR, else\n"
    "$XDG_CACHE_HOME/lamina, else ~/.cache/lamina: building the same files again is\n"
    "instant, a changed file is rebuilt. Prints each mechanism and the plugin; a file\n"
    "named like a built-in mechanism replaces it, and says so. A SONATA circuit's\n"
    "components.mechanisms_dir is built the same way by lamina simulate. Errors name\n"
    "file:line:column and the construct; compiler errors show the first lines of its\n"
    "log and where the rest is.\n"
    "\n"
    "options:\n"
    "  --quiet   no progress on stderr\n"
    "  --help    show this text\n"
    "\n"
    "exit status: 0 built, 1 a file refused or the compiler failed, 2 bad usage\n";

const char* const simulate_demo_help =
    "usage: lamina simulate-demo [OPTIONS]\n"
    "\n"
    "Builds a network of ball-and-stick cells (HH soma, passive dendrite, one\n"
    "excitatory synapse), each driven by 10 Hz Poisson input and receiving 20 random\n"
    "connections (weight 0.005 uS, delays 1-5 ms), simulates it with the embedded\n"
    "multithreaded engine, shows progress on stderr and writes every spike as CSV\n"
    "(gid,time_ms), sorted by time. With --edges/--inputs it runs a network given as\n"
    "CSV instead, such as ../shared/reference/ballstick_net.\n"
    "\n"
    "options:\n"
    "  --cells N          number of cells (default 1000)\n"
    "  --tstop MS         simulated time (default 1000)\n"
    "  --dt MS            time step (default 0.025)\n"
    "  --threads N        worker threads (default: all cores); results do not depend on it\n"
    "  --seed N           random connectivity and input seed (default 1)\n"
    "  --unconnected      leave the recurrent connections out\n"
    "  --timing MODE      neuron (default: spike times at step ends, NEURON's hh tables)\n"
    "                     or interpolated (crossing times within the step, exact rates)\n"
    "  --edges FILE       connections: source,target,weight_uS,delay_ms\n"
    "  --inputs FILE      external events: target,time_ms (weight 0.005 uS)\n"
    "  --output FILE      spikes CSV to write (default demo_spikes.csv)\n"
    "  --write-sonata DIR write the network as a SONATA circuit with its Poisson drive\n"
    "                     and a simulation config instead of simulating it (then run\n"
    "                     lamina simulate DIR/simulation_config.json)\n"
    "  --quiet            no progress line\n"
    "  --help             show this text\n";

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"info", "summarise a morphology file (counts, lengths, soma, warnings)", info_help, run_info},
        {"convert", "convert a morphology between SWC, ASC (read only) and H5", convert_help, run_convert},
        {"simulate", "run a SONATA simulation config: spikes and reports to its output folder", simulate_help, run_simulate},
        {"build", "build a cortical column from a recipe and write it as a SONATA circuit", build_help, run_build},
        {"cell", "run one cell (a morphology and an e-model, Allen or NeuroML model) stepped at the soma", cell_help, run_cell},
        {"mechanisms", "translate and compile a folder of NMODL mod files into a cached plugin", mechanisms_help, run_mechanisms},
        {"simulate-demo", "simulate the ball-and-stick network and write its spikes as CSV", simulate_demo_help, run_simulate_demo},
    };
    return list;
}

const Command* find_command(const std::string& name) {
    for (const Command& c : commands())
        if (name == c.name) return &c;
    return nullptr;
}

void print_main_help(std::ostream& out) {
    out << "Lamina — a desktop studio for neocortical microcircuits\n"
           "\n"
           "usage: lamina [FILE...]              open the desktop app (the demo when no FILE)\n"
           "       lamina COMMAND [OPTIONS]      run a command without the GUI\n"
           "       lamina COMMAND --help         explain one command\n"
           "\n"
           "commands:\n";
    for (const Command& c : commands()) {
        std::string name = c.name;
        name.resize(std::max<std::size_t>(name.size() + 2, 15), ' ');  // never cut a name
        out << "  " << name << c.summary << '\n';
    }
    out << "\n"
           "options:\n"
           "  --help, -h     show this text\n"
           "  --version      print the version\n"
           "\n"
           "Without a display (no DISPLAY or WAYLAND_DISPLAY), `lamina` says so and prints\n"
           "the summary of the bundled demo morphology instead of opening a window.\n";
}

int run_command(const Command& command, const std::vector<std::string>& args, std::ostream& out,
                std::ostream& err) {
    if (std::find(args.begin(), args.end(), "--help") != args.end() ||
        std::find(args.begin(), args.end(), "-h") != args.end()) {
        out << command.help;
        return exit_ok;
    }
    // Input mistakes are the user's, whatever the library that noticed them: only a
    // failure nothing explains is reported as Lamina's own.
    try {
        return command.run(args, out, err);
    } catch (const UsageError& e) {
        err << "lamina " << command.name << ": " << e.what() << "\n(lamina " << command.name << " --help)\n";
        return exit_usage;
    } catch (const Error& e) {
        err << "lamina " << command.name << ": " << e.what() << '\n';
        return exit_bad_input;
    } catch (const std::filesystem::filesystem_error& e) {
        err << "lamina " << command.name << ": " << e.code().message() << ": '" << e.path1().string() << "'\n";
        return exit_bad_input;
    } catch (const std::bad_alloc&) {
        err << "lamina " << command.name << ": not enough memory for what the input asks (a size in it is too large)\n";
        return exit_bad_input;
    } catch (const std::exception& e) {
        err << "lamina " << command.name << ": internal error (please report): " << e.what() << '\n';
        return exit_bad_input;
    }
}

}  // namespace lamina::app
