#pragma once
// A mod file that cannot be translated: the message names file, line and column, and
// the construct ("hh.mod:12:5: unknown variable 'gbar' in BREAKPOINT").

#include <string>

#include "engine/errors.h"
#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

class NmodlError : public FileError {
public:
    NmodlError(const std::string& file, Position at, const std::string& message)
        : FileError(file, at.line, at.column, message) {}
};

}  // namespace lamina::nmodl
