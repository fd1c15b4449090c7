#pragma once
// A SONATA simulation config turned into a run session (engine/session): the one path
// from a config to a run, taken by `lamina simulate` and by the app alike, so a config
// runs the same in both. Outputs (reports, spike files) are attached separately: the
// command line writes them, the app records what its views ask for.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/circuit/simulation_setup.h"
#include "engine/diagnostics.h"
#include "engine/session/run_session.h"
#include "io/sonata/recording_sinks.h"

namespace lamina::io {

struct SonataRun {
    circuit::SimulationSetup setup;
    std::shared_ptr<const circuit::Circuit> circuit;
    std::unique_ptr<session::RunSession> session;
};

// Reads the simulation config, its circuit and model files, builds the network and the
// session at t = 0. With `circuit_alone`, a circuit config alone is accepted too and run
// with default settings (the app opens either). `output_dir`, when not empty, moves
// every output there (--output). Returns early with no session when `cancel` becomes
// true between the long steps. Warnings go to `diagnostics`.
struct OpenOptions {
    bool circuit_alone = false;
    std::string output_dir;
    std::optional<int> threads;  // --threads: replaces the config's (0: all cores)
    const std::atomic<bool>* cancel = nullptr;
    // Steps that take a while (compiling the circuit's mod files), a line each.
    std::function<void(const std::string&)> progress;
};
SonataRun open_sonata_run(const std::string& config, const DiagnosticOptions& diagnostics,
                          const OpenOptions& options = {});

// The config's outputs on its session: the output folder and its subfolders created, a
// recorder with a SONATA report sink per report, and a spike sink (HDF5, and CSV when
// output.spikes_file_csv is set). Throws InvalidArgument for a report that selects no
// cell, covers virtual nodes or would not fit on the disk, and for an output folder
// that is not empty while output.overwrite_output_dir is false.
struct SonataOutputs {
    struct Report {
        circuit::ReportRequest request;
        std::shared_ptr<SonataReportSink> sink;
        std::size_t elements = 0;
    };
    std::vector<Report> reports;
    std::shared_ptr<SpikeFileSink> spikes;
};
SonataOutputs attach_sonata_outputs(SonataRun& run);

}  // namespace lamina::io
