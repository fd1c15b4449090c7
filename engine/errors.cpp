#include "engine/errors.h"

namespace lamina {

namespace {
std::string with_line(const std::string& file, std::size_t line, const std::string& message) {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    return out + ": " + message;
}
}  // namespace

FileError::FileError(std::string file, std::size_t line, std::string message)
    : Error(with_line(file, line, message)),
      file_(std::move(file)),
      line_(line),
      reason_(std::move(message)) {}

FileError::FileError(std::string file, std::string location, std::string message)
    : Error(file + ": " + location + ": " + message),
      file_(std::move(file)),
      location_(std::move(location)),
      reason_(std::move(message)) {}

}  // namespace lamina
