// Point neurons in bulk: synapses kept in the compact SynapseTable give the spikes the
// same connections give through connect() (across point groups, from neurons and spike
// sources), for 1 and 2 threads alike; the table refuses rows out of order, bad delays
// and targets that are not point neurons; the Poisson background drive has the mean and
// variance shot-noise theory (Campbell's theorem) gives the membrane.

#include <QtTest>
#include <cmath>

#include "engine/errors.h"
#include "engine/sim/network.h"
#include "engine/sim/simulation.h"

using namespace lamina;

namespace {

// A random network of `n` LIF neurons and `n / 10` Poisson sources, its synapses either
// connected one by one or put in a table.
sim::Network random_network(int n, bool as_table) {
    sim::Network net;
    for (int k = 0; k < n; ++k) net.add_point_neuron(sim::make_point_neuron("iaf_psc_exp", {{"V_m", -70.0 + k % 13}}));
    const int sources = n / 10;
    for (int k = 0; k < sources; ++k)
        net.add_spike_source({sim::SpikeSource::Kind::poisson, 0, 1e300, 400.0, 11u + static_cast<unsigned>(k), {}});
    std::uint64_t state = 2024;
    const auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
    auto table = std::make_shared<sim::SynapseTable>();
    for (int source = 0; source < n + sources; ++source) {
        std::vector<sim::TableSynapse> row;
        const int count = source < n ? 60 : 400;
        for (int c = 0; c < count; ++c) {
            const auto target = static_cast<sim::Gid>(next() % static_cast<std::uint64_t>(n));
            // Weights whose sums are exact in binary, so both paths add the same numbers.
            const float weight = source < n && source % 5 == 0 ? -256.0f : 64.0f;
            const float delay = 0.5f + 0.25f * static_cast<float>(next() % 8);
            row.push_back({target, weight, delay});
        }
        if (as_table) {
            table->add_row(static_cast<sim::Gid>(source), row);
        } else {
            for (const auto& s : row) net.connect({static_cast<sim::Gid>(source), s.target, 0, s.weight, s.delay});
        }
    }
    if (as_table) net.set_synapse_table(table);
    return net;
}

std::vector<sim::Spike> neuron_spikes(const sim::Network& net, int threads, double tstop) {
    sim::RunOptions o;
    o.dt = 0.1;
    o.threads = threads;
    sim::Simulation s(net, o);
    s.advance(tstop);
    std::vector<sim::Spike> out;
    for (const auto& spike : s.spikes())
        if (net.is_point(spike.gid)) out.push_back(spike);
    return out;
}

}  // namespace

class TestSynapseTable : public QObject {
    Q_OBJECT
private slots:
    // 5,000 neurons: two point groups, so rows are split between groups.
    void tableGivesTheSpikesOfConnections() {
        const int n = 5000;
        const auto listed = random_network(n, false), tabled = random_network(n, true);
        QCOMPARE(tabled.connection_count(), listed.connection_count());
        QCOMPARE(tabled.synapse_table()->size(), std::size_t{n * 60 + n / 10 * 400});
        const auto a = neuron_spikes(listed, 2, 200), b = neuron_spikes(tabled, 1, 200), c = neuron_spikes(tabled, 2, 200);
        qInfo("%zu spikes from 5,000 neurons in 200 ms", a.size());
        QVERIFY(a.size() > 2000);
        QCOMPARE(b.size(), a.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            QCOMPARE(b[k].gid, a[k].gid);
            // The table sums a step's inputs before adding them, connect() adds them in
            // turn: the currents differ by rounding only.
            QVERIFY2(std::abs(b[k].time - a[k].time) < 1e-9, qPrintable(QString::number(b[k].time - a[k].time)));
        }
        QCOMPARE(c.size(), b.size());
        for (std::size_t k = 0; k < b.size(); ++k) QVERIFY(c[k] == b[k]);  // bit for bit across threads
    }

    void tableRefusesWhatCannotBeRun() {
        sim::Network net;
        net.add_point_neuron(sim::make_point_neuron("iaf_psc_exp"));
        net.add_spike_source({sim::SpikeSource::Kind::regular, 0, 1e300, 10.0, 0, {}});
        sim::SynapseTable table;
        table.add_row(1, {{0, 1.0f, 1.0f}});
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, table.add_row(0, {{0, 1.0f, 1.0f}}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, table.add_row(2, {{0, 1.0f, 0.0f}}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, table.add_row(2, {{0, std::nanf(""), 1.0f}}));
        auto onto_source = std::make_shared<sim::SynapseTable>();
        onto_source->add_row(0, {{1, 1.0f, 1.0f}});
        try {
            net.set_synapse_table(onto_source);
            QFAIL("a synapse onto a spike source was accepted");
        } catch (const InvalidArgument& e) {
            QVERIFY2(QString(e.what()).contains("target gid 1 of source 0 is not a point neuron"), e.what());
        }
        auto from_nowhere = std::make_shared<sim::SynapseTable>();
        from_nowhere->add_row(7, {{0, 1.0f, 1.0f}});
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.set_synapse_table(from_nowhere));
        net.set_synapse_table(std::make_shared<sim::SynapseTable>(table));
        sim::Simulation s(net, {});
        s.advance(100);
        QCOMPARE(s.spikes().size(), std::size_t{10});  // the source's spikes only: 1 pA cannot fire it
    }

    // Shot noise: a train of rate r whose spikes add w to an exponential current gives the
    // membrane the mean E_L + r w tau_syn tau_m / C_m and the variance
    // r integral h^2, h(t) = w tau_m tau_s / (C (tau_m - tau_s)) (e^-t/tau_m - e^-t/tau_s).
    void poissonDriveHasShotNoiseStatistics() {
        sim::Network net;
        const double rate = 10000, w = 10, tau_m = 10, tau_s = 2, C = 250;
        const int n = 200;
        for (int k = 0; k < n; ++k) {
            auto neuron = sim::make_point_neuron("iaf_psc_exp", {{"V_th", 1e6}, {"tau_syn_ex", tau_s}});
            neuron.drive = {rate, w, 99};
            net.add_point_neuron(neuron);
        }
        sim::RunOptions o;
        o.dt = 0.1;
        sim::Simulation s(net, o);
        s.advance(50);  // settled: five membrane time constants
        double sum = 0, squares = 0;
        int samples = 0;
        for (int t = 0; t < 400; ++t) {
            s.advance(s.time() + 5);
            for (int k = 0; k < n; ++k) {
                const double v = s.voltage_snapshot(static_cast<sim::Gid>(k)).at(0) + 70.0;
                sum += v;
                squares += v * v;
                ++samples;
            }
        }
        const double mean = sum / samples, variance = squares / samples - mean * mean;
        const double r = rate * 1e-3, expected_mean = r * w * tau_s * tau_m / C;
        const double a = w * tau_m * tau_s / (C * (tau_m - tau_s));
        const double expected_variance =
            r * a * a * (tau_m / 2 + tau_s / 2 - 2 * tau_m * tau_s / (tau_m + tau_s));
        qInfo("drive: mean %.4f mV (theory %.4f), variance %.5f mV^2 (theory %.5f)", mean, expected_mean, variance,
              expected_variance);
        QVERIFY(std::abs(mean / expected_mean - 1) < 0.01);
        QVERIFY(std::abs(variance / expected_variance - 1) < 0.05);
    }
};

QTEST_GUILESS_MAIN(TestSynapseTable)
#include "test_synapse_table.moc"
