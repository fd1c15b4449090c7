// The builder's cortical e-types (resources/emodels) fire like their types, each on a
// morphology the builder synthesises for its class, at 34 °C from -70 mV: the
// fast-spiking basket cell fires >= 80 Hz at twice its rheobase without adapting
// (index < 0.1); the pyramidal and spiny stellate cells adapt (index > 0.1); the
// Martinotti cell is silent at rest and fires a rebound burst after hyperpolarisation;
// the neurogliaform cell spikes late near its rheobase. Adaptation index: the mean of
// (ISI[k+1] - ISI[k]) / (ISI[k+1] + ISI[k]) over a step's spikes.

#include <QtTest>
#include <cmath>
#include <fstream>

#include "engine/builder/column_builder.h"
#include "engine/builder/etypes.h"
#include "engine/circuit/emodel.h"
#include "engine/session/cell_experiments.h"
#include "engine/sim/simulation.h"
#include "io/builder/etype_models.h"
#include "io/sonata/emodel_io.h"

using namespace lamina;

namespace {

struct StepResult {
    std::vector<double> spikes;  // [ms] from the step's onset
};

class ETypeBench {
public:
    ETypeBench(const Morphology& morphology, const std::string& etype, const std::string& folder) {
        const std::string path = folder + "/" + etype + ".json";
        std::ofstream(path) << io::etype_models().at(etype);
        model_ = io::read_emodel(path);
        cell_ = sim::CellDescription::from_morphology(morphology);
        circuit::apply_emodel(model_, cell_);
        cell_.set_detector({0, 0.5}, -15);
    }

    // A step of `amp` nA from 100 ms for `duration` ms; spikes in (100, 100 + window).
    StepResult step(double amp, double duration = 500, double window = 500) const {
        auto cell = std::make_shared<sim::CellDescription>(cell_);
        cell->place({0, 0.5}, "IClamp", {{"del", 100}, {"dur", duration}, {"amp", amp}});
        StepResult r;
        for (const auto& spike : simulate(cell, 100 + window))
            if (spike.time > 100) r.spikes.push_back(spike.time - 100);
        return r;
    }
    // Spikes before the step: none for a cell at rest.
    std::size_t spikes_at_rest() const { return simulate(std::make_shared<sim::CellDescription>(cell_), 500).size(); }
    // [nA] The least step that fires within 500 ms, to 1/128 of the bracket.
    double rheobase(double low = 0, double high = 1.0) const {
        if (step(high).spikes.empty()) return std::nan("");
        for (int k = 0; k < 7; ++k) {
            const double mid = 0.5 * (low + high);
            (step(mid).spikes.empty() ? low : high) = mid;
        }
        return high;
    }

private:
    // The cell alone at 34 °C from -70 mV until `until` ms: its spikes.
    static std::vector<sim::Spike> simulate(std::shared_ptr<sim::CellDescription> cell, double until) {
        sim::Network net;
        net.add_cell(std::move(cell));
        sim::RunOptions o;
        o.celsius = 34;
        o.v_init = -70;
        sim::Simulation s(net, o);
        s.advance(until);
        return s.spikes();
    }

    circuit::EModel model_;
    sim::CellDescription cell_;
};

}  // namespace

class TestETypes : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    builder::BuiltColumn column_;

    // The first cell of the default recipe's type `mtype`.
    const Morphology& morphology_of(const std::string& mtype) {
        const auto type = static_cast<std::size_t>(builder::cell_type_index(column_.recipe, mtype));
        for (std::size_t c = 0; c < column_.cells.size(); ++c)
            if (column_.cells[c].type == type) return *column_.morphologies[c];
        throw std::runtime_error("no cell of type " + mtype);
    }
    ETypeBench bench(const std::string& mtype, const std::string& etype) {
        return ETypeBench(morphology_of(mtype), etype, dir_.path().toStdString());
    }

private slots:
    void initTestCase() { column_ = builder::build_column(builder::default_column_recipe(120)); }

    // Every cortical e-type has its model compiled in, and every model is a listed type.
    void everyETypeHasItsModel() {
        std::size_t cortical = 0;
        for (const auto& e : builder::electrical_types())
            if (e.cortical) {
                ++cortical;
                QVERIFY2(io::etype_models().count(e.name), e.name.c_str());
            }
        QCOMPARE(io::etype_models().size(), cortical);
        QVERIFY(cortical >= 5);
    }

    void fastSpikingBasketDoesNotAdapt() {
        const ETypeBench b = bench("L23_LBC", "FS_basket");
        QCOMPARE(b.spikes_at_rest(), std::size_t{0});
        const double rheobase = b.rheobase();
        QVERIFY2(rheobase > 0.02 && rheobase < 1, qPrintable(QString::number(rheobase)));
        const auto r = b.step(2 * rheobase);
        const double rate = static_cast<double>(r.spikes.size()) / 0.5;
        const double index = session::adaptation_index(r.spikes);
        qInfo("FS basket: rheobase %.3f nA, %.0f Hz at twice it, adaptation index %.3f", rheobase, rate, index);
        QVERIFY2(rate >= 80, qPrintable(QString::number(rate)));
        QVERIFY2(std::abs(index) < 0.1, qPrintable(QString::number(index)));
    }

    void pyramidalAndStellateCellsAdapt_data() {
        QTest::addColumn<QString>("mtype");
        QTest::addColumn<QString>("etype");
        QTest::newRow("L5 pyramid") << "L5_TTPC" << "RS_pyramidal";
        QTest::newRow("L2 pyramid") << "L2_PC" << "RS_pyramidal";
        QTest::newRow("L4 stellate") << "L4_SS" << "RS_stellate";
    }
    void pyramidalAndStellateCellsAdapt() {
        QFETCH(QString, mtype);
        QFETCH(QString, etype);
        const ETypeBench b = bench(mtype.toStdString(), etype.toStdString());
        QCOMPARE(b.spikes_at_rest(), std::size_t{0});
        const double rheobase = b.rheobase();
        QVERIFY2(rheobase > 0.02 && rheobase < 1, qPrintable(QString::number(rheobase)));
        const auto r = b.step(2 * rheobase);
        const double index = session::adaptation_index(r.spikes);
        qInfo("%s: rheobase %.3f nA, %zu spikes at twice it, adaptation index %.3f", qPrintable(mtype), rheobase,
              r.spikes.size(), index);
        QVERIFY2(r.spikes.size() >= 4, qPrintable(QString::number(r.spikes.size())));
        QVERIFY2(index > 0.1, qPrintable(QString::number(index)));
    }

    // Held at -0.1 nA for 400 ms (far below rest), then released: two or more spikes
    // less than 10 ms apart within 80 ms of the release; none at rest or while held.
    void martinottiFiresAReboundBurst() {
        const ETypeBench b = bench("L5_MC", "LTS_martinotti");
        QCOMPARE(b.spikes_at_rest(), std::size_t{0});
        const auto r = b.step(-0.1, 400, 600);
        std::vector<double> after;
        for (double t : r.spikes) {
            QVERIFY2(t >= 400, qPrintable(QString("a spike %1 ms into the hyperpolarising step").arg(t)));
            if (t < 480) after.push_back(t - 400);
        }
        qInfo("Martinotti rebound: %zu spikes, first %.1f ms after release", after.size(), after.empty() ? -1.0 : after[0]);
        QVERIFY2(after.size() >= 2, qPrintable(QString::number(after.size())));
        QVERIFY2(after[1] - after[0] < 10, qPrintable(QString::number(after[1] - after[0])));
    }

    // Just above rheobase the first spike comes late (> 100 ms into the step).
    void neurogliaformSpikesLate() {
        const ETypeBench b = bench("L1_NGC", "LS_neurogliaform");
        QCOMPARE(b.spikes_at_rest(), std::size_t{0});
        const double rheobase = b.rheobase();
        const auto r = b.step(rheobase);
        QVERIFY(!r.spikes.empty());
        qInfo("neurogliaform: rheobase %.3f nA, first spike %.1f ms into the step", rheobase, r.spikes[0]);
        QVERIFY2(r.spikes[0] > 100, qPrintable(QString::number(r.spikes[0])));
        QVERIFY(b.step(2 * rheobase).spikes[0] < 30);  // and promptly when driven harder
    }
};

QTEST_GUILESS_MAIN(TestETypes)
#include "test_etypes.moc"
