// libFuzzer target for the H5 reader: scripts/fuzz h5 SECONDS
#include "fuzz/fuzz_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lamina::fuzz::read_one(lamina::fuzz::Reader::h5, data, size);
    return 0;
}
