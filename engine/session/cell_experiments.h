#pragma once
// Experiments on a copy of part of a network, as an electrophysiologist would run them
// on a slice: the train of PSPs one connection evokes at a given frequency (the classic
// depression / facilitation figure), and a cell's response to a series of current steps
// (its f-I curve and adaptation). The network itself is not touched; each experiment
// builds its own small network from the cells' descriptions.

#include <atomic>
#include <vector>

#include "engine/sim/network.h"
#include "engine/sim/run_options.h"

namespace lamina::session {

struct PulseTrain {
    double frequency = 20;        // [Hz]
    std::vector<double> time, v;  // [ms], [mV] at the post cell's soma, averaged over trials
    std::vector<double> amplitudes;  // [mV] each presynaptic spike's PSP: peak over the value at its arrival
    int trials = 0;
};

// `spikes` presynaptic spikes at `frequency` from 50 ms (then 200 ms of recovery) through
// every connection pre -> post, onto a copy of post alone, averaged over `trials` seeds
// (stochastic release); `options` gives dt, celsius, v_init. Throws InvalidArgument when
// pre and post have no connection. `cancel` stops between trials.
PulseTrain connection_train(const sim::Network& network, sim::Gid pre, sim::Gid post, double frequency, int spikes,
                            int trials, const sim::RunOptions& options, const std::atomic<bool>* cancel = nullptr);

// The adaptation index of spike times: the mean of (ISI[k+1] - ISI[k]) / (ISI[k+1] +
// ISI[k]); NaN under 3 spikes. 0 for a clock, > 0 when the intervals lengthen.
double adaptation_index(const std::vector<double>& spikes);

struct StepResponse {
    double amplitude = 0;              // [nA]
    std::vector<double> spikes;        // [ms] from the step's onset
    double rate = 0;                   // [Hz] over the step
    double adaptation = 0;             // adaptation_index of the spikes
    std::vector<double> time, v;       // [ms], [mV] at the soma
};

// Steps of `duration` ms from 100 ms at each amplitude onto a copy of the cell alone
// (its synapses silent).
std::vector<StepResponse> step_series(const sim::Network& network, sim::Gid cell, const std::vector<double>& amplitudes,
                                      double duration, const sim::RunOptions& options,
                                      const std::atomic<bool>* cancel = nullptr);

}  // namespace lamina::session
