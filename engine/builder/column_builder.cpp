#include "engine/builder/column_builder.h"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <atomic>
#include <cstdio>
#include <exception>

#include "engine/builder/synthesis.h"
#include "engine/errors.h"
#include "engine/sim/random.h"

namespace lamina::builder {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

constexpr std::uint64_t folder_stream = 0x3000;

// Where the apical tuft (or the Martinotti axon) aims, relative to the soma [µm].
SynthesisTarget target_of(const Recipe& recipe, const PlacedCell& cell) {
    const CellType& type = recipe.cell_types[cell.type];
    SynthesisTarget target;
    target.morphology_class = type.morphology_class;
    target.parameters = type.synthesis;
    std::string layer = type.synthesis.apical_target_layer;
    if (layer.empty()) layer = type.morphology_class == MorphologyClass::martinotti ? recipe.layers.front().name : type.layer;
    const auto [bottom, top] = layer_extent(recipe, static_cast<std::size_t>(layer_index(recipe, layer)));
    target.target_bottom = bottom - cell.position.y();
    target.target_top = top - cell.position.y();
    return target;
}

// Wraps a step's progress; throws Cancelled when the callback says so.
struct Step {
    const BuildOptions& options;
    BuildStep step;
    bool report(double fraction) const { return !options.progress || options.progress(step, fraction); }
    void check(double fraction) const {
        if (!report(fraction)) throw Cancelled();
    }
};

}  // namespace

namespace {
struct StepShare {
    const char* name;
    double from, to;  // of the whole job
};
const StepShare& share(BuildStep step) {
    static const StepShare shares[] = {
        {"placing somata", 0.00, 0.03},        {"growing morphologies", 0.03, 0.25},
        {"detecting touches", 0.25, 0.85},     {"pruning to the pathways", 0.85, 0.92},
        {"writing the SONATA circuit", 0.92, 1.0}, {"done", 1.0, 1.0},
    };
    return shares[static_cast<int>(step)];
}
}  // namespace

const char* build_step_name(BuildStep step) { return share(step).name; }

double build_fraction(BuildStep step, double fraction) {
    const StepShare& s = share(step);
    return s.from + (s.to - s.from) * std::clamp(fraction, 0.0, 1.0);
}

Eigen::Quaterniond cell_rotation(const PlacedCell& cell) {
    return Eigen::Quaterniond(Eigen::AngleAxisd(cell.rotation_y, Eigen::Vector3d::UnitY()));
}

BuiltColumn build_column(const Recipe& recipe, const BuildOptions& options) {
    validate(recipe);
    const int threads_before = omp_get_max_threads();
    if (options.threads > 0) omp_set_num_threads(options.threads);
    struct RestoreThreads {
        int n;
        ~RestoreThreads() { omp_set_num_threads(n); }
    } restore{threads_before};

    BuiltColumn built;
    built.recipe = recipe;

    auto start = clock_type::now();
    Step placement{options, BuildStep::placing};
    placement.check(0.0);
    built.cells = place_somata(recipe);
    placement.check(1.0);
    built.timings.placement = seconds_since(start);

    // Morphologies: synthesised per cell in parallel (stream = cell index), or drawn
    // from the type's folder.
    start = clock_type::now();
    Step synthesis{options, BuildStep::growing};
    synthesis.check(0.0);
    const std::size_t n = built.cells.size();
    built.morphologies.resize(n);
    built.morphology_names.resize(n);
    std::vector<std::vector<std::shared_ptr<const Morphology>>> folders(recipe.cell_types.size());
    for (std::size_t t = 0; t < recipe.cell_types.size(); ++t) {
        const std::string& folder = recipe.cell_types[t].morphology_folder;
        if (folder.empty()) continue;
        if (!options.folder_morphologies)
            throw InvalidArgument("recipe: cell_types[" + std::to_string(t) + "].morphology.folder: no reader for folders here");
        folders[t] = options.folder_morphologies(folder);
        if (folders[t].empty())
            throw InvalidArgument("recipe: cell_types[" + std::to_string(t) + "].morphology.folder: '" + folder +
                                  "' holds no morphology");
    }
    std::exception_ptr failure;
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> done{0};
#pragma omp parallel for schedule(dynamic, 8)
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
        if (stop.load(std::memory_order_relaxed)) continue;
        const auto c = static_cast<std::size_t>(i);
        try {
            const PlacedCell& cell = built.cells[c];
            const auto& pool = folders[cell.type];
            char name[64];
            if (!pool.empty()) {
                const auto pick = static_cast<std::size_t>(sim::random_bits(recipe.seed, folder_stream, c) % pool.size());
                built.morphologies[c] = pool[pick];
                std::snprintf(name, sizeof name, "%s_%04zu", recipe.cell_types[cell.type].name.c_str(), pick);
            } else {
                built.morphologies[c] = std::make_shared<const Morphology>(synthesize(target_of(recipe, cell), recipe.seed, c));
                std::snprintf(name, sizeof name, "cell_%06zu", c);
            }
            built.morphology_names[c] = name;
        } catch (...) {
#pragma omp critical
            if (!failure) failure = std::current_exception();
            stop = true;
        }
        const std::size_t finished = ++done;
        if (finished % 64 == 0 && omp_get_thread_num() == 0 && !synthesis.report(static_cast<double>(finished) / n))
            stop = true;
    }
    if (failure) std::rethrow_exception(failure);
    if (stop) throw Cancelled();
    synthesis.check(1.0);
    built.timings.morphologies = seconds_since(start);

    // Touches, only between types some pathway connects and onto its regions.
    start = clock_type::now();
    Step touching{options, BuildStep::touching};
    touching.check(0.0);
    std::vector<PlacedMorphology> placed(n);
    for (std::size_t c = 0; c < n; ++c)
        placed[c] = {built.morphologies[c], built.cells[c].position, cell_rotation(built.cells[c])};
    const std::size_t types = recipe.cell_types.size();
    const std::vector<int> pathway_of = pathway_by_type_pair(recipe);  // the one pruning applies
    const TouchFilter filter = [&](std::uint32_t pre, std::uint32_t post, SectionType type) {
        const int p = pathway_of[built.cells[pre].type * types + built.cells[post].type];
        return p >= 0 && in_target_region(recipe.pathways[static_cast<std::size_t>(p)], type);
    };
    const auto touches = detect_touches(placed, recipe.touch_distance, filter, &built.touch_statistics,
                                        [&](double f) { return touching.report(f); });
    built.touch_count = touches.size();
    built.timings.index = built.touch_statistics.index_seconds;
    built.timings.touches = built.touch_statistics.query_seconds;

    start = clock_type::now();
    Step pruning{options, BuildStep::pruning};
    pruning.check(0.0);
    auto pruned = prune(recipe, built.cells, touches, [&](std::uint32_t cell, std::uint32_t section) {
        return section == 0 ? SectionType::soma : built.morphologies[cell]->section_type(section - 1);
    });
    built.synapses = std::move(pruned.synapses);
    built.pathways = std::move(pruned.reports);
    pruning.check(1.0);
    built.timings.pruning = seconds_since(start);
    return built;
}

Recipe default_column_recipe(std::size_t cells) {
    Recipe r;
    r.scale = 0.5;
    const auto type = [&](const char* name, const char* layer, double density, MorphologyClass c, const char* target = "") {
        CellType t;
        t.name = name;
        t.layer = layer;
        t.density = density;
        t.morphology_class = c;
        // Each class its cortical e-type (etypes.h): the column runs at 34 °C.
        switch (c) {
        case MorphologyClass::pyramidal: t.electrical_model = "RS_pyramidal"; break;
        case MorphologyClass::stellate: t.electrical_model = "RS_stellate"; break;
        case MorphologyClass::basket: t.electrical_model = "FS_basket"; break;
        case MorphologyClass::martinotti: t.electrical_model = "LTS_martinotti"; break;
        case MorphologyClass::neurogliaform: t.electrical_model = "LS_neurogliaform"; break;
        }
        t.synthesis = default_synthesis(c);
        t.synthesis.apical_target_layer = target;
        t.excitatory = c == MorphologyClass::pyramidal || c == MorphologyClass::stellate;
        r.cell_types.push_back(t);
    };
    // Densities [cells/mm³] of the order reported for rat somatosensory cortex.
    type("L1_NGC", "L1", 15000, MorphologyClass::neurogliaform);
    type("L2_PC", "L2", 90000, MorphologyClass::pyramidal, "L1");
    type("L23_MC", "L2", 8000, MorphologyClass::martinotti);
    type("L3_PC", "L3", 80000, MorphologyClass::pyramidal, "L1");
    type("L23_LBC", "L3", 10000, MorphologyClass::basket);
    type("L4_SS", "L4", 100000, MorphologyClass::stellate);
    type("L4_LBC", "L4", 10000, MorphologyClass::basket);
    type("L5_TTPC", "L5", 50000, MorphologyClass::pyramidal, "L1");
    type("L5_MC", "L5", 6000, MorphologyClass::martinotti);
    type("L5_LBC", "L5", 6000, MorphologyClass::basket);
    type("L6_PC", "L6", 60000, MorphologyClass::pyramidal, "L4");
    r.cell_types.back().synthesis.ascending_collaterals = true;  // its collaterals reach L4
    r.cell_types.back().synthesis.axon_collateral_length = 600;
    type("L6_LBC", "L6", 6000, MorphologyClass::basket);
    const auto pathway = [&](const char* pre, const char* post, double p, double syns, double weight,
                             std::vector<TargetRegion> regions = {TargetRegion::basal, TargetRegion::apical}) {
        Pathway w;
        w.pre = pre;
        w.post = post;
        w.connection_probability = p;
        // Between layers the probability is stated over a wider reach.
        const auto layer_of = [&](const char* name) {
            return r.cell_types[static_cast<std::size_t>(cell_type_index(r, name))].layer;
        };
        w.at_distance = layer_of(pre) == layer_of(post) ? 100.0 : 300.0;
        w.synapses_per_connection = syns;
        w.weight = weight;
        w.target_regions = std::move(regions);
        const bool inhibitory = std::string(pre).find("BC") != std::string::npos ||
                                std::string(pre).find("MC") != std::string::npos ||
                                std::string(pre).find("NGC") != std::string::npos;
        // Published synapse classes (synapse_classes.h): pyramid to Martinotti
        // facilitates (E1), other excitatory connections depress (E2); Martinotti and
        // neurogliaform synapses facilitate (I1), basket synapses depress (I2).
        const std::string post_name = post;
        const std::string pre_name = pre;
        std::string cls = inhibitory ? "I2" : "E2";
        if (!inhibitory && post_name.find("MC") != std::string::npos) cls = "E1";
        if (inhibitory && (pre_name.find("MC") != std::string::npos || pre_name.find("NGC") != std::string::npos)) cls = "I1";
        w.synapse_class = cls;
        w.synapse_model = inhibitory ? "ProbGabaAB" : "ProbAmpaNmda";
        r.pathways.push_back(w);
    };
    const std::vector<TargetRegion> soma_basal{TargetRegion::soma, TargetRegion::basal};
    pathway("L2_PC", "L2_PC", 0.1, 3, 0.0005);
    pathway("L3_PC", "L3_PC", 0.1, 3, 0.0005);
    pathway("L2_PC", "L5_TTPC", 0.05, 3, 0.0005);
    pathway("L3_PC", "L5_TTPC", 0.05, 3, 0.0005);
    pathway("L4_SS", "L3_PC", 0.1, 4, 0.0005);
    // A small column gives an L3 pyramid a few L4 inputs where a full one gives it many
    // (hundreds, in anatomical estimates): weights scaled to 80 inputs' worth, Lamina's
    // choice, so that a thalamic volley through L4 recruits L3 without raising its
    // background rate above 10 Hz.
    r.pathways.back().reference_in_degree = 80;
    pathway("L4_SS", "L4_SS", 0.15, 3, 0.0005);
    pathway("L5_TTPC", "L5_TTPC", 0.1, 5, 0.0005);
    pathway("L6_PC", "L4_SS", 0.05, 3, 0.0005);
    pathway("L2_PC", "L23_LBC", 0.15, 3, 0.0005, soma_basal);
    pathway("L4_SS", "L4_LBC", 0.15, 3, 0.0005, soma_basal);
    pathway("L5_TTPC", "L5_MC", 0.1, 3, 0.0005, soma_basal);
    pathway("L23_LBC", "L3_PC", 0.3, 8, 0.001, soma_basal);
    pathway("L4_LBC", "L4_SS", 0.3, 8, 0.001, soma_basal);
    pathway("L5_LBC", "L5_TTPC", 0.3, 8, 0.001, soma_basal);
    pathway("L5_MC", "L5_TTPC", 0.2, 6, 0.001, {TargetRegion::apical});
    pathway("L1_NGC", "L2_PC", 0.2, 6, 0.001, {TargetRegion::apical});
    // Background input so the column is active when run.
    r.drive.rate = 20.0;
    r.drive.weight = 0.02;
    // Pyramids, with their large dendrites, need more drive at the soma than a stellate.
    for (const char* pc : {"L2_PC", "L3_PC", "L5_TTPC", "L6_PC"}) r.drive.type_weights[pc] = 0.022;
    r.drive.type_weights["L4_SS"] = 0.007;
    // The radius that gives about `cells` cells.
    r.radius = 100.0;
    double count = 0;
    for (const auto c : cell_counts(r)) count += static_cast<double>(c);
    r.radius = 100.0 * std::sqrt(static_cast<double>(cells) / std::max(1.0, count));
    return r;
}

}  // namespace lamina::builder
