#include "engine/errors.h"

#include <cstdio>

namespace lamina {

std::string readable_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

// Built with append(): GCC 12 at -O3 warns falsely (-Wrestrict) on chained operator+.
std::string file_location(const std::string& file, std::size_t line) {
    std::string out;
    out.reserve(file.size() + 24);
    out.append(file);
    if (line > 0) out.append(":").append(std::to_string(line));
    return out;
}

FileError::FileError(std::string file, std::size_t line, std::string message)
    : Error(file_location(file, line).append(": ").append(message)),
      file_(std::move(file)),
      line_(line),
      reason_(std::move(message)) {}

FileError::FileError(std::string file, std::size_t line, std::size_t column, std::string message)
    : Error(file_location(file, line).append(column > 0 ? ":" + std::to_string(column) : std::string()).append(": ").append(message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      reason_(std::move(message)) {}

FileError::FileError(std::string file, std::string location, std::string message)
    : Error(file + ": " + location + ": " + message),
      file_(std::move(file)),
      location_(std::move(location)),
      reason_(std::move(message)) {}

}  // namespace lamina
