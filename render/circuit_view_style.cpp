// CircuitView: the style that keeps a dense circuit readable (translucent neurites drawn
// for a share of the cells, larger somata) and the flash of a spiking cell's soma.

#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkProperty.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>

#include "render/circuit_view.h"
#include "render/circuit_view_p.h"

namespace lamina::render {

namespace {
// The flash's colour: a warm white, brighter than any colour of the maps.
constexpr double flash_rgb[3] = {255.0, 250.0, 215.0};
constexpr double flash_growth = 1.2;  // a lit soma is up to 2.2 times its size

// Cells whose neurites stay drawn at a density: a low-discrepancy sequence over the cell
// order, so every layer (cells come sorted by layer) keeps its share and the choice does
// not change from run to run.
bool keptAtDensity(std::uint32_t cell, double density) {
    if (density >= 1.0) return true;
    const double golden = 0.6180339887498949;
    const double position = std::fmod((cell + 1) * golden, 1.0);
    return position < density;
}
}  // namespace

bool operator==(const CircuitStyle& a, const CircuitStyle& b) {
    return a.neurite_opacity == b.neurite_opacity && a.neurite_density == b.neurite_density &&
           a.soma_scale == b.soma_scale && a.flash_spikes == b.flash_spikes && a.somata_in_front == b.somata_in_front;
}

CircuitStyle readableStyle(std::size_t cells) {
    CircuitStyle style;
    const std::size_t legible = 30;  // cells whose neurites the eye can still follow
    if (cells <= legible) return style;
    style.neurite_opacity = 0.25;
    style.neurite_density = static_cast<double>(legible) / static_cast<double>(cells);
    style.soma_scale = 1.5;  // larger, yet a packed layer's somata still part
    style.somata_in_front = true;
    return style;
}

double CircuitView::Impl::flashOf(std::uint32_t cell) const {
    if (!style.flash_spikes || cell >= flash_start.size() || flash_start[cell] < 0) return 0.0;
    const double age = static_cast<double>(clock.elapsed() - flash_start[cell]);
    return std::clamp(1.0 - age / CircuitView::flashMilliseconds, 0.0, 1.0);
}

void CircuitView::Impl::fillSomata() const {
    if (!somata || !scene) return;
    const spatial::CircuitGeometry& g = *scene->geometry;
    auto* rgb = vtkUnsignedCharArray::SafeDownCast(somata->GetPointData()->GetArray("soma_rgb"));
    auto* radius = vtkFloatArray::SafeDownCast(somata->GetPointData()->GetArray("soma_radius"));
    auto* true_radius = vtkFloatArray::SafeDownCast(somata->GetPointData()->GetArray("radius"));
    auto* type_color = vtkUnsignedCharArray::SafeDownCast(somata->GetPointData()->GetArray("color"));
    if (!rgb || !radius || !true_radius || !type_color) return;
    for (std::uint32_t c = 0; c < g.cells(); ++c) {
        double base[3] = {200.0, 200.0, 200.0};
        if (coloring == Coloring::section_type) {
            for (int k = 0; k < 3; ++k) base[k] = type_color->GetTypedComponent(c, k);
        } else if (coloring == Coloring::cell) {
            if (c < cell_colors.size())
                for (int k = 0; k < 3; ++k) base[k] = cell_colors[c][static_cast<std::size_t>(k)];
        } else {
            double v = -65.0;  // as a neurite without a voltage yet
            if (c < voltages.size() && g.soma_node[c] < voltages[c].size()) v = voltages[c][g.soma_node[c]];
            lut->GetColor(v, base);
            for (double& b : base) b *= 255.0;
        }
        const double lit = flashOf(c);
        unsigned char out[3];
        for (int k = 0; k < 3; ++k)
            out[k] = static_cast<unsigned char>(std::lround(base[k] + (flash_rgb[k] - base[k]) * lit));
        rgb->SetTypedTuple(c, out);
        radius->SetValue(c, static_cast<float>(true_radius->GetValue(c) * style.soma_scale * (1.0 + flash_growth * lit)));
    }
    rgb->Modified();
    radius->Modified();
}

bool CircuitView::Impl::drawsNeurites(std::uint32_t cell) const {
    if (style.neurite_opacity <= 0.0) return false;
    return cell < neurites_drawn.size() ? neurites_drawn[cell] != 0 : true;
}

bool CircuitView::Impl::pickable(const spatial::IndexedSegment& segment) const {
    if (segment.section == 0 || drawsNeurites(segment.cell)) return true;
    return std::binary_search(selection.begin(), selection.end(), segment.cell);
}

void CircuitView::Impl::chooseNeuriteCells() {
    neurites_drawn.clear();
    if (!scene) return;
    const auto cells = static_cast<std::uint32_t>(scene->geometry->cells());
    neurites_drawn.resize(cells);
    for (std::uint32_t c = 0; c < cells; ++c) neurites_drawn[c] = keptAtDensity(c, style.neurite_density);
}

void CircuitView::Impl::drawNeuritesOf(ShownLevel& level) const {
    if (!level.data || !level.all_lines) return;
    if (style.neurite_density >= 1.0) {
        level.data->SetLines(level.all_lines);
        level.segments = level.all_segments;
        return;
    }
    // Polylines come one per section, their points in cell order: the first point names the cell.
    vtkNew<vtkCellArray> kept;
    std::size_t segments = 0;
    const auto iterator = vtk::TakeSmartPointer(level.all_lines->NewIterator());
    for (iterator->GoToFirstCell(); !iterator->IsDoneWithTraversal(); iterator->GoToNextCell()) {
        vtkIdType count = 0;
        const vtkIdType* ids = nullptr;
        iterator->GetCurrentCell(count, ids);
        if (count < 2 || !drawsNeurites(level.source_cell[static_cast<std::size_t>(ids[0])])) continue;
        kept->InsertNextCell(count, ids);
        segments += static_cast<std::size_t>(count - 1);
    }
    level.data->SetLines(kept);
    level.segments = segments;
}

void CircuitView::Impl::applyStyle() {
    drawNeuritesOf(still);
    drawNeuritesOf(moving);
    const bool neurites = style.neurite_opacity > 0.0 && still.data;
    for (vtkActor* actor : {still_actor.Get(), moving_actor.Get()})
        actor->GetProperty()->SetOpacity(std::clamp(style.neurite_opacity, 0.0, 1.0));
    still_actor->SetVisibility(neurites && !moving_shown);
    moving_actor->SetVisibility(neurites && moving_shown);
    front_soma_actor->SetVisibility(style.somata_in_front && somata != nullptr);
    fillSomata();
}

void CircuitView::setStyle(const CircuitStyle& style) {
    CircuitStyle s = style;
    s.neurite_opacity = std::clamp(s.neurite_opacity, 0.0, 1.0);
    s.neurite_density = std::clamp(s.neurite_density, 0.0, 1.0);
    s.soma_scale = std::clamp(s.soma_scale, 0.25, 10.0);
    const bool new_cells = s.neurite_density != d_->style.neurite_density;
    d_->style = s;
    if (new_cells) d_->chooseNeuriteCells();
    d_->applyStyle();
    update();
}

const CircuitStyle& CircuitView::style() const { return d_->style; }
bool CircuitView::drawsNeurites(std::uint32_t cell) const { return d_->drawsNeurites(cell); }

void CircuitView::flashCells(const std::vector<std::uint32_t>& cells) {
    if (!d_->style.flash_spikes || !d_->scene || cells.empty()) return;
    const std::size_t n = d_->scene->geometry->cells();
    d_->flash_start.resize(n, -1);
    const qint64 now = d_->clock.elapsed();
    for (const std::uint32_t c : cells)
        if (c < n) d_->flash_start[c] = now;
    d_->last_flash = now;
    d_->fillSomata();
    if (!d_->flash_timer->isActive()) d_->flash_timer->start();
    update();
}

std::size_t CircuitView::flashingCells() const {
    std::size_t lit = 0;
    for (std::uint32_t c = 0; c < d_->flash_start.size(); ++c) lit += d_->flashOf(c) > 0.0 ? 1 : 0;
    return lit;
}

std::pair<std::array<unsigned char, 3>, double> CircuitView::somaAppearance(std::uint32_t cell) const {
    if (!d_->somata || cell >= d_->somata->GetNumberOfPoints()) return {{0, 0, 0}, 0.0};
    auto* rgb = vtkUnsignedCharArray::SafeDownCast(d_->somata->GetPointData()->GetArray("soma_rgb"));
    auto* radius = vtkFloatArray::SafeDownCast(d_->somata->GetPointData()->GetArray("soma_radius"));
    std::array<unsigned char, 3> colour{};
    rgb->GetTypedTuple(cell, colour.data());
    return {colour, radius->GetValue(cell)};
}

}  // namespace lamina::render
