#pragma once
// Cell models in BluePyOpt's e-model layout (Hay's L5PC as BluePyOpt ships it, Blue
// Brain's e-models): mechanisms inserted per section list, and parameters that are
// global (celsius, v_init), per section (cm, Ra, e_pas, ena, ek) or per mechanism
// ("range"), each uniform or distributed as an expression of {distance} and {value}.
// Reading the JSON is io's (io/emodel_io.h); this is the model and how it paints a cell.

#include <optional>
#include <string>
#include <vector>

#include "engine/sim/cell_description.h"

namespace lamina::circuit {

struct EModelParameter {
    std::string name;          // param_name: "gIhbar_Ih", "cm", "celsius"
    enum class Kind { global, section, range } kind = Kind::range;
    std::string section_list;  // all, somatic, axonal, basal, apical
    std::string mechanism, mechanism_parameter;  // range: "Ih", "gIhbar"
    double value = 0;
    std::string distribution;  // "" when uniform, else the expression
};

struct EModel {
    std::string file;  // for messages
    std::vector<std::pair<std::string, std::vector<std::string>>> mechanisms;  // section list -> mechanisms
    std::vector<EModelParameter> parameters;
    std::optional<double> celsius, v_init;  // the globals
};

// How the cell's morphology is prepared, as Hay's template, BluePyOpt and Blue Brain
// do it; each selectable.
struct EModelMorphologyRules {
    bool stub_axon = true;   // replace the axon by two 30 µm x 1 µm sections
    bool nseg_by_length = true;  // nseg = 1 + 2 int(L/40)
};

// The region a BluePyOpt section list names ("somatic" -> "soma"); throws
// InvalidArgument for an unknown one.
std::string region_of_section_list(const std::string& list, const std::string& file);

// Prepares `cell` by `rules` (before anything is painted) and paints the model. Throws
// InvalidArgument naming the file and the parameter for anything it cannot apply: an
// unknown mechanism, a parameter of a mechanism not inserted on that section list, a
// distribution that does not evaluate to a finite number.
void apply_emodel(const EModel& model, sim::CellDescription& cell, const EModelMorphologyRules& rules = {});

}  // namespace lamina::circuit
