// libFuzzer target for the SWC reader: scripts/fuzz swc SECONDS
#include "fuzz/fuzz_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lamina::fuzz::read_one(lamina::fuzz::Reader::swc, data, size);
    return 0;
}
