// The point-neuron models beyond the current-based LIF, against their defining
// equations: iaf_cond_exp's f-I curve (closed form) and its conductance response; AdEx's
// subthreshold fixed point and adapting spike train; Izhikevich's rest and regular
// spiking (both against an independent fine Runge-Kutta integration); NEURON's IntFire1
// (inputs, threshold, deaf refractory period), IntFire2 (a leaky integrator driven by a
// bias: t* = taum ln(ib/(ib-1))) and IntFire4 (peaks of +-w for weights w, the crossing
// time of its closed form).

#include <QtTest>
#include <cmath>
#include <functional>

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

std::vector<sim::Sample> record(sim::Simulation& s, sim::Gid gid, double tstop) {
    const auto trace = s.add_probe(gid, {0, 0.5}, "v");
    s.advance(tstop);
    std::vector<sim::Sample> out;
    trace->drain(out);
    return out;
}

using Vector = std::vector<double>;
using Rhs = std::function<Vector(const Vector&)>;

// Classic fourth-order Runge-Kutta at a fixed small step: the reference, independent of
// the engine's adaptive integrator. A spike where component 0 reaches `threshold`
// (linear interpolation inside the step), then `reset`.
std::vector<double> reference_spikes(Vector y, const Rhs& f, double h, double tstop, double threshold,
                                     const std::function<void(Vector&)>& reset, Vector* end_state = nullptr) {
    std::vector<double> spikes;
    const auto add = [](const Vector& a, const Vector& b, double s) {
        Vector out = a;
        for (std::size_t i = 0; i < a.size(); ++i) out[i] += s * b[i];
        return out;
    };
    for (double t = 0; t < tstop - 0.5 * h; t += h) {
        const Vector k1 = f(y), k2 = f(add(y, k1, h / 2)), k3 = f(add(y, k2, h / 2)), k4 = f(add(y, k3, h));
        Vector next = y;
        for (std::size_t i = 0; i < y.size(); ++i) next[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        if (next[0] >= threshold) {
            spikes.push_back(t + h * (threshold - y[0]) / (next[0] - y[0]));
            reset(next);
        }
        y = next;
    }
    if (end_state) *end_state = y;
    return spikes;
}

sim::Simulation run_one(const sim::PointNeuron& neuron, double dt = 0.1) {
    sim::Network net;
    net.add_point_neuron(neuron);
    sim::RunOptions o;
    o.dt = dt;
    return sim::Simulation(net, o);
}

}  // namespace

class TestPointModels : public QObject {
    Q_OBJECT
private slots:
    // V_inf = E_L + I_e / g_L = -40 mV, tau = C_m / g_L = 15 ms: the first spike at
    // tau ln((V_inf - E_L)/(V_inf - V_th)), then every t_ref + tau ln((V_inf - V_reset)/(V_inf - V_th)).
    void conductanceLifFollowsItsClosedForm() {
        const auto n = sim::make_point_neuron("iaf_cond_exp", {{"I_e", 500.0}});
        QCOMPARE(n.cond.g_L, 16.6667);
        QCOMPARE(n.cond.V_reset, -60.0);
        sim::Network net;
        net.add_point_neuron(n);
        sim::RunOptions o;
        o.dt = 0.1;
        sim::Simulation s(net, o);
        s.advance(100);
        const auto t = spike_times(s, 0);
        const double tau = 250.0 / 16.6667, v_inf = -70.0 + 500.0 / 16.6667;
        const double first = tau * std::log((v_inf + 70.0) / (v_inf + 55.0));
        const double interval = 2.0 + tau * std::log((v_inf + 60.0) / (v_inf + 55.0));
        QVERIFY(t.size() > 10);
        QVERIFY2(std::abs(t[0] - first) < 1e-6, qPrintable(QString::number(t[0] - first)));
        for (std::size_t k = 1; k < t.size(); ++k)
            QVERIFY2(std::abs(t[k] - t[k - 1] - interval) < 1e-6, qPrintable(QString::number(t[k] - t[k - 1] - interval)));
    }

    // An input of 5 nS at t = 1 ms: g_ex decays with tau_syn_ex, pulling V towards E_ex.
    void conductanceInputMatchesItsEquation() {
        sim::Network net;
        net.add_point_neuron(sim::make_point_neuron("iaf_cond_exp", {{"tau_syn_ex", 1.5}}));
        net.add_event({0, 0, 1.0, 5.0});
        sim::RunOptions o;
        o.dt = 0.1;
        sim::Simulation s(net, o);
        const auto v = record(s, 0, 20);
        Vector end;
        const Rhs f = [](const Vector& y) {
            return Vector{(-16.6667 * (y[0] + 70.0) - y[1] * y[0]) / 250.0, -y[1] / 1.5};
        };
        reference_spikes({-70.0, 5.0}, f, 1e-4, 19.0, 1e9, [](Vector&) {}, &end);  // from t = 1 to 20
        QVERIFY2(std::abs(v.back().value - end[0]) < 1e-7, qPrintable(QString::number(v.back().value - end[0])));
        double peak = -100;
        for (const auto& x : v) peak = std::max(peak, x.value);
        qInfo("5 nS input: peak depolarisation %.4f mV", peak + 70);
        QVERIFY(peak > -70 + 0.5);
    }

    // AdEx below rheobase settles where g_L (V - E_L) - g_L Delta_T e^((V - V_th)/Delta_T)
    // + a (V - E_L) = I_e; above it, an adapting train whose spikes match a fine RK4.
    void adexSettlesAndAdapts() {
        const double I_low = 100.0;
        auto rest = run_one(sim::make_point_neuron("aeif_cond_exp", {{"I_e", I_low}}));
        rest.advance(3000);
        const auto g = [&](double v) {
            return 30.0 * (v + 70.6) - 30.0 * 2.0 * std::exp((v + 50.4) / 2.0) + 4.0 * (v + 70.6) - I_low;
        };
        double lo = -70.6, hi = -52.0;
        for (int k = 0; k < 200; ++k) (g(0.5 * (lo + hi)) < 0 ? lo : hi) = 0.5 * (lo + hi);
        QVERIFY(rest.spikes().empty());
        QVERIFY2(std::abs(rest.probe_value(0, {0, 0.5}, "v") - lo) < 1e-4,
                 qPrintable(QString::number(rest.probe_value(0, {0, 0.5}, "v") - lo)));

        auto tonic = run_one(sim::make_point_neuron("aeif_cond_exp", {{"I_e", 800.0}}));
        tonic.advance(200);
        const auto t = spike_times(tonic, 0);
        // V never exceeds V_peak in the model: the reference's overshoot inside its last
        // step must not feed w.
        const Rhs f = [](const Vector& y) {
            const double v = std::min(y[0], 0.0);
            return Vector{(-30.0 * (y[0] + 70.6) + 30.0 * 2.0 * std::exp((v + 50.4) / 2.0) - y[1] + 800.0) / 281.0,
                          (4.0 * (v + 70.6) - y[1]) / 144.0};
        };
        const auto expected = reference_spikes({-70.6, 0.0}, f, 2e-5, 200, 0.0, [](Vector& y) {
            y[0] = -60.0;
            y[1] += 80.5;
        });
        qInfo("AdEx at 800 pA: %zu spikes in 200 ms (reference %zu), first %.4f ms, ISIs %.3f -> %.3f ms", t.size(),
              expected.size(), t.empty() ? 0.0 : t[0], t.size() > 2 ? t[1] - t[0] : 0.0,
              t.size() > 2 ? t.back() - t[t.size() - 2] : 0.0);
        QCOMPARE(t.size(), expected.size());
        double worst = 0;
        for (std::size_t k = 0; k < t.size(); ++k) worst = std::max(worst, std::abs(t[k] - expected[k]));
        // The reference's resolution: 2e-5 ms steps, a crossing interpolated on a near-vertical upswing.
        qInfo("AdEx spike times within %.2g ms of the reference", worst);
        QVERIFY(worst < 5e-4);
        QVERIFY(t[2] - t[1] < t.back() - t[t.size() - 2]);  // spike-frequency adaptation
    }

    void izhikevichRestsAndSpikesRegularly() {
        auto rest = run_one(sim::make_point_neuron("izhikevich"));
        rest.advance(1000);
        // dV/dt = 0.04 V^2 + 4.8 V + 140 at U = b V: roots -70 (stable) and -50.
        QVERIFY2(std::abs(rest.probe_value(0, {0, 0.5}, "v") + 70.0) < 1e-6,
                 qPrintable(QString::number(rest.probe_value(0, {0, 0.5}, "v"))));

        auto regular = run_one(sim::make_point_neuron("izhikevich", {{"I_e", 10.0}}));
        regular.advance(300);
        const auto t = spike_times(regular, 0);
        const Rhs f = [](const Vector& y) {
            return Vector{0.04 * y[0] * y[0] + 5 * y[0] + 140 - y[1] + 10.0, 0.02 * (0.2 * y[0] - y[1])};
        };
        const auto expected = reference_spikes({-65.0, -13.0}, f, 2e-5, 300, 30.0, [](Vector& y) {
            y[0] = -65.0;
            y[1] += 8.0;
        });
        qInfo("Izhikevich RS at 10: %zu spikes in 300 ms (reference %zu)", t.size(), expected.size());
        QCOMPARE(t.size(), expected.size());
        QVERIFY(t.size() >= 5);
        double worst = 0;
        for (std::size_t k = 0; k < t.size(); ++k) worst = std::max(worst, std::abs(t[k] - expected[k]));
        qInfo("Izhikevich spike times within %.2g ms of the reference", worst);
        QVERIFY(worst < 2e-4);
    }

    // Inputs 0.6 at 1 ms and 2 ms: m = 0.6 e^(-0.1) + 0.6 = 1.14 > 1 fires at 2 ms; an
    // input at 3 ms falls in the 5 ms refractory period; one of 0.5 at 8 ms leaves m = 0.5.
    void intFire1FiresOnInput() {
        sim::Network net;
        net.add_point_neuron(sim::make_point_neuron("IntFire1"));
        for (const auto& [t, w] : {std::pair{1.0, 0.6}, {2.0, 0.6}, {3.0, 0.9}, {8.0, 0.5}}) net.add_event({0, 0, t, w});
        sim::RunOptions o;
        o.dt = 0.1;
        sim::Simulation s(net, o);
        s.advance(9.0);
        const auto t = spike_times(s, 0);
        QCOMPARE(t.size(), std::size_t{1});
        QVERIFY(std::abs(t[0] - 2.0) < 1e-12);
        QVERIFY2(std::abs(s.probe_value(0, {0, 0.5}, "v") - 0.5 * std::exp(-0.1)) < 1e-12,
                 qPrintable(QString::number(s.probe_value(0, {0, 0.5}, "v"))));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, sim::make_point_neuron("IntFire1", {{"tau", 0.0}}));
    }

    // taum dm/dt = -m + ib from 0: m = ib (1 - e^(-t/taum)) reaches 1 at taum ln(ib/(ib - 1)).
    void intFire2IsALeakyIntegratorWithBias() {
        auto s = run_one(sim::make_point_neuron("IntFire2", {{"ib", 1.2}}));
        s.advance(100);
        const auto t = spike_times(s, 0);
        const double period = 10.0 * std::log(1.2 / 0.2);
        QCOMPARE(t.size(), std::size_t{5});
        for (std::size_t k = 0; k < t.size(); ++k)
            QVERIFY2(std::abs(t[k] - period * static_cast<double>(k + 1)) < 1e-9, qPrintable(QString::number(t[k])));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, sim::make_point_neuron("IntFire2", {{"taus", -1.0}}));
    }

    // A weight w brings m to a peak of w (NEURON's normalisation), an inhibitory -w to -w;
    // 1.2 crosses 1 where be e (e^(-km t) - e^(-ke t)) = 1.
    void intFire4PeaksAtItsWeight() {
        const double ke = 1 / 5.0, km = 1 / 50.0;
        for (const double w : {0.5, -0.5}) {
            sim::Network net;
            net.add_point_neuron(sim::make_point_neuron("IntFire4"));
            net.add_event({0, 0, 1.0, w});
            sim::RunOptions o;
            o.dt = 0.01;
            sim::Simulation s(net, o);
            const auto v = record(s, 0, 200);
            double extreme = 0;
            for (const auto& x : v) extreme = std::abs(x.value) > std::abs(extreme) ? x.value : extreme;
            qInfo("IntFire4 w = %+.1f: m peaks at %.6f", w, extreme);
            QVERIFY2(std::abs(extreme - w) < 1e-5, qPrintable(QString::number(extreme, 'g', 10)));
        }
        sim::Network net;
        net.add_point_neuron(sim::make_point_neuron("IntFire4"));
        net.add_event({0, 0, 1.0, 1.2});
        sim::RunOptions o;
        o.dt = 0.1;
        sim::Simulation s(net, o);
        s.advance(100);
        const auto t = spike_times(s, 0);
        const double tp = std::log(km / ke) / (km - ke), be = 1 / (std::exp(-km * tp) - std::exp(-ke * tp));
        const auto m = [&](double x) { return 1.2 * be * (std::exp(-km * x) - std::exp(-ke * x)); };
        double lo = 0, hi = tp;
        for (int k = 0; k < 200; ++k) (m(0.5 * (lo + hi)) < 1 ? lo : hi) = 0.5 * (lo + hi);
        QCOMPARE(t.size(), std::size_t{1});
        QVERIFY2(std::abs(t[0] - (1.0 + hi)) < 1e-9, qPrintable(QString::number(t[0] - 1.0 - hi)));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, sim::make_point_neuron("IntFire4", {{"taue", 30.0}}));
    }

    // The models' own names, units and defaults; each family in its own group, connected.
    void modelsMixInOneNetwork() {
        QCOMPARE(sim::make_point_neuron("aeif_cond_exp").cond.C_m, 281.0);
        QCOMPARE(sim::make_point_neuron("izhikevich", {{"V_m", -70.0}}).izh.U_m, -14.0);
        QCOMPARE(std::string(sim::point_weight_unit(sim::PointModel::iaf_cond_exp)), std::string("nS"));
        sim::Network net;
        const auto driver = net.add_point_neuron(sim::make_point_neuron("iaf_psc_exp", {{"I_e", 500.0}}));
        const auto cond = net.add_point_neuron(sim::make_point_neuron("iaf_cond_exp"));
        const auto fire1 = net.add_point_neuron(sim::make_point_neuron("IntFire1"));
        net.connect({driver, cond, 0, 400.0, 1.0});  // 400 nS: about 20 mV
        net.connect({driver, fire1, 0, 1.5, 1.0});   // above threshold at once
        sim::RunOptions o;
        o.dt = 0.1;
        for (int threads : {1, 2}) {
            o.threads = threads;
            sim::Simulation s(net, o);
            s.advance(100);
            const auto d = spike_times(s, driver), c = spike_times(s, cond), f = spike_times(s, fire1);
            QVERIFY(d.size() >= 5);
            QCOMPARE(f.size(), d.size() - (d.back() > 99 ? 1 : 0));
            for (std::size_t k = 0; k < f.size(); ++k) QVERIFY(f[k] > d[k] + 0.9 && f[k] < d[k] + 1.2);
            QVERIFY(!c.empty());
        }
    }
};

QTEST_GUILESS_MAIN(TestPointModels)
#include "test_point_models.moc"
