#include "fuzz/fuzz_configs.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "engine/errors.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/simulation_config.h"

namespace fs = std::filesystem;

namespace lamina::fuzz {

namespace {

// One scratch folder per process, holding the input and a config that names it.
const fs::path& scratch() {
    static const fs::path folder = [] {
        fs::path p = fs::temp_directory_path() / ("lamina-fuzz-configs-" + std::to_string(::getpid()));
        fs::create_directories(p);
        std::ofstream(p / "with_node_sets.json")
            << R"({"network": "fuzz.json", "node_sets_file": "fuzz.json", "run": {"tstop": 1}})";
        return p;
    }();
    return folder;
}

template <typename Read>
int accepted(Read&& read) {
    try {
        read();
        return 1;
    } catch (const Error&) {
        return 0;
    }
}

}  // namespace

int read_configs(const std::uint8_t* data, std::size_t size) {
    const fs::path file = scratch() / "fuzz.json";
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                   static_cast<std::streamsize>(size));
    WarningCollector warnings;
    const DiagnosticOptions diagnostics{&warnings, false};
    int count = 0;
    count += accepted([&] { io::read_simulation_config(file.string(), diagnostics); });
    count += accepted([&] { io::read_circuit_config(file.string(), diagnostics); });
    count += accepted([&] { io::read_simulation_config((scratch() / "with_node_sets.json").string(), diagnostics); });
    circuit::Circuit models;
    models.components.biophysical_neuron_models_dir = scratch().string();
    models.components.synaptic_models_dir = scratch().string();
    const auto files = io::model_files(models, diagnostics);
    count += accepted([&] { files.biophysics("fuzz.json"); });
    count += accepted([&] { files.synapse("fuzz.json"); });
    return count;
}

void remove_config_scratch() {
    std::error_code ignored;
    fs::remove_all(scratch(), ignored);
}

}  // namespace lamina::fuzz
