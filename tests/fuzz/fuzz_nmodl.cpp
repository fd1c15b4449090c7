// libFuzzer target for the NMODL translator: parse, analyse and write C++ for any bytes.
// Only NmodlError / lamina::Error may come out (an InternalError is a bug, so it aborts).
// scripts/fuzz nmodl SECONDS
#include <cstdint>
#include <string_view>

#include "engine/errors.h"
#include "engine/nmodl/codegen.h"
#include "engine/nmodl/model.h"
#include "engine/nmodl/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto model = lamina::nmodl::analyse(lamina::nmodl::parse_module(text, "fuzz.mod"));
        (void)lamina::nmodl::generate_cpp(model, "register_fuzz");
    } catch (const lamina::Error&) {
    }
    return 0;
}
