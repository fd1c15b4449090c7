// The 1,000-cell ball-and-stick network against NEURON (NEURON-compatible timing and
// NEURON's default hh rate tables), and identical spikes for 1 and 2 threads in both
// timing modes.

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>

#include "engine/sim/simulation.h"
#include "support/ballstick.h"

using namespace lamina;
using namespace lamina::sim;

namespace {

std::vector<Spike> reference_spikes(const std::string& file, double until = 1e9) {
    const auto cols = test::read_csv_columns(test::shared_reference("ballstick_net/" + file));
    std::vector<Spike> out;
    for (std::size_t i = 0; i < cols[0].size(); ++i)
        if (cols[1][i] < until) out.push_back({static_cast<Gid>(cols[0][i]), cols[1][i]});
    return out;
}

// Reference spikes that have a partner of the same cell within `tolerance`, each of ours
// used at most once (both lists sorted per cell, matched in order).
std::size_t paired(const std::vector<Spike>& ours, const std::vector<Spike>& reference, double tolerance) {
    std::map<Gid, std::vector<double>> a, b;
    for (const Spike& s : ours) a[s.gid].push_back(s.time);
    for (const Spike& s : reference) b[s.gid].push_back(s.time);
    std::size_t count = 0;
    for (auto& [gid, ref] : b) {
        auto& mine = a[gid];
        std::size_t i = 0;
        for (double t : ref) {
            while (i < mine.size() && mine[i] < t - tolerance) ++i;
            if (i < mine.size() && std::abs(mine[i] - t) <= tolerance) {
                ++count;
                ++i;
            }
        }
    }
    return count;
}

std::vector<Spike> run(const Network& net, SpikeTiming timing, int threads, double tstop) {
    RunOptions options;
    options.timing = timing;
    options.threads = threads;
    // The reference network ran with NEURON's defaults, which interpolate hh's rates in
    // 1 mV tables (checked: with exact rates NEURON 8.2 and Lamina agree to 1e-11 mV on
    // this cell; with tables they agree with each other and differ by ~1e-3 mV from exact).
    options.globals["usetable_hh"] = 1;
    Simulation sim(net, options);
    sim.advance(tstop);
    return sim.spikes();
}

}  // namespace

class TestSimNetworkReference : public QObject {
    Q_OBJECT
private slots:
    void unconnectedMatchesNeuron() {
        const auto ours = run(test::ballstick_network(false), SpikeTiming::neuron, 2, 1000);
        const auto ref = reference_spikes("spikes_neuron_unconnected.csv");
        QCOMPARE(ref.size(), std::size_t{8565});
        const auto matched = paired(ours, ref, 0.03);
        qInfo("unconnected: %zu spikes (NEURON %zu), %zu paired within 0.03 ms (%.2f%%)", ours.size(), ref.size(),
              matched, 100.0 * static_cast<double>(matched) / static_cast<double>(ref.size()));
        QVERIFY(static_cast<double>(matched) >= 0.99 * static_cast<double>(ref.size()));
    }

    void connectedMatchesNeuron() {
        const Network net = test::ballstick_network(true);
        const auto ours = run(net, SpikeTiming::neuron, 2, 1000);
        const auto ref = reference_spikes("spikes_neuron.csv");
        QCOMPARE(ref.size(), std::size_t{35220});
        const auto early_ref = reference_spikes("spikes_neuron.csv", 50.0);
        std::vector<Spike> early_ours;
        for (const Spike& s : ours)
            if (s.time < 50.0) early_ours.push_back(s);
        const auto matched = paired(early_ours, early_ref, 0.1);
        const double count_error = std::abs(static_cast<double>(ours.size()) - 35220.0) / 35220.0;
        qInfo("connected: %zu spikes (NEURON 35220, %.2f%% off); first 50 ms: %zu of %zu paired within 0.1 ms",
              ours.size(), 100 * count_error, matched, early_ref.size());
        // The issue asks for 90%; with NEURON 9's exact delivery rule all of them pair, so
        // anything below 98% means the NEURON-compatible mode has drifted.
        QVERIFY(static_cast<double>(matched) >= 0.98 * static_cast<double>(early_ref.size()));
        QVERIFY(count_error <= 0.02);
    }

    void identicalForAnyThreadCount_data() {
        QTest::addColumn<int>("timing");
        QTest::newRow("NEURON timing") << static_cast<int>(SpikeTiming::neuron);
        QTest::newRow("interpolated") << static_cast<int>(SpikeTiming::interpolated);
    }

    void identicalForAnyThreadCount() {
        QFETCH(int, timing);
        const Network net = test::ballstick_network(true);
        const auto one = run(net, static_cast<SpikeTiming>(timing), 1, 300);
        const auto two = run(net, static_cast<SpikeTiming>(timing), 2, 300);
        QVERIFY(one.size() > 1000);
        QCOMPARE(one.size(), two.size());
        QVERIFY(one == two);  // same gids, bit-identical times
    }
};

QTEST_GUILESS_MAIN(TestSimNetworkReference)
#include "test_sim_network_reference.moc"
