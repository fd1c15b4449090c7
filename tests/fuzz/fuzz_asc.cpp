// libFuzzer target for the ASC reader: scripts/fuzz asc SECONDS
#include "fuzz/fuzz_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lamina::fuzz::read_one(lamina::fuzz::Reader::asc, data, size);
    return 0;
}
