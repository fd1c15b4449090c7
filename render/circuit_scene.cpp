#include "render/circuit_scene.h"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkTubeFilter.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "render/circuit_scene_p.h"
#include "render/morphology_geometry.h"

namespace lamina::render {

namespace {
constexpr float min_tube_radius = 0.2f;  // [µm] so the thinnest axons still show as tubes

vtkSmartPointer<vtkFloatArray> floatArray(const char* name, vtkIdType size) {
    auto a = vtkSmartPointer<vtkFloatArray>::New();
    a->SetName(name);
    a->SetNumberOfValues(size);
    a->FillValue(0.0f);
    return a;
}

vtkSmartPointer<vtkUnsignedCharArray> colorArray(vtkIdType size) {
    auto a = vtkSmartPointer<vtkUnsignedCharArray>::New();
    a->SetName("color");
    a->SetNumberOfComponents(3);
    a->SetNumberOfTuples(size);
    return a;
}

// When not even one segment per section fits the budget, the `max_segments` sections
// whose ends lie farthest apart stay (trunks and long branches keep the circuit's shape),
// each as one segment; ties go to the earlier section.
std::vector<char> longestSections(const spatial::CircuitGeometry& g, std::size_t max_segments) {
    std::vector<std::uint32_t> order(g.sections());
    std::vector<double> chord(g.sections());
    for (std::uint32_t s = 0; s < g.sections(); ++s) {
        order[s] = s;
        chord[s] = distance(g.points[g.section_points[s]], g.points[g.section_points[s + 1] - 1]);
    }
    const std::size_t keep = std::min(max_segments, order.size());
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return chord[a] != chord[b] ? chord[a] > chord[b] : a < b; });
    std::vector<char> kept(g.sections(), 0);
    for (std::size_t i = 0; i < keep; ++i) kept[order[i]] = 1;
    return kept;
}

// The kept points of the given cells' sections as one polyline dataset: points above the
// Douglas–Peucker tolerance, of the sections in `only` (all when null).
SceneLevel buildLevel(const spatial::CircuitGeometry& g, const std::vector<std::uint32_t>& cells, double tolerance,
                      bool with_radius = false, const std::vector<char>* only = nullptr) {
    SceneLevel level;
    level.tolerance = tolerance;
    level.lines = vtkSmartPointer<vtkPolyData>::New();
    vtkNew<vtkPoints> points;
    points->SetDataTypeToFloat();
    vtkNew<vtkCellArray> polylines;
    if (std::isfinite(tolerance)) {
        std::vector<vtkIdType> ids;
        for (const std::uint32_t c : cells)
            for (auto s = g.cell_sections[c]; s < g.cell_sections[c + 1]; ++s) {
                if (only && !(*only)[s]) continue;
                ids.clear();
                for (auto k = g.section_points[s]; k < g.section_points[s + 1]; ++k) {
                    if (tolerance > 0.0 && !(g.importance[k] > tolerance)) continue;
                    ids.push_back(static_cast<vtkIdType>(level.source_point.size()));
                    level.source_point.push_back(k);
                    points->InsertNextPoint(g.points[k].x, g.points[k].y, g.points[k].z);
                }
                polylines->InsertNextCell(static_cast<vtkIdType>(ids.size()), ids.data());
                level.segments += ids.size() - 1;
            }
    }
    level.lines->SetPoints(points);
    level.lines->SetLines(polylines);
    const auto n = static_cast<vtkIdType>(level.source_point.size());
    auto colors = colorArray(n);
    for (vtkIdType i = 0; i < n; ++i) {
        const auto k = level.source_point[static_cast<std::size_t>(i)];
        const auto s = static_cast<std::uint32_t>(
            std::upper_bound(g.section_points.begin(), g.section_points.end(), k) - g.section_points.begin() - 1);
        colors->SetTypedTuple(i, sectionTypeColor(g.section_type[s]).data());
    }
    level.lines->GetPointData()->AddArray(colors);
    level.lines->GetPointData()->AddArray(floatArray("voltage", n));
    if (with_radius) {
        auto radius = floatArray("radius", n);
        for (vtkIdType i = 0; i < n; ++i)
            radius->SetValue(i, std::max(min_tube_radius, g.radius[level.source_point[static_cast<std::size_t>(i)]]));
        level.lines->GetPointData()->AddArray(radius);
        level.lines->GetPointData()->SetActiveScalars("radius");
    }
    return level;
}

std::vector<std::uint32_t> allCells(const spatial::CircuitGeometry& g) {
    std::vector<std::uint32_t> cells(g.cells());
    for (std::uint32_t c = 0; c < cells.size(); ++c) cells[c] = c;
    return cells;
}
}  // namespace

SceneLevel selectionLines(const spatial::CircuitGeometry& geometry, const std::vector<std::uint32_t>& cells) {
    return buildLevel(geometry, cells, 0.0, true);
}

std::shared_ptr<const CircuitScene> prepareCircuitScene(std::shared_ptr<const spatial::CircuitGeometry> geometry,
                                                        const CircuitSceneOptions& options) {
    auto scene = std::make_shared<CircuitScene>();
    scene->geometry = std::move(geometry);
    const spatial::CircuitGeometry& g = *scene->geometry;
    const auto cells = allCells(g);
    // Levels: full; Douglas–Peucker simplified; one segment per section, the longest
    // sections first; somata only.
    auto level = [&](std::size_t budget) {
        const double tolerance = spatial::tolerance_for_budget(g, budget);
        if (std::isfinite(tolerance)) return buildLevel(g, cells, tolerance);
        const std::vector<char> longest = longestSections(g, budget);
        SceneLevel l = buildLevel(g, cells, std::numeric_limits<double>::max(), false, &longest);
        l.tolerance = tolerance;
        return l;
    };
    scene->still = level(options.still_segments);
    scene->moving = level(options.moving_segments);

    scene->somata = vtkSmartPointer<vtkPolyData>::New();
    vtkNew<vtkPoints> centres;
    centres->SetDataTypeToFloat();
    const auto n = static_cast<vtkIdType>(g.cells());
    auto radius = floatArray("radius", n);
    auto colors = colorArray(n);
    vtkNew<vtkCellArray> vertices;
    for (vtkIdType c = 0; c < n; ++c) {
        const Point3& p = g.soma_centre[static_cast<std::size_t>(c)];
        centres->InsertNextPoint(p.x, p.y, p.z);
        // Cells without a soma section still get a small marker where they sit.
        radius->SetValue(c, static_cast<float>(std::max(2.0, g.soma_radius[static_cast<std::size_t>(c)])));
        colors->SetTypedTuple(c, sectionTypeColor(SectionType::soma).data());
        vertices->InsertNextCell(1, &c);
    }
    scene->somata->SetPoints(centres);
    scene->somata->SetVerts(vertices);
    scene->somata->GetPointData()->AddArray(radius);
    scene->somata->GetPointData()->AddArray(colors);
    scene->somata->GetPointData()->AddArray(floatArray("voltage", n));

    if (options.naive_tubes) {
        for (const std::uint32_t c : cells) {
            SceneLevel one = buildLevel(g, {c}, 0.0, true);
            vtkNew<vtkTubeFilter> tubes;
            tubes->SetInputData(one.lines);
            tubes->SetNumberOfSides(8);
            tubes->SetVaryRadiusToVaryRadiusByAbsoluteScalar();
            tubes->Update();
            scene->naive_tubes.emplace_back(tubes->GetOutput());
        }
    }
    return scene;
}

CircuitSceneStats sceneStats(const CircuitScene& scene) {
    const spatial::CircuitGeometry& g = *scene.geometry;
    return {g.cells(), g.segments(), scene.still.segments, scene.moving.segments, scene.still.tolerance,
            scene.moving.tolerance};
}

const spatial::CircuitGeometry& sceneGeometry(const CircuitScene& scene) { return *scene.geometry; }

}  // namespace lamina::render
