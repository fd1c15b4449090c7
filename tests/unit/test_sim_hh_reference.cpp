// Single cells against NEURON 9.0.1 (../shared/reference/hh): the HH soma and the HH
// axon with implicit Euler and Crank-Nicolson. RMS difference <= 0.5 mV over the run and
// every spike within one dt.

#include <QtTest>
#include <cmath>

#include "engine/sim/simulation.h"
#include "support/csv.h"
#include "support/test_paths.h"

using namespace lamina;
using namespace lamina::sim;

namespace {

struct Series {
    std::vector<double> t, v;
};

Series drain(sim::Trace& ring, double v0) {
    std::vector<Sample> samples;
    ring.drain(samples);
    Series trace{{0.0}, {v0}};
    for (const Sample& s : samples) {
        trace.t.push_back(s.time);
        trace.v.push_back(s.value);
    }
    return trace;
}

// Upward crossings of 0 mV, stamped at the step where v >= 0 (the reference's rule).
std::vector<double> crossings(const std::vector<double>& t, const std::vector<double>& v) {
    std::vector<double> out;
    for (std::size_t i = 1; i < v.size(); ++i)
        if (v[i] >= 0 && v[i - 1] < 0) out.push_back(t[i]);
    return out;
}

double rms(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(sum / static_cast<double>(a.size()));
}

void compare(const char* label, const Series& ours, const std::vector<double>& t_ref, const std::vector<double>& v_ref,
             std::size_t expected_spikes, double first_spike) {
    QCOMPARE(ours.v.size(), v_ref.size());
    const double error = rms(ours.v, v_ref);
    qInfo("%s: RMS %.3g mV over %zu samples", label, error, v_ref.size());
    QVERIFY2(error <= 0.5, qPrintable(QString("%1: RMS %2 mV").arg(label).arg(error)));
    const auto a = crossings(ours.t, ours.v), b = crossings(t_ref, v_ref);
    QCOMPARE(b.size(), expected_spikes);
    QCOMPARE(a.size(), b.size());
    QVERIFY(std::abs(b.front() - first_spike) < 1e-9);
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY2(std::abs(a[i] - b[i]) <= 0.025 + 1e-9,
                 qPrintable(QString("%1 spike %2: %3 vs NEURON %4 ms").arg(label).arg(i).arg(a[i]).arg(b[i])));
}

std::shared_ptr<CellDescription> hh_cable(double length, double diameter, int nseg) {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("axon", SectionType::axon, length, diameter);
    cell->set_nseg("all", nseg);
    cell->set_ra("all", 100.0);
    cell->set_cm("all", 1.0);
    cell->paint("all", "hh");
    return cell;
}

}  // namespace

class TestSimHhReference : public QObject {
    Q_OBJECT
private slots:
    void hhSomaImplicitEuler() {
        auto cell = hh_cable(20, 20, 1);
        cell->place({0, 0.5}, "IClamp", {{"del", 10}, {"dur", 100}, {"amp", 0.1}});
        Network net;
        net.add_cell(cell);
        Simulation sim(net, {});
        auto ring = sim.add_probe(0, {0, 0.5}, "v");
        sim.advance(150);
        const auto ref = test::read_csv_columns(test::shared_reference("hh/hh_soma_ie.csv"));
        compare("hh_soma_ie", drain(*ring, -65), ref[0], ref[1], 7, 12.225);
    }

    void hhAxon_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("first_x0");
        QTest::addColumn<double>("first_x1");
        QTest::newRow("implicit Euler") << static_cast<int>(Method::implicit_euler) << "hh/hh_axon_ie.csv" << 1.275 << 3.925;
        QTest::newRow("Crank-Nicolson") << static_cast<int>(Method::crank_nicolson) << "hh/hh_axon_cn.csv" << 1.25 << 3.875;
    }

    void hhAxon() {
        QFETCH(int, method);
        QFETCH(QString, file);
        QFETCH(double, first_x0);
        QFETCH(double, first_x1);
        auto cell = hh_cable(1000, 1, 1000);
        cell->place({0, 0.0}, "IClamp", {{"del", 0}, {"dur", 250}, {"amp", 0.1}});
        Network net;
        net.add_cell(cell);
        RunOptions options;
        options.method = static_cast<Method>(method);
        Simulation sim(net, options);
        auto r0 = sim.add_probe(0, {0, 0.0}, "v");
        auto r5 = sim.add_probe(0, {0, 0.5}, "v");
        auto r1 = sim.add_probe(0, {0, 1.0}, "v");
        sim.advance(250);
        const auto ref = test::read_csv_columns(test::shared_reference(file.toStdString()));
        compare("x=0", drain(*r0, -65), ref[0], ref[1], 18, first_x0);
        compare("x=0.5", drain(*r5, -65), ref[0], ref[2], 18, ref[0][0] + crossings(ref[0], ref[2]).front());
        compare("x=1", drain(*r1, -65), ref[0], ref[3], 18, first_x1);
    }
};

QTEST_GUILESS_MAIN(TestSimHhReference)
#include "test_sim_hh_reference.moc"
