#pragma once
// Reads a mod file into a Module (see ast.h). Errors name file:line:column and the
// construct; constructs Lamina does not translate (VERBATIM, INCLUDE, FROM loops,
// arrays, WATCH, ...) are refused where they stand rather than skipped.

#include <filesystem>
#include <string>
#include <string_view>

#include "engine/nmodl/ast.h"

namespace lamina::nmodl {

// `file` names the source in messages.
Module parse_module(std::string_view source, const std::string& file);

// Reads and parses a .mod file (at most 4 MB: larger is not a mod file).
Module read_module(const std::filesystem::path& path);

}  // namespace lamina::nmodl
