// Recorders: rows on their schedule with one time each, the same values as a probe
// sampling every step, whatever cuts the epochs (a wide recorder's bounded buffer) and
// whether a background thread writes them; float32 rows are the doubles rounded; the
// memory stays within the stated bound.

#include <QtTest>
#include <cmath>

#include "engine/errors.h"
#include "engine/sim/background_sink.h"
#include "engine/sim/simulation.h"

using namespace lamina;
using namespace lamina::sim;

namespace {

// Keeps every row it is given.
class Collect final : public RecordingSink {
public:
    void begin(std::size_t c) override { columns = c; }
    void append(const RowBlock& rows) override {
        ++blocks;
        for (std::size_t r = 0; r < rows.rows; ++r) {
            times.push_back(rows.times[r]);
            for (std::size_t k = 0; k < rows.columns; ++k) values.push_back(rows.at(r * rows.columns + k));
        }
    }
    void finish() override { finished = true; }
    std::size_t columns = 0, blocks = 0;
    std::vector<double> times, values;
    bool finished = false;
};

// An HH cable of `nseg` compartments driven at one end.
Network cable(int nseg) {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("axon", SectionType::axon, 500, 1);
    cell->set_nseg("all", nseg);
    cell->paint("all", "hh");
    cell->place({0, 0.0}, "IClamp", {{"del", 1}, {"dur", 50}, {"amp", 0.2}});
    Network net;
    net.add_cell(cell);
    return net;
}

std::vector<ProbeAddress> every_compartment(int nseg) {
    std::vector<ProbeAddress> columns;
    for (int k = 0; k < nseg; ++k) columns.push_back({0, {0, (k + 0.5) / nseg}, "v"});
    return columns;
}

}  // namespace

class TestRecording : public QObject {
    Q_OBJECT
private slots:
    // Rows at t = 0 (the initial state), 0.1, ... 9.9 ms: a stride of 4 steps, ended
    // before 10 ms; each value the one a every-step probe saw at that time.
    void rowsFollowTheSchedule() {
        const Network net = cable(20);
        RunOptions o;
        Simulation sim(net, o);
        auto collect = std::make_shared<Collect>();
        sim.add_recorder(every_compartment(20), {0, 4, 400}, collect);
        auto probe = sim.add_probe(0, {0, 0.525}, "v");  // compartment 10's centre
        sim.advance(12.0);
        sim.finish_recording();
        QVERIFY(collect->finished);
        QCOMPARE(collect->columns, 20u);
        QCOMPARE(collect->times.size(), 100u);
        for (std::size_t r = 0; r < 100; ++r) QCOMPARE(collect->times[r], static_cast<double>(r) * 4 * o.dt);
        QCOMPARE(collect->values[10], -65.0);  // t = 0: v_init
        std::vector<Sample> samples;
        probe->drain(samples);
        QCOMPARE(samples.size(), 480u);  // every step from the first
        for (std::size_t r = 1; r < 100; ++r) QCOMPARE(collect->values[r * 20 + 10], samples[r * 4 - 1].value);
        double peak = -100;
        for (double v : collect->values) peak = std::max(peak, v);
        QVERIFY2(peak > 20, qPrintable(QString::number(peak)));  // the cable fired
    }

    // A recorder of 200,000 columns holds at most 16 MiB of rows: epochs are cut to fit,
    // and the results are the same as with short rows.
    void wideRecorderStaysBoundedAndExact() {
        const Network net = cable(20);
        RunOptions o;
        Simulation narrow(net, o), wide(net, o);
        auto few = std::make_shared<Collect>();
        narrow.add_recorder(every_compartment(20), {1, 1}, few);
        std::vector<ProbeAddress> many;
        for (int copy = 0; copy < 10000; ++copy)
            for (const auto& c : every_compartment(20)) many.push_back(c);
        auto lots = std::make_shared<Collect>();
        wide.add_recorder(many, {1, 1}, lots, Precision::single);
        QVERIFY(wide.recording_bytes() <= recorder_buffer_bytes + 4096);
        narrow.advance(5.0);
        wide.advance(5.0);
        QVERIFY2(lots->blocks >= 200 / (recorder_buffer_bytes / (200000 * sizeof(float))),
                 qPrintable(QString::number(lots->blocks)));
        QCOMPARE(lots->times, few->times);
        for (std::size_t r = 0; r < few->times.size(); ++r)
            for (std::size_t k = 0; k < 20; ++k)
                QCOMPARE(lots->values[r * 200000 + 19980 + k], static_cast<double>(static_cast<float>(few->values[r * 20 + k])));
        QCOMPARE(narrow.spikes(), wide.spikes());
    }

    // Through a background thread: the same rows, in order, finished once.
    void backgroundSinkDeliversEverything() {
        const Network net = cable(50);
        RunOptions o;
        Simulation direct(net, o), background(net, o);
        auto a = std::make_shared<Collect>(), b = std::make_shared<Collect>();
        direct.add_recorder(every_compartment(50), {0, 1}, a);
        background.add_recorder(every_compartment(50), {0, 1}, std::make_shared<BackgroundSink>(b, 1));
        direct.advance(20.0);
        background.advance(20.0);
        direct.finish_recording();
        background.finish_recording();
        QVERIFY(b->finished);
        QCOMPARE(b->times, a->times);
        QCOMPARE(b->values, a->values);
    }

    // A sink that fails reports it on the run's thread; nothing is lost silently.
    void backgroundErrorsReachTheRun() {
        class Failing final : public RecordingSink {
        public:
            void begin(std::size_t) override {}
            void append(const RowBlock&) override { throw Error("disk full"); }
            void finish() override {}
        };
        const Network net = cable(10);
        Simulation sim(net, RunOptions{});
        sim.add_recorder(every_compartment(10), {1, 1}, std::make_shared<BackgroundSink>(std::make_shared<Failing>(), 1));
        bool thrown = false;
        try {
            sim.advance(50.0);
            sim.finish_recording();
        } catch (const Error& e) {
            thrown = std::string(e.what()) == "disk full";
        }
        QVERIFY(thrown);
    }
};

QTEST_GUILESS_MAIN(TestRecording)
#include "test_recording.moc"
