// libFuzzer target for circuit-builder recipes (io/builder/recipe_io): scripts/fuzz recipe SECONDS
#include "fuzz/fuzz_recipes.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lamina::fuzz::read_recipe(data, size);
    return 0;
}
