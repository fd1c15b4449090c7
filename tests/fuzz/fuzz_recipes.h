#pragma once
// The circuit builder's recipe front end, for the recipe fuzz target and the corpus
// replay: the bytes are read as a recipe JSON. Rejecting them with lamina::Error is the
// expected outcome for garbage; anything else escaping (a crash, std::bad_alloc, an
// InternalError, a filesystem_error) is a bug the fuzzer reports.

#include <cstddef>
#include <cstdint>

namespace lamina::fuzz {

// Returns true when the input was read as a recipe, false when it was rejected.
bool read_recipe(const std::uint8_t* data, std::size_t size);

}  // namespace lamina::fuzz
