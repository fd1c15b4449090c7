// SONATA nodes whose dynamics_params is an e-model in BluePyOpt's layout run with their
// model, through `lamina simulate`: Hay's cell as a node of a circuit fires NEURON's
// spikes. Templates and processing Lamina cannot honour are errors naming the node.

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli.h"
#include "support/cli_run.h"
#include "support/test_text.h"
#include "engine/circuit/biophysics.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/spikes_io.h"

using namespace lamina;
namespace fs = std::filesystem;
using test::run_cli;
using test::write_text;

namespace {

const fs::path reference = fs::path(LAMINA_SHARED_DIR) / "reference/cortical";

// NEURON's spike times for Hay's cell at 0.8 nA.
std::vector<double> reference_spikes() {
    std::vector<double> expected;
    std::ifstream in(reference / "l5pc_demo_step_0.8nA_spikes.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) expected.push_back(std::stod(line));
    return expected;
}

// One node of Hay's cell; `extra` adds node attributes (model_template, ...).
void write_l5pc_circuit(const fs::path& folder, const std::map<std::string, std::string>& extra = {},
                        const std::string& mechanisms_dir = {}) {
    circuit::Circuit c;
    c.components.mechanisms_dir = mechanisms_dir;
    c.components.morphologies_dir = std::string(LAMINA_RESOURCE_DIR) + "/morphologies";
    c.components.biophysical_neuron_models_dir = reference.string();
    circuit::NodePopulation p;
    p.name = "l5pc";
    p.node_type_id = {1};
    p.attributes["model_type"] = circuit::Column::of_texts({"biophysical"});
    p.attributes["morphology"] = circuit::Column::of_texts({"demo_pyramidal.swc"});
    p.attributes["dynamics_params"] = circuit::Column::of_texts({"l5pc_demo_emodel.json"});
    for (const auto& [k, v] : extra) p.attributes[k] = circuit::Column::of_texts({v});
    c.nodes.push_back(p);
    io::write_circuit(c, (folder / "circuit").string());
    write_text(folder / "node_sets.json", R"({"cell": {"population": "l5pc"}})");
}

void write_config(const fs::path& folder, double celsius) {
    write_text(folder / "simulation_config.json", R"({
  "network": "circuit/circuit_config.json",
  "node_sets_file": "node_sets.json",
  "run": {"tstop": 1200.0, "dt": 0.025, "spike_threshold": 0.0},
  "conditions": {"celsius": )" + std::to_string(celsius) + R"(, "v_init": -80.0},
  "inputs": {"step": {"input_type": "current_clamp", "module": "IClamp", "node_set": "cell",
                      "amp": 0.8, "delay": 200.0, "duration": 800.0}},
  "output": {"output_dir": "out"}
})");
}

}  // namespace

class TestSonataEmodel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

private slots:
    void emodelNodeFiresAsNeuron() { fires_as_neuron(root() / "l5pc", {}); }

    void fires_as_neuron(const fs::path& base, const std::string& mechanisms_dir) {
        write_l5pc_circuit(base, {}, mechanisms_dir);
        write_config(base, 34.0);
        const auto r = run_cli({"simulate", (base / "simulation_config.json").string(), "--quiet"});
        QVERIFY2(r.status == 0, r.err.c_str());
        if (!mechanisms_dir.empty())
            QVERIFY2(r.err.find("Ih from " + mechanisms_dir + " replaces Lamina's built-in Ih for this run") != std::string::npos,
                     r.err.c_str());
        std::vector<double> times;
        for (const auto& p : io::read_spikes((base / "out/spikes.h5").string()))
            if (p.population == "l5pc") times = p.timestamps;
        const auto expected = reference_spikes();
        QCOMPARE(times.size(), expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k)
            QVERIFY2(std::abs(times[k] - expected[k]) <= (k < 3 ? 0.05 : 1.0),
                     qPrintable(QString("spike %1: %2 vs %3").arg(k).arg(times[k]).arg(expected[k])));
    }

    // `lamina cell`: the morphology and the e-model alone, as a user has them, fire
    // NEURON's spikes (crossings of 0 mV, as the reference counts them).
    void cellCommandRunsTheEmodel() {
        const fs::path out = root() / "cell";
        const auto r = run_cli({"cell", std::string(LAMINA_RESOURCE_DIR) + "/morphologies/demo_pyramidal.swc",
                            (reference / "l5pc_demo_emodel.json").string(), "--amp", "0.8", "--delay", "200", "--duration",
                            "800", "--tstop", "1200", "--threshold", "0", "--output", out.string(), "--quiet"});
        QVERIFY2(r.status == 0, r.err.c_str());
        std::vector<double> times;
        for (const auto& p : io::read_spikes((out / "output/spikes.h5").string())) times = p.timestamps;
        const auto expected = reference_spikes();
        QCOMPARE(times.size(), expected.size());
        for (std::size_t k = 0; k < 3; ++k) QVERIFY(std::abs(times[k] - expected[k]) <= 0.05);
        QVERIFY(fs::exists(out / "output/soma_v.h5"));
        // A folder that is not an earlier experiment is never written into.
        write_text(root() / "mine/notes.txt", "keep");
        const auto refused = run_cli({"cell", std::string(LAMINA_RESOURCE_DIR) + "/morphologies/demo_pyramidal.swc",
                                  (reference / "l5pc_demo_emodel.json").string(), "--output", (root() / "mine").string()});
        QCOMPARE(refused.status, 2);
        QVERIFY2(refused.err.find("exists and is not an earlier experiment") != std::string::npos, refused.err.c_str());
        QCOMPARE(fs::file_size(root() / "mine/notes.txt"), std::uintmax_t{4});
        const auto missing = run_cli({"cell", (root() / "absent.swc").string(), (reference / "l5pc_demo_emodel.json").string(),
                                  "--output", (root() / "x").string()});
        QCOMPARE(missing.status, 1);
        QVERIFY2(missing.err.find("absent.swc: no such morphology file") != std::string::npos, missing.err.c_str());
    }

    void emodelAtAnotherTemperatureIsRefused() {
        const fs::path base = root() / "cold";
        write_l5pc_circuit(base);
        write_config(base, 6.3);
        const auto r = run_cli({"simulate", (base / "simulation_config.json").string(), "--quiet"});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.find("node l5pc:0") != std::string::npos &&
                     r.err.find("sets celsius 34 but the run's conditions.celsius is 6.3") != std::string::npos,
                 r.err.c_str());
    }

    void ambiguousTemplateAndUnknownProcessingAreRefused() {
        const fs::path base = root() / "nml";
        write_l5pc_circuit(base, {{"model_template", "nml:Cell_472363762.cell.nml"}});
        write_config(base, 34.0);
        auto r = run_cli({"simulate", (base / "simulation_config.json").string(), "--quiet"});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.find("node l5pc:0: both a NeuroML model_template (Cell_472363762.cell.nml) and dynamics_params "
                            "(l5pc_demo_emodel.json) give its model: give one") != std::string::npos,
                 r.err.c_str());
        const fs::path other = root() / "processing";
        write_l5pc_circuit(other, {{"model_processing", "fullaxon_magic"}});
        write_config(other, 34.0);
        r = run_cli({"simulate", (other / "simulation_config.json").string(), "--quiet"});
        QCOMPARE(r.status, 1);
        QVERIFY2(r.err.find("model_processing 'fullaxon_magic' is not one Lamina knows") != std::string::npos,
                 r.err.c_str());
    }

    // Allen's files say gbar_<mechanism> for every conductance; the catalogue's Ca_HVA,
    // Ih and Im keep Hay's names (gCa_HVAbar ...), which the Allen names reach.
    void allenConductanceNamesReachHaysParameters() {
        circuit::BiophysicalModel model;
        model.file = "allen_fit.json";
        model.genome = {{"soma", "gbar_Ih", "Ih", 2e-4}, {"soma", "gbar_Ca_HVA", "Ca_HVA", 5e-4},
                        {"soma", "gbar_NaTs", "NaTs", 0.9}};
        sim::CellDescription cell;
        cell.add_cylinder("soma", SectionType::soma, 20, 20);
        std::set<std::string> missing;
        circuit::apply_biophysics(model, cell, missing);
        QVERIFY(missing.empty());
        std::map<std::string, std::map<std::string, double>> painted;
        for (const auto& p : cell.paintings()) painted[p.mechanism] = p.parameters;
        QCOMPARE(painted["Ih"].at("gIhbar"), 2e-4);
        QCOMPARE(painted["Ca_HVA"].at("gCa_HVAbar"), 5e-4);
        QCOMPARE(painted["NaTs"].at("gbar"), 0.9);  // Allen's own files keep gbar
    }

    // components.mechanisms_dir (BMTK's layout, modfiles/ inside): the circuit's own Ih,
    // compiled at run time, replaces the catalogue's (the log says so) and the cell
    // still fires NEURON's spikes. (Last: the replacement holds for the process.)
    void mechanismsDirIsCompiledAndUsed() {
        ::setenv("LAMINA_CACHE_DIR", (root() / "cache").c_str(), 1);
        const fs::path mechanisms = root() / "mechanisms";
        fs::create_directories(mechanisms / "modfiles");
        fs::copy_file(fs::path(LAMINA_RESOURCE_DIR) / "mechanisms/Ih.mod", mechanisms / "modfiles/Ih.mod");
        fires_as_neuron(root() / "with_mechanisms", mechanisms.string());
    }
};

QTEST_GUILESS_MAIN(TestSonataEmodel)
#include "test_sonata_emodel.moc"
