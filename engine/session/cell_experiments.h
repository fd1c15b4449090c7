#pragma once
// Experiments on a copy of part of a network, as an electrophysiologist would run them
// on a slice: the train of PSPs one connection evokes at a given frequency (the classic
// depression / facilitation figure), and a cell's response to a series of current steps
// (its f-I curve and adaptation). The network itself is not touched; each experiment
// builds its own small network from the cells' descriptions.

#include <atomic>
#include <map>
#include <string>
#include <vector>

#include "engine/sim/network.h"
#include "engine/sim/run_options.h"

namespace lamina::session {

// What one presynaptic gid's connection onto a cell is made of: its synapses, their
// weights and delay, and the short-term plasticity of the first synapse (Use, Dep, Fac,
// Nrrp where its model has them: the value placed, else the model's default).
struct ConnectionSummary {
    sim::Gid pre = 0;
    bool from_cell = true;     // false: a spike source (an input)
    std::size_t synapses = 0;
    std::string mechanism;     // of the first synapse
    double weight_low = 0, weight_high = 0;  // per synapse, in the model's unit (µS)
    double delay = 0;          // [ms] the shortest
    std::vector<std::pair<std::string, double>> plasticity;
};
// Every presynaptic gid of `post`, by gid.
std::vector<ConnectionSummary> incoming_connections(const sim::Network& network, sim::Gid post);

// How the post cell is recorded: its membrane potential (PSPs, current clamp), or the
// current that holds its soma at v_init (PSCs, voltage clamp), as a slice physiologist
// does when the cell would fire. `automatic` records PSPs unless the post cell fires in
// any trial, then records PSCs instead: a spike would swamp the PSP it rides on.
enum class TrainRecording { automatic, potential, clamp_current };

struct PulseTrain {
    double frequency = 20;        // [Hz]
    bool clamped = false;         // PSCs under voltage clamp (else PSPs)
    double holding = 0;           // [mV] the clamp's potential, when clamped
    int firing_trials = 0;        // trials in which the post cell fired (current clamp)
    std::vector<double> time, value;  // [ms]; [mV] soma potential or [nA] clamp current, averaged over trials
    std::vector<double> baseline;     // the same without the train: the cell settling from v_init
    // Each presynaptic spike's response (value less baseline): the largest deviation from
    // its value at the arrival until the next arrival (a magnitude: [mV] PSP or [nA] PSC).
    std::vector<double> amplitudes;
    int trials = 0;
};

// `spikes` presynaptic spikes at `frequency` from 50 ms (then 200 ms of recovery) through
// every connection pre -> post, onto a copy of post alone, averaged over `trials` seeds
// (stochastic release); `options` gives dt, celsius, v_init (the clamp's holding
// potential). Throws InvalidArgument when pre and post have no connection. `cancel`
// stops between trials.
PulseTrain connection_train(const sim::Network& network, sim::Gid pre, sim::Gid post, double frequency, int spikes,
                            int trials, const sim::RunOptions& options, const std::atomic<bool>* cancel = nullptr,
                            TrainRecording recording = TrainRecording::automatic);

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
