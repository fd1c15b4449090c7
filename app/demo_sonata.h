#pragma once
// The ball-and-stick demo network as a SONATA circuit and simulation config, so users
// can try `lamina simulate` (and other SONATA tools) without a circuit of their own.

#include <filesystem>

#include "engine/sim/demo_network.h"

namespace lamina::app {

// The ball-and-stick cell's model files in `folder`: ballstick.swc (a point soma of
// radius 10 µm, a 200 x 1 µm dendrite), ballstick.json (hh soma; passive dendrite with
// g 0.001 S/cm² and e -65 mV; Ra 100 Ω·cm, cm 1 µF/cm²) and expsyn.json (tau 2 ms,
// erev 0 mV).
void write_ballstick_models(const std::filesystem::path& folder);

// Writes models/, the circuit (cells, their Poisson drive as a virtual population with
// its spike trains in drive_spikes.h5, recurrent edges), simulation_config.json (tstop,
// a soma voltage report of the first 10 cells) into `folder`.
void write_demo_sonata(const std::filesystem::path& folder, const sim::DemoNetworkOptions& options, double tstop);

}  // namespace lamina::app
