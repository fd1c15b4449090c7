// libFuzzer target for the JSON front ends (simulation and circuit configs, node sets,
// model files): scripts/fuzz config SECONDS
#include "fuzz/fuzz_configs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lamina::fuzz::read_configs(data, size);
    return 0;
}
