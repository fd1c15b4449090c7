#pragma once
// Tick spacing shared by the app's QPainter plots.

#include <algorithm>
#include <cmath>

namespace lamina::ui {

// 1, 2 or 5 times a power of ten, giving about `count` ticks over `span`.
inline double nice_step(double span, int count) {
    const double raw = span / std::max(count, 1);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * power) return m * power;
    return 10 * power;
}

}  // namespace lamina::ui
