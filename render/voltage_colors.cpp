#include "render/voltage_colors.h"

#include <vtkLookupTable.h>

#include <algorithm>

namespace lamina::render {

std::array<double, 3> voltageColor(double t) {
    struct Stop {
        double t, r, g, b;
    };
    static constexpr Stop stops[] = {
        {0.00, 0.10, 0.20, 0.60}, {0.15, 0.18, 0.40, 0.85}, {0.40, 0.62, 0.62, 0.78},
        {0.65, 0.85, 0.30, 0.25}, {0.85, 0.98, 0.62, 0.15}, {1.00, 1.00, 0.95, 0.55},
    };
    t = std::clamp(t, 0.0, 1.0);
    for (std::size_t i = 1; i < std::size(stops); ++i) {
        if (t > stops[i].t) continue;
        const Stop& a = stops[i - 1];
        const Stop& b = stops[i];
        const double f = (t - a.t) / (b.t - a.t);
        return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
    }
    return {stops[std::size(stops) - 1].r, stops[std::size(stops) - 1].g, stops[std::size(stops) - 1].b};
}

void buildVoltageTable(vtkLookupTable* table, double low, double high) {
    constexpr int entries = 256;
    table->SetNumberOfTableValues(entries);
    table->SetTableRange(low, high);
    for (int i = 0; i < entries; ++i) {
        const auto c = voltageColor(i / (entries - 1.0));
        table->SetTableValue(i, c[0], c[1], c[2], 1.0);
    }
    table->SetBelowRangeColor(voltageColor(0.0)[0], voltageColor(0.0)[1], voltageColor(0.0)[2], 1.0);
    table->UseBelowRangeColorOn();
    table->SetAboveRangeColor(voltageColor(1.0)[0], voltageColor(1.0)[1], voltageColor(1.0)[2], 1.0);
    table->UseAboveRangeColorOn();
    // Where a cell lacks the variable shown (a channel absent from the axon): a dim grey
    // that no value's colour is.
    table->SetNanColor(0.42, 0.42, 0.46, 1.0);
    table->Build();
    table->Modified();
}

}  // namespace lamina::render
