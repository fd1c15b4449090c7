#pragma once
// The JSON front ends of a simulation, for the config fuzz target and the corpus replay:
// the bytes are read as a simulation config, as a circuit config, as a node sets file,
// and as a biophysical and a synaptic model. Rejecting them with lamina::Error is the
// expected outcome for garbage; anything else escaping is a bug the fuzzer reports.

#include <cstddef>
#include <cstdint>

namespace lamina::fuzz {

// Returns how many of the five readers accepted the input.
int read_configs(const std::uint8_t* data, std::size_t size);

// Removes the scratch folder read_configs() writes its inputs to.
void remove_config_scratch();

}  // namespace lamina::fuzz
