// Pruning touches to the pathways' targets, on a large synthetic sample: 400 × 400
// cells with random touches (more for close pairs), a 10% connection probability
// within 150 µm and 4 synapses per connection asked for.

#include <QtTest>
#include <cmath>

#include "engine/builder/pruning.h"
#include "engine/sim/random.h"

using namespace lamina;
using namespace lamina::builder;

namespace {
// Section 0 is the soma, odd sections basal dendrites, even ones apical.
SectionType type_of(std::uint32_t, std::uint32_t section) {
    if (section == 0) return SectionType::soma;
    return section % 2 ? SectionType::basal_dendrite : SectionType::apical_dendrite;
}
}  // namespace

class TestBuilderPruning : public QObject {
    Q_OBJECT
private slots:
    void pruningMeetsTheTargets() {
        Recipe recipe;
        CellType a, b;
        a.name = "A", a.layer = "L5", a.count = 400;
        b.name = "B", b.layer = "L5", b.count = 400;
        recipe.cell_types = {a, b};
        Pathway w;
        w.pre = "A", w.post = "B";
        w.connection_probability = 0.1, w.at_distance = 150, w.synapses_per_connection = 4;
        recipe.pathways = {w};
        validate(recipe);

        std::vector<PlacedCell> cells(800);
        for (std::uint32_t c = 0; c < 800; ++c) {
            cells[c].type = c < 400 ? 0 : 1;
            for (int k = 0; k < 3; ++k) cells[c].position[k] = 400 * sim::uniform_open(9, c, static_cast<std::uint64_t>(k));
        }
        // Touches both ways (B -> A has no pathway): half the close pairs touch, a fifth
        // of the others, each with 1-14 touches on sections 0-5 (soma included).
        std::vector<Touch> touches;
        std::size_t pairs_within = 0;
        std::uint64_t draw = 0;
        for (std::uint32_t pre = 0; pre < 800; ++pre)
            for (std::uint32_t post = 0; post < 800; ++post) {
                if (pre == post || cells[pre].type == cells[post].type) continue;
                const bool close = (cells[pre].position - cells[post].position).norm() < 150;
                pairs_within += close && cells[pre].type == 0;
                if (sim::uniform_open(5, 0, draw++) >= (close ? 0.5 : 0.2)) continue;
                const int n = 1 + static_cast<int>(14 * sim::uniform_open(5, 1, draw++));
                for (int k = 0; k < n; ++k) {
                    Touch t;
                    t.pre = pre, t.post = post;
                    t.post_section = static_cast<std::uint32_t>(k % 6);
                    t.post_x = static_cast<float>(k) / static_cast<float>(n);
                    t.distance = static_cast<float>(sim::uniform_open(5, 2, draw++));
                    touches.push_back(t);
                }
            }
        const PruneResult result = prune(recipe, cells, touches, type_of);
        QCOMPARE(result.reports.size(), std::size_t{1});
        const PathwayReport& r = result.reports[0];
        QCOMPARE(r.pairs_within, pairs_within);
        QVERIFY(r.pairs_within > 10000);
        qInfo("probability %.4f (target 0.1) over %zu pairs; %.3f synapses per connection (target 4), %zu connections",
              r.achieved_probability, r.pairs_within, r.achieved_synapses_per_connection, r.connections);
        QVERIFY2(std::abs(r.achieved_probability - 0.1) < 0.01, qPrintable(QString::number(r.achieved_probability)));
        QVERIFY2(std::abs(r.achieved_synapses_per_connection - 4.0) < 0.2,
                 qPrintable(QString::number(r.achieved_synapses_per_connection)));
        std::size_t synapses = 0;
        for (const Synapse& s : result.synapses) {
            QVERIFY(s.touch.pre < 400 && s.touch.post >= 400);  // only A -> B
            QVERIFY(s.touch.post_section != 0);                  // basal and apical only: no soma
            ++synapses;
        }
        QCOMPARE(synapses, r.synapses);
        // Sorted by post, then pre.
        for (std::size_t k = 1; k < result.synapses.size(); ++k)
            QVERIFY(std::tie(result.synapses[k - 1].touch.post, result.synapses[k - 1].touch.pre) <=
                    std::tie(result.synapses[k].touch.post, result.synapses[k].touch.pre));
        // Reproducible; another seed keeps other pairs.
        QCOMPARE(prune(recipe, cells, touches, type_of).synapses.size(), result.synapses.size());
        recipe.seed = 2;
        const PruneResult other = prune(recipe, cells, touches, type_of);
        QVERIFY(other.synapses.size() != result.synapses.size() ||
                other.synapses.front().touch.pre != result.synapses.front().touch.pre);
        // Scarce touches against 4 synapses per connection: each pair keeps only its first
        // 1-5 (by pre + post), the first on the soma, so 0-4 count, 2.5 on average where
        // any do. Pairs that touch more are kept more often, so the mean exceeds the mean
        // touches per touching pair (what a share of the pairs taken blindly gives) by
        // about E[n²]/E[n] - E[n]: 3 - 2.5 were every pair to reach its cap.
        std::vector<Touch> scarce;
        for (std::size_t k = 0, first = 0; k < touches.size(); ++k) {
            if (k == 0 || touches[k].pre != touches[k - 1].pre || touches[k].post != touches[k - 1].post) first = k;
            if (k - first < 1 + (touches[k].pre + touches[k].post) % 5) scarce.push_back(touches[k]);
        }
        const PruneResult few = prune(recipe, cells, scarce, type_of);
        const double blind = static_cast<double>(few.reports[0].touches) / static_cast<double>(few.reports[0].touching_pairs);
        qInfo("scarce: %.3f synapses per connection (%.3f touches per touching pair), probability %.4f",
              few.reports[0].achieved_synapses_per_connection, blind, few.reports[0].achieved_probability);
        QVERIFY2(blind < 2.5 && few.reports[0].achieved_synapses_per_connection > blind + 0.35,
                 qPrintable(QString::number(few.reports[0].achieved_synapses_per_connection)));
        QVERIFY(std::abs(few.reports[0].achieved_probability - 0.1) < 0.01);
        // Asking for every close pair keeps every touching one: the probability is then
        // what the touches allow (about half of the close pairs).
        recipe.pathways[0].connection_probability = 1.0;
        const PruneResult all = prune(recipe, cells, touches, type_of);
        QCOMPARE(all.reports[0].connections, all.reports[0].touching_pairs);
        QVERIFY(std::abs(all.reports[0].achieved_probability - 0.5) < 0.03);
    }
};

QTEST_GUILESS_MAIN(TestBuilderPruning)
#include "test_builder_pruning.moc"
