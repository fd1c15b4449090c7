#pragma once
// File helpers every reader and writer shares: whole-file reads with precise errors,
// and writes that never leave a half-written file where the user expects a good one.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>

namespace lamina::io {

// Largest text file a reader accepts; beyond this a file is almost surely not a morphology.
inline constexpr std::uintmax_t max_text_file_bytes = std::uintmax_t{4} << 30;  // 4 GiB

// The whole file as bytes. Throws FileError naming the file for a missing file, a
// directory, an unreadable file or one larger than max_text_file_bytes.
std::string read_file(const std::filesystem::path& path);

// A temporary sibling of `target` ("cell.h5.tmp-<pid>-<n>") that is renamed onto the
// target by commit() and removed otherwise (error, exception, cancel).
class AtomicOutput {
public:
    explicit AtomicOutput(std::filesystem::path target);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::filesystem::path& temporary_path() const noexcept { return temporary_; }
    const std::filesystem::path& target_path() const noexcept { return target_; }
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    bool committed_ = false;
};

// Writes text through `fill` into a temporary file and renames it onto `path`.
void write_text_file_atomically(const std::filesystem::path& path,
                                const std::function<void(std::ostream&)>& fill);

}  // namespace lamina::io
