#include "io/sonata/single_cell.h"

#include <cmath>
#include <fstream>

#include "engine/circuit/circuit.h"
#include "engine/errors.h"
#include "io/file_util.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/neuroml_cell.h"
#include "io/sonata/simulation_config.h"
#include "io/sonata/sonata_json.h"

namespace fs = std::filesystem;

namespace lamina::io {

namespace {

bool looks_like_xml(const fs::path& file) {
    if (file.extension() == ".nml" || file.extension() == ".xml") return true;
    std::ifstream in(file);
    char c = 0;
    while (in.get(c) && std::isspace(static_cast<unsigned char>(c))) {
    }
    return c == '<';
}

void require_file(const fs::path& path, const char* what) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw FileError(path.string(), 0, std::string("no such ") + what + " file");
}

}  // namespace

fs::path write_single_cell_experiment(const fs::path& morphology_path, const fs::path& model_path, const fs::path& folder,
                                      const SingleCellOptions& o) {
    const fs::path morphology = fs::absolute(morphology_path).lexically_normal();
    const fs::path model = fs::absolute(model_path).lexically_normal();
    require_file(morphology, "morphology");
    require_file(model, "cell model");
    if (!(o.tstop > 0) || !(o.duration >= 0) || !(o.delay >= 0) || !std::isfinite(o.amp))
        throw InvalidArgument("a single-cell experiment needs tstop > 0, delay and duration >= 0 and a finite amplitude");

    // The model's kind, and the temperature and voltage it was fitted at.
    const bool neuroml = looks_like_xml(model);
    const circuit::BiophysicalModel read = neuroml ? read_neuroml_cell(model.string()) : read_biophysical_model(model.string());
    std::optional<double> celsius = read.celsius, v_init = read.v_init;
    if (read.emodel) celsius = read.emodel->celsius, v_init = read.emodel->v_init;

    circuit::Circuit c;
    c.components.morphologies_dir = morphology.parent_path().string();
    if (neuroml) c.components.templates_dir = model.parent_path().string();
    else c.components.biophysical_neuron_models_dir = model.parent_path().string();
    c.components.mechanisms_dir = o.mechanisms_dir;
    circuit::NodePopulation p;
    p.name = "cell";
    p.node_type_id = {1};
    p.attributes["model_type"] = circuit::Column::of_texts({"biophysical"});
    p.attributes["morphology"] = circuit::Column::of_texts({morphology.filename().string()});
    if (neuroml) p.attributes["model_template"] = circuit::Column::of_texts({"nml:" + model.filename().string()});
    else p.attributes["dynamics_params"] = circuit::Column::of_texts({model.filename().string()});
    // Allen's models are fitted with their axon replaced by a stub; an e-model says itself.
    if (!read.emodel) p.attributes["model_processing"] = circuit::Column::of_texts({"aibs_perisomatic"});
    c.nodes.push_back(std::move(p));
    fs::create_directories(folder);
    write_circuit(c, (folder / "circuit").string());

    write_text_file_atomically(folder / "node_sets.json",
                               [](std::ostream& out) { out << R"({"cell": {"population": "cell"}})" << '\n'; });
    sonata::Json config = {
        {"network", "circuit/circuit_config.json"},
        {"node_sets_file", "node_sets.json"},
        {"run", {{"tstop", o.tstop}, {"dt", o.dt}, {"spike_threshold", o.spike_threshold}}},
        {"conditions", {{"celsius", o.celsius.value_or(celsius.value_or(34.0))}, {"v_init", o.v_init.value_or(v_init.value_or(-80.0))}}},
        {"inputs",
         {{"step",
           {{"input_type", "current_clamp"}, {"module", "IClamp"}, {"node_set", "cell"}, {"amp", o.amp}, {"delay", o.delay},
            {"duration", o.duration}}}}},
        {"reports", {{"soma_v", {{"cells", "cell"}, {"variable_name", "v"}, {"sections", "soma"}, {"dt", 0.1}}}}},
        {"output", {{"output_dir", "output"}}},
    };
    const fs::path path = folder / "simulation_config.json";
    write_text_file_atomically(path, [&](std::ostream& out) { out << config.dump(2) << '\n'; });
    return path;
}

}  // namespace lamina::io
