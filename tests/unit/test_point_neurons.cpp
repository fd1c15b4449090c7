// Point neurons in the simulator: NEST's iaf_psc_exp and iaf_psc_alpha with their names,
// units and defaults; under constant current every interval between spikes equals the
// analytic one to 1e-9 ms (the f-I curve); an input's spike time equals the closed form's
// threshold crossing; the same spikes for 1 and 2 threads in a network of a thousand;
// hybrid circuits of cable cells and point neurons.

#include <QtTest>
#include <cmath>

#include "engine/errors.h"
#include "engine/sim/network.h"
#include "engine/sim/simulation.h"

using namespace lamina;

namespace {

std::vector<double> spike_times(const sim::Simulation& s, sim::Gid gid) {
    std::vector<double> t;
    for (const auto& spike : s.spikes())
        if (spike.gid == gid) t.push_back(spike.time);
    return t;
}

}  // namespace

class TestPointNeurons : public QObject {
    Q_OBJECT
private slots:
    void modelsTakeNestsNamesAndUnits() {
        const sim::PointNeuron plain = sim::make_point_neuron("iaf_psc_exp");
        QCOMPARE(plain.lif.C_m, 250.0);
        QCOMPARE(plain.lif.tau_m, 10.0);
        QCOMPARE(plain.lif.t_ref, 2.0);
        QCOMPARE(plain.lif.V_th, -55.0);
        QCOMPARE(plain.lif.tau_syn_ex, 2.0);
        QCOMPARE(plain.V_m, -70.0);
        QVERIFY(!plain.lif.alpha);
        const sim::PointNeuron a = sim::make_point_neuron("iaf_psc_alpha", {{"E_L", -65}, {"V_reset", -68}, {"I_e", 376}});
        QVERIFY(a.lif.alpha);
        QCOMPARE(a.V_m, -65.0);  // E_L unless given
        QCOMPARE(a.lif.I_e, 376.0);
        const auto refused = [](const std::string& model, std::map<std::string, double> p, const char* expected) {
            try {
                sim::make_point_neuron(model, p);
            } catch (const InvalidArgument& e) {
                return std::string(e.what()).find(expected) != std::string::npos;
            }
            return false;
        };
        QVERIFY(refused("iaf_psc_exp", {{"tau", 5}}, "unknown parameter 'tau'"));
        QVERIFY(refused("iaf_psc_exp", {{"C_m", -1}}, "C_m must be a positive number of pF, got -1"));
        QVERIFY(refused("iaf_psc_exp", {{"V_reset", -50}}, "V_reset (-50 mV) must be below V_th (-55 mV)"));
        QVERIFY(refused("iaf_cond_exp_x", {}, "unknown point-neuron model 'iaf_cond_exp_x' (known: iaf_psc_exp, iaf_psc_alpha, iaf_cond_exp"));
        sim::Network net;
        const sim::Gid n = net.add_point_neuron(plain);
        const sim::Gid src = net.add_spike_source({});
        QVERIFY(net.is_point(n) && net.is_neuron(n) && !net.is_cell(n));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.connect({src, n, 1, 10.0, 1.0}));  // one input, synapse 0
    }

    // Constant current from rest: the first spike at t* = -tau ln(1 - theta/(Ie R)),
    // then one every t_ref + t*: the analytic f-I curve, to 1e-9 ms, for both models.
    void constantCurrentGivesTheAnalyticRate() {
        for (const std::string model : {"iaf_psc_exp", "iaf_psc_alpha"})
            for (const double current : {380.0, 500.0, 1000.0, 3000.0}) {
                sim::Network net;
                net.add_point_neuron(sim::make_point_neuron(model, {{"I_e", current}}));
                sim::RunOptions o;
                o.dt = 0.1;
                sim::Simulation s(net, o);
                s.advance(500);
                const auto t = spike_times(s, 0);
                const sim::LifParameters p = net.point_neuron(0).lif;
                const double first = -p.tau_m * std::log(1 - (p.V_th - p.E_L) / (current * p.tau_m / p.C_m));
                const double isi = sim::lif_interspike_interval(p);
                QVERIFY2(t.size() >= 2, qPrintable(QString::number(t.size())));
                QVERIFY2(std::abs(t[0] - first) < 1e-9, qPrintable(QString("%1 vs %2").arg(t[0], 0, 'g', 15).arg(first, 0, 'g', 15)));
                for (std::size_t k = 1; k < t.size(); ++k)
                    QVERIFY2(std::abs(t[k] - t[k - 1] - isi) < 1e-9,
                             qPrintable(QString("%1 pA, interval %2: %3").arg(current).arg(k).arg(t[k] - t[k - 1] - isi)));
                const double expected_rate = 1000.0 / isi;
                qInfo("%s at %.0f pA: %zu spikes in 500 ms, analytic rate %.3f Hz", model.c_str(), current, t.size(), expected_rate);
                QVERIFY(std::abs(static_cast<double>(t.size()) - (500 - first) / isi - 1) < 1.0);
            }
        // Below rheobase (Ie R under 15 mV): silent.
        sim::Network quiet;
        quiet.add_point_neuron(sim::make_point_neuron("iaf_psc_exp", {{"I_e", 370}}));
        sim::Simulation s(quiet, {});
        s.advance(300);
        QVERIFY(s.spikes().empty());
    }

    // An input of 3000 pA arrives (delivered at 10 ms + delay 1.5 ms): the membrane follows
    // w/C tm ts/(ts - tm) (e^(-t/ts) - e^(-t/tm)) and the spike falls where that reaches
    // threshold, found here by bisection on the formula.
    void inputSpikeTimeIsTheClosedFormsCrossing() {
        sim::Network net;
        const sim::Gid n = net.add_point_neuron(sim::make_point_neuron("iaf_psc_exp", {{"tau_syn_ex", 3.0}}));
        const sim::Gid src = net.add_spike_source({sim::SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, {10.0}});
        net.connect({src, n, 0, 3000.0, 1.5});
        sim::RunOptions o;
        o.dt = 0.025;
        sim::Simulation s(net, o);
        s.advance(40);
        const auto t = spike_times(s, n);
        QCOMPARE(t.size(), std::size_t{1});
        const double C = 250, tm = 10, ts = 3, w = 3000, theta = 15;
        const auto y = [&](double x) { return w / C * tm * ts / (ts - tm) * (std::exp(-x / ts) - std::exp(-x / tm)); };
        double lo = 0, hi = std::log(tm / ts) / (1 / ts - 1 / tm);  // up to the peak: rising through theta
        QVERIFY(y(lo) < theta && y(hi) > theta);
        for (int k = 0; k < 200; ++k) (y(0.5 * (lo + hi)) < theta ? lo : hi) = 0.5 * (lo + hi);
        const double expected = 11.5 + lo;
        QVERIFY2(std::abs(t[0] - expected) < 1e-9, qPrintable(QString("%1 vs %2").arg(t[0], 0, 'g', 15).arg(expected, 0, 'g', 15)));
        // An inhibitory input (negative weight) alone never fires it.
        sim::Network inhibited;
        inhibited.add_point_neuron(sim::make_point_neuron("iaf_psc_exp"));
        inhibited.add_spike_source({sim::SpikeSource::Kind::regular, 0, 1e300, 1.0, 0, {}});
        inhibited.connect({1, 0, 0, -5000.0, 1.0});
        sim::Simulation quiet(inhibited, {});
        quiet.advance(100);
        QVERIFY(spike_times(quiet, 0).empty());
    }

    // A thousand neurons, 10% connectivity, Poisson input: the same spikes on 1 and 2
    // threads, and the network is active without running away.
    void sameSpikesForAnyThreadCount() {
        sim::Network net;
        const int n = 1000;
        for (int k = 0; k < n; ++k)
            net.add_point_neuron(sim::make_point_neuron(k % 5 == 0 ? "iaf_psc_alpha" : "iaf_psc_exp", {{"V_m", -70.0 + k % 13}}));
        for (int k = 0; k < n; ++k) {
            const sim::Gid source = net.add_spike_source({sim::SpikeSource::Kind::poisson, 0, 1e300, 2000.0, 7u + static_cast<unsigned>(k), {}});
            net.connect({source, static_cast<sim::Gid>(k), 0, 87.8, 1.5});
        }
        std::uint64_t state = 12345;
        const auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
        for (int target = 0; target < n; ++target)
            for (int c = 0; c < 100; ++c) {
                const auto source = static_cast<sim::Gid>(next() % n);
                const double weight = source % 5 == 0 ? -4 * 87.8 : 87.8;
                net.connect({source, static_cast<sim::Gid>(target), 0, weight, 1.5});
            }
        std::vector<sim::Spike> spikes[2];
        for (int threads : {1, 2}) {
            sim::RunOptions o;
            o.dt = 0.1;
            o.threads = threads;
            sim::Simulation s(net, o);
            s.advance(300);
            for (const auto& spike : s.spikes())
                if (net.is_point(spike.gid)) spikes[threads - 1].push_back(spike);
        }
        QCOMPARE(spikes[0].size(), spikes[1].size());
        for (std::size_t k = 0; k < spikes[0].size(); ++k) {
            QCOMPARE(spikes[0][k].gid, spikes[1][k].gid);
            QCOMPARE(spikes[0][k].time, spikes[1][k].time);
        }
        const double rate = static_cast<double>(spikes[0].size()) / n / 0.3;
        qInfo("1,000 LIF neurons: %zu spikes in 300 ms, %.1f Hz", spikes[0].size(), rate);
        QVERIFY2(rate > 0.5 && rate < 100, qPrintable(QString::number(rate)));
    }

    // A probe on a point neuron records its membrane at each step's end: under a constant
    // current below threshold, E_L + I_e tau_m / C_m (1 - e^(-t/tau_m)) to rounding.
    void membraneIsRecordedAndSnapshotted() {
        sim::Network net;
        net.add_point_neuron(sim::make_point_neuron("iaf_psc_exp", {{"I_e", 300.0}}));
        sim::RunOptions o;
        o.dt = 0.1;
        sim::Simulation s(net, o);
        QCOMPARE(s.variables(0), std::vector<std::string>{"v"});
        const auto trace = s.add_probe(0, {0, 0.5}, "v");
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, s.add_probe(0, {0, 0.5}, "m"));
        s.advance(50);
        std::vector<sim::Sample> samples;
        trace->drain(samples);
        QCOMPARE(samples.size(), std::size_t{500});
        for (const auto& sample : samples) {
            const double expected = -70.0 + 300.0 * 10.0 / 250.0 * (1 - std::exp(-sample.time / 10.0));
            QVERIFY2(std::abs(sample.value - expected) < 1e-10, qPrintable(QString::number(sample.time)));
        }
        QVERIFY(std::abs(samples.back().time - 50.0) < 1e-9);
        QVERIFY(std::abs(s.voltage_snapshot(0).at(0) - samples.back().value) < 1e-12);
        QVERIFY(std::abs(s.probe_value(0, {0, 0.5}, "v") - samples.back().value) < 1e-12);
    }

    // Hybrid: a cable cell (HH soma, stepped) drives a point neuron, which drives a second
    // cable cell through an ExpSyn.
    void cableCellsAndPointNeuronsConnect() {
        auto soma = std::make_shared<sim::CellDescription>();
        soma->add_cylinder("soma", SectionType::soma, 20, 20);
        soma->paint("all", "hh", {});
        auto driven = std::make_shared<sim::CellDescription>(*soma);
        soma->place({0, 0.5}, "IClamp", {{"del", 5}, {"dur", 1}, {"amp", 0.5}});
        driven->place({0, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
        sim::Network net;
        const sim::Gid first = net.add_cell(soma);
        const sim::Gid point = net.add_point_neuron(sim::make_point_neuron("iaf_psc_exp"));
        const sim::Gid last = net.add_cell(driven);
        net.connect({first, point, 0, 4000.0, 2.0});
        net.connect({point, last, 0, 0.05, 2.0});
        sim::Simulation s(net, {});
        s.advance(40);
        const auto a = spike_times(s, first), b = spike_times(s, point), c = spike_times(s, last);
        QCOMPARE(a.size(), std::size_t{1});
        QCOMPARE(b.size(), std::size_t{1});
        QCOMPARE(c.size(), std::size_t{1});
        QVERIFY(b[0] > a[0] + 2.0 && b[0] < a[0] + 5.0);
        QVERIFY(c[0] > b[0] + 2.0 && c[0] < b[0] + 6.0);
    }
};

QTEST_GUILESS_MAIN(TestPointNeurons)
#include "test_point_neurons.moc"
