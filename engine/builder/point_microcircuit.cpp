#include "engine/builder/point_microcircuit.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "engine/builder/touches.h"
#include "engine/errors.h"
#include "engine/sim/random.h"

namespace lamina::builder {

namespace {

__extension__ typedef unsigned __int128 Wide;  // GCC's, for the multiply-shift below

// A sequential stream seeded from (seed, stream): SplitMix64 steps.
class Stream {
public:
    Stream(std::uint64_t seed, std::uint64_t stream) : state_(sim::random_bits(seed, stream, 0)) {}
    std::uint64_t bits() { return sim::mix64(state_ += 0x9e3779b97f4a7c15ULL); }
    double uniform() { return (static_cast<double>(bits() >> 11) + 0.5) * 0x1.0p-53; }  // (0, 1)
    std::uint64_t below(std::uint64_t n) {  // uniform in [0, n), n < 2^32: multiply-shift
        return static_cast<std::uint64_t>((static_cast<Wide>(bits()) * n) >> 64);
    }
    double normal() { return std::sqrt(-2 * std::log(uniform())) * std::cos(2 * std::numbers::pi * uniform()); }

private:
    std::uint64_t state_;
};

// Normal(mean, sd) redrawn until it lies on the side of `bound` the comparison accepts,
// as NEST's redraw does (a sd small against the distance makes redraws rare).
template <typename Accept>
double redrawn_normal(Stream& s, double mean, double sd, Accept accept) {
    for (int tries = 0; tries < 1000; ++tries) {
        const double x = mean + sd * s.normal();
        if (accept(x)) return x;
    }
    return mean;  // unreachable for any sane spec: validate() keeps means on the accepted side
}

// Synapses between two populations of the full circuit for a connection probability:
// the number that gives each pair that probability of at least one (PD14, eq. 1).
double full_synapses(double probability, double pre, double post) {
    if (probability <= 0) return 0;
    return std::log(1 - probability) / std::log(1 - 1 / (pre * post));
}

void require(bool ok, const std::string& key, const std::string& rule, double value) {
    if (!ok) throw InvalidArgument(key + " must be " + rule + ", got " + readable_number(value));
}

struct Plan {
    // Per target population t, per source s: synapses to draw and their weight's mean.
    std::vector<std::vector<std::uint64_t>> synapses;
    std::vector<std::vector<double>> weight;  // [pA]
    std::vector<double> dc;                   // [pA] per target population
};

}  // namespace

double psp_per_pa(double C_m, double tau_m, double tau_syn) {
    if (std::abs(tau_m - tau_syn) < 1e-9 * tau_m) return tau_m / (C_m * std::numbers::e);  // the limit t e^-t/tau / C
    const double peak = std::log(tau_m / tau_syn) * tau_m * tau_syn / (tau_m - tau_syn);
    return tau_m * tau_syn / (C_m * (tau_m - tau_syn)) * (std::exp(-peak / tau_m) - std::exp(-peak / tau_syn));
}

void validate(const PointMicrocircuitSpec& spec) {
    const std::size_t n = spec.populations.size();
    if (n == 0) throw InvalidArgument("populations: a microcircuit needs at least one population");
    sim::make_point_neuron(spec.model, spec.neuron);  // names the model or parameter at fault
    for (std::size_t p = 0; p < n; ++p) {
        const auto& pop = spec.populations[p];
        const std::string key = "populations[" + std::to_string(p) + "]";
        if (pop.name.empty()) throw InvalidArgument(key + ".name is empty");
        for (std::size_t q = 0; q < p; ++q)
            if (spec.populations[q].name == pop.name) throw InvalidArgument(key + ".name '" + pop.name + "' is used twice");
        require(pop.size >= 1 && pop.size <= 10'000'000, key + ".size", "in [1, 1e7]", static_cast<double>(pop.size));
        require(pop.external_in_degree >= 0 && pop.external_in_degree <= 1e6, key + ".external_in_degree", "in [0, 1e6]",
                pop.external_in_degree);
        require(pop.published_rate >= 0 && pop.published_rate < 1e3, key + ".published_rate", "in [0, 1000) Hz",
                pop.published_rate);
    }
    if (spec.probability.size() != n)
        throw InvalidArgument("probability must have one row per population (" + std::to_string(n) + "), got " +
                              std::to_string(spec.probability.size()));
    for (std::size_t t = 0; t < n; ++t) {
        if (spec.probability[t].size() != n)
            throw InvalidArgument("probability[" + std::to_string(t) + "] must have " + std::to_string(n) + " entries, got " +
                                  std::to_string(spec.probability[t].size()));
        for (std::size_t s = 0; s < n; ++s)
            require(spec.probability[t][s] >= 0 && spec.probability[t][s] < 1,
                    "probability[" + std::to_string(t) + "][" + std::to_string(s) + "]", "in [0, 1)", spec.probability[t][s]);
    }
    require(spec.psp_mean > 0 && spec.psp_mean < 100, "psp_mean", "in (0, 100) mV", spec.psp_mean);
    require(spec.weight_rel_sd >= 0 && spec.weight_rel_sd <= 1, "weight_rel_sd", "in [0, 1]", spec.weight_rel_sd);
    require(spec.g < 0 && spec.g > -1e3, "g", "negative (inhibition) and above -1000", spec.g);
    for (std::size_t k = 0; k < spec.weight_factors.size(); ++k) {
        const auto& f = spec.weight_factors[k];
        const std::string key = "weight_factors[" + std::to_string(k) + "]";
        for (const std::string* name : {&f.target, &f.source})
            if (std::none_of(spec.populations.begin(), spec.populations.end(), [&](const auto& p) { return p.name == *name; }))
                throw InvalidArgument(key + ": no population is named '" + *name + "'");
        require(f.factor > 0 && f.factor < 1e3, key + ".factor", "in (0, 1000)", f.factor);
    }
    require(spec.delay_min > 0 && spec.delay_min < 100, "delay_min", "in (0, 100) ms", spec.delay_min);
    require(spec.delay_exc >= spec.delay_min && spec.delay_exc < 1e3, "delay_exc", "at least delay_min and below 1000 ms",
            spec.delay_exc);
    require(spec.delay_inh >= spec.delay_min && spec.delay_inh < 1e3, "delay_inh", "at least delay_min and below 1000 ms",
            spec.delay_inh);
    require(spec.delay_rel_sd >= 0 && spec.delay_rel_sd <= 2, "delay_rel_sd", "in [0, 2]", spec.delay_rel_sd);
    require(spec.background_rate >= 0 && spec.background_rate <= 1e3, "background_rate", "in [0, 1000] Hz", spec.background_rate);
    require(std::isfinite(spec.v0_mean), "v0_mean", "a number of mV", spec.v0_mean);
    require(spec.v0_sd >= 0 && spec.v0_sd < 1e3, "v0_sd", "in [0, 1000) mV", spec.v0_sd);
    for (std::size_t k = 0; k < spec.layers.size(); ++k)
        require(spec.layers[k].thickness > 0 && spec.layers[k].thickness < 1e5, "layers[" + std::to_string(k) + "].thickness",
                "in (0, 1e5) µm", spec.layers[k].thickness);
    if (!spec.layers.empty())
        for (std::size_t p = 0; p < n; ++p)
            if (std::none_of(spec.layers.begin(), spec.layers.end(), [&](const auto& l) { return l.name == spec.populations[p].layer; }))
                throw InvalidArgument("populations[" + std::to_string(p) + "].layer '" + spec.populations[p].layer +
                                      "' is not one of the layers");
    require(spec.side > 0 && spec.side < 1e5, "side", "in (0, 1e5) µm", spec.side);
    const PointThalamus& th = spec.thalamus;
    if (th.size > 0) {
        require(th.size <= 10'000'000, "thalamus.size", "at most 1e7", static_cast<double>(th.size));
        if (th.probability.size() != n)
            throw InvalidArgument("thalamus.probability must have one entry per population (" + std::to_string(n) + "), got " +
                                  std::to_string(th.probability.size()));
        for (std::size_t t = 0; t < n; ++t)
            require(th.probability[t] >= 0 && th.probability[t] < 1, "thalamus.probability[" + std::to_string(t) + "]",
                    "in [0, 1)", th.probability[t]);
        require(th.rate >= 0 && th.rate <= 1e3, "thalamus.rate", "in [0, 1000] Hz", th.rate);
        require(th.start >= 0 && th.start <= 1e9, "thalamus.start", "in [0, 1e9] ms", th.start);
        require(th.duration >= 0 && th.duration <= 1e9, "thalamus.duration", "in [0, 1e9] ms", th.duration);
        require(th.psp > 0 && th.psp < 100, "thalamus.psp", "in (0, 100) mV", th.psp);
        require(th.delay_mean >= spec.delay_min && th.delay_mean < 1e3, "thalamus.delay_mean",
                "at least delay_min and below 1000 ms", th.delay_mean);
        require(th.delay_rel_sd >= 0 && th.delay_rel_sd <= 2, "thalamus.delay_rel_sd", "in [0, 2]", th.delay_rel_sd);
    }
}

PointMicrocircuit build_point_microcircuit(const PointMicrocircuitSpec& spec, const PointMicrocircuitOptions& options) {
    validate(spec);
    require(options.scale > 0 && options.scale <= 1, "scale", "in (0, 1]", options.scale);
    require(options.in_degree_scale > 0 && options.in_degree_scale <= 1, "in_degree_scale", "in (0, 1]",
            options.in_degree_scale);
    const sim::PointNeuron prototype = sim::make_point_neuron(spec.model, spec.neuron);
    const sim::LifParameters& lif = prototype.lif;
    const double k_scale = options.in_degree_scale, weight_gain = 1 / std::sqrt(k_scale);
    const double psc = spec.psp_mean / psp_per_pa(lif.C_m, lif.tau_m, lif.tau_syn_ex);  // [pA]
    const std::size_t n = spec.populations.size();
    const bool with_thalamus = options.thalamus && spec.thalamus.size > 0;

    PointMicrocircuit out;
    std::vector<std::uint64_t> sizes(n);
    double neurons = 0;
    for (const auto& pop : spec.populations) neurons += std::round(static_cast<double>(pop.size) * options.scale);
    if (neurons > max_point_neurons)
        throw InvalidArgument("this circuit would have " + readable_number(neurons) + " neurons; at most " +
                              readable_number(max_point_neurons) + " are built: lower scale");
    sim::Gid next = 0;
    for (std::size_t p = 0; p < n; ++p) {
        const auto& pop = spec.populations[p];
        sizes[p] = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(static_cast<double>(pop.size) * options.scale)));
        out.populations.push_back({pop.name, pop.layer, next, sizes[p], pop.published_rate, pop.excitatory});
        next += static_cast<sim::Gid>(sizes[p]);
    }

    // Synapse counts and mean weights per pair, from the full circuit's in-degrees.
    Plan plan;
    plan.synapses.assign(n, std::vector<std::uint64_t>(n, 0));
    plan.weight.assign(n, std::vector<double>(n, 0));
    plan.dc.assign(n, 0);
    for (std::size_t t = 0; t < n; ++t) {
        double recurrent_mean = 0;  // [pA ms / ms] the full circuit's mean input, for DC compensation
        for (std::size_t s = 0; s < n; ++s) {
            const auto &pre = spec.populations[s], &post = spec.populations[t];
            const double in_degree = full_synapses(spec.probability[t][s], static_cast<double>(pre.size),
                                                   static_cast<double>(post.size)) / static_cast<double>(post.size);
            plan.synapses[t][s] = static_cast<std::uint64_t>(std::llround(in_degree * k_scale * static_cast<double>(sizes[t])));
            double w = pre.excitatory ? psc : spec.g * psc;
            for (const auto& f : spec.weight_factors)
                if (f.target == post.name && f.source == pre.name) w *= f.factor;
            plan.weight[t][s] = w * weight_gain;
            recurrent_mean += in_degree * w * pre.published_rate * 1e-3;
        }
        const auto& pop = spec.populations[t];
        const double external_mean = pop.external_in_degree * psc * spec.background_rate * 1e-3;
        // Fewer inputs, each 1/sqrt(k) stronger, miss (1 - sqrt(k)) of the mean: a DC makes it up.
        plan.dc[t] = lif.tau_syn_ex * (1 - std::sqrt(k_scale)) *
                     (recurrent_mean + (options.drive == BackgroundDrive::poisson ? external_mean : 0));
        if (options.drive == BackgroundDrive::dc) plan.dc[t] += lif.tau_syn_ex * external_mean;
    }

    // The thalamus's synapses per population (its neurons come after the cortex's).
    std::vector<std::uint64_t> thalamic(n, 0);
    std::vector<double> thalamic_weight(n, 0);
    if (with_thalamus) {
        const PointThalamus& th = spec.thalamus;
        const double th_psc = th.psp / psp_per_pa(lif.C_m, lif.tau_m, lif.tau_syn_ex);
        for (std::size_t t = 0; t < n; ++t) {
            const double post = static_cast<double>(spec.populations[t].size);
            const double in_degree = full_synapses(th.probability[t], static_cast<double>(th.size), post) / post;
            thalamic[t] = static_cast<std::uint64_t>(std::llround(in_degree * k_scale * static_cast<double>(sizes[t])));
            thalamic_weight[t] = th_psc * weight_gain;
        }
    }
    // Refused before any is drawn: a recipe asking for more than memory holds.
    std::uint64_t planned = 0;
    for (std::size_t t = 0; t < n; ++t) {
        planned += thalamic[t];
        for (std::size_t s = 0; s < n; ++s) planned += plan.synapses[t][s];
    }
    if (planned > max_point_synapses)
        throw InvalidArgument("this circuit would have " + readable_number(static_cast<double>(planned)) +
                              " synapses (12 bytes each); at most " + readable_number(static_cast<double>(max_point_synapses)) +
                              " are built: lower scale or in_degree_scale");

    // Neurons, with their initial membranes and background.
    for (std::size_t p = 0; p < n; ++p) {
        const auto& pop = spec.populations[p];
        sim::PointNeuron neuron = prototype;
        neuron.lif.I_e += plan.dc[p];
        if (options.drive == BackgroundDrive::poisson)
            neuron.drive = {spec.background_rate * pop.external_in_degree * k_scale, psc * weight_gain, options.seed};
        // The layer's slab: its bottom and top above the white matter.
        double bottom = 0, top = 0, above = 0;
        for (const auto& layer : spec.layers) above += layer.thickness;
        for (const auto& layer : spec.layers) {
            above -= layer.thickness;
            if (layer.name == pop.layer) bottom = above, top = above + layer.thickness;
        }
        for (std::uint64_t k = 0; k < sizes[p]; ++k) {
            const sim::Gid gid = out.populations[p].first + static_cast<sim::Gid>(k);
            Stream v0(options.seed ^ 0x5630ULL, gid);
            neuron.V_m = spec.v0_mean + spec.v0_sd * v0.normal();
            out.network.add_point_neuron(neuron);
            Stream where(options.seed ^ 0x706f73ULL, gid);
            const double x = (where.uniform() - 0.5) * spec.side, y = bottom + where.uniform() * (top - bottom);
            out.positions.push_back({x, y, (where.uniform() - 0.5) * spec.side});
        }
    }
    // The thalamus: Poisson sources during the pulse.
    if (with_thalamus) {
        const PointThalamus& th = spec.thalamus;
        const auto size = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(static_cast<double>(th.size) * options.scale)));
        out.populations.push_back({"TC", "thalamus", next, size, 0.0, true});
        for (std::uint64_t k = 0; k < size; ++k)
            out.network.add_spike_source({sim::SpikeSource::Kind::poisson, th.start, th.start + th.duration, th.rate,
                                          options.seed ^ 0x7468ULL, {}});
    }

    // How many synapses each source neuron sends to each target population: the pair's
    // total, each drawn from a uniformly chosen source (a fixed total number, PD14).
    const std::size_t nsources = n + (with_thalamus ? 1 : 0);
    std::vector<std::vector<std::vector<std::uint32_t>>> count(nsources, std::vector<std::vector<std::uint32_t>>(n));
    for (std::size_t s = 0; s < nsources; ++s)
        for (std::size_t t = 0; t < n; ++t) {
            const std::uint64_t total = s < n ? plan.synapses[t][s] : thalamic[t];
            const std::uint64_t pre = out.populations[s].size;
            auto& c = count[s][t];
            c.assign(pre, 0);
            Stream pick(options.seed, 0x100000000ULL + s * n + t);
            for (std::uint64_t k = 0; k < total; ++k) ++c[pick.below(pre)];
            out.synapses += total;
        }

    // Rows, source by source: targets uniform in each population (never the source
    // itself), normal weights and delays redrawn as NEST does. Each source's own stream
    // makes the rows independent of the threads that draw them.
    auto table = std::make_shared<sim::SynapseTable>();
    table->reserve(out.synapses);
    const sim::Gid total_gids = static_cast<sim::Gid>(out.network.size());
    constexpr sim::Gid chunk = 512;
    std::vector<std::vector<sim::TableSynapse>> rows(chunk);
    std::vector<std::size_t> population_of(total_gids);
    for (std::size_t p = 0; p < out.populations.size(); ++p)
        for (std::uint64_t k = 0; k < out.populations[p].size; ++k) population_of[out.populations[p].first + k] = p;
    const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
    for (sim::Gid first = 0; first < total_gids; first += chunk) {
        const sim::Gid end = std::min<sim::Gid>(total_gids, first + chunk);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16)
        for (sim::Gid gid = first; gid < end; ++gid) {
            const std::size_t s = population_of[gid];
            const bool thalamic_source = s >= n;
            const std::uint64_t local = gid - out.populations[s].first;
            auto& row = rows[gid - first];
            row.clear();
            Stream draw(options.seed, gid);
            const bool excitatory = thalamic_source || spec.populations[s].excitatory;
            const double delay_mean =
                thalamic_source ? spec.thalamus.delay_mean : excitatory ? spec.delay_exc : spec.delay_inh;
            const double delay_sd = delay_mean * (thalamic_source ? spec.thalamus.delay_rel_sd : spec.delay_rel_sd);
            for (std::size_t t = 0; t < n; ++t) {
                const std::uint32_t m = count[s][t][local];
                const double w = thalamic_source ? thalamic_weight[t] : plan.weight[t][s];
                const auto& post = out.populations[t];
                for (std::uint32_t k = 0; k < m; ++k) {
                    sim::Gid target = post.first + static_cast<sim::Gid>(draw.below(post.size));
                    for (int redraw = 0; target == gid && post.size > 1 && redraw < 64; ++redraw)
                        target = post.first + static_cast<sim::Gid>(draw.below(post.size));
                    if (target == gid) continue;  // a population of one cannot avoid an autapse
                    const double weight = redrawn_normal(draw, w, std::abs(w) * spec.weight_rel_sd,
                                                         [&](double x) { return w >= 0 ? x >= 0 : x <= 0; });
                    const double delay = redrawn_normal(draw, delay_mean, delay_sd, [&](double x) { return x >= spec.delay_min; });
                    row.push_back({target, static_cast<float>(weight), static_cast<float>(delay)});
                }
            }
        }
        for (sim::Gid gid = first; gid < end; ++gid) table->add_row(gid, std::move(rows[gid - first]));
        if (options.progress && !options.progress(static_cast<double>(end) / total_gids)) throw Cancelled();
    }
    out.synapses = table->size();
    out.network.set_synapse_table(std::move(table));

    char line[256];
    for (std::size_t t = 0; t < n; ++t) {
        std::uint64_t in = 0;
        for (std::size_t s = 0; s < n; ++s) in += plan.synapses[t][s];
        std::snprintf(line, sizeof line, "%-6s %-5s %8llu neurons, in-degree %7.1f, DC %7.2f pA, background %s",
                      out.populations[t].name.c_str(), out.populations[t].layer.c_str(),
                      static_cast<unsigned long long>(sizes[t]), static_cast<double>(in) / static_cast<double>(sizes[t]),
                      plan.dc[t],
                      options.drive == BackgroundDrive::poisson
                          ? (readable_number(spec.background_rate * spec.populations[t].external_in_degree * k_scale) + " Hz Poisson").c_str()
                          : "as DC");
        out.report.emplace_back(line);
    }
    std::snprintf(line, sizeof line, "%llu synapses; excitatory PSC %.2f pA (PSP %.3g mV) x %.3g for in-degree scale %.3g",
                  static_cast<unsigned long long>(out.synapses), psc, spec.psp_mean, weight_gain, k_scale);
    out.report.emplace_back(line);
    return out;
}

}  // namespace lamina::builder
