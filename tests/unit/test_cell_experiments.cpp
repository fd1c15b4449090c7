// Experiments on copies of a network's cells: a connection's PSP train (depression and
// facilitation as the Tsodyks-Markram parameters make them) and a cell's step series.

#include <QtTest>
#include <cmath>

#include "engine/errors.h"
#include "engine/session/cell_experiments.h"

using namespace lamina;

namespace {

// A passive cell with one plastic synapse onto it from a spike source (gid 1), whose
// own train is irrelevant: the experiment drives the connection itself.
sim::Network connected_pair(std::map<std::string, double> synapse) {
    auto cell = std::make_shared<sim::CellDescription>();
    cell->add_cylinder("soma", SectionType::soma, 20, 20);
    cell->paint("all", "pas", {{"g", 1e-4}, {"e", -70}});
    cell->place({0, 0.5}, "ProbAmpaNmda", synapse);
    sim::Network net;
    net.add_cell(cell);
    const sim::Gid source = net.add_spike_source({sim::SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, {}});
    net.connect({source, 0, 0, 0.0005, 1.0});
    return net;
}

}  // namespace

class TestCellExperiments : public QObject {
    Q_OBJECT
private slots:
    // A depressing (E2) connection at 20 Hz: the second PSP about 0.55 of the first, as
    // the recursion gives (u R: 0.5, then 0.275), averaged over 60 trials of 4 sites;
    // a facilitating one (U 0.1, F 600 ms, D 50 ms) grows.
    void connectionTrainDepressesOrFacilitates() {
        sim::RunOptions o;
        o.celsius = 34;
        o.v_init = -70;
        const auto depressing = connected_pair({{"Use", 0.5}, {"Dep", 671}, {"Fac", 17}, {"Nrrp", 4}});
        const auto d = session::connection_train(depressing, 1, 0, 20, 5, 60, o);
        QCOMPARE(d.trials, 60);
        QCOMPARE(d.amplitudes.size(), std::size_t{5});
        QVERIFY(d.amplitudes[0] > 0.05);
        const double ratio = d.amplitudes[1] / d.amplitudes[0];
        qInfo("E2 at 20 Hz: PSPs %.3f %.3f %.3f mV, paired-pulse ratio %.2f", d.amplitudes[0], d.amplitudes[1],
              d.amplitudes[2], ratio);
        QVERIFY2(ratio > 0.4 && ratio < 0.75, qPrintable(QString::number(ratio)));
        QVERIFY(d.amplitudes[4] < d.amplitudes[0]);
        const auto facilitating = connected_pair({{"Use", 0.1}, {"Dep", 50}, {"Fac", 600}, {"Nrrp", 4}});
        const auto f = session::connection_train(facilitating, 1, 0, 20, 5, 60, o);
        qInfo("facilitating at 20 Hz: PSPs %.3f ... %.3f mV", f.amplitudes[0], f.amplitudes[4]);
        QVERIFY2(f.amplitudes[4] > 1.5 * f.amplitudes[0], qPrintable(QString::number(f.amplitudes[4] / f.amplitudes[0])));
        // No connection, no experiment.
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, session::connection_train(depressing, 0, 0, 20, 5, 1, o));
    }

    // A connection strong enough to fire its cell: in current clamp the first response is
    // a spike; the automatic recording holds the soma at v_init instead, and the PSCs of
    // the deterministic Tsodyks-Markram synapse (AMPA only, decayed between pulses) follow
    // the closed-form recursion u R to within the clamp's error.
    void firingCellIsRecordedUnderVoltageClamp() {
        auto cell = std::make_shared<sim::CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("all", "hh", {});
        const double Use = 0.5, Dep = 671, Fac = 17;
        cell->place({0, 0.5}, "DetAmpaNmda", {{"Use", Use}, {"Dep", Dep}, {"Fac", Fac}, {"NMDA_ratio", 0}});
        sim::Network net;
        net.add_cell(cell);
        const sim::Gid source = net.add_spike_source({sim::SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, {}});
        net.connect({source, 0, 0, 0.05, 1.0});
        sim::RunOptions o;
        o.v_init = -65;
        const auto free = session::connection_train(net, source, 0, 20, 5, 1, o, nullptr, session::TrainRecording::potential);
        QVERIFY(!free.clamped);
        QCOMPARE(free.firing_trials, 1);
        QVERIFY2(free.amplitudes[0] > 60, qPrintable(QString::number(free.amplitudes[0])));  // a spike, not a PSP
        const auto held = session::connection_train(net, source, 0, 20, 5, 1, o);
        QVERIFY(held.clamped);
        QCOMPARE(held.firing_trials, 1);
        QCOMPARE(held.holding, -65.0);
        QCOMPARE(held.amplitudes.size(), std::size_t{5});
        // u R of each spike at 50 ms intervals, relative to the first (Use).
        const double T = 50;
        double u = Use, R = 1;
        std::vector<double> expected{1.0};
        for (int k = 1; k < 5; ++k) {
            R = 1 - (1 - R * (1 - u)) * std::exp(-T / Dep);
            u = Use + u * (1 - Use) * std::exp(-T / Fac);
            expected.push_back(u * R / Use);
        }
        for (int k = 0; k < 5; ++k) {
            const double ratio = held.amplitudes[static_cast<std::size_t>(k)] / held.amplitudes[0];
            qInfo("PSC %d: %.4f nA, ratio %.5f, recursion %.5f", k + 1, held.amplitudes[static_cast<std::size_t>(k)],
                  ratio, expected[static_cast<std::size_t>(k)]);
            QVERIFY2(std::abs(ratio - expected[static_cast<std::size_t>(k)]) < 5e-4 * expected[static_cast<std::size_t>(k)],
                     qPrintable(QString("%1 vs %2").arg(ratio).arg(expected[static_cast<std::size_t>(k)])));
        }
        // 0.05 µS × Use at (-65 - 0) mV driving force: a peak near 1.6 nA.
        QVERIFY2(std::abs(held.amplitudes[0] - 0.05 * Use * 65) < 0.05 * 0.05 * Use * 65,
                 qPrintable(QString::number(held.amplitudes[0])));
    }

    // A cell still settling from v_init (a slow passive membrane 10 mV above its rest) drifts
    // by several mV through the train; the response is measured against the same copy
    // without the train, so the PSP is the one of a settled cell (within the 10% the
    // driving force changes), not the drift.
    void responseIsTheTrainsNotTheDrift() {
        const auto pair_with = [](double g) {
            auto cell = std::make_shared<sim::CellDescription>();
            cell->add_cylinder("soma", SectionType::soma, 20, 20);
            cell->paint("all", "pas", {{"g", g}, {"e", -70}});
            cell->place({0, 0.5}, "DetAmpaNmda", {{"Use", 0.5}, {"Dep", 0}, {"Fac", 0}, {"NMDA_ratio", 0}});
            sim::Network net;
            net.add_cell(cell);
            const sim::Gid source = net.add_spike_source({sim::SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, {}});
            net.connect({source, 0, 0, 0.0001, 1.0});
            return net;
        };
        const auto slow = pair_with(1e-5);  // τ 100 ms
        sim::RunOptions settled;
        settled.v_init = -70;
        sim::RunOptions drifting = settled;
        drifting.v_init = -60;
        const auto a = session::connection_train(slow, 1, 0, 20, 1, 1, settled);
        const auto b = session::connection_train(slow, 1, 0, 20, 1, 1, drifting);
        const double drift = b.baseline[b.baseline.size() / 5] - b.baseline.back();
        qInfo("PSP %.3f mV settled, %.3f mV while drifting %.2f mV", a.amplitudes[0], b.amplitudes[0], drift);
        QVERIFY(drift > 2 * a.amplitudes[0]);  // the drift would swamp the PSP
        QVERIFY2(std::abs(b.amplitudes[0] / a.amplitudes[0] - 1) < 0.1, qPrintable(QString::number(b.amplitudes[0])));
    }

    // The Inspector's connection rows: each presynaptic gid's synapses, weights and
    // plasticity, the placed value or the model's default.
    void incomingConnectionsAreSummarised() {
        auto net = connected_pair({{"Use", 0.3}, {"Nrrp", 4}});
        net.connect({1, 0, 0, 0.0007, 2.0});
        const auto all = session::incoming_connections(net, 0);
        QCOMPARE(all.size(), std::size_t{1});
        const auto& c = all.front();
        QCOMPARE(c.pre, sim::Gid{1});
        QVERIFY(!c.from_cell);
        QCOMPARE(c.synapses, std::size_t{2});
        QCOMPARE(c.mechanism, std::string("ProbAmpaNmda"));
        QCOMPARE(c.weight_low, 0.0005);
        QCOMPARE(c.weight_high, 0.0007);
        QCOMPARE(c.delay, 1.0);
        const std::vector<std::pair<std::string, double>> expected{{"Use", 0.3}, {"Dep", 671}, {"Fac", 17}, {"Nrrp", 4}};
        QCOMPARE(c.plasticity, expected);
        QVERIFY(session::incoming_connections(net, 1).empty());  // a spike source has none
    }

    // Steps onto a single HH compartment: silent below threshold, faster with more
    // current, hardly adapting; the copy leaves the network as it was.
    void stepSeriesGivesTheFICurve() {
        auto cell = std::make_shared<sim::CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("all", "hh");
        sim::Network net;
        net.add_cell(cell);
        const auto r = session::step_series(net, 0, {0.0, 0.1, 0.3}, 500, {});
        QCOMPARE(r.size(), std::size_t{3});
        QCOMPARE(r[0].spikes.size(), std::size_t{0});
        QVERIFY(r[1].rate > 20 && r[2].rate > r[1].rate);
        QVERIFY2(std::abs(r[2].adaptation) < 0.05, qPrintable(QString::number(r[2].adaptation)));
        QCOMPARE(net.cell(0)->placements().size(), std::size_t{0});
        QVERIFY(!r[1].v.empty() && r[1].v.size() == r[1].time.size());
    }
};

QTEST_GUILESS_MAIN(TestCellExperiments)
#include "test_cell_experiments.moc"
