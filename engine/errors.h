#pragma once
// Two families of errors (see STYLE.md):
//  - lamina::Error and its children: the user's input is wrong. The message names the
//    item, its value and, for files, the file and line or dataset. Safe to show as is.
//  - lamina::InternalError: a bug in Lamina. Reported as such, never blamed on the user.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace lamina {

// "file:line" or just "file" when line is 0: how every message names a place.
std::string file_location(const std::string& file, std::size_t line);

// A number as messages print it: 6 significant digits, %g style (0.025, -80, 1e+300),
// never 300 digits.
std::string readable_number(double value);

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad input in a file: names the file and, where there is one, the line (1-based) or
// the location inside a container format (an HDF5 dataset, a JSON key).
class FileError : public Error {
public:
    FileError(std::string file, std::size_t line, std::string message);
    FileError(std::string file, std::string location, std::string message);
    // "file:line:column: message", as compilers say it (source files: mod files).
    FileError(std::string file, std::size_t line, std::size_t column, std::string message);

    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }  // 0 when not line-based
    std::size_t column() const noexcept { return column_; }  // 0 when not given
    const std::string& location() const noexcept { return location_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string file_;
    std::size_t line_ = 0, column_ = 0;
    std::string location_;
    std::string reason_;
};

// A parameter outside its valid range: "dt must be > 0 ms, got -0.1".
class InvalidArgument : public Error {
public:
    using Error::Error;
};

// The simulation became unstable (NaN, infinity, |v| beyond 1e4 mV); names cell,
// location and time.
class NumericalError : public Error {
public:
    using Error::Error;
};

class InternalError : public std::logic_error {
public:
    explicit InternalError(const std::string& what)
        : std::logic_error("internal error (please report): " + what) {}
};

}  // namespace lamina
