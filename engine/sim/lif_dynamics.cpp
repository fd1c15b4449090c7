// Leaky integrate-and-fire neurons with current synapses (iaf_psc_exp, iaf_psc_alpha,
// IntFire2), integrated exactly: one precomputed linear map per neuron and step, the
// spike timed on the closed form, refractory periods ending inside steps.

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/sim/point_dynamics.h"

namespace lamina::sim {

namespace {

class LifDynamics final : public PointDynamics {
public:
    LifDynamics(const std::vector<const PointNeuron*>& neurons, double dt) : dt_(dt) {
        for (const PointNeuron* n : neurons) {
            parameters_.push_back(n->lif);
            step_.emplace_back(n->lif, dt);
            v_start_.push_back(n->V_m);
        }
        initialize();
    }

    void initialize() override {
        state_.assign(parameters_.size(), LifState{});
        for (std::size_t n = 0; n < parameters_.size(); ++n) state_[n].y = v_start_[n] - parameters_[n].E_L;
        refractory_until_.assign(parameters_.size(), -std::numeric_limits<double>::infinity());
    }

    // An input arriving while the neuron is refractory still feeds its currents (NEST).
    void receive(std::uint32_t n, double weight, double) override { lif_receive(parameters_[n], state_[n], weight); }

    void advance(double t0, double, const std::vector<Gid>& gids, std::vector<Spike>& spikes) override {
        for (std::uint32_t n = 0; n < parameters_.size(); ++n) step(n, t0, gids[n], spikes);
    }

    double membrane(std::uint32_t n) const override { return state_.at(n).y + parameters_[n].E_L; }

    std::size_t memory_bytes() const override {
        return parameters_.size() * (sizeof(LifParameters) + sizeof(LifPropagator) + sizeof(LifState) + 2 * sizeof(double));
    }

private:
    void step(std::uint32_t n, double t0, Gid gid, std::vector<Spike>& spikes) {
        const LifParameters& p = parameters_[n];
        LifState& s = state_[n];
        const double theta = p.V_th - p.E_L, y_reset = p.V_reset - p.E_L, end = t0 + dt_;
        double t = t0;
        while (t < end) {
            if (refractory_until_[n] > t) {  // held at V_reset, the currents decaying
                const double until = std::min(refractory_until_[n], end);
                s = LifPropagator(p, until - t).currents_only(s);
                s.y = y_reset;
                t = until;
                continue;
            }
            const bool whole = t == t0;
            const double h = end - t;
            const LifState next = whole ? step_[n].free(s) : LifPropagator(p, h).free(s);
            if (next.y < theta) {
                s = next;
                break;
            }
            // Threshold inside (t, end]: the spike at the crossing, then reset and refractory.
            const double at = s.y >= theta ? 0.0 : lif_crossing(p, s, h);
            spikes.push_back({gid, t + at});
            s = LifPropagator(p, at).currents_only(s);
            s.y = y_reset;
            refractory_until_[n] = t + at + p.t_ref;
            t += at;
            if (p.t_ref == 0 && at == 0) t = std::nextafter(t, end);  // never the same instant twice
        }
    }

    double dt_;
    std::vector<LifParameters> parameters_;
    std::vector<LifPropagator> step_;  // each neuron's map of a whole step
    std::vector<double> v_start_;      // [mV] V_m at t = 0
    std::vector<LifState> state_;
    std::vector<double> refractory_until_;  // [ms]
};

}  // namespace

std::unique_ptr<PointDynamics> make_lif_dynamics(const std::vector<const PointNeuron*>& neurons, double dt) {
    return std::make_unique<LifDynamics>(neurons, dt);
}

}  // namespace lamina::sim
