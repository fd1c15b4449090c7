// Density mechanisms: pas and hh, exactly as NEURON's pas.mod and hh.mod (exact rate
// functions, cnexp integration of the gates).

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "engine/sim/mechanism_base.h"
#include "engine/sim/mechanisms_builtin.h"

namespace lamina::sim {

namespace {

using ArrayMap = Eigen::Map<Eigen::ArrayXd, Eigen::Aligned64>;

class Passive final : public MechanismBase {
public:
    const MechanismInfo& info() const override { return passive_info(); }
    void initialize(const SharedState&) override {}
    void compute_currents(SharedState& s) override {
        const double* g = parameter(0).data();
        const double* e = parameter(1).data();
        // Local copies: stores through s.rhs could alias s itself and block vectorising.
        const double* v = s.v;
        double *rhs = s.rhs, *d = s.d;
        for_each_instance([&](std::size_t i, std::size_t k) {
            rhs[k] -= g[i] * (v[k] - e[i]);
            d[k] += g[i];
        });
    }
    void advance_state(const SharedState&) override {}
};

class HodgkinHuxley final : public MechanismBase {
public:
    HodgkinHuxley() {
        add_state("m");
        add_state("h");
        add_state("n");
    }
    const MechanismInfo& info() const override { return hh_info(); }

    void initialize(const SharedState& s) override {
        use_tables_ = s.global("usetable_hh", 0.0) != 0.0;
        if (use_tables_) build_tables(s.celsius);
        gather_v(s);
        compute_rates(s.celsius);
        ArrayMap(state(0).data(), n()) = r_.m_inf;
        ArrayMap(state(1).data(), n()) = r_.h_inf;
        ArrayMap(state(2).data(), n()) = r_.n_inf;
    }

    void compute_currents(SharedState& s) override {
        const double *gnabar = parameter(0).data(), *gkbar = parameter(1).data(),
                     *gl = parameter(2).data(), *el = parameter(3).data(),
                     *ena = parameter(4).data(), *ek = parameter(5).data();
        const double *m = state(0).data(), *h = state(1).data(), *nn = state(2).data();
        const double* vs = s.v;
        double *rhs = s.rhs, *d = s.d;
        for_each_instance([&](std::size_t i, std::size_t k) {
            const double v = vs[k];
            const double gna = gnabar[i] * m[i] * m[i] * m[i] * h[i];
            const double n2 = nn[i] * nn[i];
            const double gk = gkbar[i] * n2 * n2;
            rhs[k] -= gna * (v - ena[i]) + gk * (v - ek[i]) + gl[i] * (v - el[i]);
            d[k] += gna + gk + gl[i];
        });
    }

    void advance_state(const SharedState& s) override {
        gather_v(s);
        compute_rates(s.celsius);
        // cnexp: x += (1 - exp(-dt/tau)) (x_inf - x).
        advance_gate(state(0), r_.m_inf, r_.m_tau, s.dt);
        advance_gate(state(1), r_.h_inf, r_.h_tau, s.dt);
        advance_gate(state(2), r_.n_inf, r_.n_tau, s.dt);
    }

private:
    // Work arrays, sized once at lowering so a step allocates nothing.
    struct Rates {
        Eigen::ArrayXd m_inf, h_inf, n_inf;  // steady states
        Eigen::ArrayXd m_tau, h_tau, n_tau;  // [1/ms] rates 1/tau (named for the gates they time)
        Eigen::ArrayXd alpha, beta, x;       // scratch
        Eigen::ArrayXd w, w2, w4, w8, w9, w32, w36, w40, w72;  // powers of exp(-(v+65)/720)
    };

    void on_instantiate() override {
        resize_work(n());
    }

    void resize_work(Eigen::Index size) {
        for (Eigen::ArrayXd* a : {&r_.m_inf, &r_.h_inf, &r_.n_inf, &r_.m_tau, &r_.h_tau, &r_.n_tau, &r_.alpha,
                                  &r_.beta, &r_.x, &r_.w, &r_.w2, &r_.w4, &r_.w8, &r_.w9, &r_.w32, &r_.w36,
                                  &r_.w40, &r_.w72})
            a->resize(size);
    }

    Eigen::Index n() const { return static_cast<Eigen::Index>(size()); }

    void gather_v(const SharedState& s) {
        const std::uint32_t* node = nodes_.data();
        if (contiguous_ && size() > 0) {
            std::copy(s.v + node[0], s.v + node[0] + size(), scratch_.begin());
            return;
        }
        for (std::size_t i = 0; i < size(); ++i) scratch_[i] = s.v[node[i]];
    }

    // `rate` is 1/tau [1/ms]: the exact path stores rates (no division), the table path
    // stores NEURON's tabulated tau and converts.
    void advance_gate(Array& gate, const Eigen::ArrayXd& inf, const Eigen::ArrayXd& rate, double dt) {
        ArrayMap x(gate.data(), n());
        x += (1.0 - (-dt * rate).exp()) * (inf - x);
    }

    // The exact rate functions of hh.mod at the voltages in v. All six exponentials of
    // the rates are powers of one: with u = v + 65 and w = exp(-u/720),
    //   exp(-u/18) = w^40, exp(-u/20) = w^36, exp(-u/80) = w^9, exp(-u/10) = w^72,
    // and the vtrap terms are e^2.5, e^3, e^1 times w^72. One exp and eight products
    // replace six exps (relative difference ~1e-15, far below any model tolerance).
    template <typename V>
    void exact_rates(const V& v, double celsius) {
        const double q10 = std::pow(3.0, (celsius - 6.3) / 10.0);
        Rates& r = r_;
        r.w = (-(v + 65.0) / 720.0).exp();
        r.w2 = r.w * r.w;
        r.w4 = r.w2 * r.w2;
        r.w8 = r.w4 * r.w4;
        r.w9 = r.w8 * r.w;
        r.w32 = r.w8 * r.w8;
        r.w32 *= r.w32;
        r.w36 = r.w32 * r.w4;
        r.w40 = r.w32 * r.w8;
        r.w72 = r.w36 * r.w36;
        static const double e25 = std::exp(2.5), e3 = std::exp(3.0), e1 = std::exp(1.0);

        r.x = -(v + 40.0);
        r.beta = e25 * r.w72;  // exp(x/10) for the m gate
        vtrap_into(r.alpha, r.x, r.beta, 0.1);
        r.beta = 4.0 * r.w40;
        r.m_tau = q10 * (r.alpha + r.beta);  // a rate here: 1/tau
        r.m_inf = r.alpha / (r.alpha + r.beta);
        r.alpha = 0.07 * r.w36;
        r.beta = 1.0 / (e3 * r.w72 + 1.0);
        r.h_tau = q10 * (r.alpha + r.beta);
        r.h_inf = r.alpha / (r.alpha + r.beta);
        r.x = -(v + 55.0);
        r.beta = e1 * r.w72;
        vtrap_into(r.alpha, r.x, r.beta, 0.01);
        r.beta = 0.125 * r.w9;
        r.n_tau = q10 * (r.alpha + r.beta);
        r.n_inf = r.alpha / (r.alpha + r.beta);
    }

    // alpha = scale * x / (exp(x/10) - 1) given x and exp(x/10) (NEURON's vtrap),
    // including its guard near the removable singularity x = 0, where it is
    // scale * 10 (1 - x/20).
    static void vtrap_into(Eigen::ArrayXd& out, const Eigen::ArrayXd& x, const Eigen::ArrayXd& exp_x10, double scale) {
        constexpr double y = 10.0;
        // Whole-array expressions vectorise (Eigen's select() does not), so the regular
        // branch is computed everywhere and the rare near-zero entries are fixed after.
        out = scale * x / (exp_x10 - 1.0);
        for (Eigen::Index i = 0; i < out.size(); ++i)
            if (std::abs(x[i] / y) < 1e-6) out[i] = scale * y * (1.0 - x[i] / y / 2.0);
    }

    void compute_rates(double celsius) {
        if (!use_tables_) {
            exact_rates(ArrayMap(scratch_.data(), n()), celsius);
            return;
        }
        // NEURON's TABLE ... FROM -100 TO 100 WITH 200: linear interpolation between
        // 1 mV points, clamped at the ends.
        for (Eigen::Index i = 0; i < n(); ++i) {
            const double xi = scratch_[static_cast<std::size_t>(i)] + 100.0;
            std::size_t k = 0;
            double theta = 0.0;
            if (xi >= 200.0) k = 200;
            else if (xi > 0.0) {
                k = static_cast<std::size_t>(xi);
                theta = xi - static_cast<double>(k);
            }
            auto at = [&](const std::vector<double>& t) {
                return k == 200 || theta == 0.0 ? t[k] : t[k] + theta * (t[k + 1] - t[k]);
            };
            r_.m_inf[i] = at(table_[0]);
            r_.m_tau[i] = 1.0 / at(table_[1]);
            r_.h_inf[i] = at(table_[2]);
            r_.h_tau[i] = 1.0 / at(table_[3]);
            r_.n_inf[i] = at(table_[4]);
            r_.n_tau[i] = 1.0 / at(table_[5]);
        }
    }

    // NEURON's table, point by point with hh.mod's own formulas (std::exp each), so the
    // tabulated values are NEURON's to the last bit.
    void build_tables(double celsius) {
        const double q10 = std::pow(3.0, (celsius - 6.3) / 10.0);
        auto vtrap = [](double x, double y) { return std::abs(x / y) < 1e-6 ? y * (1.0 - x / y / 2.0) : x / (std::exp(x / y) - 1.0); };
        for (auto& t : table_) t.assign(201, 0.0);
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
    }

    Rates r_;
    bool use_tables_ = false;
    std::vector<double> table_[6];  // m_inf, m_tau, h_inf, h_tau, n_inf, n_tau at -100..100 mV
};

}  // namespace

const MechanismInfo& passive_info() {
    static const MechanismInfo info{"pas",
                                    MechanismKind::density,
                                    {{"g", 0.001, "S/cm2", 0.0}, {"e", -70.0, "mV"}},
                                    {},
                                    {},
                                    {}};
    return info;
}

const MechanismInfo& hh_info() {
    static const MechanismInfo info{"hh",
                                    MechanismKind::density,
                                    {{"gnabar", 0.12, "S/cm2", 0.0},
                                     {"gkbar", 0.036, "S/cm2", 0.0},
                                     {"gl", 0.0003, "S/cm2", 0.0},
                                     {"el", -54.3, "mV"},
                                     {"ena", 50.0, "mV"},
                                     {"ek", -77.0, "mV"}},
                                    {"m", "h", "n"},
                                    {"na", "k"},
                                    {"usetable_hh"}};
    return info;
}

std::unique_ptr<Mechanism> make_passive() { return std::make_unique<Passive>(); }
std::unique_ptr<Mechanism> make_hh() { return std::make_unique<HodgkinHuxley>(); }

}  // namespace lamina::sim
