#pragma once
// Published classes of neocortical synapses and their short-term dynamics, from which a
// pathway's connections draw their own parameters: U, D, F (Tsodyks-Markram), the decay
// of the fast conductance, the number of release sites and the conductance, each from a
// mean and a spread, as the Blue Brain column does (facts: Gupta, Wang & Markram 2000 for
// the classes; Markram et al. 2015 and Barros-Zulaica et al. 2019 for the values).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lamina::builder {

struct Spread {
    double mean = 0.0, sd = 0.0;
};

struct SynapseClass {
    std::string name;         // "E1" ... "E3", "I1" ... "I3"
    std::string description;  // "excitatory, depressing"
    bool excitatory = true;
    Spread use;               // U [1]: truncated normal in (0, 1]
    Spread depression;        // D [ms]: gamma
    Spread facilitation;      // F [ms]: gamma
    Spread decay;             // [ms] AMPA or GABA-A decay: truncated normal above twice the rise
    double rise = 0.2;        // [ms]
    double release_sites = 1; // N_rrp mean: Poisson, at least 1
    double weight_cv = 0.67;  // conductance spread over its mean: gamma
    // Where the values come from, for the README and tooltips.
    std::string source;
};

// E1 facilitating, E2 depressing, E3 pseudo-linear; I1, I2, I3 likewise.
const std::vector<SynapseClass>& synapse_classes();
// Null when there is no such class.
const SynapseClass* find_synapse_class(std::string_view name);

// One connection's synapse parameters.
struct SynapseDraw {
    double weight = 0;        // [µS]
    double use = 0;           // U
    double depression = 0;    // D [ms]
    double facilitation = 0;  // F [ms]
    double decay = 0;         // [ms]
    double release_sites = 1; // N_rrp
    // NMDA/AMPA for an excitatory class (0.4 onto excitatory cells, 0.8 onto inhibitory
    // ones), GABA-B/GABA-A (0) for an inhibitory one.
    double slow_ratio = 0;
};

// The parameters of the connection pre -> post (cell indices in the column): a pure
// function of the seed and the pair, so every synapse of the connection shares them and
// a rebuild gives the same. `mean_weight` [µS] is the pathway's.
SynapseDraw draw_synapse(const SynapseClass& c, double mean_weight, bool onto_excitatory, std::uint64_t seed,
                         std::uint64_t pre, std::uint64_t post);

// The catalogue synapse a class uses: ProbAmpaNmda / ProbGabaAB (stochastic release) or
// DetAmpaNmda / DetGabaAB (deterministic).
std::string class_synapse_model(const SynapseClass& c, bool stochastic);
// Whether a synapse model is one of those four, and whether it is excitatory (AMPA/NMDA).
bool is_plastic_synapse(std::string_view model);
bool is_excitatory_synapse(std::string_view model);

}  // namespace lamina::builder
