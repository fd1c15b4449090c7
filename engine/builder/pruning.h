#pragma once
// Step 5: from touches to synapses, per pathway (pre type → post type). Touching pairs
// are kept at random, the more likely the more they touch (in proportion, capped at
// certain), so that the connection probability among pairs closer than the pathway's
// stated distance meets its target; of each kept pair's touches, a random share is kept
// so the mean synapses per connection meets its target (at least one per connection;
// short of it only where the pairs touch too little). Touches that no pathway allows
// are dropped.
// Draws come from counter-based streams keyed by (seed, pathway, pre, post): the result
// is the same for any order of work and any number of threads.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/builder/recipe.h"
#include "engine/builder/soma_placement.h"
#include "engine/builder/touches.h"

namespace lamina::builder {

struct PathwayReport {
    std::string pre, post;
    double target_probability = 0, achieved_probability = 0;  // among pairs closer than at_distance
    double at_distance = 0;                                    // [µm]
    std::size_t pairs_within = 0;      // all pre–post pairs closer than at_distance
    std::size_t touching_pairs = 0;    // pairs with at least one touch (any distance)
    std::size_t connections = 0;       // kept pairs
    std::size_t touches = 0, synapses = 0;
    double target_synapses_per_connection = 0, achieved_synapses_per_connection = 0;
    double in_degree = 0;        // kept pairs per post cell of the type
    double reference_in_degree = 0;
    double weight_scale = 1.0;   // reference / built in-degree when a reference is stated
};

// The weight scale that gives a post cell with `in_degree` presynaptic cells the input of
// `reference` (1 without a reference or without connections), within [0.01, 100].
double in_degree_weight_scale(double reference, double in_degree);

struct Synapse {
    Touch touch;
    std::uint32_t pathway = 0;  // index into recipe.pathways
};

struct PruneResult {
    std::vector<Synapse> synapses;  // sorted by (post, pre, post_section, post_x)
    std::vector<PathwayReport> reports;  // one per pathway, in recipe order
};

// Whether a touch onto a section of this type lands in one of the pathway's regions.
bool in_target_region(const Pathway& pathway, SectionType post_type);

// For each (pre type, post type), at index pre * types + post, the pathway that joins
// them (validate allows one per pair), or -1. Touch detection and pruning share it.
std::vector<int> pathway_by_type_pair(const Recipe& recipe);

// `touches` as detect_touches returns them (sorted by pre, then post); `section_type`
// gives the type of a post-synaptic section (0 is the soma).
PruneResult prune(const Recipe& recipe, const std::vector<PlacedCell>& cells, const std::vector<Touch>& touches,
                  const std::function<SectionType(std::uint32_t cell, std::uint32_t section)>& section_type);

}  // namespace lamina::builder
