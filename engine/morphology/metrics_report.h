#pragma once
// Human-readable rows of a morphology summary, shared by `lamina info` and the GUI so
// both say the same thing in the same words.

#include <string>
#include <utility>
#include <vector>

#include "engine/morphology/metrics.h"

namespace lamina {

struct SummaryRow {
    std::string label;  // "Total length"
    std::string value;  // "1234.5 µm"
    int indent = 0;     // 1 for a breakdown row under the previous one
};

std::vector<SummaryRow> summary_rows(const Morphology& morphology, const MorphologyMetrics& metrics);

// Fixed-point with trailing zeros removed: 12.5, 3, 0.001.
std::string format_number(double value, int decimals = 3);

}  // namespace lamina
