// lamina cell MORPHOLOGY MODEL: a single-cell experiment (a current step at the soma)
// written as a SONATA folder and simulated, the headless twin of File ▸ Open Cell Model.

#include <filesystem>
#include <ostream>

#include "app/cli.h"
#include "io/sonata/single_cell.h"

namespace fs = std::filesystem;

namespace lamina::app {

const char* const cell_help =
    "usage: lamina cell MORPHOLOGY MODEL [OPTIONS]\n"
    "\n"
    "Runs one cell: MORPHOLOGY (SWC, ASC, H5) with MODEL, an e-model in BluePyOpt's JSON\n"
    "layout (Hay's L5PC), an Allen/BMTK dynamics_params JSON or a NeuroML cell (.nml),\n"
    "stepped by a current at the soma. The experiment is written as a SONATA folder\n"
    "(circuit, node_sets.json, simulation_config.json) and run by lamina simulate: its\n"
    "spikes and soma voltage go to DIR/output. Open DIR/simulation_config.json in the\n"
    "app to run it again with live views. Temperature and initial voltage are the\n"
    "model's own (34 degC and -80 mV when it gives none).\n"
    "\n"
    "options:\n"
    "  --amp NA          the step's amplitude (default 0.5)\n"
    "  --delay MS        when it starts (default 100)\n"
    "  --duration MS     how long it lasts (default 1000)\n"
    "  --tstop MS        the run's length (default 1200)\n"
    "  --threshold MV    a spike is an upward crossing of this at the soma (default -15)\n"
    "  --celsius C       the temperature, instead of the model's\n"
    "  --v-init MV       the initial voltage, instead of the model's\n"
    "  --mechanisms DIR  mod files the model needs beyond Lamina's catalogue\n"
    "  --output DIR      where the experiment goes (default MORPHOLOGY-MODEL in the\n"
    "                    working folder; an existing folder that is not an earlier\n"
    "                    experiment is refused, never overwritten)\n"
    "  --quiet           no progress on stderr\n"
    "  --help            show this text\n"
    "\n"
    "exit status: 0 ran, 1 a file or value refused (the message names it), 2 bad usage\n";

int run_cell(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const Arguments a(args, {"--quiet"},
                      {"--amp", "--delay", "--duration", "--tstop", "--threshold", "--celsius", "--v-init", "--mechanisms", "--output"});
    if (!a.ok() || a.positional().size() != 2) {
        err << "lamina cell: " << (a.ok() ? "expects a morphology and a cell model" : a.error()) << "\n(lamina cell --help)\n";
        return exit_usage;
    }
    io::SingleCellOptions o;
    o.amp = number_option(a, "--amp", o.amp, -1e3, 1e3);
    o.delay = number_option(a, "--delay", o.delay, 0, 1e9);
    o.duration = number_option(a, "--duration", o.duration, 0, 1e9);
    o.tstop = number_option(a, "--tstop", o.tstop, 1e-3, 1e9);
    o.spike_threshold = number_option(a, "--threshold", o.spike_threshold, -200, 200);
    if (a.has("--celsius")) o.celsius = number_option(a, "--celsius", 0, -20, 60);
    if (a.has("--v-init")) o.v_init = number_option(a, "--v-init", 0, -200, 200);
    o.mechanisms_dir = a.value("--mechanisms");
    const fs::path morphology = a.positional()[0], model = a.positional()[1];
    const fs::path folder = a.has("--output") ? fs::path(a.value("--output"))
                                              : fs::path(morphology.stem().string() + "-" + model.stem().string());
    std::error_code ec;
    if (fs::exists(folder, ec) && !fs::is_empty(folder, ec) && !fs::exists(folder / "simulation_config.json", ec))
        throw UsageError(folder.string() + " exists and is not an earlier experiment: choose another --output");
    const fs::path config = io::write_single_cell_experiment(morphology, model, folder, o);
    if (!a.has("--quiet")) err << "experiment: " << config.string() << '\n';
    std::vector<std::string> simulate{config.string()};
    if (a.has("--quiet")) simulate.push_back("--quiet");
    return run_simulate(simulate, out, err);
}

}  // namespace lamina::app
