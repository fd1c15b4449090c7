#include "engine/sim/recording.h"

namespace lamina::sim {

std::int64_t Schedule::next(std::int64_t step) const {
    if (step <= first_step) return first_step < end_step ? first_step : end_step;
    const std::int64_t k = (step - first_step + stride - 1) / stride;
    const std::int64_t at = first_step + k * stride;
    return at < end_step ? at : end_step;
}

void Trace::append(const RowBlock& rows) {
    std::lock_guard lock(mutex_);
    for (std::size_t r = 0; r < rows.rows; ++r) samples_.push_back({rows.times[r], rows.at(r * rows.columns)});
}

std::size_t Trace::drain(std::vector<Sample>& out) {
    std::lock_guard lock(mutex_);
    out.insert(out.end(), samples_.begin(), samples_.end());
    const std::size_t n = samples_.size();
    samples_.clear();
    return n;
}

}  // namespace lamina::sim
