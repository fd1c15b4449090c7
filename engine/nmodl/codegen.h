#pragma once
// Writes an analysed mechanism as C++ against the engine's mechanism interface
// (engine/sim/mechanism.h): the metadata, and kernels that loop over instances in
// structure-of-arrays storage with the same shape as the hand-written ones (one loop per
// kernel, everything inlined, run-wide values computed once before the loop, exp_simd),
// so the compiler vectorises them. The source defines
// `void lamina::mechanisms::<register_function>()`, which adds the mechanism to the
// catalogue.

#include <string>

#include "engine/nmodl/model.h"

namespace lamina::nmodl {

// `plugin`: for a run-time plugin, whose loader registers the mechanism through
// `<register_function>_info` / `_make` (no call into the engine's catalogue).
// `output_file`: where the source will be written; when given, each statement carries a
// #line directive naming its line in the mod file (and the code around them their lines
// in the output), so the C++ compiler's messages point at the mod file.
std::string generate_cpp(const Model& model, const std::string& register_function, bool plugin = false,
                         const std::string& output_file = {});

// A C++ identifier for a registration function made from a mechanism name
// ("register_NaTa_t", "register_x2d_y" for "x-y").
std::string register_function_name(const std::string& mechanism);

}  // namespace lamina::nmodl
