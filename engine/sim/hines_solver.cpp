#include "engine/sim/hines_solver.h"

#include <algorithm>

#include "engine/errors.h"
#include "engine/sim/simd_math.h"

namespace lamina::sim {

namespace {

// The tree as undirected adjacency lists (compressed rows), for re-rooting.
struct Adjacency {
    std::vector<std::uint32_t> start, adjacent;
    explicit Adjacency(const std::vector<std::int32_t>& parent) : start(parent.size() + 1, 0) {
        const std::size_t n = parent.size();
        adjacent.resize(n > 0 ? 2 * (n - 1) : 0);
        for (std::size_t i = 0; i < n; ++i)
            if (parent[i] >= 0) ++start[i + 1], ++start[static_cast<std::size_t>(parent[i]) + 1];
        for (std::size_t i = 0; i < n; ++i) start[i + 1] += start[i];
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (std::uint32_t i = 0; i < n; ++i)
            if (parent[i] >= 0) {
                const auto p = static_cast<std::uint32_t>(parent[i]);
                adjacent[fill[i]++] = p;
                adjacent[fill[p]++] = i;
            }
    }
};

// Breadth-first from a root: the visiting order and each node's parent (-1 at the root).
struct Search {
    std::vector<std::uint32_t> order;
    std::vector<std::int32_t> via;
    Search(const Adjacency& tree, std::uint32_t root) : via(tree.start.size() - 1, -2) {
        order.reserve(via.size());
        via[root] = -1;
        order.push_back(root);
        for (std::size_t head = 0; head < order.size(); ++head) {
            const std::uint32_t u = order[head];
            for (auto k = tree.start[u]; k < tree.start[u + 1]; ++k)
                if (via[tree.adjacent[k]] == -2) {
                    via[tree.adjacent[k]] = static_cast<std::int32_t>(u);
                    order.push_back(tree.adjacent[k]);
                }
        }
    }
};

// Eliminates node i into its parent p: the axial current between them enters both rows
// (row i is then complete, its children having been eliminated), and p's row loses its
// entry for i. Returns 1/d of i; rhs[i] keeps i's completed right side.
LAMINA_INLINE inline double eliminate_into_parent(std::size_t i, std::size_t p, const double* a, const double* b,
                                                  const double* v, double* d, double* rhs, double* inv) {
    const double dv = v[p] - v[i];
    const double rhs_i = rhs[i] - b[i] * dv;
    rhs[i] = rhs_i;
    const double r = 1.0 / (d[i] - b[i]);
    inv[i] = r;
    const double factor = a[i] * r;
    d[p] -= a[i] + factor * b[i];
    rhs[p] += a[i] * dv - factor * rhs_i;
    return r;
}

}  // namespace

SolverOrder solver_order(const Discretization& lay, bool partition) {
    const std::size_t n = lay.size();
    SolverOrder order;
    order.slot.resize(n);
    order.node.resize(n);
    order.lower.assign(n, -1);
    if (!partition || n < 3) {
        for (std::uint32_t i = 0; i < n; ++i) order.slot[i] = order.node[i] = i;
        order.parent = lay.parent;
        order.rinv = lay.rinv;
        return order;
    }
    const Adjacency tree(lay.parent);
    // A longest path (two breadth-first sweeps find one); its middle becomes the root.
    const Search from_any(tree, 0);
    const Search from_end(tree, from_any.order.back());
    std::vector<std::uint32_t> path;
    for (auto u = static_cast<std::int32_t>(from_end.order.back()); u >= 0; u = from_end.via[static_cast<std::size_t>(u)])
        path.push_back(static_cast<std::uint32_t>(u));
    const std::size_t middle = path.size() / 2;
    const Search search(tree, path[middle]);
    const auto& via = search.via;

    // Separators: the root, and every partition_span-th path node on both sides of it,
    // keeping at least two nodes beyond the last one.
    std::vector<char> separator(n, 0);
    separator[path[middle]] = 1;
    for (std::size_t j = middle + partition_span; j + 2 < path.size(); j += partition_span) separator[path[j]] = 1;
    for (std::size_t j = middle; j >= partition_span + 2; ) {
        j -= partition_span;
        separator[path[j]] = 1;
    }

    // Components hang below separators; number each node's level inside its component,
    // and give the path nodes above a separator that separator as their lower one.
    std::vector<std::uint32_t> level(n, 0);
    for (std::uint32_t u : search.order) {
        if (separator[u] || via[u] < 0) continue;
        const auto p = static_cast<std::size_t>(via[u]);
        level[u] = separator[p] ? 0 : level[p] + 1;
    }
    std::vector<std::int32_t> lower(n, -1);
    for (std::uint32_t b : search.order) {
        if (!separator[b] || via[b] < 0) continue;
        for (auto u = via[b]; u >= 0 && !separator[static_cast<std::size_t>(u)]; u = via[static_cast<std::size_t>(u)])
            lower[static_cast<std::size_t>(u)] = static_cast<std::int32_t>(b);
        if (separator[static_cast<std::size_t>(via[b])])
            throw InternalError("solver_order: adjacent separators");
    }

    // Separators first (breadth-first, so parents first), then the other nodes by level,
    // so consecutive nodes belong to different components.
    std::vector<std::uint32_t> sequence;
    sequence.reserve(n);
    for (std::uint32_t u : search.order)
        if (separator[u]) sequence.push_back(u);
    order.separators = static_cast<std::uint32_t>(sequence.size());
    for (std::uint32_t u : search.order)
        if (!separator[u]) sequence.push_back(u);
    std::stable_sort(sequence.begin() + order.separators, sequence.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return level[x] < level[y]; });

    for (std::uint32_t pos = 0; pos < n; ++pos) {
        order.node[pos] = sequence[pos];
        order.slot[sequence[pos]] = pos;
    }
    order.parent.resize(n);
    order.rinv.resize(n);
    for (std::uint32_t pos = 0; pos < n; ++pos) {
        const std::uint32_t u = order.node[pos];
        const std::int32_t p = via[u];
        order.parent[pos] = p < 0 ? -1 : static_cast<std::int32_t>(order.slot[static_cast<std::size_t>(p)]);
        // The edge's conductance is stored on whichever end was the child in NEURON's rooting.
        order.rinv[pos] = p < 0 ? 0.0 : (lay.parent[u] == p ? lay.rinv[u] : lay.rinv[static_cast<std::size_t>(p)]);
        order.lower[pos] = separator[u] ? -2
                           : lower[u] < 0 ? -1
                                          : static_cast<std::int32_t>(order.slot[static_cast<std::size_t>(lower[u])]);
    }
    return order;
}

void HinesSolver::resize(std::size_t nodes) {
    parent_.assign(nodes, -1);
    lower_.assign(nodes, -1);
    for (Array* array : {&inv_, &g_, &h_, &carried_d_, &carried_rhs_}) array->assign(nodes, 0.0);
}

void HinesSolver::set_node(std::size_t k, std::int32_t parent, std::int32_t lower) {
    parent_[k] = parent;
    lower_[k] = lower;
}

void HinesSolver::finish() {
    const std::size_t n = parent_.size();
    for (std::size_t k = 0; k < n; ++k) {
        if (!is_separator(k)) continue;
        separators_.push_back(static_cast<std::uint32_t>(k));
        // The separator above: up the tree to the next separator.
        std::int32_t up = parent_[k];
        while (up >= 0 && !is_separator(static_cast<std::size_t>(up))) up = parent_[static_cast<std::size_t>(up)];
        separator_parent_.push_back(up);
        if (parent_[k] >= 0) seeds_.emplace_back(static_cast<std::uint32_t>(parent_[k]), static_cast<std::uint32_t>(k));
    }
    // Runs: consecutive non-separator nodes at the same depth below their separator (or
    // root). Nodes of a run never depend on each other and all their children come
    // later, so a run's diagonals are final together.
    Array depth(n, 0.0);  // small integers; an Array keeps this to the allocator the solver already uses
    for (std::size_t k = 0; k < n; ++k) {
        if (is_separator(k)) continue;
        const std::int32_t p = parent_[k];
        if (p >= 0 && static_cast<std::size_t>(p) > k) throw InternalError("HinesSolver: a parent after its child");
        depth[k] = p < 0 || is_separator(static_cast<std::size_t>(p)) ? 0.0 : depth[static_cast<std::size_t>(p)] + 1.0;
        if (!runs_.empty() && runs_.back().end == k && depth[k] == depth[k - 1]) ++runs_.back().end;
        else runs_.push_back({k, k + 1, 0});
    }
    // A run whose parents are the same number of places back (so distinct), none a
    // separator, is swept as vectors. Its nodes without fill run the fill arithmetic
    // on zeros (g and h are never set for them), reading their parent in its place; so
    // their parents must not carry fill either (a side branch off a path node would
    // overwrite the fill with those zeros).
    fill_ = std::any_of(lower_.begin(), lower_.end(), [](std::int32_t l) { return l >= 0; });
    fill_source_.resize(n);
    for (std::size_t k = 0; k < n; ++k) fill_source_[k] = lower_[k] >= 0 ? lower_[k] : std::max(parent_[k], 0);
    for (Run& run : runs_) {
        if (run.end - run.begin < 4) continue;
        const std::int32_t first_parent = parent_[run.begin];
        if (first_parent < 0) continue;
        const std::size_t offset = run.begin - static_cast<std::size_t>(first_parent);
        bool shifted = true;
        for (std::size_t k = run.begin; k < run.end && shifted; ++k)
            shifted = parent_[k] == static_cast<std::int32_t>(k - offset) && !is_separator(k - offset) &&
                      (lower_[k] >= 0 || lower_[k - offset] < 0);
        if (shifted) run.parent_offset = offset;
    }
}

void HinesSolver::solve(const double* a, const double* b, const double* v, double* d, double* rhs) {
    if (fill_) sweep<true>(a, b, v, d, rhs);
    else sweep<false>(a, b, v, d, rhs);
}

template <bool Fill>
void HinesSolver::sweep(const double* a, const double* b, const double* v, double* d, double* rhs) {
    const std::int32_t* parent = parent_.data();
    const std::int32_t* lower = lower_.data();
    double *inv = inv_.data(), *g = g_.data(), *h = h_.data();
    double *carried_d = carried_d_.data(), *carried_rhs = carried_rhs_.data();
    // The node just above each separator couples to it directly: the start of its fill.
    // The axial current on that edge is added here (every other edge is added when its
    // lower node is eliminated).
    for (const auto& [above, sep] : seeds_) {
        const double dv = v[above] - v[sep];
        d[sep] -= b[sep];
        rhs[sep] -= b[sep] * dv;
        d[above] -= a[sep];
        rhs[above] += a[sep] * dv;
        g[above] = a[sep];
        h[above] = b[sep];
        carried_d[above] = carried_rhs[above] = 0.0;
    }
    // Eliminating node i: first the axial current between it and its parent enters both
    // rows (its children's already have, so row i is now complete). Then the parent's row
    // loses its entry for i, and so does the row of i's lower separator, whose diagonal
    // and right side changes are carried up the path (as is the fill) until the
    // component's top hands them to that separator.
    const auto eliminate = [&](std::size_t i, std::size_t p, std::int32_t below, std::size_t into) LAMINA_INLINE {
        const double r = eliminate_into_parent(i, p, a, b, v, d, rhs, inv);
        if (!Fill || below < 0) return;
        const double factor = a[i] * r, factor_below = h[i] * r;
        carried_d[into] = carried_d[i] + factor_below * g[i];
        carried_rhs[into] = carried_rhs[i] + factor_below * rhs[i];
        g[into] = -factor * g[i];
        h[into] = -factor_below * b[i];
    };
    // Components, deepest runs first; separators wait for the reduced system.
    for (std::size_t k = runs_.size(); k-- > 0;) {
        const Run& run = runs_[k];
        if (run.parent_offset != 0) {
            const std::size_t offset = run.parent_offset;
#pragma omp simd
            for (std::size_t i = run.begin; i < run.end; ++i) eliminate(i, i - offset, Fill ? 0 : -1, i - offset);
            continue;
        }
        for (std::size_t i = run.end; i-- > run.begin;) {
            const std::int32_t p = parent[i];
            if (p < 0) {
                inv[i] = 1.0 / d[i];
                continue;
            }
            const std::int32_t below = Fill ? lower[i] : -1;
            const auto into = static_cast<std::size_t>(Fill && is_separator(static_cast<std::size_t>(p)) ? below : p);
            eliminate(i, static_cast<std::size_t>(p), below, into);
        }
    }
    // The separators' own tree, leaves first, then substituted from the roots.
    const std::size_t separators = separators_.size();
    for (std::size_t j = separators; j-- > 0;) {
        const std::uint32_t s = separators_[j];
        d[s] -= carried_d[s];
        rhs[s] -= carried_rhs[s];
        const double r = 1.0 / d[s];
        inv[s] = r;
        const std::int32_t above = separator_parent_[j];
        if (above < 0) continue;
        const double factor = g[s] * r;
        d[above] -= factor * h[s];
        rhs[above] -= factor * rhs[s];
    }
    for (std::size_t j = 0; j < separators; ++j) {
        const std::uint32_t s = separators_[j];
        const std::int32_t above = separator_parent_[j];
        rhs[s] = (above < 0 ? rhs[s] : rhs[s] - h[s] * rhs[above]) * inv[s];
    }
    // Components from their tops down; path nodes also subtract their lower separator.
    for (const Run& run : runs_) {
        if (run.parent_offset != 0) {
            const std::size_t offset = run.parent_offset;
            [[maybe_unused]] const std::int32_t* source = fill_source_.data();
            if constexpr (Fill) {
#pragma omp simd
                for (std::size_t i = run.begin; i < run.end; ++i)
                    rhs[i] = (rhs[i] - b[i] * rhs[i - offset] - g[i] * rhs[source[i]]) * inv[i];
            } else {
#pragma omp simd
                for (std::size_t i = run.begin; i < run.end; ++i) rhs[i] = (rhs[i] - b[i] * rhs[i - offset]) * inv[i];
            }
            continue;
        }
        for (std::size_t i = run.begin; i < run.end; ++i) {
            const std::int32_t p = parent[i];
            double x = p >= 0 ? rhs[i] - b[i] * rhs[p] : rhs[i];
            if (Fill && lower[i] >= 0) x -= g[i] * rhs[lower[i]];
            rhs[i] = x * inv[i];
        }
    }
}

void HinesSolver::solve_interleaved(const std::vector<std::int32_t>& local_parent, std::size_t cells,
                                    const double* a, const double* b, const double* v, double* d, double* rhs) {
    double* inv = inv_.data();
    // The same sweeps (axial currents added on elimination), one tree level at a time
    // across all cells (vectorised).
    for (std::size_t k = local_parent.size(); k-- > 0;) {
        const std::size_t i0 = k * cells;
        const std::int32_t pk = local_parent[k];
        if (pk < 0) {
#pragma omp simd
            for (std::size_t c = 0; c < cells; ++c) inv[i0 + c] = 1.0 / d[i0 + c];
            continue;
        }
        const std::size_t p0 = static_cast<std::size_t>(pk) * cells;
#pragma omp simd
        for (std::size_t c = 0; c < cells; ++c) eliminate_into_parent(i0 + c, p0 + c, a, b, v, d, rhs, inv);
    }
    for (std::size_t k = 0; k < local_parent.size(); ++k) {
        const std::size_t i0 = k * cells;
        const std::int32_t pk = local_parent[k];
        if (pk < 0) {
#pragma omp simd
            for (std::size_t c = 0; c < cells; ++c) rhs[i0 + c] *= inv[i0 + c];
            continue;
        }
        const std::size_t p0 = static_cast<std::size_t>(pk) * cells;
#pragma omp simd
        for (std::size_t c = 0; c < cells; ++c) rhs[i0 + c] = (rhs[i0 + c] - b[i0 + c] * rhs[p0 + c]) * inv[i0 + c];
    }
}

std::size_t HinesSolver::memory_bytes() const {
    return parent_.size() * (3 * sizeof(std::int32_t) + 5 * sizeof(double)) + runs_.size() * sizeof(Run) +
           separators_.size() * (sizeof(std::uint32_t) + sizeof(std::int32_t)) + seeds_.size() * 8;
}

}  // namespace lamina::sim
