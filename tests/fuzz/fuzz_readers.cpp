#include "fuzz/fuzz_readers.h"

#include <string_view>

#include "engine/errors.h"
#include "engine/morphology/metrics.h"
#include "io/morphology/asc.h"
#include "io/morphology/h5.h"
#include "io/morphology/swc.h"

namespace lamina::fuzz {

bool read_one(Reader reader, const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    WarningCollector warnings;
    try {
        Morphology m;
        switch (reader) {
            case Reader::swc: m = io::parse_swc(bytes, "fuzz.swc", {&warnings, false}); break;
            case Reader::asc: m = io::parse_asc(bytes, "fuzz.asc", {&warnings, false}); break;
            case Reader::h5: m = io::parse_h5_image(bytes, "fuzz.h5", {&warnings, false}); break;
        }
        // Whatever was read must be usable: metrics and writing walk every array.
        (void)compute_metrics(m);
        (void)io::format_swc(m);
        return true;
    } catch (const Error&) {
        return false;
    }
}

}  // namespace lamina::fuzz
