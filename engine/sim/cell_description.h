#pragma once
// What the user builds: a cell's geometry (sections as 3D polylines with diameters),
// mechanisms painted on regions, passive properties, point processes placed at
// (section, x), and where its spikes are detected. Lowering to arrays happens later
// (discretization.h, cell_group.h), so this stays a small value type.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/morphology/morphology.h"
#include "engine/sim/ions.h"

namespace lamina::sim {

struct SectionGeometry {
    std::string name;                // "soma", "dend[3]"
    SectionType type = SectionType::undefined;
    std::vector<Point3> points;      // [µm], at least two
    std::vector<double> diameters;   // [µm], one per point
    std::int32_t parent = -1;        // section index, -1 for the root section
    double parent_x = 1.0;           // attachment position on the parent, in [0, 1]
};

struct Location {
    std::uint32_t section = 0;
    double x = 0.5;  // in [0, 1]
};

// A parameter that varies over the cell, as e-models distribute channel densities: its
// value at a compartment from the path distance [µm] from the soma centre (soma(0.5),
// NEURON's distance() origin) to the compartment's centre.
using Distribution = std::function<double(double distance_um)>;

struct Painting {
    std::string region;
    std::string mechanism;
    std::map<std::string, double> parameters;  // overrides of the defaults
    std::map<std::string, Distribution> distributed;  // per compartment, overriding `parameters`
};

// An ion's settings on a region (NEURON's `ena = 50` in those sections).
struct IonPainting {
    std::string region;
    std::string ion;
    IonSettings settings;
};

struct Placement {
    Location where;
    std::string mechanism;
    std::map<std::string, double> parameters;
};

struct Detector {
    Location where{0, 0.5};
    double threshold = 10.0;  // [mV], upward crossing
};

class CellDescription {
public:
    // A cylinder section for teaching models (ball-and-stick), laid out along x from its
    // parent's attachment point. Returns the section index.
    std::uint32_t add_cylinder(std::string name, SectionType type, double length, double diameter,
                               std::int32_t parent = -1, double parent_x = 1.0);
    // Any section given by points; parents must be added first.
    std::uint32_t add_section(SectionGeometry section);

    // Sections follow NEURON/SONATA numbering: 0 is the soma (a cylinder equivalent to
    // the morphology's soma: length = diameter = 2 r for point somata, the contour's
    // extent along its principal axis otherwise), 1..N the morphology's sections.
    // Neurites attach to the soma centre (x = 0.5).
    static CellDescription from_morphology(const Morphology& morphology);

    // Regions: "all", "soma", "axon", "dend" (basal), "apic" (apical), a section name, or
    // a list defined here. Unknown names are errors when used.
    void define_region(const std::string& name, std::vector<std::uint32_t> sections);
    std::vector<std::uint32_t> region_sections(const std::string& region) const;

    // Paints a density mechanism with parameter overrides. Like a NEURON section, a
    // painting may also set the variables of the ions the mechanism uses ("ena",
    // "cai", "cao"): those go to the region's ion settings (set_ion).
    void paint(const std::string& region, const std::string& mechanism,
               std::map<std::string, double> parameters = {});
    // Paints with parameters given per compartment by their distance from the soma.
    void paint_distributed(const std::string& region, const std::string& mechanism,
                           std::map<std::string, Distribution> distributed);
    // [µm] Path distance from the soma centre (soma(0.5); the root section's start when
    // there is no soma) to (section, x) along the sections.
    double path_distance(const Location& where) const;
    // [µm] Length of a section along its points.
    double section_length(std::uint32_t section) const;
    // An ion's reversal potential or concentrations on a region; the last setting wins.
    void set_ion(const std::string& region, const std::string& ion, const IonSettings& settings);
    // Sets a parameter in every painting of `mechanism` (a per-cell value overriding the
    // model's); returns how many paintings changed.
    std::size_t set_painted_parameter(const std::string& mechanism, const std::string& parameter, double value);
    void set_cm(const std::string& region, double cm);  // [µF/cm²]
    void set_ra(const std::string& region, double ra);  // [Ω·cm]
    void set_nseg(const std::string& region, int nseg);
    void set_section_nseg(std::uint32_t section, int nseg);
    // NEURON's d_lambda rule for sections without an explicit nseg.
    void set_d_lambda(double d_lambda, double frequency_hz = 100.0);
    // nseg = 1 + 2 int(L / length) for every section (Hay's, BluePyOpt's and Blue
    // Brain's rule, with length 40 µm).
    void set_nseg_by_length(double length_um = 40.0);
    // Replaces the reconstructed axon by a stub of two cylinders (`length` × `diameter`
    // µm each; the first at soma(0.5), the second at its end), as Hay's, BluePyOpt's and
    // Blue Brain's e-models do. Only before anything is painted or placed (section
    // indices change); throws InvalidArgument otherwise or when there is no soma.
    void replace_axon_with_stub(double length_um = 30.0, double diameter_um = 1.0);

    // A point process (stimulus, clamp, synapse); returns its index on this cell.
    std::uint32_t place(Location where, const std::string& mechanism,
                        std::map<std::string, double> parameters = {});
    // Changes one parameter of point process `index`, checked like place().
    void set_placement_parameter(std::uint32_t index, const std::string& parameter, double value);
    // Removes point process `index`; the ones after it move down by one.
    void remove_placement(std::uint32_t index);
    void set_detector(Location where, double threshold_mv);

    const std::vector<SectionGeometry>& sections() const noexcept { return sections_; }
    // The present index of the section that had index `original` when the cell was made
    // (a SONATA afferent_section_id counts the morphology's sections); -1 when it is gone
    // (an axon section a stub replaced) or never existed.
    std::int64_t section_from_original(std::uint32_t original) const;
    std::size_t original_section_count() const noexcept {
        return original_sections_.empty() ? sections_.size() : original_sections_.size();
    }
    const std::vector<Painting>& paintings() const noexcept { return paintings_; }
    const std::vector<IonPainting>& ion_paintings() const noexcept { return ion_paintings_; }
    const std::vector<Placement>& placements() const noexcept { return placements_; }
    const Detector& detector() const noexcept { return detector_; }
    double cm(std::uint32_t section) const { return cm_.at(section); }
    double ra(std::uint32_t section) const { return ra_.at(section); }
    std::optional<int> nseg(std::uint32_t section) const { return nseg_.at(section); }
    double d_lambda() const noexcept { return d_lambda_; }
    double d_lambda_frequency() const noexcept { return frequency_; }

    void check_location(const Location& where, const char* what) const;

private:
    std::vector<SectionGeometry> sections_;
    // Original index -> present index (-1: removed); empty while they are the same.
    std::vector<std::int32_t> original_sections_;
    std::vector<double> cm_;              // [µF/cm²] per section
    std::vector<double> ra_;              // [Ω·cm] per section
    std::vector<std::optional<int>> nseg_;
    std::map<std::string, std::vector<std::uint32_t>> regions_;
    std::vector<Painting> paintings_;
    std::vector<IonPainting> ion_paintings_;
    std::vector<Placement> placements_;
    Detector detector_;
    double d_lambda_ = 0.1;
    double frequency_ = 100.0;  // [Hz]
};

}  // namespace lamina::sim
