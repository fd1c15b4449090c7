#pragma once
// Step 4: where an axon of one cell passes within the touch distance of a dendrite,
// soma or axon initial segment of another, a synapse could form. Every soma and
// dendrite segment of the column, and the first axon_initial_segment_length of each
// axon, goes into one segment index (bulk-loaded R-tree); each axon segment of each cell
// queries it with its capsule grown by the touch distance. A touch keeps the exact
// place on both sides: the post-synaptic (section, x) and 3D point, the pre-synaptic
// (section, x) and the axonal path length from the soma (for the delay).
// Cells are processed in parallel (OpenMP); the result is sorted and independent of
// the number of threads.

#include <Eigen/Geometry>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#include "engine/morphology/morphology.h"

namespace lamina::spatial {
struct IndexedSegment;
}

namespace lamina::builder {

// [µm] of axon from the soma that count as its initial segment (a synapse target of
// chandelier-like pathways): every axon segment that starts within it is indexed, so a
// touch on an axon lies at most one segment (8 µm when synthesised) beyond it.
inline constexpr double axon_initial_segment_length = 40.0;

struct PlacedMorphology {
    std::shared_ptr<const Morphology> morphology;  // in the cell's own frame
    Eigen::Vector3d position = Eigen::Vector3d::Zero();
    Eigen::Quaterniond rotation = Eigen::Quaterniond::Identity();
};

struct Touch {
    std::uint32_t pre = 0, post = 0;  // cell indices
    // Sections in NEURON/SONATA numbering: 0 is the soma, morphology section s is s + 1.
    std::uint32_t pre_section = 0, post_section = 0;
    float pre_x = 0.5f, post_x = 0.5f;  // positions along the sections, in [0, 1]
    float axon_path = 0.0f;             // [µm] along the axon from the soma to the touch
    float distance = 0.0f;              // [µm] between the two surfaces (0 when they overlap)
    Eigen::Vector3f position = Eigen::Vector3f::Zero();  // [µm] on the post-synaptic axis
};

struct TouchStatistics {
    std::size_t indexed_segments = 0;  // soma, dendrite and axon-initial-segment segments in the index
    std::size_t axon_segments = 0;     // queries
    double index_seconds = 0.0;        // building the index
    double query_seconds = 0.0;        // all queries and exact tests
};

// Which (pre cell, post cell, post section type) pairs may form synapses; all when empty.
using TouchFilter = std::function<bool(std::uint32_t pre, std::uint32_t post, SectionType post_type)>;

// Touches sorted by (pre, post, post_section, post_x). For each pre cell and post
// segment only the closest axon segment counts, so an axon running along a dendrite
// gives a touch per dendrite segment, not one per pair of segments; touches of one
// axon less than 1 µm apart on one section (a crossing where two segments meet) are
// one. `progress` gets the fraction of pre cells done (from any thread) and returns
// false to cancel, which throws Cancelled.
std::vector<Touch> detect_touches(const std::vector<PlacedMorphology>& cells, double touch_distance,
                                  const TouchFilter& filter = {}, TouchStatistics* statistics = nullptr,
                                  const std::function<bool(double)>& progress = {});

// The capsules detect_touches works on, in the global frame, for benchmarks that try
// other spatial structures on the same workload: the segments it indexes (cell = index
// in `cells`), and every axon segment it queries with, its radius not yet grown by the
// touch distance (section in NEURON numbering).
std::vector<spatial::IndexedSegment> touch_targets(const std::vector<PlacedMorphology>& cells);
std::vector<spatial::IndexedSegment> touch_queries(const std::vector<PlacedMorphology>& cells);

// Thrown when a long build step is cancelled through its progress callback.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace lamina::builder
