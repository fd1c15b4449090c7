#pragma once
// Private to the simulator: the rows a recorder fills during one epoch. Cell groups
// write their columns of the rows due in their steps (each group its own columns, so
// threads never share a value); the simulation hands the filled rows to the sink
// between epochs and starts the buffer again at the next sampled step.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/sim/recording.h"

namespace lamina::sim {

struct RecorderBuffer {
    Schedule schedule;
    std::shared_ptr<RecordingSink> sink;
    std::size_t columns = 0;
    std::size_t capacity_rows = 1;     // rows the buffer holds: bounds an epoch's length
    std::int64_t first_row_step = 0;   // the step of row 0 in this epoch
    std::size_t rows = 0;              // rows due in this epoch
    std::vector<double> times;         // [ms] capacity_rows
    bool single = false;               // Precision::single: the values in `floats`
    std::vector<double> values;        // capacity_rows * columns
    std::vector<float> floats;
    bool finished = false;

    std::size_t offset(std::int64_t step) const {
        return static_cast<std::size_t>((step - first_row_step) / schedule.stride) * columns;
    }
    std::size_t value_bytes() const { return single ? sizeof(float) : sizeof(double); }
    // The filled rows, for the sink; afterwards the buffers are sized for the next epoch
    // again (a sink may have swapped them).
    RowBlock block() {
        RowBlock b{rows, columns, {times.data(), rows}, {}, {}, nullptr, nullptr};
        if (single) {
            b.floats = {floats.data(), rows * columns};
            b.float_storage = &floats;
        } else {
            b.values = {values.data(), rows * columns};
            b.storage = &values;
        }
        return b;
    }
    void restore() {
        if (single) floats.resize(capacity_rows * columns);
        else values.resize(capacity_rows * columns);
    }
};

}  // namespace lamina::sim
