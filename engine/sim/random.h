#pragma once
// Counter-based random numbers: the k-th draw of stream (seed, id) is a pure function of
// its inputs, so results do not depend on threads, chunking or call order.

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

namespace lamina::sim {

// SplitMix64's finaliser: a bijective 64-bit mix with full avalanche.
inline std::uint64_t mix64(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

inline std::uint64_t random_bits(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
    return mix64(mix64(mix64(seed ^ 0x9e3779b97f4a7c15ULL) ^ stream) + counter * 0x9e3779b97f4a7c15ULL);
}

// Uniform in (0, 1): never 0, so log() is safe.
inline double uniform_open(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
    return (static_cast<double>(random_bits(seed, stream, counter) >> 11) + 0.5) * 0x1.0p-53;
}

// A draw of Binomial(n, p) from one uniform `u` in (0, 1) by inverting the distribution
// function: the smallest k with P(X <= k) >= u. One uniform per draw keeps a stream's
// counter simple (a draw is one counter step) and is exact for the small n of vesicle
// pools. n is rounded to a whole number; n <= 0 or p <= 0 gives 0, p >= 1 gives n.
inline double binomial_from_uniform(double n, double p, double u) {
    const double trials = std::round(n);
    if (!(trials > 0) || !(p > 0)) return 0.0;
    if (p >= 1) return trials;
    const double odds = p / (1 - p);
    double pmf = std::pow(1 - p, trials), cumulative = pmf;
    double k = 0;
    // Stops at n whatever rounding leaves of the tail.
    while (cumulative < u && k < trials) {
        pmf *= (trials - k) / (k + 1) * odds;
        k += 1;
        cumulative += pmf;
    }
    return k;
}

// A draw of Poisson(mean) from one uniform `u` in (0, 1) by inversion; exact for means
// up to poisson_inversion_limit (beyond it exp(-mean) loses too much: split the mean).
inline constexpr double poisson_inversion_limit = 60.0;
// `exp_minus_mean` is exp(-mean), which callers drawing often from one mean keep.
inline constexpr auto small_inverses = [] {
    std::array<double, 128> out{};
    for (std::size_t k = 1; k < out.size(); ++k) out[k] = 1.0 / static_cast<double>(k);
    return out;
}();
inline double poisson_from_uniform(double mean, double u, double exp_minus_mean) {
    if (!(mean > 0)) return 0.0;
    double pmf = exp_minus_mean, cumulative = pmf;
    std::size_t k = 0;
    while (cumulative < u && pmf > 0) {
        ++k;
        pmf *= mean * (k < small_inverses.size() ? small_inverses[k] : 1.0 / static_cast<double>(k));
        cumulative += pmf;
    }
    return static_cast<double>(k);
}
inline double poisson_from_uniform(double mean, double u) { return poisson_from_uniform(mean, u, std::exp(-mean)); }

// The stream of draws an event sees (NMODL's event_uniform and event_binomial): a
// connection's own (its index in the network, apart from every instance's key by the top
// bit), so a synapse's draws do not depend on threads, groups or pauses. A stimulus has
// no connection: its draws come from the instance's key mixed with the event's time.
inline std::uint64_t event_stream(std::uint32_t connection, bool stimulus, std::uint64_t instance_key, double time) {
    if (!stimulus) return (std::uint64_t{1} << 63) | connection;
    return mix64(instance_key ^ mix64(std::bit_cast<std::uint64_t>(time)));
}

// A counter given as a double (an NMODL value): whole numbers from 0 up.
inline std::uint64_t draw_counter(double k) { return k > 0 ? static_cast<std::uint64_t>(k) : 0; }

}  // namespace lamina::sim
