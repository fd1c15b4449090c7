#pragma once
// The membrane-voltage colour map shared by the 3D view and its colour bar: deep blue at
// rest and below, through grey-violet, to red and yellow at the peak of a spike, so a
// travelling action potential stands out against a resting circuit.

#include <array>

class vtkLookupTable;

namespace lamina::render {

// Colour at t in [0, 1] (clamped), RGB in [0, 1].
std::array<double, 3> voltageColor(double t);
// Fills a 256-entry table over [low, high] mV (render/ internal: VTK type).
void buildVoltageTable(vtkLookupTable* table, double low, double high);

}  // namespace lamina::render
