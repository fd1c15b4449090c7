#pragma once
// The benchmark registry: each sub-benchmark prints its figures as key=value lines,
// with the reference it aims at, and ends with wall_s=<seconds of the measured loop>.

#include <chrono>
#include <string>
#include <vector>

namespace lamina::bench {

struct Options {
    std::vector<std::string> args;  // after the benchmark name
    std::string value(const std::string& name, const std::string& fallback) const;
};

struct Benchmark {
    const char* name;
    const char* description;
    int (*run)(const Options& options);
};

class Stopwatch {
public:
    Stopwatch() : start_(std::chrono::steady_clock::now()) {}
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

private:
    std::chrono::steady_clock::time_point start_;
};

// Peak resident memory of this process [MB] (VmHWM).
double peak_megabytes();

int run_morphology(const Options& options);
int run_hh_axon(const Options& options);
int run_ballstick(const Options& options);
int run_l5pc(const Options& options);
int run_sonata(const Options& options);
int run_record(const Options& options);
int run_build(const Options& options);
int run_column(const Options& options);
int run_index(const Options& options);
int run_pointnet(const Options& options);
int run_gui_overhead(const Options& options);  // only with the GUI built
int run_render(const Options& options);        // only with the GUI built

}  // namespace lamina::bench
