#include "io/file_util.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <unistd.h>

#include "engine/errors.h"

namespace lamina::io {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw FileError(name, 0, "no such file");
    if (fs::is_directory(status)) throw FileError(name, 0, "is a directory, not a file");
    const auto size = fs::file_size(path, ec);
    if (ec) throw FileError(name, 0, "cannot determine the file size: " + ec.message());
    if (size > max_text_file_bytes)
        throw FileError(name, 0, "file is " + std::to_string(size) + " bytes; the limit is " +
                                     std::to_string(max_text_file_bytes) + " bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(name, 0, std::string("cannot open: ") + std::strerror(errno));
    std::string bytes(static_cast<std::size_t>(size), '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size)
        throw FileError(name, 0, "could not read the whole file (it changed while reading?)");
    return bytes;
}

AtomicOutput::AtomicOutput(fs::path target) : target_(std::move(target)) {
    static std::atomic<unsigned> counter{0};
    temporary_ = target_;
    temporary_ += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

AtomicOutput::~AtomicOutput() {
    if (!committed_) {
        std::error_code ignored;
        fs::remove(temporary_, ignored);
    }
}

void AtomicOutput::commit() {
    std::error_code ec;
    fs::rename(temporary_, target_, ec);
    if (ec) throw FileError(target_.string(), 0, "cannot move the finished file into place: " +
                                                     ec.message());
    committed_ = true;
}

void write_text_file_atomically(const fs::path& path,
                                const std::function<void(std::ostream&)>& fill) {
    AtomicOutput output(path);
    {
        std::ofstream out(output.temporary_path(), std::ios::binary | std::ios::trunc);
        if (!out)
            throw FileError(path.string(), 0,
                            std::string("cannot create the file: ") + std::strerror(errno));
        fill(out);
        out.flush();
        if (!out) throw FileError(path.string(), 0, "write failed (disk full?)");
    }
    output.commit();
}

}  // namespace lamina::io
