#pragma once
// Elementary functions written so that a `#pragma omp simd` loop vectorises them: plain
// arithmetic, selects and integer bit operations, no calls and no lookup tables.
// std::exp is a scalar library call that stops the vectoriser; a channel kernel needs
// several exponentials per compartment per step.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

// Kernels are lambdas handed to a vectorised loop; the loop only vectorises if the
// compiler inlines them, which it may decline for large bodies without this.
#define LAMINA_INLINE __attribute__((always_inline))

namespace lamina::sim {

// e^x for x in [-708, 709], with a relative error below 3 DBL_EPSILON (6.7e-16; checked
// against std::exp by test_sim_kernels over that range). Outside the range the result
// is unspecified (but computing it is defined behaviour): callers that cannot bound
// their argument use exp_simd or exp_simd_nonpositive, which clamp. Skipping the clamps
// saves a compare and a blend per bound in kernels that know their range.
//
// Method: x = k ln2 + r with integer k and |r| <= ln2/2, e^x = 2^k e^r. ln2 is split in a
// high part with 11 trailing zero bits (k ln2_hi is exact for |k| < 2^11) and a low part
// (Cody and Waite), so r carries no cancellation error. e^r = 1 + r + r² q(r), with q of
// degree 9 fitted to (e^r - 1 - r)/r² at Chebyshev nodes on [-ln2/2, ln2/2] (its error
// below 1.1e-16, times r² <= 0.12). Writing 1 + r exactly keeps the coefficients' own
// rounding below 2e-17 of the result; two terms fewer than the Taylor polynomial of
// degree 13 the same accuracy needs.
LAMINA_INLINE inline double exp_simd_in_range(double x) {
    constexpr double log2e = 1.4426950408889634;
    constexpr double ln2_hi = 0x1.62e42fefa3800p-1;
    constexpr double ln2_lo = 0x1.ef35793c76730p-45;
    // Adding 1.5 * 2^52 rounds to an integer held in the low mantissa bits.
    constexpr double shifter = 0x1.8p52;
    const double shifted = x * log2e + shifter;
    const double k = shifted - shifter;
    const double r = (x - k * ln2_hi) - k * ln2_lo;
    // Estrin's scheme: pairs, then pairs of pairs. The same terms as Horner's rule in a
    // shorter dependency chain, so consecutive vectors overlap.
    constexpr double q0 = 0.5000000000000001, q1 = 0.16666666666666669, q2 = 0.041666666666624164;
    constexpr double q3 = 0.008333333333330065, q4 = 0.0013888888917196719, q5 = 0.00019841269863040545;
    constexpr double q6 = 2.4801521322368692e-05, q7 = 2.7557268480310024e-06, q8 = 2.7620075879983367e-07;
    constexpr double q9 = 2.5100375832561234e-08;
    const double r2 = r * r, r4 = r2 * r2;
    const double q01 = q0 + r * q1, q23 = q2 + r * q3, q45 = q4 + r * q5, q67 = q6 + r * q7, q89 = q8 + r * q9;
    const double q03 = q01 + r2 * q23, q47 = q45 + r2 * q67;
    const double q = q03 + r4 * (q47 + r4 * q89);
    const double p = (1.0 + r) + r2 * q;
    // 2^k: k sits in the low bits of `shifted`; move it into the exponent field.
    const std::uint64_t exponent = (std::bit_cast<std::uint64_t>(shifted) << 52) + (std::uint64_t{1023} << 52);
    return p * std::bit_cast<double>(exponent);
}

// e^x for any x: clamped to [-708, 709], so the result stays finite and normal; NaN
// stays NaN.
LAMINA_INLINE inline double exp_simd(double x) {
    x = x < -708.0 ? -708.0 : x;
    return exp_simd_in_range(x > 709.0 ? 709.0 : x);
}

// e^x for x <= 0 (decay factors exp(-dt/tau)): only the lower bound needs a clamp, and
// e^-708 stands in for anything smaller (the difference is below 1e-307).
LAMINA_INLINE inline double exp_simd_nonpositive(double x) {
    return exp_simd_in_range(x < -708.0 ? -708.0 : x);
}

// Natural logarithm for any x, within 3 DBL_EPSILON (checked by test_sim_kernels from
// 1e-300 to 1e300 and on subnormals); log(0) = -inf, log(x < 0) and log(NaN) = NaN,
// log(inf) = inf. Method: x = m 2^e with m in [sqrt(1/2), sqrt(2)), then
// log m = 2 atanh(s) with s = (m - 1)/(m + 1), |s| <= 0.172, as its odd series to s^23
// (remainder below 1e-19), and e ln 2 added with ln 2 split in two (Cody and Waite).
LAMINA_INLINE inline double log_simd(double x) {
    const bool subnormal = x < 2.2250738585072014e-308;
    const double scaled = subnormal ? x * 18014398509481984.0 : x;  // 2^54
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(scaled);
    double e = static_cast<double>(static_cast<std::int64_t>((bits >> 52) & 0x7ff) - 1023);
    double m = std::bit_cast<double>((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // [1, 2)
    const bool high = m > 1.4142135623730951;
    m = high ? m * 0.5 : m;
    e = high ? e + 1.0 : e;
    e = subnormal ? e - 54.0 : e;
    const double s = (m - 1.0) / (m + 1.0), s2 = s * s, s4 = s2 * s2, s8 = s4 * s4;
    const double q01 = 1.0 + s2 * (1.0 / 3), q23 = 1.0 / 5 + s2 * (1.0 / 7), q45 = 1.0 / 9 + s2 * (1.0 / 11);
    const double q67 = 1.0 / 13 + s2 * (1.0 / 15), q89 = 1.0 / 17 + s2 * (1.0 / 19), q1011 = 1.0 / 21 + s2 * (1.0 / 23);
    const double q = (q01 + s4 * q23) + s8 * ((q45 + s4 * q67) + s8 * (q89 + s4 * q1011));
    constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    const double result = e * ln2_hi + (e * ln2_lo + 2.0 * s * q);
    const double special = x == 0.0 ? -std::numeric_limits<double>::infinity()
                           : x > 1.7976931348623157e308 ? x
                                                         : std::numeric_limits<double>::quiet_NaN();
    return x > 0.0 && x <= 1.7976931348623157e308 ? result : special;
}

// x^y as exp(y log x): relative error about |y log x| DBL_EPSILON plus a few
// DBL_EPSILON (1e-14 for |y log x| < 40). Negative x with whole y is signed as
// std::pow signs it; negative x with fractional y is NaN; 0^y is 0, 1 or inf.
LAMINA_INLINE inline double pow_simd(double x, double y) {
    const double magnitude = exp_simd(y * log_simd(std::fabs(x)));
    const double whole = std::floor(y);
    const bool integer = whole == y;
    const bool odd = integer && std::floor(whole * 0.5) != whole * 0.5;
    const double negative = integer ? (odd ? -magnitude : magnitude) : std::numeric_limits<double>::quiet_NaN();
    const double zero = y > 0.0 ? 0.0 : y == 0.0 ? 1.0 : std::numeric_limits<double>::infinity();
    return x > 0.0 ? magnitude : x == 0.0 ? (y == 0.0 ? 1.0 : zero) : negative;
}

}  // namespace lamina::sim
