// lamina-h5check: the helper that lets libhdf5 meet a user's HDF5 file before Lamina
// does (io/hdf5_screen.h). `--serve` is how Lamina runs it; given files, it checks each
// the way Lamina would and says what it found.

#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>

#include "engine/errors.h"
#include "io/hdf5_screen.h"
#include "io/hdf5_walk.h"

namespace {

// [bytes] The largest single allocation libhdf5 may make for the current file. A damaged
// size field makes libhdf5 1.10 ask for tens of gigabytes (a variable-length attribute
// claiming 21 GB) and, where malloc agrees, read far past its heap. Set per file from
// its size with the readers' own bound (io::hdf5_read_budget).
std::atomic<std::size_t> allocation_cap{SIZE_MAX};

// Says how much was asked (for the message) and ends the helper; Lamina sees the end
// and refuses the file. Only async-signal-safe calls: this runs inside malloc.
[[noreturn]] void refuse_allocation(std::size_t bytes) {
    char line[40] = "alloc ";
    char digits[24];
    int n = 0;
    do digits[n++] = static_cast<char>('0' + bytes % 10);
    while ((bytes /= 10) != 0 && n < 24);
    std::size_t length = 6;
    while (n > 0) line[length++] = digits[--n];
    line[length++] = '\n';
    [[maybe_unused]] const ssize_t written = ::write(1, line, length);
    ::_exit(3);
}

void check_allocation(std::size_t bytes) {
    if (bytes > allocation_cap.load(std::memory_order_relaxed)) refuse_allocation(bytes);
}

void cap_allocations_for(std::uintmax_t file_bytes) {
    const std::uintmax_t cap = std::min<std::uintmax_t>(lamina::io::hdf5_read_budget(file_bytes), SIZE_MAX);
    allocation_cap.store(static_cast<std::size_t>(cap), std::memory_order_relaxed);
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
#define LAMINA_H5CHECK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LAMINA_H5CHECK_ASAN 1
#endif
#endif

#ifdef LAMINA_H5CHECK_ASAN
// The helper is built with AddressSanitizer (app/CMakeLists.txt). It owns malloc, so it
// tells us of each allocation through its hook, refuses single requests past 4 GiB
// itself (before touching their shadow), and hands its report over to be passed on.
#include <sanitizer/asan_interface.h>

extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*on_malloc)(const volatile void*, std::size_t),
                                                         void (*on_free)(const volatile void*));

extern "C" const char* __asan_default_options() {
    return "detect_leaks=0:allocator_may_return_null=0:max_allocation_size_mb=4096:malloc_context_size=0";
}

namespace {
void on_malloc(const volatile void*, std::size_t bytes) { check_allocation(bytes); }
void on_free(const volatile void*) {}

// Passes the report's summary line ("SUMMARY: AddressSanitizer: SEGV ... in H5HG_read")
// to Lamina as "crash SUMMARY", or "alloc BYTES" for a request past the cap.
void on_report(const char* report) {
    const std::string text = report;
    const std::string size_key = "requested allocation size 0x";
    if (const auto at = text.find(size_key); at != std::string::npos)
        refuse_allocation(std::strtoull(text.c_str() + at + size_key.size(), nullptr, 16));
    std::string summary = "memory error";
    if (const auto at = text.find("SUMMARY: AddressSanitizer: "); at != std::string::npos)
        summary = text.substr(at + 27, text.find('\n', at) - at - 27);
    const std::string line = "crash " + summary + "\n";
    [[maybe_unused]] const ssize_t written = ::write(1, line.data(), line.size());
}

void install_allocation_guard() {
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
    __asan_set_error_report_callback(on_report);
}
}  // namespace
#else
// This program's malloc, calloc and realloc check the size and hand over to glibc's
// (free stays glibc's, which owns every block either way).
extern "C" {
void* __libc_malloc(std::size_t) noexcept;
void* __libc_calloc(std::size_t, std::size_t) noexcept;
void* __libc_realloc(void*, std::size_t) noexcept;

void* malloc(std::size_t bytes) noexcept {
    check_allocation(bytes);
    return __libc_malloc(bytes);
}
void* calloc(std::size_t count, std::size_t each) noexcept {
    if (each != 0 && count > SIZE_MAX / each) refuse_allocation(SIZE_MAX);
    check_allocation(count * each);
    return __libc_calloc(count, each);
}
void* realloc(void* block, std::size_t bytes) noexcept {
    check_allocation(bytes);
    return __libc_realloc(block, bytes);
}
}
namespace {
void install_allocation_guard() {}
}  // namespace
#endif

namespace {

int serve() {
    // The helper lives only as long as Lamina does, and a crash leaves no core file.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() == 1) return 0;
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    install_allocation_guard();
    lamina::io::serve_hdf5_checks(0, 1, cap_allocations_for);
    ::_exit(0);  // no leak report for what libhdf5 keeps: nothing of it outlives the helper
}

constexpr const char* help = R"(usage: lamina-h5check FILE...
       lamina-h5check --serve

Reads each HDF5 FILE with libhdf5 the way Lamina does before loading it: every group,
attribute and dataset, in a separate process, so a damaged file that makes libhdf5
crash, hang or ask for absurd memory is reported instead of harming the program.
Prints "FILE: ok" or what went wrong; exit status 1 when any file is damaged.

--serve   the mode Lamina starts it in: NUL-terminated paths on standard input,
          a line per object read on standard output.
)";

}  // namespace

int main(int argc, char** argv) {
    const std::string first = argc > 1 ? argv[1] : "";
    if (first == "--serve" && argc == 2) return serve();
    if (argc < 2 || first == "--help" || first == "-h") {
        std::cout << help;
        return argc < 2 ? 2 : 0;
    }
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        try {
            lamina::io::screen_hdf5_file(argv[i]);
            std::cout << argv[i] << ": ok\n";
        } catch (const lamina::Error& e) {
            std::cout << e.what() << '\n';
            status = 1;
        }
    }
    return status;
}
