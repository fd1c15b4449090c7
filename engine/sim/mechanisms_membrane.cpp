// Density mechanisms: pas and hh, exactly as NEURON's pas.mod and hh.mod (exact rate
// functions, cnexp integration of the gates).

#include <cmath>
#include <limits>

#include "engine/sim/mechanisms_builtin.h"
#include "engine/sim/simd_math.h"

namespace lamina::sim {

namespace {

// Each mechanism's metadata as constant lists, from which both its MechanismInfo and
// its kernels' named indices are made.
constexpr std::array<ParameterSpec, 2> passive_parameters{{{"g", 0.001, "S/cm2", 0.0}, {"e", -70.0, "mV"}}};
constexpr std::array<ParameterSpec, 4> hh_parameters{{{"gnabar", 0.12, "S/cm2", 0.0},
                                                      {"gkbar", 0.036, "S/cm2", 0.0},
                                                      {"gl", 0.0003, "S/cm2", 0.0},
                                                      {"el", -54.3, "mV"}}};
constexpr std::array<std::string_view, 3> hh_states{"m", "h", "n"};

// pas.mod: g (v - e), NONSPECIFIC_CURRENT.
class Passive final : public Mechanism {
public:
    enum Parameter : std::size_t {
        g_ = named_index(passive_parameters, "g"),
        e_ = named_index(passive_parameters, "e"),
    };
    const MechanismInfo& info() const override { return passive_info(); }
    void initialize(MechanismPack&) override {}
    void compute_currents(MechanismPack& p) override {
        const double* g = p.parameters[g_];
        const double* e = p.parameters[e_];
        // Local copies: stores through the pack could alias it and block vectorising.
        const double* v = p.v;
        double *rhs = p.rhs, *d = p.d;
        for_each_instance(p, [&](std::size_t i, std::size_t k) {
            rhs[k] -= g[i] * (v[k] - e[i]);
            d[k] += g[i];
        });
    }
    void advance_state(MechanismPack&) override {}
};

// hh.mod: USEION na READ ena WRITE ina, USEION k READ ek WRITE ik, NONSPECIFIC il.
class HodgkinHuxley final : public Mechanism {
public:
    enum Parameter : std::size_t {
        gnabar_ = named_index(hh_parameters, "gnabar"),
        gkbar_ = named_index(hh_parameters, "gkbar"),
        gl_ = named_index(hh_parameters, "gl"),
        el_ = named_index(hh_parameters, "el"),
    };
    enum State : std::size_t {
        m_ = named_index(hh_states, "m"),
        h_ = named_index(hh_states, "h"),
        n_ = named_index(hh_states, "n"),
    };
    enum Ion : std::size_t { na_, k_ };
    enum Global : std::size_t { usetable_ };
    const MechanismInfo& info() const override { return hh_info(); }

    void initialize(MechanismPack& p) override {
        use_tables_ = p.globals[usetable_] != 0.0;
        if (use_tables_) build_tables(p.celsius);
        // Steady state at the initial voltage: one gate update with an infinite step.
        sweep(p, std::numeric_limits<double>::infinity());
    }

    void compute_currents(MechanismPack& p) override {
        // Ion arrays indexed like the instances (hh alone on its nodes, the usual case)
        // keep the loop free of gathers.
        const IonView &na = p.ions[na_], &k = p.ions[k_];
        const bool direct = na.index == nullptr && k.index == nullptr;
        const bool record = na.current != nullptr || k.current != nullptr;
        if (direct && !record) return currents<true, false>(p);
        if (direct) return currents<true, true>(p);
        if (!record) return currents<false, false>(p);
        currents<false, true>(p);
    }

    void advance_state(MechanismPack& p) override { sweep(p, p.dt); }

private:
    // Direct: ion node i is instance i. Record: some mechanism reads ina or ik.
    template <bool Direct, bool Record>
    void currents(MechanismPack& p) {
        const double *gnabar = p.parameters[gnabar_], *gkbar = p.parameters[gkbar_], *gl = p.parameters[gl_],
                     *el = p.parameters[el_];
        const double *m = p.states[m_], *h = p.states[h_], *nn = p.states[n_];
        const IonView &na = p.ions[na_], &kv = p.ions[k_];
        const double *ena = na.reversal, *ek = kv.reversal;
        const std::uint32_t *na_index = na.index, *k_index = kv.index;
        double *ina = na.current, *ik = kv.current;
        const double* vs = p.v;
        double *rhs = p.rhs, *d = p.d;
        for_each_instance(p, [&](std::size_t i, std::size_t k) {
            const std::size_t a = Direct ? i : na_index[i], b = Direct ? i : k_index[i];
            const double v = vs[k];
            const double gna = gnabar[i] * m[i] * m[i] * m[i] * h[i];
            const double n2 = nn[i] * nn[i];
            const double gk = gkbar[i] * n2 * n2;
            const double i_na = gna * (v - ena[a]), i_k = gk * (v - ek[b]);
            rhs[k] -= i_na + i_k + gl[i] * (v - el[i]);
            d[k] += gna + gk + gl[i];
            if constexpr (Record) {
                if (ina) ina[a] += i_na;
                if (ik) ik[b] += i_k;
            }
        });
    }

    // cnexp for every gate: x += (1 - exp(-dt/tau)) (x_inf - x), rates at the present v.
    // dt = infinity sets each gate to its steady state (initialisation).
    void sweep(const MechanismPack& p, double dt) {
        if (use_tables_) {
            tabulated_sweep(p, dt);
            return;
        }
        const double q10 = std::pow(3.0, (p.celsius - 6.3) / 10.0);
        const double minus_dt_q10 = -dt * q10;
        double *m = p.states[m_], *h = p.states[h_], *nn = p.states[n_];
        const double* vs = p.v;
        for_each_instance(p, [&](std::size_t i, std::size_t k) LAMINA_INLINE {
            const Rates r = exact_rates(vs[k]);
            m[i] += (1.0 - exp_simd_nonpositive(minus_dt_q10 * r.m_sum)) * (r.m_inf - m[i]);
            h[i] += (1.0 - exp_simd_nonpositive(minus_dt_q10 * r.h_sum)) * (r.h_inf - h[i]);
            nn[i] += (1.0 - exp_simd_nonpositive(minus_dt_q10 * r.n_sum)) * (r.n_inf - nn[i]);
        });
    }

    // Per gate, the steady state alpha / (alpha + beta) and alpha + beta [1/ms at 6.3 °C]
    // (1/tau = q10 (alpha + beta)).
    struct Rates {
        double m_inf, m_sum, h_inf, h_sum, n_inf, n_sum;
    };

    // The exact rate functions of hh.mod. All six exponentials are powers of one: with
    // u = v + 65 and w = exp(-u/720),
    //   exp(-u/18) = w^40, exp(-u/20) = w^36, exp(-u/80) = w^9, exp(-u/10) = w^72,
    // and the vtrap terms are e^2.5, e^3, e^1 times w^72. One exp and eight products
    // replace six exps (relative difference ~1e-15, far below any model tolerance).
    LAMINA_INLINE static Rates exact_rates(double v) {
        constexpr double e25 = 12.182493960703473, e3 = 20.085536923187668, e1 = 2.718281828459045;
        // In range for |v| < 5e5 mV; beyond that the run is already a blow-up, which the
        // group reports (the unclamped exp then gives garbage, not undefined behaviour).
        const double w = exp_simd_in_range(-(v + 65.0) * (1.0 / 720.0));
        const double w2 = w * w, w4 = w2 * w2, w8 = w4 * w4, w9 = w8 * w;
        const double w16 = w8 * w8, w32 = w16 * w16, w36 = w32 * w4, w40 = w32 * w8, w72 = w36 * w36;
        Rates r;
        gate_from_fraction(vtrap(-(v + 40.0), e25 * w72, 0.1), 4.0 * w40, r.m_inf, r.m_sum);
        // h: alpha = 0.07 w^36 over 1, beta = 1 / (e^3 w^72 + 1). With G = e^3 w^72 + 1,
        // alpha + beta = T / G where T = alpha G + 1, and x_inf = alpha G / T.
        const double h_alpha = 0.07 * w36, g = e3 * w72 + 1.0, t = h_alpha * g + 1.0;
        const double inv = 1.0 / (g * t);  // the gate's one division
        r.h_sum = t * t * inv;
        r.h_inf = h_alpha * g * g * inv;
        gate_from_fraction(vtrap(-(v + 55.0), e1 * w72, 0.01), 0.125 * w9, r.n_inf, r.n_sum);
        return r;
    }

    // alpha as numerator / denominator (a vtrap term); beta given.
    struct Fraction {
        double numerator, denominator;
    };

    // With S = numerator + beta denominator: alpha + beta = S / denominator and
    // x_inf = numerator / S, both from one division 1 / (denominator S). Divisions are
    // the slowest vector instruction here; this halves them.
    LAMINA_INLINE static void gate_from_fraction(Fraction alpha, double beta, double& inf, double& sum) {
        const double s = alpha.numerator + beta * alpha.denominator;
        const double inv = 1.0 / (alpha.denominator * s);
        sum = s * s * inv;
        inf = alpha.numerator * alpha.denominator * inv;
    }

    // scale x / (exp(x/10) - 1) given x and exp(x/10) (NEURON's vtrap) as a fraction, with
    // its guard near the removable singularity x = 0, where it is scale 10 (1 - x/20).
    // Both branches are computed and one selected, which keeps the loop vectorised.
    // (Products, not x/10 and x/20: a vector division costs as much as ten products.)
    LAMINA_INLINE static Fraction vtrap(double x, double exp_x10, double scale) {
        const bool near_zero = std::abs(x) * 0.1 < 1e-6;
        return {near_zero ? scale * 10.0 * (1.0 - x * 0.05) : scale * x, near_zero ? 1.0 : exp_x10 - 1.0};
    }

    // NEURON's TABLE ... FROM -100 TO 100 WITH 200: linear interpolation between 1 mV
    // points, clamped at the ends.
    void tabulated_sweep(const MechanismPack& p, double dt) {
        double *m = p.states[m_], *h = p.states[h_], *nn = p.states[n_];
        const double* vs = p.v;
        const double* t[6] = {table_[0].data(), table_[1].data(), table_[2].data(),
                              table_[3].data(), table_[4].data(), table_[5].data()};
        for_each_instance(p, [&](std::size_t i, std::size_t node) LAMINA_INLINE {
            // Branch-free, so the loop vectorises: clamping to [0, 200] (NaN to 0) and a
            // repeated last entry give NEURON's end values with theta = 0 there.
            double xi = vs[node] + 100.0;
            xi = xi > 0.0 ? xi : 0.0;
            xi = xi < 200.0 ? xi : 200.0;
            const int k = static_cast<int>(xi);
            const double theta = xi - k;
            const auto at = [&](const double* table) LAMINA_INLINE { return table[k] + theta * (table[k + 1] - table[k]); };
            m[i] += (1.0 - exp_simd_nonpositive(-dt * (1.0 / at(t[1])))) * (at(t[0]) - m[i]);
            h[i] += (1.0 - exp_simd_nonpositive(-dt * (1.0 / at(t[3])))) * (at(t[2]) - h[i]);
            nn[i] += (1.0 - exp_simd_nonpositive(-dt * (1.0 / at(t[5])))) * (at(t[4]) - nn[i]);
        });
    }

    // NEURON's table, point by point with hh.mod's own formulas (std::exp each), so the
    // tabulated values are NEURON's to the last bit.
    void build_tables(double celsius) {
        const double q10 = std::pow(3.0, (celsius - 6.3) / 10.0);
        auto vtrap = [](double x, double y) { return std::abs(x / y) < 1e-6 ? y * (1.0 - x / y / 2.0) : x / (std::exp(x / y) - 1.0); };
        for (auto& t : table_) t.assign(202, 0.0);  // [201] repeats [200] (see tabulated_sweep)
        for (int i = 0; i <= 200; ++i) {
            const double v = -100.0 + i;
            double alpha = 0.1 * vtrap(-(v + 40.0), 10.0), beta = 4.0 * std::exp(-(v + 65.0) / 18.0);
            double sum = alpha + beta;
            table_[1][i] = 1.0 / (q10 * sum);
            table_[0][i] = alpha / sum;
            alpha = 0.07 * std::exp(-(v + 65.0) / 20.0);
            beta = 1.0 / (std::exp(-(v + 35.0) / 10.0) + 1.0);
            sum = alpha + beta;
            table_[3][i] = 1.0 / (q10 * sum);
            table_[2][i] = alpha / sum;
            alpha = 0.01 * vtrap(-(v + 55.0), 10.0);
            beta = 0.125 * std::exp(-(v + 65.0) / 80.0);
            sum = alpha + beta;
            table_[5][i] = 1.0 / (q10 * sum);
            table_[4][i] = alpha / sum;
        }
        for (auto& t : table_) t[201] = t[200];
    }

    bool use_tables_ = false;
    std::vector<double> table_[6];  // m_inf, m_tau, h_inf, h_tau, n_inf, n_tau at -100..100 mV
};

}  // namespace

const MechanismInfo& passive_info() {
    static const MechanismInfo info{"pas", MechanismKind::density, parameter_infos(passive_parameters), {}, {}, {}, false};
    return info;
}

const MechanismInfo& hh_info() {
    static const MechanismInfo info{"hh",
                                    MechanismKind::density,
                                    parameter_infos(hh_parameters),
                                    names_of(hh_states),
                                    {{"na", true, true}, {"k", true, true}},  // in Ion order
                                    {{"usetable_hh", 0.0}},
                                    false};
    return info;
}

std::unique_ptr<Mechanism> make_passive() { return std::make_unique<Passive>(); }
std::unique_ptr<Mechanism> make_hh() { return std::make_unique<HodgkinHuxley>(); }

}  // namespace lamina::sim
