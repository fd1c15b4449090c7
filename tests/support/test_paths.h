#pragma once
// Where tests find their fixtures and may write scratch files.


#include <string>

namespace lamina::test {

inline std::string fixture(const std::string& relative) {
    return std::string(LAMINA_FIXTURE_DIR) + "/" + relative;
}

inline std::string shared_reference(const std::string& relative) {
    return std::string(LAMINA_SHARED_DIR) + "/reference/" + relative;
}

}  // namespace lamina::test
