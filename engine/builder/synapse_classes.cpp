#include "engine/builder/synapse_classes.h"

#include <algorithm>
#include <cmath>

#include "engine/sim/random.h"

namespace lamina::builder {

const std::vector<SynapseClass>& synapse_classes() {
    // U, D, F and decays: the neocortical microcircuit's classes (Markram et al. 2015,
    // after Gupta, Wang & Markram 2000); release sites: Barros-Zulaica et al. 2019 for
    // pyramid-to-pyramid pairs, one site (univesicular) elsewhere. E3 has no published
    // table here: its values are set by Lamina to be pseudo-linear (paired-pulse ratio
    // 0.97 at 20 Hz) and say so.
    static const std::vector<SynapseClass> classes{
        {"E1", "excitatory, facilitating", true, {0.09, 0.12}, {138, 211}, {670, 830}, {1.74, 0.18}, 0.2, 1, 0.67,
         "Markram et al. 2015 (pyramid to Martinotti)"},
        {"E2", "excitatory, depressing", true, {0.50, 0.02}, {671, 17}, {17, 5}, {1.74, 0.18}, 0.2, 2.6, 0.67,
         "Markram et al. 2015; Barros-Zulaica et al. 2019 (release sites)"},
        {"E3", "excitatory, pseudo-linear", true, {0.40, 0.10}, {300, 100}, {200, 70}, {1.74, 0.18}, 0.2, 1, 0.67,
         "set by Lamina (no published table consulted): paired-pulse ratio 0.97 at 20 Hz"},
        {"I1", "inhibitory, facilitating", false, {0.16, 0.10}, {45, 21}, {376, 253}, {10.4, 6.1}, 0.2, 1, 0.66,
         "Gupta, Wang & Markram 2000; Markram et al. 2015"},
        {"I2", "inhibitory, depressing", false, {0.25, 0.13}, {706, 405}, {21, 9}, {8.3, 2.2}, 0.2, 1, 0.66,
         "Gupta, Wang & Markram 2000; Markram et al. 2015"},
        {"I3", "inhibitory, pseudo-linear", false, {0.32, 0.14}, {144, 80}, {62, 31}, {6.4, 1.7}, 0.2, 1, 0.66,
         "Gupta, Wang & Markram 2000; Markram et al. 2015"},
    };
    return classes;
}

const SynapseClass* find_synapse_class(std::string_view name) {
    for (const SynapseClass& c : synapse_classes())
        if (c.name == name) return &c;
    return nullptr;
}

std::string class_synapse_model(const SynapseClass& c, bool stochastic) {
    return std::string(stochastic ? "Prob" : "Det") + (c.excitatory ? "AmpaNmda" : "GabaAB");
}

bool is_plastic_synapse(std::string_view model) {
    return model == "ProbAmpaNmda" || model == "DetAmpaNmda" || model == "ProbGabaAB" || model == "DetGabaAB";
}

bool is_excitatory_synapse(std::string_view model) { return model == "ProbAmpaNmda" || model == "DetAmpaNmda"; }

namespace {

// Draws from one connection's stream: each call takes the next counter.
class Draws {
public:
    Draws(std::uint64_t seed, std::uint64_t stream) : seed_(seed), stream_(stream) {}
    double uniform() { return sim::uniform_open(seed_, stream_, counter_++); }
    // Box-Muller, one of the pair.
    double normal() {
        const double r = std::sqrt(-2 * std::log(uniform()));
        return r * std::cos(2 * 3.14159265358979323846 * uniform());
    }
    // Within (low, high) by redrawing (at most 64 times; then the mean, clamped).
    double truncated_normal(Spread s, double low, double high) {
        for (int k = 0; k < 64; ++k) {
            const double x = s.mean + s.sd * normal();
            if (x > low && x <= high) return x;
        }
        return std::clamp(s.mean, low, high);
    }
    // Gamma with this mean and standard deviation (Marsaglia and Tsang; shape below 1
    // by the boost u^(1/shape)).
    double gamma(Spread s) {
        if (!(s.sd > 0) || !(s.mean > 0)) return std::max(s.mean, 0.0);
        const double shape = (s.mean / s.sd) * (s.mean / s.sd), scale = s.sd * s.sd / s.mean;
        const double boost = shape < 1 ? std::pow(uniform(), 1 / shape) : 1.0;
        const double d = (shape < 1 ? shape + 1 : shape) - 1.0 / 3, c = 1 / std::sqrt(9 * d);
        for (;;) {
            const double x = normal(), v = std::pow(1 + c * x, 3);
            if (v <= 0) continue;
            if (std::log(uniform()) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v * scale * boost;
        }
    }
    // Poisson with this mean, at least 1 (a connection has a site).
    double poisson_at_least_one(double mean) {
        if (!(mean > 1)) return 1;
        const double limit = std::exp(-mean);
        double k = 0, product = uniform();
        while (product > limit) {
            product *= uniform();
            ++k;
        }
        return std::max(k, 1.0);
    }

private:
    std::uint64_t seed_, stream_, counter_ = 0;
};

}  // namespace

SynapseDraw draw_synapse(const SynapseClass& c, double mean_weight, bool onto_excitatory, std::uint64_t seed,
                         std::uint64_t pre, std::uint64_t post) {
    constexpr std::uint64_t synapse_streams = 0x5000'0000'0000'0000ULL;  // apart from the builder's other streams
    Draws draw(seed, synapse_streams ^ sim::mix64((pre << 32) ^ post));
    SynapseDraw out;
    out.weight = draw.gamma({mean_weight, c.weight_cv * mean_weight});
    out.use = draw.truncated_normal(c.use, 0.0, 1.0);
    out.depression = draw.gamma(c.depression);
    out.facilitation = draw.gamma(c.facilitation);
    out.decay = draw.truncated_normal(c.decay, 2 * c.rise, 1e4);
    out.release_sites = draw.poisson_at_least_one(c.release_sites);
    out.slow_ratio = c.excitatory ? (onto_excitatory ? 0.4 : 0.8) : 0.0;
    return out;
}

}  // namespace lamina::builder
