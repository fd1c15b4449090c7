#pragma once
// The built-in mechanisms (registered by mechanism_catalogue.cpp): metadata and kernels.

#include <memory>
#include <vector>

#include "engine/sim/mechanism.h"

namespace lamina::sim {

const MechanismInfo& passive_info();
const MechanismInfo& hh_info();
const MechanismInfo& iclamp_info();
const MechanismInfo& seclamp_info();
const MechanismInfo& expsyn_info();
const MechanismInfo& exp2syn_info();

std::unique_ptr<Mechanism> make_passive();
std::unique_ptr<Mechanism> make_hh();
std::unique_ptr<Mechanism> make_iclamp();
std::unique_ptr<Mechanism> make_seclamp();
std::unique_ptr<Mechanism> make_expsyn();
std::unique_ptr<Mechanism> make_exp2syn();

// IClamp instances may follow an arbitrary waveform instead of the del/dur/amp pulse:
// piecewise linear through (time [ms], amplitude [nA]) pairs, held at the ends.
void set_iclamp_waveform(Mechanism& iclamp, std::uint32_t instance, std::vector<double> times,
                         std::vector<double> amplitudes);

}  // namespace lamina::sim
