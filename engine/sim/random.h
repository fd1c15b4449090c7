#pragma once
// Counter-based random numbers: the k-th draw of stream (seed, id) is a pure function of
// its inputs, so results do not depend on threads, chunking or call order.

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

}  // namespace lamina::sim
