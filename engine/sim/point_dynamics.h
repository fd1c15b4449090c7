#pragma once
// How one family of point-neuron models is integrated, for a group of neurons of that
// family (PointNeuronGroup owns the events, input rings, drive and recording; this owns
// the state). Inputs arrive at a step's start; then every neuron advances over the step,
// spikes timed inside it.

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/sim/point_neuron.h"
#include "engine/sim/recording.h"

namespace lamina::sim {

class PointDynamics {
public:
    virtual ~PointDynamics() = default;
    // Back to t = 0: each neuron at its V_m.
    virtual void initialize() = 0;
    // An input of `weight` (the model's unit; the sign picks the receptor) at time t [ms].
    virtual void receive(std::uint32_t n, double weight, double t) = 0;
    // Every neuron over [t0, t0 + dt]: spikes (gids[n], time) appended.
    virtual void advance(double t0, double dt, const std::vector<Gid>& gids, std::vector<Spike>& spikes) = 0;
    virtual double membrane(std::uint32_t n) const = 0;  // now, in the model's membrane unit
    virtual std::size_t memory_bytes() const = 0;
};

// The dynamics of `neurons`, all of one family.
std::unique_ptr<PointDynamics> make_lif_dynamics(const std::vector<const PointNeuron*>& neurons, double dt);
std::unique_ptr<PointDynamics> make_ode_dynamics(const std::vector<const PointNeuron*>& neurons, double dt);
std::unique_ptr<PointDynamics> make_intfire_dynamics(const std::vector<const PointNeuron*>& neurons);

}  // namespace lamina::sim
