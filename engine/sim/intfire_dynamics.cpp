// NEURON's artificial cells IntFire1 and IntFire4, from event to event on their closed
// forms. IntFire1 can fire only when an input arrives; IntFire4's membrane reaches
// threshold between inputs, found by NEURON's safe bound (m + m' t = 1 never passes the
// true crossing, so stepping to it converges from below) and bisection at the end.

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/sim/point_dynamics.h"

namespace lamina::sim {

namespace {

// IntFire4's rates and normalisation: with these, an excitatory weight of 1 brings m to
// a peak of 1, and an inhibitory -1 brings i2 to -1 and m to -1 (NEURON's definition).
struct IntFire4Constants {
    double ke, ki1, ki2, km;
    double be, ae, bi1, ai1, bi2, ai2, a, b;

    explicit IntFire4Constants(const IntFireParameters& p)
        : ke(1 / p.taue), ki1(1 / p.taui1), ki2(1 / p.taui2), km(1 / p.taum) {
        double tp = std::log(km / ke) / (km - ke);
        be = 1 / (std::exp(-km * tp) - std::exp(-ke * tp));
        ae = be * (ke - km);
        tp = std::log(ki2 / ki1) / (ki2 - ki1);
        bi1 = 1 / (std::exp(-ki2 * tp) - std::exp(-ki1 * tp));
        ai1 = bi1 * (ki1 - ki2);
        // m's response to i1 = 1 with bi2 = 1, then scaled so that its peak is 1.
        bi2 = 1;
        set_inhibition();
        const double peak = peak_of_inhibition();
        bi2 = 1 / membrane_after(0, 1, 0, 0, peak);
        set_inhibition();
    }
    void set_inhibition() {
        ai2 = bi2 * (ki2 - km);
        a = bi2 * bi1;
        b = a * (ki2 - km) / (ki1 - km);
    }
    double membrane_after(double e, double i1, double i2, double m, double d) const {
        const double ee = std::exp(-ke * d), ei1 = std::exp(-ki1 * d), ei2 = std::exp(-ki2 * d), em = std::exp(-km * d);
        return m * em + be * e * (em - ee) + (bi2 * i2 + a * i1) * (em - ei2) - b * i1 * (em - ei1);
    }
    // When m's response to i1 alone peaks: where its derivative, proportional to
    // -km (ki1 - ki2) e^-km t + ki2 (ki1 - km) e^-ki2 t - ki1 (ki2 - km) e^-ki1 t, is 0.
    double peak_of_inhibition() const {
        const auto slope = [&](double t) {
            return -km * (ki1 - ki2) * std::exp(-km * t) + ki2 * (ki1 - km) * std::exp(-ki2 * t) -
                   ki1 * (ki2 - km) * std::exp(-ki1 * t);
        };
        double lo = 0, hi = 1;
        while (slope(hi) > 0) hi *= 2;
        for (int k = 0; k < 200 && hi - lo > 1e-12; ++k) (slope(0.5 * (lo + hi)) > 0 ? lo : hi) = 0.5 * (lo + hi);
        return 0.5 * (lo + hi);
    }
};

struct Cell {
    PointModel model;
    IntFireParameters p;
    double m0;
    // State as of time t0.
    double t0 = 0, m = 0, e = 0, i1 = 0, i2 = 0;
    double refractory_until = -std::numeric_limits<double>::infinity();
};

class IntFireDynamics final : public PointDynamics {
public:
    explicit IntFireDynamics(const std::vector<const PointNeuron*>& neurons) {
        for (const PointNeuron* n : neurons) {
            cells_.push_back({n->model, n->intfire, n->V_m});
            constants_.emplace_back(n->model == PointModel::IntFire4 ? IntFire4Constants(n->intfire) : four_defaults());
        }
        initialize();
    }

    void initialize() override {
        for (Cell& c : cells_) {
            c.t0 = 0, c.m = c.m0, c.e = c.i1 = c.i2 = 0;
            c.refractory_until = -std::numeric_limits<double>::infinity();
        }
        fired_.clear();
        now_ = 0;
    }

    void receive(std::uint32_t n, double w, double t) override {
        Cell& c = cells_[n];
        if (c.model == PointModel::IntFire1) {
            if (t < c.refractory_until) return;  // deaf while refractory
            c.m = c.m * std::exp(-(t - c.t0) / c.p.tau) + w;
            c.t0 = t;
            if (c.m > 1) {
                fired_.push_back({n, t});
                c.refractory_until = t + c.p.refrac;
                c.m = 0;  // from the end of the refractory period; shown as 0 meanwhile
                c.t0 = c.refractory_until;
            }
            return;
        }
        move_to(n, t);
        if (w > 0) c.e += w;
        else c.i1 += w;
    }

    void advance(double t0, double dt, const std::vector<Gid>& gids, std::vector<Spike>& spikes) override {
        for (const auto& [n, t] : fired_) spikes.push_back({gids[n], t});
        fired_.clear();
        for (std::uint32_t n = 0; n < cells_.size(); ++n)
            if (cells_[n].model == PointModel::IntFire4) fire_within(n, t0 + dt, gids[n], spikes);
        now_ = t0 + dt;
    }

    double membrane(std::uint32_t n) const override {
        const Cell& c = cells_.at(n);
        if (c.model == PointModel::IntFire4) return c.m;  // carried to the end of the last step
        if (now_ < c.refractory_until) return 0.0;
        return c.m * std::exp(-(now_ - c.t0) / c.p.tau);  // NEURON's M(): decayed since the last input
    }

    std::size_t memory_bytes() const override { return cells_.size() * (sizeof(Cell) + sizeof(IntFire4Constants)); }

private:
    static IntFire4Constants four_defaults() { return IntFire4Constants(IntFireParameters{}); }

    // IntFire4's states carried from c.t0 to t on the closed form.
    void move_to(std::uint32_t n, double t) {
        Cell& c = cells_[n];
        const IntFire4Constants& k = constants_[n];
        const double d = t - c.t0;
        if (d <= 0) return;
        const double ei1 = std::exp(-k.ki1 * d), ei2 = std::exp(-k.ki2 * d);
        const double m = k.membrane_after(c.e, c.i1, c.i2, c.m, d);
        c.i2 = c.i2 * ei2 + k.bi1 * c.i1 * (ei2 - ei1);
        c.i1 *= ei1;
        c.e *= std::exp(-k.ke * d);
        c.m = m;
        c.t0 = t;
    }

    double slope(std::uint32_t n) const {
        const Cell& c = cells_[n];
        const IntFire4Constants& k = constants_[n];
        return -k.km * c.m + k.ae * c.e + k.ai2 * c.i2;
    }

    // Every crossing of m = 1 before `end`: step to NEURON's lower bound of the firing
    // time until the bound passes `end` or m is within 1e-12 of 1, and fire there.
    void fire_within(std::uint32_t n, double end, Gid gid, std::vector<Spike>& spikes) {
        Cell& c = cells_[n];
        for (int k = 0; k < 100000; ++k) {
            const double s = slope(n);
            if (c.m >= 1 - 1e-12) {
                spikes.push_back({gid, c.t0});
                c.m = 0;
                continue;
            }
            if (s <= 1e-12) break;  // m cannot reach 1 before another input (NEURON's proof)
            const double bound = c.t0 + (1 - c.m) / s;
            if (bound >= end) break;
            move_to(n, bound);
        }
        move_to(n, end);
    }

    std::vector<Cell> cells_;
    std::vector<IntFire4Constants> constants_;
    std::vector<std::pair<std::uint32_t, double>> fired_;
    double now_ = 0;  // [ms] the end of the last step  // IntFire1 spikes at their inputs, reported at the next advance
};

}  // namespace

std::unique_ptr<PointDynamics> make_intfire_dynamics(const std::vector<const PointNeuron*>& neurons) {
    return std::make_unique<IntFireDynamics>(neurons);
}

}  // namespace lamina::sim
