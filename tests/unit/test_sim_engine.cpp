// The engine against analytic cable theory and its own contracts: convergence orders,
// input validation, blow-up detection, clamps, synapses, spike sources, probes, chunked
// advancing with progress and cancel.

#include <QtTest>
#include <atomic>
#include <cmath>
#include <numbers>

#include "engine/errors.h"
#include "engine/morphology/morphology_builder.h"
#include "engine/sim/discretization.h"
#include "engine/sim/kernel_order.h"
#include "engine/sim/mechanisms_builtin.h"
#include "engine/sim/simulation.h"

using namespace lamina;
using namespace lamina::sim;

namespace {

// A sealed passive cable: L 1000 µm, d 2 µm, Ra 100 Ω·cm, g_pas 1e-4 S/cm², e 0 mV,
// 0.01 nA injected at x = 0.
constexpr double L = 1000, diam = 2, Ra = 100, g_pas = 1e-4, I = 0.01;

std::shared_ptr<CellDescription> passive_cable(int nseg, double del = 0.0) {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("cable", SectionType::basal_dendrite, L, diam);
    cell->set_nseg("all", nseg);
    cell->set_ra("all", Ra);
    cell->paint("all", "pas", {{"g", g_pas}, {"e", 0.0}});
    cell->place({0, 0.0}, "IClamp", {{"del", del}, {"dur", 1e9}, {"amp", I}});
    return cell;
}

// Steady state of the sealed cable [mV]: I r_a lambda cosh((L - x)/lambda) / sinh(L/lambda).
double analytic_steady(double x_um) {
    const double d_cm = diam * 1e-4, rm = 1.0 / g_pas / (std::numbers::pi * d_cm);  // [Ω·cm]
    const double ra = 4 * Ra / (std::numbers::pi * d_cm * d_cm);                     // [Ω/cm]
    const double lambda = std::sqrt(rm / ra);                                       // [cm]
    const double l = L * 1e-4, x = x_um * 1e-4;
    return I * 1e-9 * ra * lambda * std::cosh((l - x) / lambda) / std::sinh(l / lambda) * 1e3;
}

double voltage_at(const Network& net, RunOptions options, double x, double t) {
    options.v_init = 0;
    Simulation sim(net, options);
    auto ring = sim.add_probe(0, {0, x}, "v");
    sim.advance(t);
    std::vector<Sample> s;
    ring->drain(s);
    return s.back().value;
}

Network single(std::shared_ptr<CellDescription> cell) {
    Network net;
    net.add_cell(std::move(cell));
    return net;
}

}  // namespace

class TestSimEngine : public QObject {
    Q_OBJECT
private slots:
    void networkEditsCopyTheCellAndRenumberTargets() {
        // Two cells share one description with a clamp (0) and two synapses (1, 2).
        auto shared = passive_cable(10);
        shared->place({0, 0.5}, "ExpSyn");
        shared->place({0, 0.9}, "ExpSyn");
        Network net;
        net.add_cell(shared);
        net.add_cell(shared);
        const Gid drive = net.add_spike_source({SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, {1.0}});
        net.connect({drive, 0, 2, 0.01, 1.0});
        net.connect({drive, 1, 2, 0.01, 1.0});
        net.add_event({0, 2, 5.0, 0.01});

        // Tuning cell 0's clamp leaves cell 1's (they no longer share a description).
        net.set_point_parameter(0, 0, "amp", 0.5);
        QCOMPARE(net.cell(0)->placements()[0].parameters.at("amp"), 0.5);
        QCOMPARE(net.cell(1)->placements()[0].parameters.at("amp"), I);
        QVERIFY(net.cell(0) != net.cell(1));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.set_point_parameter(0, 0, "tau", 1.0));  // IClamp has none
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.set_point_parameter(0, 0, "dur", -1.0));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.set_point_parameter(0, 9, "amp", 1.0));

        // A new clamp goes after the existing point processes; a bad one changes nothing.
        QCOMPARE(net.place_on_cell(1, {0, 0.25}, "IClamp", {{"amp", 0.2}, {"dur", 5.0}}), 3u);
        QCOMPARE(net.cell(1)->placements().size(), 4u);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.place_on_cell(1, {0, 1.5}, "IClamp", {}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.place_on_cell(1, {0, 0.5}, "pas", {}));
        QCOMPARE(net.cell(1)->placements().size(), 4u);

        // Removing the clamp of cell 0 moves its synapses down, with their connection and event.
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.remove_point_process(0, 2));  // still connected
        net.remove_point_process(0, 0);
        QCOMPARE(net.cell(0)->placements().size(), 2u);
        QCOMPARE(net.cell(0)->placements()[1].where.x, 0.9);
        QCOMPARE(net.connections()[0].synapse, 1u);
        QCOMPARE(net.connections()[1].synapse, 2u);  // cell 1 untouched
        QCOMPARE(net.events()[0].synapse, 1u);
        Simulation check(net, {});  // the edited network still lowers
        check.advance(2.0);
        QCOMPARE(check.spikes().size(), 1u);  // the drive's spike
    }

    void kernelOrderGroupsEachMechanismIntoRuns() {
        // Ten nodes: A on six, B on three of those, C on one of its own; 4, 6 and 8 carry
        // nothing (section ends).
        const IndexArray a{1, 3, 5, 7, 9, 2}, b{3, 5, 7}, c{0};
        const KernelOrder order = kernel_order(10, {&c, &a, &b});
        // Nodes with A and B, then A alone, then C: each mechanism is one run.
        const std::vector<std::uint32_t> membrane(order.membrane.begin(), order.membrane.end());
        QCOMPARE(membrane, (std::vector<std::uint32_t>{3, 5, 7, 1, 2, 9, 0}));
        const std::vector<std::uint32_t> rank(order.rank.begin(), order.rank.end());
        QCOMPARE(rank, (std::vector<std::uint32_t>{6, 3, 4, 0, 7, 1, 8, 2, 9, 5}));
        QVERIFY(!order.identity);
        // A numbering that already is that order needs no copy.
        const IndexArray all{0, 1, 2, 3}, first{0, 1}, last{3};
        QVERIFY(kernel_order(4, {&all, &first}).identity);
        QVERIFY(!kernel_order(4, {&all, &last}).identity);
        // Runs already long (as interleaved identical cells make them): no copy, although
        // sorting would bring X's two runs together.
        IndexArray x, y;
        for (std::uint32_t k = 0; k < 80; ++k) (k >= 32 && k < 48 ? y : x).push_back(k);
        const KernelOrder kept = kernel_order(80, {&x, &y});
        QVERIFY(kept.identity);
        QCOMPARE(kept.rank[40], 40u);
    }

    void voltagesDoNotDependOnTheKernelNumbering() {
        // A cell whose regions carry different mechanisms, run alone and after another
        // cell in one group: its nodes are numbered and its kernels ordered differently,
        // yet every sample agrees to the last bit.
        const auto make = [](double dendrite_length) {
            auto cell = std::make_shared<CellDescription>();
            const auto soma = cell->add_cylinder("soma", SectionType::soma, 20, 20);
            const auto d1 = cell->add_cylinder("d1", SectionType::apical_dendrite, dendrite_length, 2, soma, 1.0);
            cell->add_cylinder("d2", SectionType::basal_dendrite, 150, 1.5, soma, 0.0);
            cell->add_cylinder("d3", SectionType::apical_dendrite, 80, 1, d1, 1.0);
            cell->set_nseg("all", 5);
            cell->paint("all", "pas", {{"g", 1e-4}, {"e", -65}});
            cell->paint("soma", "hh");
            cell->paint("d1", "hh", {{"gnabar", 0.05}});
            cell->place({0, 0.5}, "IClamp", {{"del", 1}, {"dur", 20}, {"amp", 0.5}});
            return cell;
        };
        const auto trace = [](const Network& net, Gid gid) {
            RunOptions options;
            options.threads = 1;
            Simulation sim(net, options);
            auto soma = sim.add_probe(gid, {0, 0.5}, "v");
            auto tip = sim.add_probe(gid, {3, 0.9}, "v");
            auto gate = sim.add_probe(gid, {1, 0.3}, "hh.m");
            sim.advance(30.0);
            std::vector<double> values;
            for (auto* ring : {soma.get(), tip.get(), gate.get()}) {
                std::vector<Sample> s;
                ring->drain(s);
                for (const Sample& x : s) values.push_back(x.value);
            }
            return values;
        };
        Network alone;
        alone.add_cell(make(300));
        Network together;
        together.add_cell(make(120));
        together.add_cell(make(300));
        const std::vector<double> a = trace(alone, 0), b = trace(together, 1);
        QCOMPARE(a.size(), b.size());
        QVERIFY(a.size() > 3000);
        QVERIFY(*std::max_element(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(a.size() / 3)) > 20.0);  // it fires
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) QFAIL(qPrintable(QString("sample %1: %2 alone, %3 in the group").arg(i).arg(a[i], 0, 'g', 17).arg(b[i], 0, 'g', 17)));
    }

    void passiveCableSteadyStateConvergesAsDxSquared() {
        double previous = 0;
        for (int nseg : {5, 10, 20, 40}) {
            const double v0 = voltage_at(single(passive_cable(nseg)), {}, 0.0, 200.0);
            const double error = std::abs(v0 - analytic_steady(0));
            qInfo("nseg %d: V(0) = %.6f mV, analytic %.6f, error %.3g", nseg, v0, analytic_steady(0), error);
            if (previous > 0) {
                const double ratio = previous / error;
                QVERIFY2(ratio > 3.5 && ratio < 4.5, qPrintable(QString("error ratio %1, expected ~4").arg(ratio)));
            }
            previous = error;
        }
        const double far_end = voltage_at(single(passive_cable(40)), {}, 1.0, 200.0);
        QVERIFY(std::abs(far_end - analytic_steady(L)) / analytic_steady(L) < 1e-3);
    }

    void timeStepConvergence_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<double>("order");
        QTest::newRow("implicit Euler: first order") << static_cast<int>(Method::implicit_euler) << 1.0;
        QTest::newRow("Crank-Nicolson: second order") << static_cast<int>(Method::crank_nicolson) << 2.0;
    }

    void timeStepConvergence() {
        QFETCH(int, method);
        QFETCH(double, order);
        // Current onset at 0.5 ms (on a step boundary for every dt), transient read at 2 ms
        // at x = 0.3 (a node with capacitance; the zero-area end nodes are algebraic).
        const Network net = single(passive_cable(50, 0.5));
        RunOptions fine;
        fine.method = Method::crank_nicolson;
        fine.dt = 0.025 / 64;
        const double reference = voltage_at(net, fine, 0.3, 2.0);
        std::vector<double> errors;
        for (double dt : {0.1, 0.05, 0.025}) {
            RunOptions o;
            o.method = static_cast<Method>(method);
            o.dt = dt;
            errors.push_back(std::abs(voltage_at(net, o, 0.3, 2.0) - reference));
        }
        for (std::size_t i = 1; i < errors.size(); ++i) {
            const double measured = std::log2(errors[i - 1] / errors[i]);
            qInfo("order %.2f (errors %.3g -> %.3g)", measured, errors[i - 1], errors[i]);
            QVERIFY2(std::abs(measured - order) < 0.3, qPrintable(QString("order %1").arg(measured)));
        }
    }

    void dLambdaRuleAndMorphologyCells() {
        // NEURON's d_lambda rule: lambda_100Hz = 1e5 sqrt(d / (4 pi f Ra cm)) um;
        // nseg = int((L / (0.1 lambda) + 0.9) / 2) * 2 + 1.
        CellDescription cell;
        cell.add_cylinder("dend", SectionType::basal_dendrite, 1000, 2);
        cell.set_ra("all", 100);
        const double lambda = 1e5 * std::sqrt(2.0 / (4 * std::numbers::pi * 100 * 100 * 1));
        const int expected = static_cast<int>((1000 / (0.1 * lambda) + 0.9) / 2) * 2 + 1;
        QCOMPARE(nseg_for(cell, 0), expected);
        QCOMPARE(expected, 25);
        cell.set_d_lambda(0.05);
        QCOMPARE(nseg_for(cell, 0), 51);

        // A morphology: section 0 is the soma cylinder (three-point soma r = 5 ->
        // L = diam = 10, the NeuroM area), 1..N the morphology's sections.
        MorphologyBuilder b;
        b.set_soma({SomaType::three_point_cylinders, {{0, 0, 0}, {0, -5, 0}, {0, 5, 0}}, {10, 10, 10}});
        const auto axon = b.add_section(std::nullopt, SectionType::axon);
        b.add_point(axon, {0, -5, 0}, 1);
        b.add_point(axon, {0, -105, 0}, 1);
        const auto dend = b.add_section(std::nullopt, SectionType::basal_dendrite);
        b.add_point(dend, {5, 0, 0}, 2);
        b.add_point(dend, {55, 0, 0}, 1);  // tapering: a frustum
        const CellDescription m = CellDescription::from_morphology(b.build());
        QCOMPARE(m.sections().size(), std::size_t{3});
        QCOMPARE(m.sections()[0].type, SectionType::soma);
        QCOMPARE(m.sections()[1].parent, 0);
        QCOMPARE(m.sections()[2].type, SectionType::basal_dendrite);
        CellDescription sized = m;
        sized.set_nseg("all", 1);
        const Discretization d = discretize(sized);
        const double soma_area = d.area[d.section_first[0]];
        QVERIFY(std::abs(soma_area - 100 * std::numbers::pi) < 1e-9);
        // Frustum r 1 -> 0.5 over 50 um: lateral area pi (r0 + r1) sqrt(h^2 + (r0 - r1)^2).
        const double frustum = std::numbers::pi * 1.5 * std::sqrt(2500 + 0.25);
        QVERIFY(std::abs(d.area[d.section_first[2]] - frustum) < 1e-9);
        // Axial resistance of a frustum: Ra L / (pi r0 r1), halves summed around the node.
        const double r_half1 = 1e-2 * 35.4 * 25 / (std::numbers::pi * 1.0 * 0.75);
        QVERIFY(std::abs(1.0 / d.rinv[d.section_first[2]] - r_half1) < 1e-9);
    }

    void invalidInputIsATypedError() {
        auto cell = std::make_shared<CellDescription>();
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->add_cylinder("soma", SectionType::soma, 10, -1));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->add_cylinder("soma", SectionType::soma, 0, 10));
        cell->add_cylinder("soma", SectionType::soma, 10, 10);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->paint("soma", "kdr"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->paint("soma", "hh", {{"gnabarr", 0.1}}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->paint("soma", "hh", {{"gnabar", -0.1}}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->paint("nowhere", "hh"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->place({0, 1.5}, "IClamp"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->place({3, 0.5}, "IClamp"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->place({0, 0.5}, "hh"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cell->set_nseg("all", 0));
        try {
            cell->paint("soma", "hh", {{"gnabarr", 0.1}});
        } catch (const InvalidArgument& e) {
            QVERIFY(std::string(e.what()).find("has no parameter 'gnabarr'") != std::string::npos);
        }
        cell->paint("soma", "hh");
        Network net;
        net.add_cell(cell);
        RunOptions bad;
        bad.dt = 0;
        try {
            Simulation sim(net, bad);
            QFAIL("dt = 0 accepted");
        } catch (const InvalidArgument& e) {
            QCOMPARE(std::string(e.what()), std::string("dt must be in [1e-05, 10] ms, got 0"));
        }
        Simulation sim(net, {});
        sim.advance(1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, sim.advance(0.5));  // tstop before now
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, net.connect({0, 0, 0, 0.1, 1.0}));  // no synapse
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, sim.add_probe(0, {0, 0.5}, "hh.q"));
        RunOptions unknown;
        unknown.globals["usetable_xyz"] = 1;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, Simulation(net, unknown));
    }

    void blowUpNamesCellPlaceAndTime() {
        auto cell = std::make_shared<CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("soma", "pas", {{"g", 0.001}, {"e", -65}});
        cell->place({0, 0.5}, "IClamp", {{"del", 1}, {"dur", 10}, {"amp", 1e9}});
        Simulation sim(single(cell), {});
        try {
            sim.advance(5);
            QFAIL("no blow-up detected");
        } catch (const NumericalError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("in cell 0, section 0 (soma) at x = ") != std::string::npos, what.c_str());
            QVERIFY2(what.find("by t = ") != std::string::npos, what.c_str());
        }
    }

    void voltageClampHoldsTheCommand() {
        auto cell = std::make_shared<CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("soma", "hh");
        cell->place({0, 0.5}, "SEClamp", {{"dur1", 5}, {"amp1", -65}, {"dur2", 5}, {"amp2", -20}, {"rs", 0.01}});
        Simulation sim(single(cell), {});
        auto v = sim.add_probe(0, {0, 0.5}, "v");
        auto i = sim.add_probe(0, {0, 0.5}, "synapse:0");
        sim.advance(10);
        std::vector<Sample> vs, is;
        v->drain(vs);
        i->drain(is);
        QVERIFY(std::abs(vs[150].value - -65) < 0.05);  // t = 3.75 ms
        // At -20 mV the clamp feeds the K current through rs: v sits i * rs below the command.
        QVERIFY2(std::abs(vs[350].value - -20) < 0.2, qPrintable(QString::number(vs[350].value)));
        QVERIFY(is[350].value > 1.0);  // [nA], depolarising against the outward current
        QVERIFY(std::abs(vs[350].value - (-20 - is[350].value * 0.01)) < 0.01);
    }

    void exp2synPeakEqualsWeight() {
        auto cell = std::make_shared<CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("soma", "pas", {{"g", 0.0001}, {"e", -65}});
        cell->place({0, 0.5}, "Exp2Syn", {{"tau1", 0.5}, {"tau2", 5}, {"e", 0}});
        Network net;
        net.add_cell(cell);
        net.add_event({0, 0, 1.0, 0.002});
        RunOptions o;
        o.dt = 0.005;
        Simulation sim(net, o);
        auto g = sim.add_probe(0, {0, 0.5}, "Exp2Syn.g");
        sim.advance(10);
        std::vector<Sample> s;
        g->drain(s);
        double peak = 0, at = 0;
        for (const auto& x : s)
            if (x.value > peak) peak = x.value, at = x.time;
        const double tp = 0.5 * 5 / (5 - 0.5) * std::log(5 / 0.5);  // time of peak after the event
        QVERIFY2(std::abs(peak - 0.002) < 0.002 * 0.01, qPrintable(QString::number(peak)));
        QVERIFY2(std::abs(at - (1.0 + tp)) < 0.02, qPrintable(QString::number(at)));
    }

    void spikeSourcesAreReproducible() {
        SpikeSource poisson{SpikeSource::Kind::poisson, 0, 1e300, 20.0, 7, {}};
        std::vector<double> whole, parts;
        source_spikes(poisson, 3, 0, 10000, whole);
        source_spikes(poisson, 3, 0, 4000, parts);
        source_spikes(poisson, 3, 4000, 10000, parts);
        QCOMPARE(whole, parts);
        // The simulation's cursor walks the same train window by window.
        SourceCursor cursor;
        std::vector<double> walked;
        for (double to = 250; to <= 10000; to += 250) next_source_spikes(poisson, 3, cursor, to, walked);
        QCOMPARE(walked, whole);
        QVERIFY(std::abs(static_cast<double>(whole.size()) - 200.0) < 4 * std::sqrt(200.0));  // 20 Hz x 10 s
        std::vector<double> other;
        source_spikes(poisson, 4, 0, 10000, other);  // another stream
        QVERIFY(other != whole);
        SpikeSource regular{SpikeSource::Kind::regular, 5, 30, 10.0, 0, {}};
        std::vector<double> r;
        source_spikes(regular, 0, 0, 100, r);
        QCOMPARE(r, (std::vector<double>{5, 15, 25}));

        // A source drives a synapse through a connection with a delay.
        auto cell = std::make_shared<CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("soma", "hh");
        cell->place({0, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
        Network net;
        const Gid target = net.add_cell(cell);
        const Gid source = net.add_spike_source({SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, {2.0}});
        net.connect({source, target, 0, 0.05, 1.5});
        Simulation sim(net, {});
        sim.advance(20);
        std::size_t cell_spikes = 0;
        for (const Spike& s : sim.spikes()) cell_spikes += s.gid == target;
        QCOMPARE(sim.spikes().front(), (Spike{source, 2.0}));
        QCOMPARE(cell_spikes, std::size_t{1});
    }

    void chunkedAdvanceEqualsOneRunAndReportsProgress() {
        auto cell = std::make_shared<CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("soma", "hh");
        cell->place({0, 0.5}, "IClamp", {{"del", 5}, {"dur", 100}, {"amp", 0.1}});
        const Network net = single(cell);
        Simulation once(net, {});
        once.advance(60);
        Simulation chunks(net, {});
        std::vector<double> progress;
        for (double t = 7.3; t < 60; t += 7.3) chunks.advance(t, [&](const Progress& p) { progress.push_back(p.time); });
        chunks.advance(60);
        QCOMPARE(chunks.spikes(), once.spikes());
        QVERIFY(progress.size() >= 8);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        // The hh gate is probed like v, and the voltage snapshot covers every node.
        auto m = chunks.add_probe(0, {0, 0.5}, "hh.m");
        chunks.advance(61);
        std::vector<Sample> s;
        m->drain(s);
        QCOMPARE(s.size(), std::size_t{40});
        QVERIFY(s.front().value > 0 && s.front().value < 1);
        QCOMPARE(chunks.voltage_snapshot(0).size(), std::size_t{3});  // root, centre, end
        // Cancel stops at the next epoch boundary.
        std::atomic<bool> cancel{true};
        chunks.advance(200, {}, &cancel);
        QCOMPARE(chunks.time(), 61.0);
        // A paused run takes a new stimulus amplitude.
        chunks.set_point_parameter(0, 0, "amp", 0.0);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, chunks.set_point_parameter(0, 0, "ampl", 0.0));
        chunks.initialize();
        QCOMPARE(chunks.time(), 0.0);
        QVERIFY(chunks.spikes().empty());
    }

    void waveformClamp() {
        auto cell = std::make_shared<CellDescription>();
        cell->add_cylinder("soma", SectionType::soma, 20, 20);
        cell->paint("soma", "pas", {{"g", 0.0001}, {"e", -65}});
        cell->place({0, 0.5}, "IClamp");
        Simulation sim(single(cell), {});
        set_iclamp_waveform(sim.point_process(0, 0), 0, {0, 10, 20}, {0, 0.2, 0});
        auto i = sim.add_probe(0, {0, 0.5}, "synapse:0");
        sim.advance(20);
        std::vector<Sample> s;
        i->drain(s);
        // Sample k covers the step ending at (k + 1) dt; the current is the one applied in
        // it, at the step's midpoint (as NEURON records IClamp.i).
        QCOMPARE(s.size(), std::size_t{800});
        QVERIFY(std::abs(s[199].value - 0.2 * 4.9875 / 10) < 1e-12);
        QVERIFY(std::abs(s[599].value - 0.2 * (20 - 14.9875) / 10) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestSimEngine)
#include "test_sim_engine.moc"
