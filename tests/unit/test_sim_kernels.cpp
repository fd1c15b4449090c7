// The engine's numerical building blocks on their own: the vectorisable exponential
// against the C library, and the partitioned tree solver against a dense LU solve and
// against the plain Hines sweep of interleaved cells.

#include <QtTest>
#include <numeric>
#include <Eigen/Dense>
#include <cfloat>
#include <cmath>
#include <random>

#include "engine/sim/discretization.h"
#include "engine/sim/hines_solver.h"
#include "engine/sim/simd_math.h"
#include "engine/sim/simulation.h"

using namespace lamina;
using namespace lamina::sim;

namespace {

// A branched cell whose longest path is several partitions long: a soma, a long
// unbranched axon, and a random dendritic tree (fixed seed) of short and long branches.
std::shared_ptr<CellDescription> branched_cell(std::uint32_t seed) {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("soma", SectionType::soma, 20, 20);
    const auto axon = cell->add_cylinder("axon", SectionType::axon, 800, 1, 0, 0.0);
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> length(20, 300), position(0, 1);
    std::vector<std::uint32_t> dendrites;
    for (int k = 0; k < 25; ++k) {
        const std::int32_t parent =
            dendrites.empty() || k % 4 == 0 ? 0 : static_cast<std::int32_t>(dendrites[random() % dendrites.size()]);
        dendrites.push_back(cell->add_cylinder("dend", SectionType::basal_dendrite, length(random), 1.5, parent,
                                               parent == 0 ? 0.5 : (k % 3 == 0 ? position(random) : 1.0)));
    }
    cell->define_region("long_axon", {axon});
    cell->set_nseg("long_axon", 400);
    cell->paint("all", "hh");
    cell->place({axon, 1.0}, "IClamp", {{"del", 1}, {"dur", 40}, {"amp", 0.5}});
    cell->place({dendrites[7], 0.5}, "IClamp", {{"del", 5}, {"dur", 30}, {"amp", 0.5}});
    cell->set_detector({axon, 0.5}, 0.0);
    return cell;
}

// Solves a random system on the tree (parent, lower) with HinesSolver and with a dense
// LU factorisation of the same matrix; returns the largest difference relative to the
// largest solution entry.
double solver_error_against_dense(const std::vector<std::int32_t>& parent, const std::vector<std::int32_t>& lower) {
    const std::size_t n = parent.size();
    std::mt19937 random(42);
    std::uniform_real_distribution<double> unit(0.5, 1.5);
    HinesSolver solver;
    solver.resize(n);
    Array a(n), b(n), d(n), rhs(n), v(n);
    for (std::size_t i = 0; i < n; ++i) {
        solver.set_node(i, parent[i], lower[i]);
        d[i] = 2.0 * unit(random);
        rhs[i] = unit(random) - 1.0;
        v[i] = -65.0 + 10.0 * unit(random);
        a[i] = parent[i] < 0 ? 0.0 : -unit(random);
        b[i] = parent[i] < 0 ? 0.0 : -unit(random);
    }
    solver.finish();
    // The system the solver completes: each edge (i, p) adds -b to row i's diagonal,
    // -a to row p's, b and a off the diagonal, and the axial currents to the rights.
    const auto size = static_cast<Eigen::Index>(n);
    Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(size, size);
    Eigen::VectorXd right = Eigen::VectorXd::Zero(size);
    for (std::size_t i = 0; i < n; ++i) {
        const auto ii = static_cast<Eigen::Index>(i);
        dense(ii, ii) += d[i];
        right(ii) += rhs[i];
        if (parent[i] < 0) continue;
        const auto p = static_cast<Eigen::Index>(parent[i]);
        const double dv = v[static_cast<std::size_t>(p)] - v[i];
        dense(ii, ii) -= b[i];
        dense(p, p) -= a[i];
        dense(ii, p) += b[i];
        dense(p, ii) += a[i];
        right(ii) -= b[i] * dv;
        right(p) += a[i] * dv;
    }
    const Eigen::VectorXd expected = dense.partialPivLu().solve(right);
    solver.solve(a.data(), b.data(), v.data(), d.data(), rhs.data());
    double worst = 0;
    for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(rhs[i] - expected(static_cast<Eigen::Index>(i))));
    return worst / expected.cwiseAbs().maxCoeff();
}

}  // namespace

class TestSimKernels : public QObject {
    Q_OBJECT

private slots:
    void expMatchesTheCLibraryWithinThreeEpsilon() {
        double worst = 0, worst_at = 0;
        constexpr int samples = 2'000'000;
        for (int i = 0; i <= samples; ++i) {
            const double x = -708.0 + 1417.0 * i / samples;
            const double error = std::abs(exp_simd(x) / std::exp(x) - 1.0);
            if (error > worst) worst = error, worst_at = x;
        }
        qInfo("exp_simd: worst relative error %.3g (%.2f DBL_EPSILON) at x = %.17g", worst, worst / DBL_EPSILON,
              worst_at);
        QVERIFY2(worst < 3 * DBL_EPSILON, qPrintable(QString::number(worst / DBL_EPSILON) + " epsilon"));
        // Exact where the result is exact, and clamped outside the range.
        QCOMPARE(exp_simd(0.0), 1.0);
        QCOMPARE(exp_simd(-1e300), exp_simd(-708.0));
        QCOMPARE(exp_simd(1e300), exp_simd(709.0));
        QVERIFY(std::isfinite(exp_simd(1e300)) && exp_simd(-1e300) > 0);
        QVERIFY(std::isnan(exp_simd(std::nan(""))));
        QCOMPARE(exp_simd_nonpositive(-INFINITY), exp_simd(-708.0));
    }

    void logAndPowMatchTheCLibrary() {
        double worst = 0, worst_at = 0;
        for (int i = 0; i <= 2'000'000; ++i) {
            const double x = std::pow(10.0, -300.0 + 600.0 * i / 2'000'000);
            const double error = std::abs(log_simd(x) - std::log(x)) / std::max(std::abs(std::log(x)), 1e-300);
            if (error > worst) worst = error, worst_at = x;
        }
        for (int i = 1; i <= 200'000; ++i) {  // around 1, where log is near 0: absolute error
            const double x = 0.5 + 1.5 * i / 200'000;
            const double error = std::abs(log_simd(x) - std::log(x));
            if (error > 2 * DBL_EPSILON * std::max(std::abs(std::log(x)), 1e-16)) worst = std::max(worst, error / std::max(std::abs(std::log(x)), 1e-16)), worst_at = x;
        }
        qInfo("log_simd: worst relative error %.3g (%.2f DBL_EPSILON) at x = %.17g", worst, worst / DBL_EPSILON, worst_at);
        QVERIFY2(worst < 3 * DBL_EPSILON, qPrintable(QString::number(worst / DBL_EPSILON) + " epsilon"));
        QCOMPARE(log_simd(1.0), 0.0);
        QCOMPARE(log_simd(5e-324), std::log(5e-324));  // subnormal
        QVERIFY(std::abs(log_simd(1e-310) / std::log(1e-310) - 1) < 3 * DBL_EPSILON);
        QCOMPARE(log_simd(0.0), -INFINITY);
        QCOMPARE(log_simd(INFINITY), INFINITY);
        QVERIFY(std::isnan(log_simd(-1.0)) && std::isnan(log_simd(std::nan(""))));
        double worst_pow = 0;
        for (double x : {1e-4, 0.0043, 0.3, 1.7, 2.3, 9.0, 123.0})
            for (double y : {-4.8, -1.5, -0.5, 0.5, 1.3, 2.0, 4.8, 7.25})
                worst_pow = std::max(worst_pow, std::abs(pow_simd(x, y) / std::pow(x, y) - 1));
        qInfo("pow_simd: worst relative error %.3g", worst_pow);
        QVERIFY(worst_pow < 1e-14);
        QCOMPARE(pow_simd(-2.0, 3.0), -8.0 * (pow_simd(2.0, 3.0) / 8.0));
        QVERIFY(pow_simd(-2.0, 2.0) > 0 && std::isnan(pow_simd(-2.0, 0.5)));
        QCOMPARE(pow_simd(0.0, 2.0), 0.0);
        QCOMPARE(pow_simd(0.0, 0.0), 1.0);
        QCOMPARE(pow_simd(0.0, -1.0), INFINITY);
    }

    // The partitioned solve is an exact reordering of Gaussian elimination: it must
    // agree with a dense LU solve of the same system to rounding, for the plain NEURON
    // order and the partitioned one.
    void partitionedSolveEqualsDenseSolve_data() {
        QTest::addColumn<bool>("partition");
        QTest::newRow("NEURON order") << false;
        QTest::newRow("partitioned") << true;
    }
    void partitionedSolveEqualsDenseSolve() {
        QFETCH(bool, partition);
        const Discretization lay = discretize(*branched_cell(7));
        const SolverOrder order = solver_order(lay, partition);
        if (partition) QVERIFY2(order.separators >= 5, "the long axon should be cut into several components");
        const double error = solver_error_against_dense(order.parent, order.lower);
        qInfo("%zu nodes, %u separators: max relative difference %.3g", lay.size(), order.separators, error);
        QVERIFY2(error < 1e-13, qPrintable(QString::number(error)));
    }

    // A partition laid out by hand so every sweep kind occurs: a chain of separators S0..SK
    // with components of L levels between them (vector runs), the last component without
    // fill, and a side branch on the node just above each separator (whose own fill must
    // survive the branch's elimination).
    void handBuiltPartitionWithSideBranches() {
        constexpr std::int32_t K = 6, L = 5, width = K + 1;
        const auto node = [&](std::int32_t component, std::int32_t level) { return width + level * width + component; };
        std::vector<std::int32_t> parent(static_cast<std::size_t>(width + L * width + K)), lower(parent.size());
        for (std::int32_t s = 0; s <= K; ++s) {
            parent[static_cast<std::size_t>(s)] = s == 0 ? -1 : node(s - 1, L - 1);
            lower[static_cast<std::size_t>(s)] = -2;
        }
        for (std::int32_t c = 0; c <= K; ++c)
            for (std::int32_t level = 0; level < L; ++level) {
                const auto k = static_cast<std::size_t>(node(c, level));
                parent[k] = level == 0 ? c : node(c, level - 1);
                lower[k] = c < K ? c + 1 : -1;
            }
        for (std::int32_t j = 0; j < K; ++j) {
            const auto k = static_cast<std::size_t>(width + L * width + j);
            parent[k] = node(j, L - 1);
            lower[k] = -1;
        }
        const double error = solver_error_against_dense(parent, lower);
        qInfo("hand-built partition: max relative difference %.3g", error);
        QVERIFY2(error < 1e-13, qPrintable(QString::number(error)));
    }

    // Large cells make more groups than the cell count alone would (a few hundred detailed
    // cells still keep every thread busy), cut at equal shares of the compartments; small
    // cells stay in groups of cells_per_group. The threads never change the groups.
    void groupsFollowTheCompartments() {
        Network net;
        const auto cell = branched_cell(11);
        for (int k = 0; k < 10; ++k) net.add_cell(cell);
        const std::size_t nodes = discretize(*cell).size();
        RunOptions options;
        options.compartments_per_group = 3 * nodes;  // three cells' worth
        const auto sizes = Simulation(net, options).group_sizes();
        QCOMPARE(sizes, (std::vector<std::size_t>{3, 2, 3, 2}));  // ceil(10 / 3) groups, cut at 2.5, 5, 7.5 cells
        options.threads = 1;
        QCOMPARE(Simulation(net, options).group_sizes(), sizes);
        options.compartments_per_group = 1'000'000;
        QCOMPARE(Simulation(net, options).group_sizes(), std::vector<std::size_t>{10});
        options.cells_per_group = 4;
        QCOMPARE(Simulation(net, options).group_sizes(), (std::vector<std::size_t>{3, 4, 3}));

        // Mixed sizes: three large cells, then 40 somata of 3 compartments. Cut by the
        // compartments, each large cell has a group and the somata share the last; with
        // 16 cells at most per group, the cap holds and every cell is placed.
        Network mixed;
        for (int k = 0; k < 3; ++k) mixed.add_cell(cell);
        auto soma = std::make_shared<CellDescription>();
        soma->add_cylinder("soma", SectionType::soma, 20, 20);
        for (int k = 0; k < 40; ++k) mixed.add_cell(soma);
        RunOptions by_work;
        by_work.compartments_per_group = nodes;
        QCOMPARE(Simulation(mixed, by_work).group_sizes(), (std::vector<std::size_t>{1, 1, 1, 40}));
        by_work.cells_per_group = 16;
        const auto capped = Simulation(mixed, by_work).group_sizes();
        QCOMPARE(std::accumulate(capped.begin(), capped.end(), std::size_t{0}), std::size_t{43});
        for (const std::size_t n : capped) QVERIFY(n >= 1 && n <= 16);
    }

    // End to end: a cell alone in its group (re-rooted, partitioned) and the same cell
    // with a twin (interleaved, NEURON's order and plain sweeps) give the same voltages
    // and spikes through a run with action potentials.
    void partitionedCellMatchesInterleavedCell() {
        Network net;
        const auto cell = branched_cell(11);
        net.add_cell(cell);
        net.add_cell(cell);
        std::vector<std::vector<double>> traces[2];
        std::vector<Spike> spikes[2];
        for (int variant = 0; variant < 2; ++variant) {
            RunOptions options;
            options.cells_per_group = variant == 0 ? 1 : 2;
            options.threads = 1;
            Simulation sim(net, options);
            std::vector<std::shared_ptr<Trace>> rings;
            for (const Location where : {Location{1, 0.0}, Location{1, 0.5}, Location{1, 1.0}, Location{0, 0.5},
                                         Location{9, 0.5}, Location{20, 1.0}})
                rings.push_back(sim.add_probe(0, where, "v"));
            sim.advance(50.0);
            for (auto& ring : rings) {
                std::vector<Sample> samples;
                ring->drain(samples);
                traces[variant].emplace_back();
                for (const Sample& s : samples) traces[variant].back().push_back(s.value);
            }
            spikes[variant] = sim.spikes();
        }
        QVERIFY2(spikes[0].size() >= 4, "the clamps should make the cell fire");
        QCOMPARE(spikes[0].size(), spikes[1].size());
        for (std::size_t k = 0; k < spikes[0].size(); ++k) QVERIFY(std::abs(spikes[0][k].time - spikes[1][k].time) < 1e-9);
        double worst = 0;
        for (std::size_t p = 0; p < traces[0].size(); ++p) {
            QCOMPARE(traces[0][p].size(), traces[1][p].size());
            for (std::size_t k = 0; k < traces[0][p].size(); ++k)
                worst = std::max(worst, std::abs(traces[0][p][k] - traces[1][p][k]));
        }
        qInfo("%zu spikes; max voltage difference %.3g mV", spikes[0].size(), worst);
        QVERIFY2(worst < 1e-7, qPrintable(QString::number(worst)));
    }
};

QTEST_APPLESS_MAIN(TestSimKernels)
#include "test_sim_kernels.moc"
