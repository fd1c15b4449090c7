// libFuzzer target for the NeuroML cell reader: scripts/fuzz nml SECONDS
#include "fuzz/fuzz_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lamina::fuzz::read_one(lamina::fuzz::Reader::nml, data, size);
    return 0;
}
