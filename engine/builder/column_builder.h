#pragma once
// The whole build of a column from a recipe: soma placement, a morphology per cell
// (synthesised, or drawn from the type's folder), touch detection over every segment,
// and pruning to the pathways. Each step reports its progress and can be cancelled
// (Cancelled is thrown); the result is the same for any number of threads.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/builder/pruning.h"
#include "engine/builder/recipe.h"
#include "engine/builder/soma_placement.h"
#include "engine/builder/touches.h"

namespace lamina::builder {

// The steps of a build, with their share of the whole job (touch detection dominates),
// so a progress bar moves evenly; writing the circuit (io/) is the last.
enum class BuildStep { placing, growing, touching, pruning, writing, done };
const char* build_step_name(BuildStep step);  // "placing somata", ...
// The whole job's fraction when `step` is `fraction` done.
double build_fraction(BuildStep step, double fraction);

struct BuildOptions {
    int threads = 0;  // 0: OpenMP's default
    // (step, fraction of that step done); returns false to cancel.
    std::function<bool(BuildStep step, double fraction)> progress;
    // The morphologies of a type's folder (io/ reads them; the engine reads no files).
    std::function<std::vector<std::shared_ptr<const Morphology>>(const std::string& folder)> folder_morphologies;
};

struct BuildTimings {
    double placement = 0, morphologies = 0, index = 0, touches = 0, pruning = 0;  // [s]
};

struct BuiltColumn {
    Recipe recipe;
    std::vector<PlacedCell> cells;
    std::vector<std::shared_ptr<const Morphology>> morphologies;  // per cell, in its own frame
    std::vector<std::string> morphology_names;                    // per cell, unique per morphology
    std::size_t touch_count = 0;
    TouchStatistics touch_statistics;
    std::vector<Synapse> synapses;  // sorted by (post, pre, ...)
    std::vector<PathwayReport> pathways;
    BuildTimings timings;
};

// Throws InvalidArgument for an invalid recipe (naming the key), Cancelled when cancelled.
BuiltColumn build_column(const Recipe& recipe, const BuildOptions& options = {});

// The placement of a cell as a rotation about the column axis.
Eigen::Quaterniond cell_rotation(const PlacedCell& cell);

// A recipe for a small rat-like column: 12 cell types over L1–L6 and 16 pathways,
// its radius chosen for about `cells` cells (layers at half thickness).
Recipe default_column_recipe(std::size_t cells = 300);

}  // namespace lamina::builder
