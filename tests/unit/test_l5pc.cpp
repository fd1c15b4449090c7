// Hay's layer-5 pyramidal cell as NEURON ran it (shared/reference/cortical): the demo
// morphology, the e-model in BluePyOpt's layout (distributions along the apical
// dendrite), the catalogue's channels translated from NMODL, a stub axon and the
// 1 + 2 int(L/40) rule; a somatic current step of 0.3, 0.8 and 1.5 nA for 1.2 s.
// Spike counts equal NEURON's, the first three spikes within 0.05 ms and every spike
// within 1 ms, soma cai within 2% at every spike, and the soma voltage within 1 mV RMS
// away from spikes.

#include <QtTest>
#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/sim/simulation.h"
#include "support/l5pc.h"

using namespace lamina;

namespace {

const std::string reference = test::cortical_reference_dir();

std::vector<std::vector<double>> read_csv(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::vector<double>> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::stringstream fields(line);
        std::vector<double> row;
        for (std::string cell; std::getline(fields, cell, ',');) row.push_back(std::stod(cell));
        rows.push_back(std::move(row));
    }
    return rows;
}

struct Run {
    std::vector<double> spikes, t, v_soma, v_apic, cai_soma;
    std::size_t compartments = 0, sections = 0;
};

// The apical section whose centre is 379.84 µm from the soma (NEURON's apic[8]).
std::uint32_t apical_probe(const sim::CellDescription& cell) {
    double best = 1e9;
    std::uint32_t section = 0;
    for (auto s : cell.region_sections("apic")) {
        const double gap = std::abs(cell.path_distance({s, 0.5}) - 379.84);
        if (gap < best) best = gap, section = s;
    }
    return section;
}

Run simulate(double amplitude) {
    const test::L5pcReference l5pc = test::l5pc_reference(amplitude);
    const std::uint32_t apical = apical_probe(*l5pc.cell);
    Run run;
    run.sections = l5pc.cell->sections().size();
    run.compartments = test::segment_count(*l5pc.cell);
    sim::Network net;
    net.add_cell(l5pc.cell);
    const sim::RunOptions& o = l5pc.options;
    sim::Simulation simulation(net, o);
    auto soma = simulation.add_probe(0, {0, 0.5}, "v");
    auto apic = simulation.add_probe(0, {apical, 0.5}, "v");
    auto cai = simulation.add_probe(0, {0, 0.5}, "cai");
    simulation.advance(o.tstop);
    std::vector<sim::Sample> samples;
    soma->drain(samples);
    for (const auto& s : samples) run.t.push_back(s.time), run.v_soma.push_back(s.value);
    samples.clear();
    apic->drain(samples);
    for (const auto& s : samples) run.v_apic.push_back(s.value);
    samples.clear();
    cai->drain(samples);
    for (const auto& s : samples) run.cai_soma.push_back(s.value);
    for (const auto& s : simulation.spikes()) run.spikes.push_back(s.time);
    return run;
}

// Linear interpolation of samples `y` at times `t` (ascending) at `when`.
double at(const std::vector<double>& t, const std::vector<double>& y, double when) {
    const auto it = std::lower_bound(t.begin(), t.end(), when);
    if (it == t.begin()) return y.front();
    if (it == t.end()) return y.back();
    const std::size_t k = static_cast<std::size_t>(it - t.begin());
    const double f = (when - t[k - 1]) / (t[k] - t[k - 1]);
    return y[k - 1] + f * (y[k] - y[k - 1]);
}

}  // namespace

class TestL5pc : public QObject {
    Q_OBJECT
private slots:
    void cellAsNeuronBuiltIt() {
        const test::L5pcReference l5pc = test::l5pc_reference(-1);
        const sim::CellDescription& cell = *l5pc.cell;
        QCOMPARE(cell.sections().size(), 112u);
        QCOMPARE(test::segment_count(cell), 234u);
        QCOMPARE(l5pc.options.celsius, 34.0);
        QCOMPARE(l5pc.options.v_init, -80.0);
        const std::uint32_t apical = apical_probe(cell);
        QVERIFY2(std::abs(cell.path_distance({apical, 0.5}) - 379.84) < 0.01,
                 qPrintable(QString::number(cell.path_distance({apical, 0.5}))));
    }

    void firesAsNeuron_data() {
        QTest::addColumn<double>("amplitude");
        QTest::addColumn<QString>("name");
        QTest::newRow("0.3 nA") << 0.3 << "0.3";
        QTest::newRow("0.8 nA") << 0.8 << "0.8";
        QTest::newRow("1.5 nA") << 1.5 << "1.5";
    }

    void firesAsNeuron() {
        QFETCH(double, amplitude);
        QFETCH(QString, name);
        const Run run = simulate(amplitude);
        std::vector<double> expected;
        for (const auto& row : read_csv(reference + "l5pc_demo_step_" + name.toStdString() + "nA_spikes.csv")) expected.push_back(row[0]);
        const auto trace = read_csv(reference + "l5pc_demo_step_" + name.toStdString() + "nA_trace.csv");
        std::vector<double> t, v, v_apic, cai;
        for (const auto& row : trace) t.push_back(row[0]), v.push_back(row[1]), v_apic.push_back(row[2]), cai.push_back(row[3]);
        QString spikes;
        for (double s : run.spikes) spikes += QString::number(s, 'f', 3) + " ";
        qInfo("%s nA: spikes %s(NEURON: %zu)", qPrintable(name), qPrintable(spikes), expected.size());
        QCOMPARE(run.spikes.size(), expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k) {
            const double gap = std::abs(run.spikes[k] - expected[k]);
            QVERIFY2(gap <= (k < 3 ? 0.05 : 1.0), qPrintable(QString("spike %1: %2 vs %3 ms").arg(k).arg(run.spikes[k]).arg(expected[k])));
            const double ours = at(run.t, run.cai_soma, run.spikes[k]), theirs = at(t, cai, expected[k]);
            QVERIFY2(std::abs(ours - theirs) <= 0.02 * theirs,
                     qPrintable(QString("cai at spike %1: %2 vs %3 mM").arg(k).arg(ours).arg(theirs)));
        }
        // Away from spikes (5 ms either side of any, ours or NEURON's): RMS of the soma
        // voltage difference on NEURON's 0.1 ms grid.
        double sum = 0, sum_apic = 0, largest_cai = 0;
        std::size_t count = 0;
        for (std::size_t k = 0; k < t.size(); ++k) {
            bool near = false;
            for (double s : expected) near = near || std::abs(t[k] - s) < 5;
            for (double s : run.spikes) near = near || std::abs(t[k] - s) < 5;
            if (near) continue;
            const double d = at(run.t, run.v_soma, t[k]) - v[k];
            const double da = at(run.t, run.v_apic, t[k]) - v_apic[k];
            sum += d * d;
            sum_apic += da * da;
            largest_cai = std::max(largest_cai, std::abs(at(run.t, run.cai_soma, t[k]) - cai[k]) / cai[k]);
            ++count;
        }
        const double rms = std::sqrt(sum / static_cast<double>(count));
        const double rms_apic = std::sqrt(sum_apic / static_cast<double>(count));
        qInfo("%s nA: away from spikes, RMS difference soma %.3g mV, apical %.3g mV over %zu samples; soma cai within %.3g",
              qPrintable(name), rms, rms_apic, count, largest_cai);
        QVERIFY2(rms <= 1.0, qPrintable(QString::number(rms)));
        QVERIFY2(rms_apic <= 1.0, qPrintable(QString::number(rms_apic)));
    }
};

QTEST_GUILESS_MAIN(TestL5pc)
#include "test_l5pc.moc"
