// libFuzzer target for the SONATA HDF5 readers (nodes, edges, spikes, reports):
// scripts/fuzz sonata SECONDS
#include "fuzz/fuzz_readers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    lamina::fuzz::read_one(lamina::fuzz::Reader::sonata, data, size);
    return 0;
}
