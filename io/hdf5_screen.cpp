#include "io/hdf5_screen.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cinttypes>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <map>
#include <string_view>
#include <tuple>
#include <vector>

#include "engine/errors.h"

extern char** environ;

namespace lamina::io {

namespace {

using Clock = std::chrono::steady_clock;

std::mutex& limits_mutex() {
    static std::mutex mutex;
    return mutex;
}

Hdf5ScreenLimits& current_limits() {
    static Hdf5ScreenLimits limits;
    return limits;
}

std::string byte_count_text(std::uintmax_t bytes) {
    char buffer[64];
    if (bytes < 1000) {
        std::snprintf(buffer, sizeof buffer, "%ju bytes", bytes);
    } else {
        const char* unit = bytes >= 1'000'000'000 ? "GB" : bytes >= 1'000'000 ? "MB" : "kB";
        const double scale = bytes >= 1'000'000'000 ? 1e9 : bytes >= 1'000'000 ? 1e6 : 1e3;
        std::snprintf(buffer, sizeof buffer, "%ju bytes (%.1f %s)", bytes, static_cast<double>(bytes) / scale, unit);
    }
    return buffer;
}

// A file as it was when it passed: the same inode, size and time stamps, and the same
// bytes where hashing them is cheap (the fuzzer rewrites one file faster than the
// clock's tick).
struct FileIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    std::int64_t modified_ns = 0;
    std::int64_t changed_ns = 0;
    std::uint64_t hash = 0;
    auto key() const { return std::tie(device, inode, size, modified_ns, changed_ns, hash); }
    bool operator<(const FileIdentity& other) const { return key() < other.key(); }
};

std::uint64_t content_hash(const std::string& path, off_t size) {
    constexpr off_t whole = 1 << 20, edge = 64 << 10;
    std::ifstream in(path, std::ios::binary);
    std::uint64_t hash = 14695981039346656037ull;  // FNV-1a
    auto mix = [&](off_t from, off_t length) {
        std::string bytes(static_cast<std::size_t>(length), '\0');
        in.seekg(from);
        in.read(bytes.data(), length);
        for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    };
    if (size <= whole) {
        mix(0, size);
    } else {
        mix(0, edge);
        mix(size - edge, edge);
    }
    return hash;
}

std::optional<FileIdentity> identity_of(const std::string& path) {
    struct stat s {};
    if (::stat(path.c_str(), &s) != 0 || !S_ISREG(s.st_mode)) return std::nullopt;
    FileIdentity id;
    id.device = s.st_dev;
    id.inode = s.st_ino;
    id.size = s.st_size;
    id.modified_ns = std::int64_t{s.st_mtim.tv_sec} * 1'000'000'000 + s.st_mtim.tv_nsec;
    id.changed_ns = std::int64_t{s.st_ctim.tv_sec} * 1'000'000'000 + s.st_ctim.tv_nsec;
    id.hash = content_hash(path, s.st_size);
    return id;
}

std::string signal_text(int signal) {
    const char* name = ::strsignal(signal);
    return "signal " + std::to_string(signal) + (name ? std::string(", ") + name : std::string());
}

std::uintmax_t resident_bytes(pid_t pid) {
    std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
    std::uintmax_t size = 0, resident = 0;
    if (!(statm >> size >> resident)) return 0;
    return resident * static_cast<std::uintmax_t>(::sysconf(_SC_PAGESIZE));
}

// AddressSanitizer's summary, "SEGV (/lib/x86_64-linux-gnu/libhdf5_serial.so.103+0x1c2d5)
// in H5HG_read", as the kind of error and the function: "SEGV in H5HG_read".
std::string crash_summary(const std::string& summary) {
    const std::string kind = summary.substr(0, summary.find(' '));
    const auto in = summary.rfind(" in ");
    return in == std::string::npos ? kind : kind + summary.substr(in);
}

// The helper's environment: this process's, with AddressSanitizer's settings for the
// helper appended last (later settings win), so no ASAN_OPTIONS of the user's or of a
// test run can weaken the guard: an allocation past 4 GiB is reported, not answered with
// a null pointer that libhdf5 survives here and this process would then meet in-process.
std::vector<std::string> helper_environment() {
    constexpr std::string_view key = "ASAN_OPTIONS=";
    std::string asan_options;
    std::vector<std::string> out;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        if (text.starts_with(key)) asan_options = std::string(text.substr(key.size())) + ":";
        else out.emplace_back(text);
    }
    out.push_back(std::string(key) + asan_options +
                  "allocator_may_return_null=0:max_allocation_size_mb=4096:detect_leaks=0:malloc_context_size=0");
    return out;
}

// What became of one file in the helper.
struct Verdict {
    bool passed = false;
    std::string object = "/";  // what libhdf5 was reading last
    std::string reason;        // why it failed
};

// The helper process and its socket (one socket for both directions, so a write to a
// helper that died fails with EPIPE instead of killing Lamina with SIGPIPE).
class Checker {
public:
    ~Checker() { stop(); }

    Verdict check(const std::string& path, std::uintmax_t bytes, const Hdf5ScreenLimits& limits) {
        if (pid_ < 0) start();
        std::string request = path;
        request.push_back('\0');
        if (!send_request(request)) {  // the helper ended since the last file: once more
            stop();
            start();
            if (!send_request(request)) throw Error("cannot talk to the HDF5 checker " + program_.string());
        }
        return await(bytes, limits);
    }

private:
    void start() {
        program_ = hdf5_checker_program();
        if (program_.empty())
            throw Error("cannot read HDF5 files safely: the helper program lamina-h5check is missing (it belongs "
                        "beside the lamina program; set LAMINA_H5CHECK to its path)");
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
            throw Error(std::string("cannot start the HDF5 checker: ") + std::strerror(errno));
        // The helper's end becomes its standard input and output; keep it above 2 so
        // dup2 never meets itself (and so keeps close-on-exec).
        int child_end = fds[1];
        if (child_end <= 2) {
            child_end = ::fcntl(fds[1], F_DUPFD_CLOEXEC, 3);
            ::close(fds[1]);
        }
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, child_end, 0);
        posix_spawn_file_actions_adddup2(&actions, child_end, 1);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        const std::string program = program_.string();
        char serve[] = "--serve";
        char* argv[] = {const_cast<char*>(program.c_str()), serve, nullptr};
        std::vector<std::string> environment = helper_environment();
        std::vector<char*> envp;
        for (std::string& entry : environment) envp.push_back(entry.data());
        envp.push_back(nullptr);
        pid_t pid = -1;
        const int failed = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, envp.data());
        posix_spawn_file_actions_destroy(&actions);
        ::close(child_end);
        if (failed != 0) {
            ::close(fds[0]);
            throw Error("cannot start the HDF5 checker " + program + ": " + std::strerror(failed));
        }
        pid_ = pid;
        socket_ = fds[0];
        pending_.clear();
    }

    void stop() {
        if (socket_ >= 0) ::close(socket_);
        socket_ = -1;
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }

    bool send_request(const std::string& request) {
        std::size_t sent = 0;
        while (sent < request.size()) {
            const ssize_t n = ::send(socket_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    // The helper ended while reading: how.
    std::string ending() {
        int status = 0;
        pid_t waited = -1;
        do waited = ::waitpid(pid_, &status, 0);
        while (waited < 0 && errno == EINTR);
        pid_ = -1;
        ::close(socket_);
        socket_ = -1;
        if (waited < 0) return "it ended unexpectedly";
        if (WIFSIGNALED(status)) return "it crashed (" + signal_text(WTERMSIG(status)) + ")";
        return "it failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
    }

    Verdict await(std::uintmax_t bytes, const Hdf5ScreenLimits& limits) {
        Verdict verdict;
        const auto start = Clock::now();
        const auto longest = limits.quiet_for + std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    limits.per_megabyte * (static_cast<double>(bytes) / 1e6));
        std::optional<std::uintmax_t> asked;  // an allocation the guard refused
        std::string crash;                    // AddressSanitizer's summary of a memory error
        auto last_report = Clock::now();
        for (;;) {
            pollfd fd{socket_, POLLIN, 0};
            const int ready = ::poll(&fd, 1, 50);
            if (ready < 0 && errno != EINTR) throw Error(std::string("HDF5 checker: ") + std::strerror(errno));
            if (ready > 0) {
                char buffer[4096];
                const ssize_t n = ::recv(socket_, buffer, sizeof buffer, 0);
                if (n <= 0 && !(n < 0 && errno == EINTR)) {
                    const std::string how = ending();
                    verdict.reason = asked    ? "libhdf5 asked for " + byte_count_text(*asked) +
                                                    " of memory at once, far beyond what the file can need"
                                     : !crash.empty() ? "libhdf5 crashed reading it (" + crash + ")"
                                                      : "libhdf5 failed reading it: " + how;
                    return verdict;
                }
                if (n > 0) pending_.append(buffer, static_cast<std::size_t>(n));
                for (auto end = pending_.find('\n'); end != std::string::npos; end = pending_.find('\n')) {
                    const std::string line = pending_.substr(0, end);
                    pending_.erase(0, end + 1);
                    last_report = Clock::now();
                    if (line.rfind("at ", 0) == 0) verdict.object = line.substr(3);
                    if (line.rfind("alloc ", 0) == 0) asked = std::strtoumax(line.c_str() + 6, nullptr, 10);
                    if (line.rfind("crash ", 0) == 0) crash = crash_summary(line.substr(6));
                    if (line.rfind("done", 0) == 0) {
                        verdict.passed = true;
                        return verdict;
                    }
                }
            }
            if (Clock::now() - last_report > limits.quiet_for) {
                stop();
                verdict.reason = "libhdf5 made no progress for " +
                                 readable_number(static_cast<double>(limits.quiet_for.count()) / 1000.0) +
                                 " s reading it (a damaged file can make it loop forever), so the check was stopped";
                return verdict;
            }
            if (Clock::now() - start > longest) {
                stop();
                verdict.reason = "libhdf5 was still reading it after " +
                                 readable_number(static_cast<double>(longest.count()) / 1000.0) +
                                 " s, longer than any file of " + byte_count_text(bytes) +
                                 " needs (a damaged type can make it convert a few values endlessly), so the "
                                 "check was stopped";
                return verdict;
            }
            if (resident_bytes(pid_) > limits.max_resident_bytes) {
                stop();
                verdict.reason = "libhdf5 grew past " + byte_count_text(limits.max_resident_bytes) +
                                 " of memory reading it, so the check was stopped";
                return verdict;
            }
        }
    }

    std::filesystem::path program_;
    pid_t pid_ = -1;
    int socket_ = -1;
    std::string pending_;  // a partial line from the helper
};

struct Screen {
    std::mutex mutex;
    Checker checker;
    // Verdicts by file: a file read by several readers (or again) is checked once, and
    // a hang costs its wait once. Bounded: past this many files the oldest are checked again.
    std::map<FileIdentity, Verdict> verdicts;
    static constexpr std::size_t max_verdicts = 65536;
};

Screen& screen() {
    static Screen s;
    return s;
}

}  // namespace

void set_hdf5_screen_limits(const Hdf5ScreenLimits& limits) {
    std::lock_guard lock(limits_mutex());
    current_limits() = limits;
}

Hdf5ScreenLimits hdf5_screen_limits() {
    std::lock_guard lock(limits_mutex());
    return current_limits();
}

std::filesystem::path hdf5_checker_program() {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (const char* configured = std::getenv("LAMINA_H5CHECK"); configured && *configured)
        return fs::is_regular_file(configured, ec) ? fs::path(configured) : fs::path();
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = self.parent_path() / "lamina-h5check";
        if (fs::is_regular_file(beside, ec)) return beside;
    }
#ifdef LAMINA_H5CHECK_BUILD_PATH
    if (fs::is_regular_file(LAMINA_H5CHECK_BUILD_PATH, ec)) return LAMINA_H5CHECK_BUILD_PATH;
#endif
    return {};
}

void forget_screened_hdf5_files() {
    std::lock_guard lock(screen().mutex);
    screen().verdicts.clear();
}

void screen_hdf5_file(const std::string& path) {
    const std::optional<FileIdentity> id = identity_of(path);
    if (!id) return;  // missing, a folder, a FIFO: the reader names the problem
    const Hdf5ScreenLimits limits = hdf5_screen_limits();
    Screen& s = screen();
    std::lock_guard lock(s.mutex);
    auto known = s.verdicts.find(*id);
    if (known == s.verdicts.end()) {
        if (s.verdicts.size() >= Screen::max_verdicts) s.verdicts.clear();
        known = s.verdicts.emplace(*id, s.checker.check(path, static_cast<std::uintmax_t>(id->size), limits)).first;
    }
    const Verdict& verdict = known->second;
    if (!verdict.passed)
        throw FileError(path, verdict.object,
                        "damaged HDF5 file: " + verdict.reason +
                            " (in Lamina's separate checking process; nothing was loaded)");
}

}  // namespace lamina::io
