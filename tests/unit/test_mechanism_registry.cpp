// Mechanisms defined only here, in a test file, plug into the engine through the
// catalogue (register_mechanism) with no engine file edited: a density channel that
// reads ek and writes ik, a point process that reads ena and writes ina, a mechanism
// that reads the ik others write, and a calcium pool whose cai turns eca into a Nernst
// potential. Each is checked against a value computed by hand.

#include <QtTest>
#include <cmath>

#include "engine/errors.h"
#include "engine/sim/ions.h"
#include "engine/sim/random.h"
#include "engine/sim/simulation.h"
#include <set>

using namespace lamina;
using namespace lamina::sim;

namespace {

// USEION k READ ek WRITE ik: ik = gbar (v - ek).
class PotassiumLeak final : public Mechanism {
public:
    static const MechanismInfo& metadata() {
        static const MechanismInfo info{"test_kleak", MechanismKind::density, {{"gbar", 0.001, "S/cm2", 0.0}}, {},
                                        {{"k", true, true}}, {}, false};
        return info;
    }
    const MechanismInfo& info() const override { return metadata(); }
    void initialize(MechanismPack&) override {}
    void compute_currents(MechanismPack& p) override {
        const IonView& k = p.ions[0];
        for (std::size_t i = 0; i < p.width; ++i) {
            const std::size_t ion = k.index ? k.index[i] : i;
            const double current = p.parameters[0][i] * (p.v[p.node[i]] - k.reversal[ion]);
            p.rhs[p.node[i]] -= current;
            p.d[p.node[i]] += p.parameters[0][i];
            if (k.current) k.current[ion] += current;
        }
    }
    void advance_state(MechanismPack&) override {}
};

// USEION k READ ik: keeps the ik of the step in its state `seen`.
class PotassiumWatcher final : public Mechanism {
public:
    static const MechanismInfo& metadata() {
        static const MechanismInfo info{"test_kwatch", MechanismKind::density, {}, {"seen"},
                                        {{"k", false, false, true}}, {}, false};
        return info;
    }
    const MechanismInfo& info() const override { return metadata(); }
    void initialize(MechanismPack&) override {}
    void compute_currents(MechanismPack&) override {}
    void advance_state(MechanismPack& p) override {
        const IonView& k = p.ions[0];
        for (std::size_t i = 0; i < p.width; ++i) p.states[0][i] = k.current[k.index ? k.index[i] : i];
    }
};

// A point process: USEION na READ ena WRITE ina, i = gmax (v - ena) nA.
class SodiumShunt final : public Mechanism {
public:
    static const MechanismInfo& metadata() {
        static const MechanismInfo info{"test_nashunt", MechanismKind::point, {{"gmax", 0.01, "uS", 0.0}}, {},
                                        {{"na", true, true}}, {}, false};
        return info;
    }
    const MechanismInfo& info() const override { return metadata(); }
    void initialize(MechanismPack&) override {}
    void compute_currents(MechanismPack& p) override {
        const IonView& na = p.ions[0];
        for (std::size_t i = 0; i < p.width; ++i) {
            const std::size_t ion = na.index ? na.index[i] : i;
            const double nA = p.parameters[0][i] * (p.v[p.node[i]] - na.reversal[ion]);
            p.rhs[p.node[i]] -= nA * p.weight[i];
            p.d[p.node[i]] += p.parameters[0][i] * p.weight[i];
        }
    }
    void advance_state(MechanismPack&) override {}
    double point_current(const MechanismPack& p, std::uint32_t i) const override {
        const IonView& na = p.ions[0];
        return p.parameters[0][i] * (p.v[p.node[i]] - na.reversal[na.index ? na.index[i] : i]);
    }
};

// USEION ca WRITE cai: holds cai at its parameter; and USEION ca READ eca into a state.
class CalciumPool final : public Mechanism {
public:
    static const MechanismInfo& metadata() {
        static const MechanismInfo info{"test_capool", MechanismKind::density, {{"level", 1e-4, "mM", 0.0}},
                                        {"eca_seen"},
                                        {{"ca", true, false, false, false, true}}, {}, false};
        return info;
    }
    const MechanismInfo& info() const override { return metadata(); }
    void initialize(MechanismPack& p) override { advance_state(p); }
    void compute_currents(MechanismPack& p) override {
        const IonView& ca = p.ions[0];
        for (std::size_t i = 0; i < p.width; ++i) p.states[0][i] = ca.reversal[ca.index ? ca.index[i] : i];
    }
    void advance_state(MechanismPack& p) override {
        const IonView& ca = p.ions[0];
        for (std::size_t i = 0; i < p.width; ++i) ca.internal[ca.index ? ca.index[i] : i] = p.parameters[0][i];
    }
};

// Draws one number per instance from its random stream into state `u`.
class Keyed final : public Mechanism {
public:
    static const MechanismInfo& metadata() {
        static const MechanismInfo info{"test_keyed", MechanismKind::density, {}, {"u"}, {}, {}, false};
        return info;
    }
    const MechanismInfo& info() const override { return metadata(); }
    void initialize(MechanismPack& p) override {
        for (std::size_t i = 0; i < p.width; ++i) p.states[0][i] = uniform_open(p.seed, p.random_keys[i], 0);
    }
    void compute_currents(MechanismPack&) override {}
    void advance_state(MechanismPack&) override {}
};

void register_once() {
    static const bool done = [] {
        register_mechanism(PotassiumLeak::metadata(), [] { return std::make_unique<PotassiumLeak>(); });
        register_mechanism(PotassiumWatcher::metadata(), [] { return std::make_unique<PotassiumWatcher>(); });
        register_mechanism(SodiumShunt::metadata(), [] { return std::make_unique<SodiumShunt>(); });
        register_mechanism(CalciumPool::metadata(), [] { return std::make_unique<CalciumPool>(); });
        register_mechanism(Keyed::metadata(), [] { return std::make_unique<Keyed>(); });
        return true;
    }();
    (void)done;
}

std::shared_ptr<CellDescription> compartment() {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("soma", SectionType::soma, 20, 20);
    cell->set_nseg("all", 1);
    cell->set_cm("all", 1.0);
    return cell;
}

}  // namespace

class TestMechanismRegistry : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { register_once(); }

    // Only the test's leak on the soma, ek set to -90 mV by painting: v relaxes from
    // v_init to ek exactly as implicit Euler steps v' = -g (v - ek) / cm, and the
    // watcher sees the leak's ik.
    void densityMechanismReadsReversalAndWritesCurrent() {
        auto cell = compartment();
        cell->paint("all", "test_kleak", {{"gbar", 5e-4}, {"ek", -90.0}});
        cell->paint("all", "test_kwatch");
        Network net;
        net.add_cell(cell);
        RunOptions o;
        o.v_init = -60;
        Simulation sim(net, o);
        auto v = sim.add_probe(0, {0, 0.5}, "v");
        auto seen = sim.add_probe(0, {0, 0.5}, "test_kwatch.seen");
        sim.advance(10.0);
        std::vector<Sample> vs, is;
        v->drain(vs);
        seen->drain(is);
        QCOMPARE(vs.size(), 400u);
        const double rate = o.dt * 5e-4 / 1e-3;  // dt g / cm, cm in mF/cm² (1 µF/cm²)
        double expected = -60, before = -60;
        for (std::size_t n = 0; n < vs.size(); ++n) {
            before = expected;
            expected = (expected + rate * -90.0) / (1 + rate);
            QVERIFY2(std::abs(vs[n].value - expected) < 1e-9, qPrintable(QString("%1 vs %2").arg(vs[n].value).arg(expected)));
            // ik of the step, computed at the voltage before it: g (v - ek) [mA/cm²].
            QVERIFY(std::abs(is[n].value - 5e-4 * (before + 90.0)) < 1e-12);
        }
    }

    // The test's point process on a passive soma pulls v towards ena, set on the soma
    // through the ion (set_ion): the steady state is the conductance-weighted mean.
    void pointProcessReadsReversal() {
        auto cell = compartment();
        cell->paint("all", "pas", {{"g", 1e-4}, {"e", -70.0}});
        IonSettings na;
        na.reversal = 40.0;
        cell->set_ion("soma", "na", na);
        cell->place({0, 0.5}, "test_nashunt", {{"gmax", 0.001}});
        Network net;
        net.add_cell(cell);
        RunOptions o;
        o.v_init = -70;
        Simulation sim(net, o);
        sim.advance(500.0);
        const double area_cm2 = std::numbers::pi * 20 * 20 * 1e-8;  // the cylinder's side [cm²]
        const double g_pas = 1e-4 * area_cm2 * 1e6;                  // [µS]
        const double expected = (g_pas * -70.0 + 0.001 * 40.0) / (g_pas + 0.001);
        const double v = sim.probe_value(0, {0, 0.5}, "v");
        QVERIFY2(std::abs(v - expected) < 1e-6, qPrintable(QString("%1 vs %2").arg(v).arg(expected)));
        QVERIFY(std::abs(sim.probe_value(0, {0, 0.5}, "synapse:0") - 0.001 * (v - 40.0)) < 1e-12);
    }

    // Where a mechanism writes cai, eca follows it by Nernst (NEURON 9's R and F):
    // 119.24 mV at 1e-4 mM and 6.3 °C, 127.59 mV at 5e-5 mM.
    void writtenConcentrationGivesNernstPotential() {
        QVERIFY(std::abs(nernst_potential(2, 6.3, 1e-4, 2.0) - 119.24) < 0.005);
        QVERIFY(std::abs(nernst_potential(2, 6.3, 5e-5, 2.0) - 127.59) < 0.005);
        for (double level : {1e-4, 5e-5}) {
            auto cell = compartment();
            cell->paint("all", "test_capool", {{"level", level}});
            Network net;
            net.add_cell(cell);
            Simulation sim(net, RunOptions{});
            sim.advance(1.0);
            QCOMPARE(sim.probe_value(0, {0, 0.5}, "test_capool.eca_seen"), nernst_potential(2, 6.3, level, 2.0));
        }
    }

    // Each instance's random stream is keyed by its cell and place there under the run's
    // seed: the same draws whatever the groups, and other draws for another seed.
    void randomStreamsIgnoreTheLayout() {
        auto a = compartment(), b = compartment();
        a->paint("all", "test_keyed");
        b->add_cylinder("dend", SectionType::basal_dendrite, 100, 1, 0);
        b->set_nseg("all", 3);
        b->paint("all", "test_keyed");
        Network net;
        for (int i = 0; i < 6; ++i) net.add_cell(i % 2 ? b : a);
        const auto draws = [&](std::size_t cells_per_group, std::uint64_t seed) {
            RunOptions o;
            o.cells_per_group = cells_per_group;
            o.seed = seed;
            Simulation sim(net, o);
            std::vector<double> u;
            for (Gid g = 0; g < 6; ++g)
                for (double x : {0.5}) u.push_back(sim.probe_value(g, {g % 2 ? 1u : 0u, x}, "test_keyed.u"));
            return u;
        };
        const auto one = draws(1, 7), all = draws(64, 7), other = draws(64, 8);
        QCOMPARE(one, all);
        for (std::size_t i = 0; i < one.size(); ++i) QVERIFY(one[i] != other[i]);
        std::set<double> distinct(one.begin(), one.end());
        QCOMPARE(distinct.size(), one.size());  // every cell its own stream
    }

    // The catalogue refuses a second mechanism of a taken name, and an unknown ion
    // without a valence.
    void registryRefusesClashes() {
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 register_mechanism(PotassiumLeak::metadata(), [] { return std::make_unique<PotassiumLeak>(); }));
        MechanismInfo strange{"test_strange", MechanismKind::density, {}, {}, {{"xx", true}}, {}, false};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, register_mechanism(strange, [] { return std::make_unique<PotassiumLeak>(); }));
    }
};

QTEST_GUILESS_MAIN(TestMechanismRegistry)
#include "test_mechanism_registry.moc"
