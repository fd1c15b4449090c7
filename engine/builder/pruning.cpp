#include "engine/builder/pruning.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "engine/sim/random.h"

namespace lamina::builder {

namespace {

// One random stream per (pathway, pre, post): draw 0 decides the pair, draw k + 1 its touch k.
std::uint64_t pair_stream(std::size_t pathway, std::uint32_t pre, std::uint32_t post) {
    return sim::mix64((static_cast<std::uint64_t>(pre) << 32 | post) ^ (0x9e3779b97f4a7c15ULL * (pathway + 1)));
}

struct TouchingPair {
    std::uint32_t pre, post;
    std::vector<std::size_t> touches;  // indices into the touch list
    bool within = false;               // somata closer than the pathway's distance
};

// Touching pairs by their number of touches in the target regions: what the keep rules
// below depend on, so their equations are solved over a few counts, not every pair.
struct TouchCounts {
    std::vector<double> all, within;  // pairs with n touches, index n
};

TouchCounts count_touches(const std::vector<TouchingPair>& pairs) {
    TouchCounts c;
    for (const TouchingPair& pair : pairs) {
        const std::size_t n = pair.touches.size();
        if (c.all.size() <= n) c.all.resize(n + 1, 0.0), c.within.resize(n + 1, 0.0);
        c.all[n] += 1;
        if (pair.within) c.within[n] += 1;
    }
    return c;
}

double keep_probability(double scale, std::size_t touches) {
    return std::min(1.0, scale * static_cast<double>(touches));
}

// Pairs are kept with probability min(1, c * touches): pairs with more appositions
// survive more often (as in reconstructed circuits, where multi-synapse connections
// dominate), and c is set so the kept pairs within the stated distance number `wanted`.
double pair_weight_scale(const TouchCounts& counts, double wanted) {
    double within = 0;
    for (const double w : counts.within) within += w;
    if (within == 0 || wanted >= within) return std::numeric_limits<double>::infinity();  // keep them all
    const auto kept = [&](double c) {
        double sum = 0;
        for (std::size_t n = 1; n < counts.within.size(); ++n) sum += counts.within[n] * keep_probability(c, n);
        return sum;
    };
    double low = 0, high = 1.0;  // kept(1) = within: every pair has a touch
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (low + high);
        (kept(mid) < wanted ? low : high) = mid;
    }
    return 0.5 * (low + high);
}

// The share r of a kept pair's touches to keep so the expected synapses per connection,
// n r + (1 - r)^n for n touches (at least one is kept), averages to `target` over the
// pairs as they are kept; 1 when even every touch is too few.
double touch_share(const TouchCounts& counts, double scale, double target) {
    const auto mean = [&](double r) {
        double synapses = 0, weight = 0;
        for (std::size_t n = 1; n < counts.all.size(); ++n) {
            const double q = counts.all[n] * keep_probability(scale, n);
            synapses += q * (static_cast<double>(n) * r + std::pow(1.0 - r, static_cast<double>(n)));
            weight += q;
        }
        return weight > 0 ? synapses / weight : 0.0;
    };
    if (mean(1.0) <= target) return 1.0;
    double low = 0, high = 1;
    for (int k = 0; k < 50; ++k) {
        const double mid = 0.5 * (low + high);
        (mean(mid) < target ? low : high) = mid;
    }
    return 0.5 * (low + high);
}

}  // namespace

bool in_target_region(const Pathway& pathway, SectionType post_type) {
    for (const TargetRegion region : pathway.target_regions) {
        if (region == TargetRegion::soma && post_type == SectionType::soma) return true;
        if (region == TargetRegion::basal && post_type == SectionType::basal_dendrite) return true;
        if (region == TargetRegion::apical && post_type == SectionType::apical_dendrite) return true;
        if (region == TargetRegion::axon_initial_segment && post_type == SectionType::axon) return true;
    }
    return false;
}

double in_degree_weight_scale(double reference, double in_degree) {
    if (!(reference > 0) || !(in_degree > 0)) return 1.0;
    return std::clamp(reference / in_degree, 0.01, 100.0);
}

std::vector<int> pathway_by_type_pair(const Recipe& recipe) {
    const std::size_t types = recipe.cell_types.size();
    std::vector<int> pathway(types * types, -1);
    for (std::size_t p = 0; p < recipe.pathways.size(); ++p) {
        int& slot = pathway[static_cast<std::size_t>(cell_type_index(recipe, recipe.pathways[p].pre)) * types +
                            static_cast<std::size_t>(cell_type_index(recipe, recipe.pathways[p].post))];
        if (slot < 0) slot = static_cast<int>(p);
    }
    return pathway;
}

PruneResult prune(const Recipe& recipe, const std::vector<PlacedCell>& cells, const std::vector<Touch>& touches,
                  const std::function<SectionType(std::uint32_t cell, std::uint32_t section)>& section_type) {
    PruneResult result;
    const std::size_t pathways = recipe.pathways.size(), types = recipe.cell_types.size();
    const std::vector<int> pathway_of = pathway_by_type_pair(recipe);
    result.reports.resize(pathways);
    for (std::size_t p = 0; p < pathways; ++p) {
        const Pathway& w = recipe.pathways[p];
        PathwayReport& report = result.reports[p];
        report.pre = w.pre;
        report.post = w.post;
        report.target_probability = w.connection_probability;
        report.at_distance = w.at_distance;
        report.target_synapses_per_connection = w.synapses_per_connection;
        report.reference_in_degree = w.reference_in_degree;
    }

    // Every pair of the pathway's types closer than its distance (the probability's base).
    std::vector<std::vector<std::uint32_t>> of_type(recipe.cell_types.size());
    for (std::uint32_t c = 0; c < cells.size(); ++c) of_type[cells[c].type].push_back(c);
    for (std::size_t pair = 0; pair < pathway_of.size(); ++pair) {
        if (pathway_of[pair] < 0) continue;
        const auto p = static_cast<std::size_t>(pathway_of[pair]);
        const double d2 = recipe.pathways[p].at_distance * recipe.pathways[p].at_distance;
        std::size_t within = 0;
        for (const std::uint32_t i : of_type[pair / types])
            for (const std::uint32_t j : of_type[pair % types])
                within += i != j && (cells[i].position - cells[j].position).squaredNorm() < d2;
        result.reports[p].pairs_within = within;
    }

    // Touches by pair (they come sorted by pre, then post), in the target regions only.
    std::vector<std::vector<TouchingPair>> pairs(pathways);
    for (std::size_t k = 0; k < touches.size();) {
        const std::uint32_t pre = touches[k].pre, post = touches[k].post;
        std::size_t end = k;
        while (end < touches.size() && touches[end].pre == pre && touches[end].post == post) ++end;
        if (const int found = pathway_of[cells[pre].type * types + cells[post].type]; found >= 0) {
            const auto p = static_cast<std::size_t>(found);
            TouchingPair pair{pre, post, {}, false};
            for (std::size_t t = k; t < end; ++t)
                if (in_target_region(recipe.pathways[p], section_type(post, touches[t].post_section)))
                    pair.touches.push_back(t);
            if (!pair.touches.empty()) {
                const double d = recipe.pathways[p].at_distance;
                pair.within = (cells[pre].position - cells[post].position).squaredNorm() < d * d;
                result.reports[p].touches += pair.touches.size();
                pairs[p].push_back(std::move(pair));
            }
        }
        k = end;
    }

    for (std::size_t p = 0; p < pathways; ++p) {
        const Pathway& w = recipe.pathways[p];
        PathwayReport& report = result.reports[p];
        report.touching_pairs = pairs[p].size();
        std::size_t touching_within = 0;
        for (const TouchingPair& pair : pairs[p]) touching_within += pair.within;
        // Which touching pairs to keep, and the share of each kept pair's touches.
        const double wanted = w.connection_probability * static_cast<double>(report.pairs_within);
        const TouchCounts counts = count_touches(pairs[p]);
        const double scale = touching_within > 0 ? pair_weight_scale(counts, wanted) : 0.0;
        const double keep_touch = touch_share(counts, scale, w.synapses_per_connection);
        std::size_t connections_within = 0;
        for (const TouchingPair& pair : pairs[p]) {
            const std::uint64_t stream = pair_stream(p, pair.pre, pair.post);
            if (!(sim::uniform_open(recipe.seed, stream, 0) < keep_probability(scale, pair.touches.size()))) continue;
            ++report.connections;
            connections_within += pair.within;
            std::size_t kept = 0;
            for (std::size_t k = 0; k < pair.touches.size(); ++k)
                if (sim::uniform_open(recipe.seed, stream, k + 1) < keep_touch) {
                    result.synapses.push_back({touches[pair.touches[k]], static_cast<std::uint32_t>(p)});
                    ++kept;
                }
            if (kept == 0) {  // a connection has at least one synapse: its closest touch
                const auto closest = *std::min_element(pair.touches.begin(), pair.touches.end(), [&](auto a, auto b) {
                    return touches[a].distance < touches[b].distance;
                });
                result.synapses.push_back({touches[closest], static_cast<std::uint32_t>(p)});
                kept = 1;
            }
            report.synapses += kept;
        }
        report.achieved_probability =
            report.pairs_within > 0 ? static_cast<double>(connections_within) / static_cast<double>(report.pairs_within) : 0.0;
        report.achieved_synapses_per_connection =
            report.connections > 0 ? static_cast<double>(report.synapses) / static_cast<double>(report.connections) : 0.0;
        const std::size_t posts = of_type[static_cast<std::size_t>(cell_type_index(recipe, w.post))].size();
        report.in_degree = posts > 0 ? static_cast<double>(report.connections) / static_cast<double>(posts) : 0.0;
        report.weight_scale = in_degree_weight_scale(w.reference_in_degree, report.in_degree);
    }
    std::sort(result.synapses.begin(), result.synapses.end(), [](const Synapse& a, const Synapse& b) {
        return std::tie(a.touch.post, a.touch.pre, a.touch.post_section, a.touch.post_x) <
               std::tie(b.touch.post, b.touch.pre, b.touch.post_section, b.touch.post_x);
    });
    return result;
}

}  // namespace lamina::builder
