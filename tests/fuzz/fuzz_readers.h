#pragma once
// One entry per reader for libFuzzer targets and for the corpus replay test. Rejecting
// input with lamina::Error is the expected outcome for garbage; anything else escaping
// (a crash, std::bad_alloc, an InternalError) is a bug the fuzzer reports.

#include <cstddef>
#include <cstdint>
#include <string>

namespace lamina::fuzz {

// sonata: the bytes as a SONATA nodes file, edges file, spikes file and report; nml: as
// a NeuroML cell file (a SONATA model template).
enum class Reader { swc, asc, h5, sonata, nml };

// Returns true when the input was read, false when it was rejected with a user error
// (for sonata: true when any of its readers accepted it).
bool read_one(Reader reader, const std::uint8_t* data, std::size_t size);

}  // namespace lamina::fuzz
