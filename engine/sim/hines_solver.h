#pragma once
// The tree solve of each step: NEURON's Hines elimination (leaves to root, then back
// down) on a cell's node tree, arranged so that the long dependency chains of
// unbranched cables do not serialise the processor.
//
// Eliminating a node divides by its diagonal and feeds its parent, so a chain of n nodes
// is n divisions in sequence: the processor waits on each (a latency of ~15 cycles),
// not on arithmetic. Two measures break the chain:
//  - the tree is re-rooted at its centre, and
//  - a cell with a long path is partitioned: separator nodes along its longest path cut
//    it into components of at most `partition_span` nodes. Each component is
//    eliminated on its own into its upper separator, carrying one extra "fill"
//    coefficient towards its lower separator (the Schur complement of the separators),
//    so all components' chains run side by side; the separators then form a small tree
//    solved last (and substituted first). The arithmetic is NEURON's plus two products
//    per path node; the result is the same solution to rounding.
// Nodes are numbered so that the components' nodes interleave level by level; the same
// partition is the unit a later multi-threaded solve of one large cell will hand out.

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/sim/aligned.h"
#include "engine/sim/discretization.h"

namespace lamina::sim {

// The order the solver sweeps one layout's nodes in.
struct SolverOrder {
    std::vector<std::uint32_t> slot;    // layout node -> solver position
    std::vector<std::uint32_t> node;    // solver position -> layout node
    std::vector<std::int32_t> parent;   // solver parent of each position, -1 for the root
    std::vector<double> rinv;           // [µS] conductance to that parent
    // Positions [0, separators) are the separators, parents first (the root is one).
    std::uint32_t separators = 0;
    // Per position: -2 for a separator, else the position of the separator below it on
    // the partitioned path (-1 when there is none).
    std::vector<std::int32_t> lower;
};

// NEURON's numbering as it is (for cells interleaved with identical ones), or re-rooted,
// partitioned and interleaved as described above.
SolverOrder solver_order(const Discretization& layout, bool partition);

// Paths of at most this many nodes between separators.
inline constexpr std::uint32_t partition_span = 64;

// The sweeps over one group's node arrays (parents first within each cell).
class HinesSolver {
public:
    // A node of the group with its solver parent (group index, -1 for a root) and, for
    // partitioned cells, its lower separator (group index, -1 none, -2 a separator).
    void resize(std::size_t nodes);
    void set_node(std::size_t k, std::int32_t parent, std::int32_t lower);
    // Call once all nodes are set: collects the separators and their tree.
    void finish();

    // Completes the group's system with the axial currents at voltages v and solves it in
    // place: d and rhs come with the membrane and capacitive terms, and on return rhs
    // holds the solution. `a` is each node's coupling in its parent's row, `b` the
    // parent's coupling in the node's row. (Adding the axial terms during elimination
    // saves a pass over the nodes.)
    void solve(const double* a, const double* b, const double* v, double* d, double* rhs);
    // The same for `cells` identical cells interleaved (node k of cell c at k cells + c)
    // on the shared tree `local_parent`: one tree level at a time across all cells,
    // which vectorises.
    void solve_interleaved(const std::vector<std::int32_t>& local_parent, std::size_t cells, const double* a,
                           const double* b, const double* v, double* d, double* rhs);

    const std::vector<std::int32_t>& parents() const noexcept { return parent_; }
    std::size_t memory_bytes() const;

private:
    std::vector<std::int32_t> parent_;
    std::vector<std::int32_t> lower_;
    std::vector<std::int32_t> fill_source_;          // lower separator, else any finite entry (the parent)
    std::vector<std::uint32_t> separators_;          // parents first
    std::vector<std::int32_t> separator_parent_;     // the separator above, -1 at a root
    std::vector<std::pair<std::uint32_t, std::uint32_t>> seeds_;  // (node above a separator, the separator)
    struct Run {
        std::size_t begin, end;         // group nodes [begin, end)
        std::size_t parent_offset;      // parent = node - parent_offset for all, else 0
    };
    std::vector<Run> runs_;             // in node order
    // Some path carries fill (a cell long enough to be partitioned); without, the sweeps
    // skip its arithmetic, which vectorised runs would otherwise do on zeros.
    bool fill_ = false;
    template <bool Fill>
    void sweep(const double* a, const double* b, const double* v, double* d, double* rhs);
    bool is_separator(std::size_t k) const { return lower_[k] == -2; }

    Array inv_;  // [cm²/S] 1/d after elimination
    // Fill. For a path node: its coefficient towards its lower separator (g), that
    // separator's coefficient towards it (h), and the changes to that separator's
    // diagonal and right side so far (carried_*). For a separator: the same towards the
    // separator above it, once the component between them is eliminated.
    Array g_, h_, carried_d_, carried_rhs_;
};

}  // namespace lamina::sim
