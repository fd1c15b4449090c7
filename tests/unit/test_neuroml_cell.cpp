// NeuroML 2 cells as SONATA model templates: the file's biophysics read into the model an
// Allen JSON gives (every value), a node with `nml:` running exactly as the same cell
// given as dynamics_params, and every file Lamina cannot use refused with its line.

#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/cli.h"
#include "support/cli_run.h"
#include "support/test_text.h"
#include "engine/errors.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/neuroml_cell.h"
#include "io/sonata/spikes_io.h"

using namespace lamina;
namespace fs = std::filesystem;
using test::run_cli;
using test::write_text;

namespace {

const fs::path fixtures = fs::path(LAMINA_FIXTURE_DIR) / "nml";

double genome(const circuit::BiophysicalModel& m, const std::string& section, const std::string& name) {
    for (const auto& v : m.genome)
        if (v.section == section && v.name == name) return v.value;
    throw std::runtime_error("no " + name + " on " + section);
}

// The message reading `body` (inside <neuroml>) gives, empty when it reads.
std::string error_of(const fs::path& folder, const std::string& text) {
    const fs::path file = folder / "bad.cell.nml";
    write_text(file, text);
    try {
        io::read_neuroml_cell(file.string());
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

std::string cell(const std::string& membrane, const std::string& intracellular = "") {
    return "<neuroml xmlns=\"http://www.neuroml.org/schema/neuroml2\">\n<cell id=\"c\">\n<biophysicalProperties id=\"b\">\n"
           "<membraneProperties>\n" + membrane + "\n</membraneProperties>\n<intracellularProperties>\n" + intracellular +
           "\n</intracellularProperties>\n</biophysicalProperties>\n</cell>\n</neuroml>\n";
}

// One Allen cell (472363762) on a small test morphology, its model given by
// `model_template` or `dynamics_params`.
circuit::Circuit allen_circuit(const std::string& model_template, const std::string& dynamics) {
    circuit::Circuit c;
    c.components.morphologies_dir = (fs::path(LAMINA_FIXTURE_DIR) / "morphologies/good").string();
    c.components.biophysical_neuron_models_dir = fixtures.string();
    c.components.templates_dir = fixtures.string();
    circuit::NodePopulation p;
    p.name = "allen";
    p.node_type_id = {100};
    p.attributes["model_type"] = circuit::Column::of_texts({"biophysical"});
    p.attributes["model_processing"] = circuit::Column::of_texts({"aibs_perisomatic"});
    p.attributes["morphology"] = circuit::Column::of_texts({"known_cell.swc"});
    p.attributes["model_template"] = circuit::Column::of_texts({model_template});
    if (!dynamics.empty()) p.attributes["dynamics_params"] = circuit::Column::of_texts({dynamics});
    c.nodes.push_back(std::move(p));
    return c;
}

// That cell stepped by 0.1 nA for 400 ms (19 spikes); its spike times. (On the large
// demo pyramid this soma-only model fires once and stays depolarised: its passive
// dendrites, 2.12 µF/cm² over 3.2e-6 S/cm², hold the charge for 650 ms.)
std::vector<double> spikes_of(const fs::path& folder, const std::string& model_template, const std::string& dynamics) {
    const circuit::Circuit c = allen_circuit(model_template, dynamics);
    io::write_circuit(c, (folder / "circuit").string());
    write_text(folder / "node_sets.json", R"({"cell": {"population": "allen"}})");
    write_text(folder / "simulation_config.json", R"({
  "network": "circuit/circuit_config.json", "node_sets_file": "node_sets.json",
  "run": {"tstop": 600.0, "dt": 0.025, "spike_threshold": -15.0},
  "conditions": {"celsius": 34.0, "v_init": -90.0},
  "inputs": {"step": {"input_type": "current_clamp", "module": "IClamp", "node_set": "cell",
                      "amp": 0.1, "delay": 100.0, "duration": 400.0}},
  "reports": {"soma_v": {"cells": "cell", "variable_name": "v", "sections": "soma", "dt": 0.5}},
  "output": {"output_dir": "out"}
})");
    const auto r = run_cli({"simulate", (folder / "simulation_config.json").string(), "--quiet"});
    if (r.status != 0) throw std::runtime_error(r.err);
    for (const auto& s : io::read_spikes((folder / "out/spikes.h5").string()))
        if (s.population == "allen") return s.timestamps;
    return {};
}

}  // namespace

class TestNeuromlCell : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

private slots:
    // BMTK's export of an Allen cell: every channel, reversal potential, capacitance,
    // resistivity and the calcium pool, with their units converted.
    void readsAnAllenCell() {
        const auto m = io::read_neuroml_cell((fixtures / "Cell_472363762.cell.nml").string());
        QCOMPARE(genome(m, "soma", "gbar_NaTs"), 0.98228995893);
        QCOMPARE(genome(m, "soma", "gbar_Ca_LVA"), 0.00700612943581);
        QCOMPARE(genome(m, "axon", "g_pas"), 0.000457387600765);
        QCOMPARE(genome(m, "dend", "e_pas"), -92.4991149902);
        QCOMPARE(genome(m, "soma", "ehcn_Ih"), -45.0);
        QCOMPARE(genome(m, "soma", "gamma_CaDynamics"), 0.00125107755106);
        QCOMPARE(genome(m, "soma", "decay_CaDynamics"), 717.9166004289999);
        QCOMPARE(genome(m, "soma", "depth_CaDynamics"), 0.1);
        QCOMPARE(genome(m, "soma", "minCai_CaDynamics"), 1e-4);
        QCOMPARE(m.erev.at("soma").at("ena"), 53.0);
        QCOMPARE(m.erev.at("soma").at("ek"), -107.0);
        QVERIFY(!m.erev.at("soma").count("eca"));  // Nernst, from the pool
        QCOMPARE(m.cm.at("apic"), 2.12);
        QCOMPARE(m.cm.at("soma"), 1.0);
        QCOMPARE(*m.ra, 138.28);
        QCOMPARE(m.genome.size(), std::size_t{23});  // 14 channels, 4 e_pas, ehcn, 4 of the pool
        // Units other than the engine's are converted; NeuroML's group names map.
        const auto other = io::read_neuroml_cell([&] {
            const fs::path f = root() / "units.cell.nml";
            write_text(f, cell("<channelDensity id=\"gbar_K_P\" segmentGroup=\"apical_dendrite_group\" ion=\"k\" ionChannel=\"K_P\" "
                               "erev=\"-0.1 V\" condDensity=\"2 mS_per_cm2\"/>\n<specificCapacitance value=\"0.01 F_per_m2\"/>",
                               "<resistivity value=\"1.5 ohm_m\"/>"));
            return f.string();
        }());
        QCOMPARE(genome(other, "apic", "gbar_K_P"), 0.002);
        QCOMPARE(other.erev.at("apic").at("ek"), -100.0);
        QCOMPARE(other.cm.at("all"), 1.0);
        QCOMPARE(*other.ra, 150.0);
    }

    // The same cell by nml: template and by Allen JSON fires the same spikes.
    void nmlNodeRunsAsItsJson() {
        const auto by_nml = spikes_of(root() / "nml", "nml:Cell_472363762.cell.nml", "");
        const auto by_json = spikes_of(root() / "json", "ctdb:Biophys1.hoc", "472363762_fit.json");
        QVERIFY2(by_nml.size() >= 10, qPrintable(QString("%1 spikes").arg(by_nml.size())));
        QCOMPARE(by_nml.size(), by_json.size());
        for (std::size_t k = 0; k < by_nml.size(); ++k)
            QVERIFY2(std::abs(by_nml[k] - by_json[k]) < 1e-6,
                     qPrintable(QString("spike %1: %2 vs %3").arg(k).arg(by_nml[k], 0, 'g', 12).arg(by_json[k], 0, 'g', 12)));
    }

    // A self-contained save copies the NeuroML file and names its folder.
    void savedCircuitsKeepTheirTemplates() {
        const circuit::Circuit c = allen_circuit("nml:Cell_472363762.cell.nml", "");
        io::CircuitWriteOptions options;
        options.copy_components = true;
        io::write_circuit(c, (root() / "saved").string(), options);
        QVERIFY(fs::exists(root() / "saved/templates/Cell_472363762.cell.nml"));
        const auto saved = io::read_circuit((root() / "saved/circuit_config.json").string());
        QCOMPARE(saved.components.templates_dir, (root() / "saved/templates").string());
    }

    // A node whose template cannot be found, or cannot be built, is refused by name.
    void templatesLaminaCannotUseAreRefused() {
        bool threw = false;
        try {
            spikes_of(root() / "absent", "nml:Cell_1.cell.nml", "");
        } catch (const std::runtime_error& e) {
            threw = true;
            QVERIFY2(std::string(e.what()).find("Cell_1.cell.nml: no such NeuroML cell file (looked in ") != std::string::npos, e.what());
        }
        QVERIFY(threw);
        threw = false;
        try {
            spikes_of(root() / "hoc", "hoc:L5PC", "472363762_fit.json");
        } catch (const std::runtime_error& e) {
            threw = true;
            QVERIFY2(std::string(e.what()).find("node allen:0: model_template 'hoc:L5PC' is not one Lamina can build") !=
                         std::string::npos, e.what());
        }
        QVERIFY(threw);
    }

    // Every refusal names the file and line, and the value.
    void badFilesAreRefusedWithTheirLine() {
        const fs::path d = root() / "bad";
        const std::string f = (d / "bad.cell.nml").string();
        const auto expect = [](const std::string& got, const std::string& want) {
            QVERIFY2(got == want, qPrintable(QString::fromStdString("got: " + got)));
        };
        expect(error_of(d, "<neuroml><cell"), f + ":1:10: not well-formed XML: unclosed token");
        expect(error_of(d, "<morphology/>"), f + ":1: not a NeuroML document: its root element is <morphology>, not <neuroml>");
        expect(error_of(d, cell("<channelDensity ionChannel=\"K_P\" segmentGroup=\"tuft\" condDensity=\"1 S_per_cm2\"/>")),
                 f + ":5: <channelDensity> segmentGroup 'tuft' is not a section list Lamina knows (soma, axon, dend, apic, all, "
                     "or NeuroML's soma_group, axon_group, dendrite_group, basal_dendrite_group, apical_dendrite_group)");
        expect(error_of(d, cell("<channelDensity ionChannel=\"K_P\" condDensity=\"1 S_per_um2\"/>")),
                 f + ":5: <channelDensity> condDensity '1 S_per_um2': 'S_per_um2' is not a unit of conductance density "
                     "(S_per_cm2, mS_per_cm2, S_per_m2)");
        expect(error_of(d, cell("<channelDensity ionChannel=\"K_P\" condDensity=\"fast\"/>")),
                 f + ":5: <channelDensity> condDensity 'fast' is not a number with units");
        expect(error_of(d, cell("<channelDensity ionChannel=\"K_P\"/>")), f + ":5: <channelDensity> needs the attribute condDensity");
        expect(error_of(d, cell("<channelDensityGHK ionChannel=\"Ca\" permeability=\"1 cm_per_s\"/>")),
                 f + ":5: <channelDensityGHK> in <membraneProperties> is not supported (channelDensity, channelDensityNernst, "
                     "specificCapacitance, initMembPotential and spikeThresh are)");
        expect(error_of(d, cell("<channelDensity ionChannel=\"K_P\" ion=\"k\" erev=\"-90 mV\" condDensity=\"1 S_per_cm2\"/>\n"
                                  "<channelDensity ionChannel=\"K_T\" ion=\"k\" erev=\"-80 mV\" condDensity=\"1 S_per_cm2\"/>")),
                 f + ":6: <channelDensity> erev -80 mV for k on all, where an earlier channel set -90 mV (a section has one ek)");
        expect(error_of(d, cell("<specificCapacitance value=\"-1 uF_per_cm2\"/>")),
                 f + ":5: <specificCapacitance> value -1 µF/cm² is outside (0, 1000]");
        expect(error_of(d, cell("", "<species concentrationModel=\"pool\" ion=\"ca\"/>")),
                 f + ":8: <species> names concentrationModel 'pool', which the file does not define");
        expect(error_of(d, cell("", "<species concentrationModel=\"pool\" ion=\"ca\" initialConcentration=\"1 mM\"/>")),
                 f + ":8: <species> initialConcentration 1 mM differs from NEURON's default 5e-05 mM, which is the only one "
                     "Lamina starts from yet");
        expect(error_of(d, "<neuroml><concentrationModel id=\"p\" type=\"decayingPoolConcentrationModel\"/></neuroml>"),
                 f + ":1: <concentrationModel> type 'decayingPoolConcentrationModel' is not supported (CaDynamics, "
                     "CaDynamics_E2, concentrationModelHayEtAl are)");
        expect(error_of(d, "<neuroml><cell id=\"a\"/><cell id=\"b\"/></neuroml>"),
                 f + ":1: a second <cell>: a model_template file must describe one cell");
        expect(error_of(d, "<neuroml><cell id=\"a\"/></neuroml>"),
                 f + ": no <biophysicalProperties>: the file gives the cell no channels or passive properties");
        QVERIFY(error_of(d, "").find("not well-formed XML: no element found") != std::string::npos);
        QVERIFY(error_of(root() / "none", "x").find("bad.cell.nml") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestNeuromlCell)
#include "test_neuroml_cell.moc"
