// Events carry their connection: the network's connection index and weight reach the
// synapse, in the canonical order (time, source gid, connection index); synapses of a
// linear mechanism on one compartment are coalesced at lowering (and behave exactly as
// the copies would), those of a non-linear one never.

#include <QtTest>

#include "engine/errors.h"
#include "engine/sim/cell_group.h"
#include "engine/sim/simulation.h"

using namespace lamina;
using namespace lamina::sim;

namespace {

struct Delivery {
    std::uint32_t instance, connection;
    double weight, time;
};
std::vector<Delivery>& log() {
    static std::vector<Delivery> deliveries;
    return deliveries;
}

// A point process that is not linear (it would keep state per connection) and writes
// down what reaches it.
class EventLog final : public Mechanism {
public:
    static const MechanismInfo& metadata() {
        static const MechanismInfo info{"test_eventlog", MechanismKind::point, {{"tag", 0.0, "1"}}, {}, {}, {}, false, true, {}};
        return info;
    }
    const MechanismInfo& info() const override { return metadata(); }
    void initialize(MechanismPack&) override {}
    void compute_currents(MechanismPack&) override {}
    void advance_state(MechanismPack&) override {}
    void deliver_event(MechanismPack& p, const EventDelivery& e, SelfEvents&) override {
        log().push_back({e.instance, e.connection, e.values[0], p.t});
    }
};

// A point process that answers every event with a self-event at no delay, forever.
class Echo final : public Mechanism {
public:
    static const MechanismInfo& metadata() {
        static const MechanismInfo info{"test_echo", MechanismKind::point, {}, {}, {}, {}, false, true, {}};
        return info;
    }
    const MechanismInfo& info() const override { return metadata(); }
    void initialize(MechanismPack&) override {}
    void compute_currents(MechanismPack&) override {}
    void advance_state(MechanismPack&) override {}
    void deliver_event(MechanismPack&, const EventDelivery&, SelfEvents& self) override { self.send(0.0, 1.0); }
};

std::shared_ptr<CellDescription> soma() {
    auto cell = std::make_shared<CellDescription>();
    cell->add_cylinder("soma", SectionType::soma, 20, 20);
    cell->set_nseg("all", 1);
    cell->paint("all", "pas", {{"g", 1e-4}, {"e", -65}});
    return cell;
}

SpikeSource at(std::vector<double> times) { return {SpikeSource::Kind::explicit_times, 0, 1e300, 0, 0, std::move(times)}; }

}  // namespace

class TestEvents : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        register_mechanism(EventLog::metadata(), [] { return std::make_unique<EventLog>(); });
        register_mechanism(Echo::metadata(), [] { return std::make_unique<Echo>(); });
    }

    // The factory sorts cells by kind: cable cells in groups of consecutive gids,
    // sources in one group that advances ahead; every gid in exactly one group.
    void groupsByKind() {
        Network net;
        for (int i = 0; i < 5; ++i) net.add_cell(soma());
        net.add_spike_source(at({1.0}));
        net.add_cell(soma());
        net.add_spike_source(at({2.0}));
        RunOptions o;
        o.cells_per_group = 2;
        const auto groups = make_groups(net, o);
        std::vector<int> seen(net.size(), 0);
        std::size_t cable_groups = 0, source_groups = 0;
        for (const auto& g : groups) {
            for (Gid gid : g->gids()) {
                ++seen[gid];
                QCOMPARE(net.kind(gid), g->kind());
            }
            if (g->kind() == CellKind::cable) {
                ++cable_groups;
                QVERIFY(!g->spikes_ahead());
                QVERIFY(g->gids().size() <= 2);
            } else {
                ++source_groups;
                QVERIFY(g->spikes_ahead());
                QCOMPARE(g->gids(), (std::vector<Gid>{5, 7}));
            }
        }
        QCOMPARE(cable_groups, 3u);
        QCOMPARE(source_groups, 1u);
        QCOMPARE(seen, std::vector<int>(net.size(), 1));
    }

    // Lowering: equal ExpSyns on one node are one instance, a different one is not;
    // two event logs are two instances however equal.
    void linearSynapsesCoalesce() {
        auto cell = soma();
        cell->place({0, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
        cell->place({0, 0.3}, "ExpSyn", {{"tau", 2}, {"e", 0}});  // the same compartment
        cell->place({0, 0.5}, "ExpSyn", {{"tau", 5}, {"e", 0}});
        cell->place({0, 0.5}, "test_eventlog");
        cell->place({0, 0.5}, "test_eventlog");
        Network net;
        net.add_cell(cell);
        CellGroup group(net, {0}, RunOptions{});
        QCOMPARE(group.synapse_target(0, 0), group.synapse_target(0, 1));
        QVERIFY(group.synapse_target(0, 2) != group.synapse_target(0, 0));
        QCOMPARE(group.synapse_target(0, 2).first, group.synapse_target(0, 0).first);  // both ExpSyn
        QVERIFY(group.synapse_target(0, 3) != group.synapse_target(0, 4));
    }

    // A coalesced pair, each with one connection, gives to the last bit the voltage of
    // one synapse receiving both connections.
    void coalescedSynapsesBehaveAsCopies() {
        auto pair = soma();
        pair->place({0, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
        pair->place({0, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
        auto single = soma();
        single->place({0, 0.5}, "ExpSyn", {{"tau", 2}, {"e", 0}});
        Network net;
        net.add_cell(pair);    // gid 0
        net.add_cell(single);  // gid 1
        net.add_spike_source(at({1.0, 7.3}));  // gid 2
        net.add_spike_source(at({2.5}));       // gid 3
        net.connect({2, 0, 0, 0.004, 1.0});
        net.connect({3, 0, 1, 0.007, 1.0});
        net.connect({2, 1, 0, 0.004, 1.0});
        net.connect({3, 1, 0, 0.007, 1.0});
        Simulation sim(net, RunOptions{});
        auto a = sim.add_probe(0, {0, 0.5}, "v"), b = sim.add_probe(1, {0, 0.5}, "v");
        sim.advance(20);
        std::vector<Sample> va, vb;
        a->drain(va);
        b->drain(vb);
        QCOMPARE(va.size(), vb.size());
        double depolarised = -100;
        for (std::size_t i = 0; i < va.size(); ++i) {
            QCOMPARE(va[i].value, vb[i].value);
            depolarised = std::max(depolarised, va[i].value);
        }
        QVERIFY2(depolarised > -64, qPrintable(QString::number(depolarised)));
    }

    // The connection index and weight reach the mechanism, in canonical order: at one
    // time by source gid, then by connection index; stimulus events after spikes.
    void connectionReachesTheMechanism() {
        auto cell = soma();
        cell->place({0, 0.5}, "test_eventlog", {{"tag", 1}});
        cell->place({0, 0.5}, "test_eventlog", {{"tag", 2}});
        Network net;
        net.add_cell(cell);                  // gid 0
        net.add_spike_source(at({3.0}));     // gid 1
        net.add_spike_source(at({3.0}));     // gid 2
        net.connect({2, 0, 0, 0.25, 2.0});   // connection 0
        net.connect({1, 0, 1, 0.5, 2.0});    // connection 1
        net.connect({1, 0, 0, 0.75, 2.0});   // connection 2
        net.add_event({0, 1, 5.0, 0.125});   // a stimulus at the same time
        log().clear();
        Simulation sim(net, RunOptions{});
        sim.advance(10);
        QCOMPARE(log().size(), 4u);
        const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {
            {1, 1}, {0, 2}, {0, 0}, {1, no_connection}};  // (instance, connection)
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(log()[i].instance, expected[i].first);
            QCOMPARE(log()[i].connection, expected[i].second);
        }
        QCOMPARE(log()[0].weight, 0.5);
        QCOMPARE(log()[1].weight, 0.75);
        QCOMPARE(log()[2].weight, 0.25);
        QCOMPARE(log()[3].weight, 0.125);
    }

    // Self-events answered by self-events at no delay end the run with a message, not a
    // hang; so does a negative delay.
    void endlessSelfEventsAreStopped() {
        auto cell = soma();
        cell->place({0, 0.5}, "test_echo");
        Network net;
        net.add_cell(cell);
        net.add_spike_source(at({3.0}));
        net.connect({1, 0, 0, 0.5, 1.0});
        Simulation sim(net, RunOptions{});
        try {
            sim.advance(10);
            QFAIL("no error");
        } catch (const InvalidArgument& e) {
            QVERIFY2(std::string(e.what()).find("net_send: more than 1000000 self-events due at t = 4 ms") != std::string::npos,
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "test_events.moc"
