#pragma once
// Colours for categories (populations, layers, m-types, cell types), readable on the
// dark backgrounds of the 3D view and the charts; categories beyond them repeat. One
// list, so a type has the same colour in the Builder's preview and charts and in the
// circuit coloured by m-type.

#include <QColor>
#include <array>
#include <cstddef>
#include <iterator>

namespace lamina::ui {

inline std::array<unsigned char, 3> categoryRgb(std::size_t k) {
    static constexpr std::array<unsigned char, 3> colors[] = {
        {78, 154, 230},  {240, 128, 60},  {96, 190, 96},  {220, 80, 90},  {160, 120, 220}, {150, 100, 80},
        {230, 130, 200}, {150, 150, 150}, {200, 200, 70}, {70, 200, 200}, {120, 170, 255}, {255, 180, 120}};
    return colors[k % std::size(colors)];
}

inline QColor categoryColor(std::size_t k) {
    const auto [r, g, b] = categoryRgb(k);
    return {r, g, b};
}

}  // namespace lamina::ui
