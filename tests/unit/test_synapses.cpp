// The catalogue's synapse models against their closed forms: the deterministic
// Tsodyks-Markram recursion for a regular train (AMPA/NMDA and GABA-A/B) and its steady
// state, the NMDA magnesium block, and stochastic release against the deterministic
// mean and the binomial law.

#include <QtTest>
#include <cmath>
#include <limits>

#include "engine/sim/mechanism.h"
#include "engine/sim/random.h"
#include "engine/sim/simulation.h"

using namespace lamina;
using namespace lamina::sim;

namespace {

// A passive soma with one `synapse` driven by `times` (ms) through one connection of
// `weight` µS and 1 ms delay.
Network synapse_cell(const std::string& synapse, const std::map<std::string, double>& parameters,
                     std::vector<double> times, double weight) {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("soma", SectionType::soma, 20, 20);
    cell->paint("all", "pas", {{"g", 1e-4}, {"e", -65}});
    cell->place({0, 0.5}, synapse, parameters);
    Network net;
    net.add_cell(cell);
    net.add_spike_source({SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, std::move(times)});
    net.connect({1, 0, 0, weight, 1.0});
    return net;
}

std::vector<Sample> drained(const std::shared_ptr<Trace>& probe) {
    std::vector<Sample> samples;
    probe->drain(samples);
    return samples;
}

// The Tsodyks-Markram recursion for a train with period T: u_n R_n, the fraction of the
// weight each spike releases.
std::vector<double> released_fractions(double U, double D, double F, double T, int spikes) {
    std::vector<double> released;
    double u = U, R = 1;
    for (int k = 0; k < spikes; ++k) {
        released.push_back(u * R);
        const double next_u = U + u * (1 - U) * std::exp(-T / F);
        R = 1 - (1 - R * (1 - u)) * std::exp(-T / D);
        u = next_u;
    }
    return released;
}

double peak_factor(double tau_r, double tau_d) {
    const double tp = tau_r * tau_d / (tau_d - tau_r) * std::log(tau_d / tau_r);
    return 1.0 / (-std::exp(-tp / tau_r) + std::exp(-tp / tau_d));
}

// A regular train onto `cells` cells, each a passive soma with one `synapse` (AMPA/NMDA,
// with these parameters), all driven by one spike source (one connection each). NMDA
// decays with 1e5 ms, so B_NMDA read between spikes gives each spike's jump. Returns
// [cell][spike] the fraction of the weight each spike released (u R for the
// deterministic synapse, released sites / sites for the stochastic one), and each cell's
// B_NMDA at the end. `pause_every` > 0 advances in pieces that long.
struct TrainRun {
    std::vector<std::vector<double>> released;
    std::vector<double> final_b;
};
TrainRun train_releases(const std::string& synapse, std::map<std::string, double> parameters, int cells,
                        const std::vector<double>& spikes, RunOptions options, double pause_every = 0) {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("soma", SectionType::soma, 20, 20);
    cell->paint("all", "pas", {{"g", 1e-4}, {"e", -65}});
    const double tau_d = 1e5, w = 0.001;
    parameters["tau_d_NMDA"] = tau_d;
    parameters["NMDA_ratio"] = 1.0;
    cell->place({0, 0.5}, synapse, parameters);
    Network net;
    for (int c = 0; c < cells; ++c) net.add_cell(cell);
    const Gid source = net.add_spike_source({SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, spikes});
    for (int c = 0; c < cells; ++c) net.connect({source, Gid(c), 0, w, 1.0});
    Simulation sim(net, options);
    const std::string state = synapse + ".B_NMDA";
    TrainRun out;
    out.released.assign(cells, {});
    const double scale = w * peak_factor(0.29, tau_d);
    std::vector<double> before(cells, 0.0);
    double t_before = 0;
    for (double spike : spikes) {
        const double arrival = spike + 1.0, read = arrival + 5.0;
        if (pause_every > 0)
            while (sim.time() + pause_every < read) sim.advance(sim.time() + pause_every);
        sim.advance(read);
        for (int c = 0; c < cells; ++c) {
            const double b = sim.probe_value(Gid(c), {0, 0.5}, state);
            const double jump = (b - before[c] * std::exp(-(read - t_before) / tau_d)) * std::exp((read - arrival) / tau_d);
            out.released[c].push_back(jump / scale);
            before[c] = b;
        }
        t_before = read;
    }
    for (int c = 0; c < cells; ++c) out.final_b.push_back(sim.probe_value(Gid(c), {0, 0.5}, state));
    return out;
}

std::vector<double> regular_train(double first, double period, int spikes) {
    std::vector<double> times;
    for (int k = 0; k < spikes; ++k) times.push_back(first + period * k);
    return times;
}

}  // namespace

class TestSynapses : public QObject {
    Q_OBJECT
private slots:
    // A 20 Hz train: the slow conductance's decay state B at every sample equals the
    // sum over the delivered spikes of weight * ratio * u_n R_n * factor *
    // exp(-(t - t_n)/tau_d), u_n and R_n from the Tsodyks-Markram recursion, to 1e-9;
    // the paired-pulse ratio is the published class's at 20 Hz.
    void deterministicTrainFollowsTheRecursion_data() {
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("ratio_name");
        QTest::addColumn<double>("U");
        QTest::addColumn<double>("D");
        QTest::addColumn<double>("F");
        QTest::addColumn<double>("tau_r");
        QTest::addColumn<double>("tau_d");
        QTest::addColumn<double>("pair");
        // Defaults: an E2 excitatory and an I2 inhibitory connection (ratio 0.71; GABA-B set to 0.75).
        QTest::newRow("E2 AMPA/NMDA, NMDA part") << "DetAmpaNmda" << "B_NMDA" << "NMDA_ratio" << 0.5 << 671.0 << 17.0
                                                 << 0.29 << 43.0 << 0.550;
        QTest::newRow("I2 GABA-A/B, GABA-B part") << "DetGabaAB" << "B_GABAB" << "GABAB_ratio" << 0.25 << 706.0 << 21.0
                                                  << 3.5 << 260.9 << 0.820;
    }

    void deterministicTrainFollowsTheRecursion() {
        QFETCH(QString, mechanism);
        QFETCH(QString, state);
        QFETCH(QString, ratio_name);
        QFETCH(double, U);
        QFETCH(double, D);
        QFETCH(double, F);
        QFETCH(double, tau_r);
        QFETCH(double, tau_d);
        QFETCH(double, pair);
        const double ratio = 0.75, w = 0.002, T = 50;
        const std::vector<double> spikes = regular_train(10, T, 8);
        const Network net = synapse_cell(mechanism.toStdString(), {{ratio_name.toStdString(), ratio}}, spikes, w);
        Simulation sim(net, {});
        auto probe = sim.add_probe(0, {0, 0.5}, (mechanism + "." + state).toStdString());
        sim.advance(420);
        const std::vector<Sample> samples = drained(probe);

        const std::vector<double> released = released_fractions(U, D, F, T, int(spikes.size()));  // u_n R_n
        QVERIFY2(std::abs(released[1] / released[0] - pair) < 1e-3, qPrintable(QString::number(released[1] / released[0])));
        QVERIFY(released[7] < 0.6 * released[0]);  // both classes depress
        const double factor = peak_factor(tau_r, tau_d);
        int compared = 0;
        for (const Sample& s : samples) {
            double expected = 0;
            for (std::size_t k = 0; k < spikes.size(); ++k) {
                const double arrival = spikes[k] + 1.0;
                if (arrival < s.time - 1e-9) expected += w * ratio * released[k] * factor * std::exp(-(s.time - arrival) / tau_d);
            }
            if (expected == 0) continue;
            ++compared;
            if (std::abs(s.value - expected) > 1e-9 * expected)
                QFAIL(qPrintable(QString("t = %1: %2 %3, expected %4").arg(s.time).arg(state).arg(s.value, 0, 'g', 15).arg(expected, 0, 'g', 15)));
        }
        QVERIFY(compared > 15000);
    }

    // With NMDA's kinetics set to AMPA's, g_NMDA / g_AMPA is the ratio times the block
    // B(v) = 1/(1 + exp(-0.062 v) mg/3.57) at the voltage the currents were computed
    // at (the previous sample's); clamped at -80 and -20 mV it gives Jahr and Stevens'
    // B(-80) = 0.0244 and B(-20) = 0.508 at 1 mM.
    void magnesiumBlockFollowsJahrAndStevens() {
        const double ratio = 0.5;
        Network net = synapse_cell("DetAmpaNmda", {{"tau_r_NMDA", 0.2}, {"tau_d_NMDA", 1.7}, {"NMDA_ratio", ratio}, {"mg", 1.0}},
                                   {50.0, 150.0}, 0.001);
        net.place_on_cell(0, {0, 0.5}, "SEClamp", {{"rs", 0.01}, {"dur1", 100}, {"amp1", -80}, {"dur2", 100}, {"amp2", -20}});
        RunOptions o;
        o.v_init = -80;
        Simulation sim(net, o);
        auto v = sim.add_probe(0, {0, 0.5}, "v");
        auto ga = sim.add_probe(0, {0, 0.5}, "DetAmpaNmda.g_AMPA");
        auto gn = sim.add_probe(0, {0, 0.5}, "DetAmpaNmda.g_NMDA");
        sim.advance(200);
        const auto vs = drained(v), as = drained(ga), ns = drained(gn);
        QCOMPARE(as.size(), vs.size());
        const auto block = [](double volts) { return 1 / (1 + std::exp(-0.062 * volts) * 1.0 / 3.57); };
        int compared = 0;
        double at80 = 0, at20 = 0;
        for (std::size_t k = 1; k < vs.size(); ++k) {
            if (as[k].value < 1e-6) continue;
            const double b = ns[k].value / (ratio * as[k].value);
            QVERIFY2(std::abs(b - block(vs[k - 1].value)) < 1e-12,
                     qPrintable(QString("t %1: %2 vs %3").arg(vs[k].time).arg(b).arg(block(vs[k - 1].value))));
            ++compared;
            if (vs[k].time < 100) at80 = b;
            else at20 = b;
        }
        QVERIFY(compared > 100);
        QVERIFY2(std::abs(at80 - 0.02442) < 2e-4, qPrintable(QString::number(at80)));
        QVERIFY2(std::abs(at20 - 0.50814) < 2e-3, qPrintable(QString::number(at20)));
    }

    // The classic measurement: one spike with the cell clamped at -70 and at +40 mV. It
    // releases Use of the weight, and the conductances are normalised to peak at what is
    // released, so the NMDA peak
    // over the AMPA peak is NMDA_ratio B(v): near 0.03 at -70 mV, where magnesium blocks
    // NMDA, and near 0.69 at +40 mV, where it does not (to the sampling of a 0.2 ms rise).
    void ampaNmdaPeaksAtMinus70AndPlus40() {
        const auto peaks = [](double clamp) {
            Network net = synapse_cell("DetAmpaNmda", {}, {20.0}, 0.001);
            net.place_on_cell(0, {0, 0.5}, "SEClamp", {{"rs", 0.001}, {"dur1", 200}, {"amp1", clamp}});
            RunOptions o;
            o.v_init = clamp;
            Simulation sim(net, o);
            auto ga = sim.add_probe(0, {0, 0.5}, "DetAmpaNmda.g_AMPA");
            auto gn = sim.add_probe(0, {0, 0.5}, "DetAmpaNmda.g_NMDA");
            sim.advance(200);
            double a = 0, n = 0;
            for (const Sample& x : drained(ga)) a = std::max(a, x.value);
            for (const Sample& x : drained(gn)) n = std::max(n, x.value);
            return std::pair{a, n};
        };
        const auto block = [](double volts) { return 1 / (1 + std::exp(-0.062 * volts) / 3.57); };
        for (double clamp : {-70.0, 40.0}) {
            const auto [ampa, nmda] = peaks(clamp);
            QVERIFY2(std::abs(ampa / (0.5 * 0.001) - 1) < 2e-3, qPrintable(QString::number(ampa)));  // Use of the weight
            const double expected = 0.71 * block(clamp);
            QVERIFY2(std::abs(nmda / ampa / expected - 1) < 5e-3,
                     qPrintable(QString("%1 mV: NMDA/AMPA %2, expected %3").arg(clamp).arg(nmda / ampa).arg(expected)));
        }
        QVERIFY(peaks(40.0).second / peaks(-70.0).second > 20);  // unblocked
    }

    // Many spikes at 40 Hz: each spike's release follows the recursion, and the last is
    // the analytic limit u* R*, u* = U / (1 - (1 - U) e^(-T/F)),
    // R* = (1 - e^(-T/D)) / (1 - (1 - u*) e^(-T/D)), to 1e-9.
    void deterministicTrainReachesTheSteadyState() {
        const double U = 0.5, D = 671, F = 17, T = 25;
        const int n = 40;
        const TrainRun run = train_releases("DetAmpaNmda", {}, 1, regular_train(10, T, n), {});
        const std::vector<double> expected = released_fractions(U, D, F, T, n);
        for (int k = 0; k < n; ++k)
            QVERIFY2(std::abs(run.released[0][k] - expected[k]) < 1e-9 * expected[k],
                     qPrintable(QString("spike %1: %2, expected %3").arg(k).arg(run.released[0][k]).arg(expected[k])));
        const double u_star = U / (1 - (1 - U) * std::exp(-T / F));
        const double r_star = (1 - std::exp(-T / D)) / (1 - (1 - u_star) * std::exp(-T / D));
        QVERIFY2(std::abs(run.released[0][n - 1] / (u_star * r_star) - 1) < 1e-9,
                 qPrintable(QString("%1 vs %2").arg(run.released[0][n - 1]).arg(u_star * r_star)));
        QVERIFY(u_star * r_star < 0.1 * expected[0]);  // deep depression at 40 Hz
    }

    // The inverse of the binomial distribution function: the draw is the smallest k with
    // P(X <= k) >= u, so it changes exactly at the cumulative sums.
    void binomialDrawInvertsTheDistribution() {
        const double n = 5, p = 0.3;
        double cumulative = 0;
        for (int k = 0; k <= 5; ++k) {
            const double pmf = std::tgamma(6) / (std::tgamma(k + 1) * std::tgamma(6 - k)) * std::pow(p, k) * std::pow(1 - p, 5 - k);
            const double below = cumulative;
            cumulative += pmf;
            QCOMPARE(binomial_from_uniform(n, p, below + 1e-12), double(k));
            if (k < 5) QCOMPARE(binomial_from_uniform(n, p, cumulative - 1e-12), double(k));
        }
        QCOMPARE(binomial_from_uniform(n, p, 1 - 1e-17), 5.0);
        QCOMPARE(binomial_from_uniform(0, p, 0.9), 0.0);
        QCOMPARE(binomial_from_uniform(n, 0, 0.9), 0.0);
        QCOMPARE(binomial_from_uniform(n, 1, 0.1), 5.0);
        QCOMPARE(binomial_from_uniform(4.6, 1, 0.1), 5.0);  // whole numbers of trials
    }

    // 1,000 connections with 4 release sites each, E2 parameters, a 20 Hz train: each
    // spike releases whole sites; the first spike's counts are Binomial(4, Use) (chi-square,
    // 4 degrees of freedom, below the 0.1% point 18.47, and the variance 4 Use (1 - Use)
    // within 10%); and the mean release of every spike is the deterministic u R within 3
    // standard errors.
    void stochasticReleaseAveragesToTheDeterministicTrain() {
        const int cells = 1000, sites = 4, n = 8;
        const double U = 0.5, D = 671, F = 17, T = 50;
        RunOptions o;
        o.seed = 1;
        const TrainRun run = train_releases("ProbAmpaNmda", {{"Nrrp", sites}}, cells, regular_train(10, T, n), o);
        std::vector<int> first(sites + 1, 0);
        for (const auto& train : run.released) {
            for (double fraction : train) {
                const double count = fraction * sites;
                QVERIFY2(std::abs(count - std::round(count)) < 1e-6 && count > -0.5 && count < sites + 0.5,
                         qPrintable(QString("a jump of %1 sites").arg(count)));
            }
            ++first[std::lround(train[0] * sites)];
        }
        double chi2 = 0, mean = 0, second_moment = 0;
        for (int k = 0; k <= sites; ++k) {
            const double expected = cells * std::tgamma(sites + 1) / (std::tgamma(k + 1) * std::tgamma(sites - k + 1)) *
                                    std::pow(U, k) * std::pow(1 - U, sites - k);
            chi2 += (first[k] - expected) * (first[k] - expected) / expected;
            mean += double(k) * first[k] / cells;
            second_moment += double(k * k) * first[k] / cells;
        }
        qInfo("first spike: sites released 0..4 by %d %d %d %d %d connections, chi-square %.2f", first[0], first[1],
              first[2], first[3], first[4], chi2);
        QVERIFY2(chi2 < 18.47, qPrintable(QString("chi-square %1").arg(chi2)));
        const double variance = second_moment - mean * mean;
        QVERIFY2(std::abs(variance / (sites * U * (1 - U)) - 1) < 0.1, qPrintable(QString("variance %1").arg(variance)));

        const std::vector<double> expected = released_fractions(U, D, F, T, n);
        for (int k = 0; k < n; ++k) {
            double sum = 0, squares = 0;
            for (const auto& train : run.released) {
                sum += train[k];
                squares += train[k] * train[k];
            }
            const double m = sum / cells, sd = std::sqrt((squares / cells - m * m) * cells / (cells - 1));
            const double se = sd / std::sqrt(double(cells));
            qInfo("spike %d: mean release %.4f, deterministic %.4f, SE %.4f", k, m, expected[k], se);
            QVERIFY2(se > 0 && std::abs(m - expected[k]) < 3 * se,
                     qPrintable(QString("spike %1: mean %2, deterministic %3, SE %4").arg(k).arg(m).arg(expected[k]).arg(se)));
        }
    }

    // A connection's releases depend on the seed and the connection only: the same with 1
    // and 2 threads, with other cell groups, and when the run pauses every 0.7 ms; another
    // seed gives other releases.
    void stochasticReleaseIsTheSameWhateverThreadsGroupsAndPauses() {
        const auto train = regular_train(10, 25, 6);
        RunOptions one;
        one.seed = 7;
        one.threads = 1;
        RunOptions two = one;
        two.threads = 2;
        two.cells_per_group = 7;
        const TrainRun a = train_releases("ProbAmpaNmda", {{"Nrrp", 3}}, 200, train, one);
        const TrainRun b = train_releases("ProbAmpaNmda", {{"Nrrp", 3}}, 200, train, two, 0.7);
        QCOMPARE(a.released, b.released);
        QCOMPARE(a.final_b, b.final_b);
        RunOptions other = one;
        other.seed = 8;
        const TrainRun c = train_releases("ProbAmpaNmda", {{"Nrrp", 3}}, 200, train, other);
        int differ = 0;
        for (int k = 0; k < 200; ++k) differ += a.released[k] != c.released[k];
        QVERIFY2(differ > 100, qPrintable(QString::number(differ)));
    }
};

QTEST_GUILESS_MAIN(TestSynapses)
#include "test_synapses.moc"
