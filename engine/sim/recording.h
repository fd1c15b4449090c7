#pragma once
// Recording: what a run writes down while it goes. A recorder samples a list of
// probes (its columns) on a schedule into rows, one timestamp per row, and hands the
// rows in blocks to a sink: a SONATA report, a CSV file, an NWB file, the app's trace
// view. Cell groups write their own columns of each row while they advance, in
// parallel and without locks; the simulation hands complete rows to the sinks between
// epochs. Memory is the row buffer only (bounded, see Recorder) whatever the run's
// length: nothing is kept per compartment beyond one value a row.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "engine/sim/cell_description.h"

namespace lamina::sim {

using Gid = std::uint32_t;

// What one column samples: "v", "mechanism.state" (e.g. "hh.m") or "synapse:N" (the
// current of point process N on the cell, nA) at a location of a cell.
struct ProbeAddress {
    Gid gid = 0;
    Location where{0, 0.5};
    std::string variable = "v";
};

// Steps at which a recorder samples: first_step, first_step + stride, ... before
// end_step. The sample of step n is the state at t = n dt (step 0: the initial state).
struct Schedule {
    std::int64_t first_step = 1;
    std::int64_t stride = 1;
    std::int64_t end_step = std::numeric_limits<std::int64_t>::max();

    bool samples(std::int64_t step) const {
        return step >= first_step && step < end_step && (step - first_step) % stride == 0;
    }
    // The first sampled step at or after `step` (end_step when none is left).
    std::int64_t next(std::int64_t step) const;
};

// How a recorder keeps its values: doubles (traces compared with NEURON's), or float32
// as SONATA reports store them (half the memory and the copying).
enum class Precision { full, single };

// A block of rows: rows x columns values, row-major, with each row's time. The values
// are in `values` or, from a single-precision recorder, in `floats`.
struct RowBlock {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::span<const double> times;   // [ms] one per row
    std::span<const double> values;  // rows * columns, in the probed quantities' units
    std::span<const float> floats;
    // The vector the values lie in, when the sink may take it instead of copying: it
    // swaps in a vector of the same size, which the recorder fills next (a sink that
    // hands rows to another thread saves a copy of every value this way).
    std::vector<double>* storage = nullptr;
    std::vector<float>* float_storage = nullptr;

    double at(std::size_t i) const { return floats.empty() ? values[i] : floats[i]; }
};

class RecordingSink {
public:
    virtual ~RecordingSink() = default;
    // Before the first row: how many columns each row has.
    virtual void begin(std::size_t columns) = 0;
    // Rows in time order; called on the thread that advances the run.
    virtual void append(const RowBlock& rows) = 0;
    // After the last row (the run ended or the recorder was reset); the sink closes.
    virtual void finish() = 0;
};

// One time series held in memory: a sink of one column whose samples another thread
// drains while the run goes on (the app's traces, tests).
struct Sample {
    double time;   // [ms]
    double value;  // in the probed quantity's units
};

struct Spike {
    Gid gid;
    double time;  // [ms]
    friend bool operator<(const Spike& a, const Spike& b) {
        return a.time < b.time || (a.time == b.time && a.gid < b.gid);
    }
    friend bool operator==(const Spike&, const Spike&) = default;
};

// Where a run's spikes go as they happen: a SONATA or CSV spike file, a raster.
class SpikeSink {
public:
    virtual ~SpikeSink() = default;
    // Spikes in (time, gid) order, each once, every spike before the next call's.
    virtual void append(std::span<const Spike> spikes) = 0;
    virtual void finish() = 0;
};

class Trace final : public RecordingSink {
public:
    void begin(std::size_t) override {}
    void append(const RowBlock& rows) override;
    void finish() override {}
    // Moves every sample recorded since the last call to the end of `out`; returns how many.
    std::size_t drain(std::vector<Sample>& out);

private:
    std::mutex mutex_;
    std::vector<Sample> samples_;
};

}  // namespace lamina::sim
