// Pathway synapse classes: the per-connection draws follow each class's published means
// and spreads; a column built with classes carries them as SONATA edge attributes
// (u_syn, depression_time, facilitation_time, decay_time, n_rrp_vesicles, conductance,
// conductance_scale_factor), which Lamina's reader turns back into the synapses'
// parameters; and its stochastic synapses give the same spikes for 1 and 2 threads and
// after the circuit is written out and read back.

#include <QtTest>
#include <cmath>
#include <filesystem>

#include "engine/builder/column_builder.h"
#include "engine/builder/synapse_classes.h"
#include "engine/circuit/network_builder.h"
#include "engine/errors.h"
#include "engine/sim/simulation.h"
#include "io/builder/column_writer.h"
#include "io/builder/recipe_io.h"
#include "io/sonata/circuit_io.h"
#include "io/sonata/simulation_config.h"
#include "support/built_column.h"

using namespace lamina;
namespace fs = std::filesystem;

namespace {

struct Moments {
    double mean = 0, sd = 0;
};
Moments moments(const std::vector<double>& x) {
    double sum = 0, squares = 0;
    for (double v : x) sum += v, squares += v * v;
    const double n = static_cast<double>(x.size()), mean = sum / n;
    return {mean, std::sqrt((squares / n - mean * mean) * n / (n - 1))};
}

// The default column with every pathway given the class of its sign: E2 for excitatory,
// I2 for inhibitory, stochastic release.
builder::Recipe classed_recipe(std::size_t cells) {
    builder::Recipe r = builder::default_column_recipe(cells);
    for (auto& w : r.pathways) {
        const auto pre = static_cast<std::size_t>(builder::cell_type_index(r, w.pre));
        const bool excitatory = r.cell_types[pre].excitatory;
        w.synapse_class = excitatory ? "E2" : "I2";
        w.synapse_model = excitatory ? "ProbAmpaNmda" : "ProbGabaAB";
        w.synapse_parameters = excitatory ? std::map<std::string, double>{} : std::map<std::string, double>{{"e_GABAA", -80.0}};
    }
    return r;
}

std::vector<sim::Spike> run_spikes(const circuit::BuiltNetwork& built, int threads, double until) {
    return test::run_spikes(built, threads, until, false);
}

}  // namespace

class TestSynapseClasses : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    fs::path root() const { return dir_.path().toStdString(); }

private slots:
    // 20,000 connections of each class: U's mean, and the gamma-distributed D, F and
    // conductance's means and spreads, within 3 standard errors (spreads within 5%);
    // release sites Poisson at least 1 (mean lambda + e^-lambda). A pair's draw is a pure
    // function of the seed and the pair.
    void drawsFollowTheClassSpreads_data() {
        QTest::addColumn<QString>("name");
        for (const char* c : {"E1", "E2", "E3", "I1", "I2", "I3"}) QTest::newRow(c) << QString(c);
    }
    void drawsFollowTheClassSpreads() {
        QFETCH(QString, name);
        const builder::SynapseClass& c = *builder::find_synapse_class(name.toStdString());
        const int n = 20000;
        const double mean_weight = 0.0008;
        std::vector<double> use, dep, fac, weight, sites, decay;
        for (int k = 0; k < n; ++k) {
            const auto d = builder::draw_synapse(c, mean_weight, true, 5, std::uint64_t(k), std::uint64_t(k) * 7 + 1);
            use.push_back(d.use), dep.push_back(d.depression), fac.push_back(d.facilitation);
            weight.push_back(d.weight), sites.push_back(d.release_sites), decay.push_back(d.decay);
            QVERIFY(d.use > 0 && d.use <= 1 && d.depression >= 0 && d.facilitation >= 0 && d.release_sites >= 1);
            QVERIFY(d.decay > 2 * c.rise);
        }
        const auto gamma_ok = [&](const std::vector<double>& x, builder::Spread s, const char* what) {
            const Moments m = moments(x);
            const double se = s.sd / std::sqrt(double(n));
            QVERIFY2(std::abs(m.mean - s.mean) < 3 * se + 1e-12,
                     qPrintable(QString("%1 %2: mean %3, class %4").arg(name, what).arg(m.mean).arg(s.mean)));
            QVERIFY2(std::abs(m.sd / s.sd - 1) < 0.05,
                     qPrintable(QString("%1 %2: sd %3, class %4").arg(name, what).arg(m.sd).arg(s.sd)));
        };
        gamma_ok(dep, c.depression, "D");
        gamma_ok(fac, c.facilitation, "F");
        gamma_ok(weight, {mean_weight, c.weight_cv * mean_weight}, "conductance");
        // U and decay: normal truncated far out for the depressing classes, where the
        // moments are the class's; elsewhere the mean moves by the truncation only.
        if (c.use.mean > 3 * c.use.sd) {
            const Moments u = moments(use);
            QVERIFY2(std::abs(u.mean - c.use.mean) < 3 * c.use.sd / std::sqrt(double(n)), qPrintable(QString::number(u.mean)));
        }
        const double lambda = c.release_sites;
        const double expected_sites = lambda > 1 ? lambda + std::exp(-lambda) : 1.0;
        const Moments s = moments(sites);
        QVERIFY2(std::abs(s.mean - expected_sites) < 3 * std::sqrt(std::max(lambda, 0.01) / n) + 1e-12,
                 qPrintable(QString("sites mean %1, expected %2").arg(s.mean).arg(expected_sites)));
        const auto a = builder::draw_synapse(c, mean_weight, true, 5, 3, 22);
        const auto b = builder::draw_synapse(c, mean_weight, true, 5, 3, 22);
        const auto other = builder::draw_synapse(c, mean_weight, true, 6, 3, 22);
        QCOMPARE(a.depression, b.depression);
        QVERIFY(a.depression != other.depression);
        QCOMPARE(builder::draw_synapse(c, mean_weight, false, 5, 3, 22).slow_ratio, c.excitatory ? 0.8 : 0.0);
        QCOMPARE(a.slow_ratio, c.excitatory ? 0.4 : 0.0);
    }

    // The recipe: a class travels through JSON (a class alone asks for its stochastic
    // model), and validate names the key of a class or parameter that cannot work.
    void recipeClassesAreCheckedAndKept() {
        const builder::Recipe recipe = classed_recipe(120);
        const builder::Recipe again = io::parse_recipe(io::format_recipe(recipe), "recipe.json");
        for (std::size_t k = 0; k < recipe.pathways.size(); ++k) {
            QCOMPARE(again.pathways[k].synapse_class, recipe.pathways[k].synapse_class);
            QCOMPARE(again.pathways[k].synapse_model, recipe.pathways[k].synapse_model);
            QCOMPARE(again.pathways[k].reference_in_degree, recipe.pathways[k].reference_in_degree);
        }
        // A reference in-degree is a count: negative is refused, naming the key.
        builder::Recipe negative = recipe;
        negative.pathways[4].reference_in_degree = -5;
        try {
            builder::validate(negative);
            QFAIL("a negative reference_in_degree was accepted");
        } catch (const InvalidArgument& e) {
            QVERIFY2(std::string(e.what()).find("pathways[4].reference_in_degree") != std::string::npos, e.what());
        }
        builder::Recipe plain = builder::default_column_recipe(120);
        plain.pathways[0].synapse_parameters.clear();
        plain.pathways[0].synapse_class.clear();
        plain.pathways[0].synapse_model = "Exp2Syn";
        std::string text = io::format_recipe(plain);
        const std::string first = R"("model": "Exp2Syn")";
        text.replace(text.find(first), first.size(), R"("class": "E1")");
        const builder::Recipe alone = io::parse_recipe(text, "recipe.json");
        QCOMPARE(alone.pathways[0].synapse_model, std::string("ProbAmpaNmda"));
        QCOMPARE(alone.pathways[0].synapse_class, std::string("E1"));

        const auto error_of = [](const builder::Recipe& r) {
            try {
                builder::validate(r);
            } catch (const InvalidArgument& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        QCOMPARE(error_of(recipe), std::string());
        builder::Recipe r = recipe;
        r.pathways[0].synapse_class = "E9";
        QVERIFY2(error_of(r).find("pathways[0].synapse.class: 'E9' is not one of: E1, E2, E3, I1, I2, I3") != std::string::npos,
                 error_of(r).c_str());
        r = recipe;
        r.pathways[0].synapse_class = "I2";
        QVERIFY2(error_of(r).find("'I2' is an inhibitory class but ProbAmpaNmda is excitatory") != std::string::npos,
                 error_of(r).c_str());
        r = recipe;
        r.pathways[0].synapse_model = "Exp2Syn";
        QVERIFY2(error_of(r).find("needs a model with short-term plasticity") != std::string::npos, error_of(r).c_str());
        r = recipe;
        r.pathways[0].synapse_parameters["tau1"] = 1;
        QVERIFY2(error_of(r).find("pathways[0].synapse.tau1: is not a parameter of ProbAmpaNmda (tau_r_AMPA") != std::string::npos,
                 error_of(r).c_str());
        r = recipe;
        r.pathways[0].synapse_parameters["Nrrp"] = 0;
        QVERIFY2(error_of(r).find("pathways[0].synapse.Nrrp: must be a finite number >= 1, got 0") != std::string::npos,
                 error_of(r).c_str());
    }

    // A column built with classes: every edge has its connection's draw as attributes,
    // and the network read back from the files has exactly those parameters on each
    // connection's synapse.
    void classesTravelThroughSonata() {
        const builder::Recipe recipe = classed_recipe(120);
        const builder::BuiltColumn column = builder::build_column(recipe);
        // A pathway with a reference in-degree: its weights scaled by reference / built.
        QCOMPARE(builder::in_degree_weight_scale(0, 3), 1.0);
        QCOMPARE(builder::in_degree_weight_scale(80, 0), 1.0);
        QCOMPARE(builder::in_degree_weight_scale(80, 4), 20.0);
        QCOMPARE(builder::in_degree_weight_scale(1000, 1), 100.0);
        QCOMPARE(builder::in_degree_weight_scale(1, 1000), 0.01);
        bool referenced = false;
        for (std::size_t p = 0; p < recipe.pathways.size(); ++p) {
            const builder::PathwayReport& report = column.pathways[p];
            std::size_t posts = 0;
            for (const auto& cell : column.cells) posts += recipe.cell_types[cell.type].name == recipe.pathways[p].post;
            QCOMPARE(report.in_degree, static_cast<double>(report.connections) / static_cast<double>(posts));
            QCOMPARE(report.weight_scale, builder::in_degree_weight_scale(recipe.pathways[p].reference_in_degree, report.in_degree));
            if (recipe.pathways[p].reference_in_degree > 0) {
                referenced = true;
                QVERIFY2(report.weight_scale > 10, qPrintable(QString::number(report.weight_scale)));
            }
        }
        QVERIFY(referenced);
        const test::ColumnFromFiles loaded = test::column_from_files(column, root() / "classes");
        const auto& setup = loaded.setup;
        const circuit::Circuit& c = loaded.circuit;
        const circuit::EdgePopulation& e = c.edges[0];
        QVERIFY(e.size() > 200);
        const auto& built = loaded.built;
        int excitatory = 0, inhibitory = 0;
        for (std::uint64_t k = 0; k < e.size(); ++k) {
            const builder::Synapse& s = column.synapses[k];
            const builder::Pathway& w = recipe.pathways[s.pathway];
            const bool onto_e = recipe.cell_types[column.cells[s.touch.post].type].excitatory;
            const double mean_weight = w.weight * column.pathways[s.pathway].weight_scale;
            const auto d = builder::draw_synapse(*builder::find_synapse_class(w.synapse_class), mean_weight, onto_e,
                                                 recipe.seed, s.touch.pre, s.touch.post);
            QCOMPARE(*e.number("u_syn", k), d.use);
            QCOMPARE(*e.number("depression_time", k), d.depression);
            QCOMPARE(*e.number("n_rrp_vesicles", k), d.release_sites);
            QCOMPARE(*e.number("conductance", k), d.weight * 1e3);
            QCOMPARE(e.text("model_template", k), w.synapse_model);
            const sim::Connection& connection = built.network.connections()[k];
            QCOMPARE(connection.weight, d.weight);
            const auto& placement = built.network.cell(connection.target)->placements()[connection.synapse];
            QCOMPARE(placement.mechanism, w.synapse_model);
            const auto& p = placement.parameters;
            QCOMPARE(p.at("Use"), d.use);
            QCOMPARE(p.at("Dep"), d.depression);
            QCOMPARE(p.at("Fac"), d.facilitation);
            QCOMPARE(p.at("Nrrp"), d.release_sites);
            if (w.synapse_model == "ProbAmpaNmda") {
                ++excitatory;
                QCOMPARE(p.at("tau_d_AMPA"), d.decay);
                QCOMPARE(p.at("NMDA_ratio"), onto_e ? 0.4 : 0.8);
            } else {
                ++inhibitory;
                QCOMPARE(p.at("tau_d_GABAA"), d.decay);
                QCOMPARE(p.at("GABAB_ratio"), 0.0);
                QCOMPARE(p.at("e_GABAA"), -80.0);
            }
        }
        QVERIFY(excitatory > 50 && inhibitory > 50);
        QVERIFY(built.warnings.empty());

        // Blue Brain's spelling: no syn_weight, the conductance in nS.
        circuit::Circuit bbp = c;
        bbp.edges[0].attributes.erase("syn_weight");
        const auto from_conductance = circuit::build_network(bbp, setup, io::model_files(bbp));
        for (std::uint64_t k = 0; k < e.size(); k += 37)
            QCOMPARE(from_conductance.network.connections()[k].weight, *e.number("conductance", k) * 1e-3);
        // A value outside the parameter's range is refused with the edge, attribute and value.
        circuit::Circuit bad = c;
        bad.edges[0].attributes.at("u_syn").numbers[3] = -0.5;
        try {
            circuit::build_network(bad, setup, io::model_files(bad));
            QFAIL("no error");
        } catch (const InvalidArgument& error) {
            const std::string expected = "edge 3 of '" + e.name + "': u_syn (" + e.text("model_template", 3) +
                                         ".Use) must be a finite number >= 0, got -0.5";
            QCOMPARE(std::string(error.what()), expected);
        }
        // Attributes a model cannot use are named in the log, not dropped silently.
        circuit::Circuit plain = c;
        plain.edges[0].attributes.at("model_template") =
            circuit::Column::of_texts(std::vector<std::string>(e.size(), "exp2syn"));
        const auto warned = circuit::build_network(plain, setup, io::model_files(plain));
        const std::string expected_warning = "edge attribute " + e.name + ": u_syn (Exp2Syn has no Use) ignored";
        QVERIFY2(std::find(warned.warnings.begin(), warned.warnings.end(), expected_warning) != warned.warnings.end(),
                 qPrintable(QString::number(warned.warnings.size())));
    }

    // Stochastic release in a running column: the same spikes with 1 and 2 threads, and
    // after the circuit is written out by Lamina's SONATA writer and read back.
    void stochasticColumnIsReproducible() {
        const builder::BuiltColumn column = builder::build_column(classed_recipe(120));
        const test::ColumnFromFiles loaded = test::column_from_files(column, root() / "run");
        const auto& setup = loaded.setup;
        const circuit::Circuit& c = loaded.circuit;
        const auto& built = loaded.built;
        const auto one = run_spikes(built, 1, 60);
        QVERIFY2(one.size() > 20, qPrintable(QString::number(one.size())));
        const auto two = run_spikes(built, 2, 60);
        QCOMPARE(two.size(), one.size());
        for (std::size_t k = 0; k < one.size(); ++k) {
            QCOMPARE(two[k].gid, one[k].gid);
            QCOMPARE(two[k].time, one[k].time);
        }
        io::write_circuit(c, (root() / "rewritten").string());
        const circuit::Circuit again = io::read_circuit((root() / "rewritten/circuit_config.json").string());
        const auto rebuilt = circuit::build_network(again, setup, io::model_files(again));
        const auto three = run_spikes(rebuilt, 2, 60);
        QCOMPARE(three.size(), one.size());
        for (std::size_t k = 0; k < one.size(); ++k) {
            QCOMPARE(three[k].gid, one[k].gid);
            QCOMPARE(three[k].time, one[k].time);
        }
    }
};

QTEST_GUILESS_MAIN(TestSynapseClasses)
#include "test_synapse_classes.moc"
