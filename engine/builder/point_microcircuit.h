#pragma once
// Microcircuits of point neurons defined by population statistics, in the form of
// Potjans & Diesmann (2014): populations of integrate-and-fire neurons per layer,
// connected with a probability per pair of populations (a fixed total number of synapses
// drawn at random, multapses allowed, no autapses), normally distributed weights and
// delays, Poisson or DC background, and an optional thalamic pulse. The numbers (the
// published model) come from a recipe file that io/ reads; this is how they are built.
//
// Scaling: `scale` multiplies the number of neurons and `in_degree_scale` the number of
// inputs each neuron receives. With in_degree_scale = 1 (the default) every neuron keeps
// the full circuit's in-degrees, so its input statistics are the full circuit's whatever
// the scale. Below 1, weights grow by 1/sqrt(in_degree_scale) (keeping the input's
// variance) and a DC current, computed from the full circuit's rates, restores its mean
// (van Albada, Helias & Diesmann 2015, as NEST's implementation does).

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/sim/network.h"

namespace lamina::builder {

struct PointPopulation {
    std::string name;            // "L23E"
    std::string layer;           // "L2/3"
    std::uint64_t size = 0;      // neurons at full scale
    bool excitatory = true;
    double external_in_degree = 0;  // Poisson background inputs at full scale
    double published_rate = 0;   // [Hz] the full circuit's mean rate, where known (0: none)
};

struct PointThalamus {
    std::uint64_t size = 0;                // neurons at full scale (0: no thalamus)
    std::vector<double> probability;       // per population: connection probability
    double rate = 0;                       // [Hz] while the pulse lasts
    double start = 0, duration = 0;        // [ms]
    double psp = 0.15;                     // [mV] mean peak PSP of a synapse
    double delay_mean = 1.5, delay_rel_sd = 0.5;  // [ms], relative
};

struct PointMicrocircuitSpec {
    std::string name;
    std::string model = "iaf_psc_exp";           // a point-neuron model (sim::point_model_names)
    std::map<std::string, double> neuron;        // its parameters in the model's names
    std::vector<PointPopulation> populations;
    std::vector<std::vector<double>> probability;  // [target][source]
    double psp_mean = 0.15;        // [mV] peak PSP of an excitatory synapse
    double weight_rel_sd = 0.1;    // relative standard deviation of weights
    double g = -4;                 // inhibitory weight relative to excitatory
    struct WeightFactor {
        std::string target, source;
        double factor = 1;
    };
    std::vector<WeightFactor> weight_factors;  // e.g. L4E -> L23E doubled
    double delay_exc = 1.5, delay_inh = 0.75;  // [ms] means
    double delay_rel_sd = 0.5;
    double delay_min = 0.1;        // [ms] delays are redrawn below this
    double background_rate = 8;    // [Hz] per external input
    double v0_mean = -58, v0_sd = 10;  // [mV] initial membranes
    PointThalamus thalamus;
    // Where neurons are drawn (the model itself has no space): layers from the pia down
    // with their thickness [µm], each population uniformly in its layer's slab under a
    // square of `side` µm. No layers: every neuron at the origin.
    struct Layer {
        std::string name;
        double thickness = 0;
    };
    std::vector<Layer> layers;
    double side = 1000;  // [µm] PD14 models the tissue under 1 mm² of cortex
};

enum class BackgroundDrive { poisson, dc };

struct PointMicrocircuitOptions {
    double scale = 0.1;            // of the neurons, (0, 1]
    double in_degree_scale = 1.0;  // of the inputs per neuron, (0, 1]
    BackgroundDrive drive = BackgroundDrive::poisson;
    bool thalamus = false;
    std::uint64_t seed = 55;
    int threads = 0;               // 0: OpenMP's default; the result does not depend on it
    // Called with the fraction done; returning false cancels (OperationCancelled).
    std::function<bool(double)> progress;
};

struct BuiltPopulation {
    std::string name, layer;
    sim::Gid first = 0;
    std::uint64_t size = 0;
    double published_rate = 0;
    bool excitatory = true;
};

struct PointMicrocircuit {
    sim::Network network;
    std::vector<std::array<double, 3>> positions;  // [µm] per neuron in gid order (not the thalamus), y from the white matter up
    std::vector<BuiltPopulation> populations;  // in gid order; the thalamus last, if built
    std::uint64_t synapses = 0;
    std::vector<std::string> report;           // lines: sizes, in-degrees, weights, drive
};

// What one build may make: beyond these a recipe is refused before anything is drawn
// (1e9 synapses take 12 GB; the full Potjans-Diesmann circuit has 3e8).
inline constexpr std::uint64_t max_point_synapses = 1'000'000'000;
inline constexpr double max_point_neurons = 50'000'000;

// The peak of the PSP an exponential current of amplitude 1 pA gives a LIF membrane
// (C_m [pF], tau_m, tau_syn [ms]); a PSP of p mV needs p / this pA.
double psp_per_pa(double C_m, double tau_m, double tau_syn);

// Throws InvalidArgument naming the key (the recipe's spelling) and the value.
void validate(const PointMicrocircuitSpec& spec);
PointMicrocircuit build_point_microcircuit(const PointMicrocircuitSpec& spec, const PointMicrocircuitOptions& options);

}  // namespace lamina::builder
