#pragma once
// What a user asks the circuit builder for: a cortical column (hexagonal or cylindrical,
// layers L1–L6 from the pia down), the cell types that populate its layers, and the
// pathways that connect them. Plain values with defaults from rat somatosensory cortex;
// io/ reads them from JSON, ui/ edits them in tables. validate() names the offending key
// the way the JSON spells it ("cell_types[2].density").

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lamina::builder {

enum class ColumnShape { hexagon, cylinder };

struct LayerSpec {
    std::string name;        // "L1" ... "L6"
    double thickness = 0.0;  // [µm] before the recipe's scale
};

// Morphology classes the synthesiser knows. Pyramidal and stellate cells are
// excitatory; basket, Martinotti and neurogliaform cells are interneurons.
enum class MorphologyClass { pyramidal, stellate, basket, martinotti, neurogliaform };

// Shape parameters of a synthesised morphology; every class uses the ones it needs.
struct SynthesisParameters {
    double soma_radius = 8.0;          // [µm]
    int basal_dendrites = 5;           // primary dendrites (all dendrites for interneurons)
    double basal_length = 180.0;       // [µm] typical path length of a dendrite to its tips
    int basal_branchings = 3;          // bifurcations along each dendrite
    // Pyramidal cells: the apical trunk ends in a tuft in this layer (empty: the cell's own).
    std::string apical_target_layer;
    int apical_obliques = 4;
    int tuft_branches = 4;
    double axon_length = 600.0;        // [µm] main axon
    int axon_collaterals = 5;
    double axon_collateral_length = 250.0;  // [µm]
    // Pyramidal cells: collaterals climb steeply (an L6 cell's axon reaching L4)
    // instead of spreading sideways.
    bool ascending_collaterals = false;
    double trunk_diameter = 3.0;       // [µm] at the soma, tapering outwards
    double dendrite_diameter = 1.6;    // [µm] at the soma
    double axon_diameter = 0.8;        // [µm]
};

// Shapes in the range of published rat cortical reconstructions, by class: total
// dendritic length about 7.5 mm for a thick-tufted pyramidal cell (a 1 mm trunk), 3.4 mm
// for a spiny stellate cell, 2.5 mm for a basket cell, 1.7 mm for Martinotti and
// neurogliaform cells; the neurogliaform axon short and dense.
SynthesisParameters default_synthesis(MorphologyClass morphology_class);

struct CellType {
    std::string name;   // m-type, e.g. "L5_TTPC"
    std::string layer;  // a LayerSpec name
    std::optional<double> density;      // [cells/mm³]
    std::optional<std::uint64_t> count; // instead of a density
    MorphologyClass morphology_class = MorphologyClass::pyramidal;
    SynthesisParameters synthesis;
    std::string morphology_folder;  // SWC/ASC/H5 files to draw from instead of synthesis
    // The e-type (etypes.h): "hh_soma" (hh at the soma, passive elsewhere), "hh_all", or a
    // cortical e-type at 34 °C ("RS_pyramidal", "FS_basket", "LTS_martinotti",
    // "LS_neurogliaform", "RS_stellate").
    std::string electrical_model = "hh_soma";
    bool excitatory = true;
};

enum class TargetRegion { soma, basal, apical, axon_initial_segment };

struct Pathway {
    std::string pre, post;                 // cell type names
    double connection_probability = 0.1;   // among pairs closer than `at_distance`
    double at_distance = 100.0;            // [µm] inter-soma distance of that statement
    double synapses_per_connection = 4.0;  // mean
    // Exp2Syn, ExpSyn, or a catalogue synapse with short-term plasticity: ProbAmpaNmda,
    // DetAmpaNmda (excitatory), ProbGabaAB, DetGabaAB (inhibitory).
    std::string synapse_model = "Exp2Syn";
    std::map<std::string, double> synapse_parameters;  // overrides of the model's defaults
    // A published class ("E2", see synapse_classes.h) for the plastic models: each
    // connection draws U, D, F, decay, release sites and weight from the class's means
    // and spreads (`weight` the mean). Empty: every synapse gets the model's defaults
    // and `weight`.
    std::string synapse_class;
    double weight = 0.001;                 // [µS] per synapse
    // Presynaptic cells per post cell in the full-size circuit this column stands for
    // (0: none stated). A small column gives each cell a fraction of its inputs; with a
    // reference, the pathway's weights are scaled by reference / built in-degree (at most
    // 100×, at least 0.01×) so that convergent input, as a synchronous volley brings it,
    // keeps its strength at any column size.
    double reference_in_degree = 0;
    double conduction_velocity = 300.0;    // [µm/ms] along the axon
    double synaptic_delay = 0.5;           // [ms] added to the axonal delay
    std::vector<TargetRegion> target_regions{TargetRegion::basal, TargetRegion::apical};
};

// Background input standing in for thalamic and long-range fibres (until those are
// modelled): every cell of `cell_types` (every type when empty) gets its own Poisson
// spike train onto its soma through an excitatory synapse, so a built column is active
// when it runs.
struct Drive {
    double rate = 0.0;         // [Hz] per cell; 0: no drive
    double weight = 0.002;     // [µS] per input spike (AMPA peak; NMDA adds 0.4 of it, Mg-blocked)
    double duration = 1000.0;  // [ms] of spike trains written with the circuit
    std::vector<std::string> cell_types;
    // [µS] a weight of their own for some types (a large pyramid needs more than a stellate).
    std::map<std::string, double> type_weights;
    // A thalamic volley: at `volley_time` [ms] every cell of `volley_layer` gets
    // `volley_spikes` extra input spikes, spread over `volley_jitter` ms. No volley when
    // volley_layer is empty.
    std::string volley_layer;
    double volley_time = 0.0, volley_jitter = 5.0;
    int volley_spikes = 3;
    double weight_of(const std::string& type) const {
        const auto it = type_weights.find(type);
        return it == type_weights.end() ? weight : it->second;
    }
};

struct Recipe {
    ColumnShape shape = ColumnShape::hexagon;
    double radius = 250.0;  // [µm] circumradius of the hexagon, or the cylinder's radius
    // From the pia down; rat somatosensory cortex by default.
    std::vector<LayerSpec> layers{{"L1", 165}, {"L2", 149}, {"L3", 353}, {"L4", 190}, {"L5", 525}, {"L6", 700}};
    std::optional<double> height;      // [µm] when given, the layers must add up to it
    double scale = 1.0;                // multiplies thicknesses and radius (a desktop column is small)
    double min_soma_distance = 10.0;   // [µm] between any two somata
    double touch_distance = 2.5;       // [µm] axon–dendrite apposition that can hold a synapse
    std::uint64_t seed = 1;
    std::vector<CellType> cell_types;
    std::vector<Pathway> pathways;
    Drive drive;
};

// The most cells validate accepts in a column (a build needs about 250 kB a cell).
inline constexpr double max_cells = 200'000;

// [ms] the time step of the simulation config a build writes; the simulator refuses a
// synaptic delay shorter than its step, so validate does too.
inline constexpr double built_dt = 0.025;

// Throws InvalidArgument naming the key (as the JSON spells it) and the value, with the
// range every number must lie in: lengths, thicknesses and distances in µm, times in ms,
// rates in Hz, weights in µS, all finite, none negative; a probability outside [0, 1];
// a synaptic delay below built_dt; time constants of the synapse model below 0.001 ms
// or a tau1 not below tau2; a parameter its model does not have; an unknown layer or
// cell type, duplicate names, a second pathway for one pair of types, layers that do
// not add up to `height`, a type with both or neither of density and count; a
// synthesised cell of more than 200 mm of neurite or a column of more than 4000 m; an
// input of more than 100,000 spikes per cell or 5e7 in all; more than max_cells cells.
void validate(const Recipe& recipe);

const char* to_string(ColumnShape shape);
const char* to_string(MorphologyClass morphology_class);
const char* to_string(TargetRegion region);

// The column's extent after scaling: y runs from 0 (white matter) to the pia.
double column_height(const Recipe& recipe);
double column_radius(const Recipe& recipe);
// [mm²] cross-section of the column.
double column_area_mm2(const Recipe& recipe);
// Layer k's bottom and top along y [µm], after scaling.
std::pair<double, double> layer_extent(const Recipe& recipe, std::size_t layer);
// Cells of each type, unrounded: its count, or density × its layer's volume. The
// recipe's layer names must be valid (validate checks them before using this).
std::vector<double> expected_cells(const Recipe& recipe);
// The index of a layer by name, or -1.
int layer_index(const Recipe& recipe, const std::string& name);
// The index of a cell type by name, or -1.
int cell_type_index(const Recipe& recipe, const std::string& name);

}  // namespace lamina::builder
