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
    std::vector<double> values;        // capacity_rows * columns
    bool finished = false;

    double* row(std::int64_t step) {
        return values.data() + static_cast<std::size_t>((step - first_row_step) / schedule.stride) * columns;
    }
};

}  // namespace lamina::sim
