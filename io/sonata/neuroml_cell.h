#pragma once
// NeuroML 2 cell files as SONATA circuits name them in `model_template`
// ("nml:Cell_472363762.cell.nml", the Allen perisomatic cells of BMTK and the official
// SONATA examples): the cell's biophysical properties, read into the same model as an
// Allen dynamics_params file, so both run through one path.
//
// Read: channelDensity and channelDensityNernst (the ionChannel names a mechanism of
// the catalogue or of the circuit's mod files, condDensity its conductance, erev the
// ion's reversal potential, or the mechanism's own for pas and non-ion currents),
// specificCapacitance, resistivity, initMembPotential and spikeThresh (checked: the
// run's conditions set them, as for Allen's files), concentrationModel (CaDynamics,
// CaDynamics_E2: gamma, decay, depth, minCai) and species placing it. The biophysical
// properties may sit inside <cell> or beside it (BMTK's export). Segment groups are
// the NEURON section lists (soma, axon, dend, apic, all) or NeuroML's usual names for
// them (soma_group, axon_group, dendrite_group, basal_dendrite_group,
// apical_dendrite_group). The cell's own morphology and channel definitions (include,
// ionChannel) are not used: the node's morphology and the mod files are; a warning
// says so. Anything else inside the biophysical properties is an error naming the
// file, line and element, never ignored.

#include <string>

#include "engine/circuit/biophysics.h"
#include "engine/diagnostics.h"

namespace lamina::io {

circuit::BiophysicalModel read_neuroml_cell(const std::string& file, const DiagnosticOptions& diagnostics = {});

}  // namespace lamina::io
