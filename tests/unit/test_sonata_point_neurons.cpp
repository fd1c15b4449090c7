// SONATA point_neuron nodes: NEST's model by model_template ("nest:iaf_psc_exp"), its
// parameters from the dynamics_params file in point_neuron_models_dir, edges onto them
// weighted syn_weight x nsyns [pA]; the built network fires as the model says, and what
// the engine cannot take is refused naming the node, file and value.

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "engine/circuit/network_builder.h"
#include "engine/errors.h"
#include "engine/sim/simulation.h"
#include "io/sonata/simulation_config.h"
#include "support/sonata_fixture.h"

using namespace lamina;

namespace {

// Three point neurons: 0 driven by I_e (from its file), 1 and 2 at rest; 0 -> 2 through
// an edge of 4 synapses of 1000 pA, 1 ms.
circuit::Circuit point_circuit(const std::string& models, const std::string& model_template = "nest:iaf_psc_exp") {
    circuit::Circuit c;
    c.components.point_neuron_models_dir = models;
    c.nodes.push_back(test::point_population({"driven.json", "rest.json", "rest.json"}, model_template));
    circuit::EdgePopulation e;
    e.name = "lif_to_lif";
    e.source_population = e.target_population = "lif";
    e.source = {0};
    e.target = {2};
    e.edge_type_id = {200};
    e.attributes["syn_weight"] = test::numbers({1000.0});
    e.attributes["nsyns"] = test::numbers({4.0}, true);
    e.attributes["delay"] = test::numbers({1.0});
    e.attributes["model_template"] = test::texts(1, "static_synapse");
    e.by_source = circuit::EdgeIndex::build(e.source, 3);
    e.by_target = circuit::EdgeIndex::build(e.target, 3);
    c.edges.push_back(e);
    return c;
}

void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

std::string refusal(const circuit::Circuit& c) {
    try {
        circuit::build_network(c, {}, io::model_files(c));
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

class TestSonataPointNeurons : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::filesystem::path root() const { return dir_.path().toStdString(); }

private slots:
    void initTestCase() {
        write(root() / "driven.json", R"({"I_e": 500.0, "tau_m": 10.0, "C_m": 250.0, "V_th": -55.0})");
        write(root() / "rest.json", R"({"E_L": -70.0})");
    }

    void pointNeuronsRunFromTheirFiles() {
        const circuit::Circuit c = point_circuit(root().string());
        const circuit::BuiltNetwork built = circuit::build_network(c, {}, io::model_files(c));
        QVERIFY(built.network.is_point(0) && built.network.is_point(2));
        QCOMPARE(built.network.point_neuron(0).lif.I_e, 500.0);
        QCOMPARE(built.network.connections().size(), std::size_t{1});
        QCOMPARE(built.network.connections()[0].weight, 4000.0);  // syn_weight x nsyns
        sim::RunOptions o = built.options;
        o.dt = 0.1;
        sim::Simulation s(built.network, o);
        s.advance(100);
        std::vector<double> t[3];
        for (const auto& spike : s.spikes()) t[spike.gid].push_back(spike.time);
        // Node 0: its first spike where Ie R (20 mV) carries it 15 mV above rest.
        const double first = -10.0 * std::log(1 - 15.0 / 20.0);
        QVERIFY(!t[0].empty());
        QVERIFY2(std::abs(t[0][0] - first) < 1e-9, qPrintable(QString::number(t[0][0], 'g', 15)));
        QVERIFY(t[1].empty());
        // Node 2 answers each of node 0's spikes (that had time to arrive), a little later.
        QCOMPARE(t[2].size(), t[0].size() - (t[0].back() > 95 ? 1 : 0));
        for (std::size_t k = 0; k < t[2].size(); ++k) QVERIFY(t[2][k] > t[0][k] + 1.0 && t[2][k] < t[0][k] + 6.0);
    }

    void whatCannotBeTakenIsNamed() {
        QVERIFY2(refusal(point_circuit(root().string(), "nest:IntFire1"))
                     .find("node lif:0: point-neuron model_template 'nest:IntFire1' is not one the engine has "
                           "(nest:iaf_psc_exp, nest:iaf_psc_alpha, nest:iaf_cond_exp, nest:aeif_cond_exp, nest:izhikevich, "
                           "nrn:IntFire1, nrn:IntFire2, nrn:IntFire4)") != std::string::npos,
                 qPrintable(QString::fromStdString(refusal(point_circuit(root().string(), "nest:IntFire1")))));
        write(root() / "driven.json", R"({"I_e": 500.0, "tau": 10.0})");
        const std::string unknown = refusal(point_circuit(root().string()));
        QVERIFY2(unknown.find("node lif:0") != std::string::npos && unknown.find("driven.json") != std::string::npos &&
                     unknown.find("unknown parameter 'tau'") != std::string::npos,
                 unknown.c_str());
        write(root() / "driven.json", R"({"I_e": "lots"})");
        const std::string text = refusal(point_circuit(root().string()));
        QVERIFY2(text.find("driven.json") != std::string::npos && text.find("I_e") != std::string::npos, text.c_str());
        write(root() / "driven.json", R"({"I_e": 500.0})");
        QCOMPARE(refusal(point_circuit(root().string())), std::string("(accepted)"));
    }
};

QTEST_GUILESS_MAIN(TestSonataPointNeurons)
#include "test_sonata_point_neurons.moc"
