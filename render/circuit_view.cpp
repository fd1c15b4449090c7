#include "render/circuit_view.h"

#include <vtkActor.h>
#include <vtkAxesActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkOrientationMarkerWidget.h>
#include <vtkPointData.h>
#include <vtkPointGaussianMapper.h>
#include <vtkPoints.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkTubeFilter.h>
#include <vtkUnsignedCharArray.h>

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "render/circuit_scene_p.h"
#include "render/circuit_view_p.h"
#include "render/vtk_widget_p.h"
#include "render/voltage_colors.h"

namespace lamina::render {

namespace {
constexpr std::size_t max_tube_cells = 24;  // more selected cells are drawn as lines
const std::array<unsigned char, 3> highlight{255, 214, 64};

// The arrays a view writes into its shallow copy of scene data (the scene's own stay
// untouched): "voltage" [mV] and "cell_color" (RGB).
void addViewArrays(vtkPolyData* data, vtkIdType n) {
    vtkNew<vtkFloatArray> voltage;
    voltage->SetName("voltage");
    voltage->SetNumberOfValues(n);
    voltage->FillValue(-65.0f);
    vtkNew<vtkUnsignedCharArray> cell_color;
    cell_color->SetName("cell_color");
    cell_color->SetNumberOfComponents(3);
    cell_color->SetNumberOfTuples(n);
    cell_color->FillValue(200);
    data->GetPointData()->RemoveArray("voltage");
    data->GetPointData()->AddArray(voltage);
    data->GetPointData()->AddArray(cell_color);
}

// The somata's own arrays, filled by fillSomata: "soma_rgb" and "soma_radius" [µm].
void addSomaArrays(vtkPolyData* somata, vtkIdType n) {
    vtkNew<vtkUnsignedCharArray> rgb;
    rgb->SetName("soma_rgb");
    rgb->SetNumberOfComponents(3);
    rgb->SetNumberOfTuples(n);
    rgb->FillValue(200);
    vtkNew<vtkFloatArray> radius;
    radius->SetName("soma_radius");
    radius->SetNumberOfValues(n);
    radius->FillValue(1.0f);
    somata->GetPointData()->AddArray(rgb);
    somata->GetPointData()->AddArray(radius);
}

ShownLevel showLevel(const spatial::CircuitGeometry& g, const SceneLevel& level) {
    ShownLevel shown;
    shown.data = vtkSmartPointer<vtkPolyData>::New();
    shown.data->ShallowCopy(level.lines);
    shown.all_lines = level.lines->GetLines();
    shown.source_point = level.source_point;
    shown.segments = shown.all_segments = level.segments;
    shown.source_cell.resize(level.source_point.size());
    std::uint32_t c = 0;
    for (std::size_t i = 0; i < level.source_point.size(); ++i) {
        // Points come in cell order: walk forward to the cell that holds this one.
        while (level.source_point[i] >= g.section_points[g.cell_sections[c + 1]]) ++c;
        shown.source_cell[i] = c;
    }
    addViewArrays(shown.data, static_cast<vtkIdType>(level.source_point.size()));
    return shown;
}

void useColoring(vtkMapper* mapper, CircuitView::Coloring coloring, vtkLookupTable* lut) {
    mapper->ScalarVisibilityOn();
    mapper->SetScalarModeToUsePointFieldData();
    if (coloring == CircuitView::Coloring::voltage) {
        mapper->SelectColorArray("voltage");
        mapper->SetColorModeToMapScalars();
        mapper->SetLookupTable(lut);
        mapper->UseLookupTableScalarRangeOn();
    } else {
        mapper->SelectColorArray(coloring == CircuitView::Coloring::cell ? "cell_color" : "color");
        mapper->SetColorModeToDirectScalars();
    }
}
}  // namespace

void CircuitView::Impl::fillCellColors(ShownLevel& level) const {
    if (!level.data) return;
    auto* colors = vtkUnsignedCharArray::SafeDownCast(level.data->GetPointData()->GetArray("cell_color"));
    for (std::size_t i = 0; i < level.source_cell.size(); ++i) {
        const auto c = level.source_cell[i];
        const auto& rgb = c < cell_colors.size() ? cell_colors[c] : highlight;
        colors->SetTypedTuple(static_cast<vtkIdType>(i), rgb.data());
    }
    colors->Modified();
}

void CircuitView::Impl::fillVoltages(ShownLevel& level) const {
    level.stale_voltages = false;
    if (!level.data || !scene) return;
    const spatial::CircuitGeometry& g = *scene->geometry;
    auto* v = vtkFloatArray::SafeDownCast(level.data->GetPointData()->GetArray("voltage"));
    float* out = v->GetPointer(0);
    for (std::size_t i = 0; i < level.source_cell.size(); ++i) {
        const auto c = level.source_cell[i];
        if (c >= voltages.size() || voltages[c].empty()) continue;
        const auto node = g.node[level.source_point[i]];
        if (node < voltages[c].size()) out[i] = static_cast<float>(voltages[c][node]);
    }
    v->Modified();
}

void CircuitView::Impl::applyColoring() {
    useColoring(still_mapper, coloring, lut);
    useColoring(moving_mapper, coloring, lut);
    // Somata take their colour from the view (fillSomata): the colouring's, lit by a flash.
    for (vtkPointGaussianMapper* mapper : {soma_mapper.Get(), front_soma_mapper.Get()}) {
        mapper->ScalarVisibilityOn();
        mapper->SetScalarModeToUsePointFieldData();
        mapper->SelectColorArray("soma_rgb");
        mapper->SetColorModeToDirectScalars();
    }
    fillSomata();
    for (auto& actor : naive_actors) useColoring(actor->GetMapper(), Coloring::section_type, lut);
    // The selection stands out in a bright colour, except when it shows voltage.
    if (coloring == Coloring::voltage) useColoring(selected_mapper, coloring, lut);
    else selected_mapper->ScalarVisibilityOff();
}

void CircuitView::Impl::rebuildSelection() {
    if (!scene || selection.empty()) {
        selected = {};
        selected_actor->SetVisibility(false);
        return;
    }
    selected = showLevel(*scene->geometry, selectionLines(*scene->geometry, selection));
    fillVoltages(selected);
    if (selection.size() <= max_tube_cells) {
        selected.data->GetPointData()->SetActiveScalars("radius");
        tubes->SetInputData(selected.data);
        tubes->SetNumberOfSides(8);
        tubes->SetVaryRadiusToVaryRadiusByAbsoluteScalar();
        tubes->CappingOn();
        selected_mapper->SetInputConnection(tubes->GetOutputPort());
        selected_actor->GetProperty()->SetLineWidth(1.0f);
    } else {
        selected_mapper->SetInputData(selected.data);
        selected_actor->GetProperty()->SetLineWidth(3.0f);
    }
    selected_actor->SetVisibility(true);
    applyColoring();
}

void CircuitView::Impl::rebuildLayers() {
    layer_actor->SetVisibility(false);
    if (layers.empty() || !scene || scene->geometry->cells() == 0) return;
    // A rectangle at each boundary, spanning the circuit's extent (neurites included) in x and z.
    double lo_x = 1e300, hi_x = -1e300, lo_z = 1e300, hi_z = -1e300;
    for (const auto* list : {&scene->geometry->soma_centre, &scene->geometry->points})
        for (const Point3& p : *list) {
            lo_x = std::min(lo_x, p.x), hi_x = std::max(hi_x, p.x);
            lo_z = std::min(lo_z, p.z), hi_z = std::max(hi_z, p.z);
        }
    const double pad = 0.05 * std::max(hi_x - lo_x, hi_z - lo_z) + 10.0;
    lo_x -= pad, hi_x += pad, lo_z -= pad, hi_z += pad;
    std::vector<double> boundaries;
    for (const LayerBand& band : layers) boundaries.insert(boundaries.end(), {band.bottom, band.top});
    std::sort(boundaries.begin(), boundaries.end());
    boundaries.erase(std::unique(boundaries.begin(), boundaries.end()), boundaries.end());
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> lines;
    for (const double y : boundaries) {
        const vtkIdType first = points->GetNumberOfPoints();
        points->InsertNextPoint(lo_x, y, lo_z);
        points->InsertNextPoint(hi_x, y, lo_z);
        points->InsertNextPoint(hi_x, y, hi_z);
        points->InsertNextPoint(lo_x, y, hi_z);
        const vtkIdType loop[5] = {first, first + 1, first + 2, first + 3, first};
        lines->InsertNextCell(5, loop);
    }
    vtkNew<vtkPolyData> data;
    data->SetPoints(points);
    data->SetLines(lines);
    layer_mapper->SetInputData(data);
    layer_actor->SetVisibility(true);
}

CircuitView::CircuitView(QWidget* parent) : VtkWidget(parent), d_(std::make_unique<Impl>()) {
    d_->renderer = bridge().renderer;
    buildVoltageTable(d_->lut, d_->v_low, d_->v_high);
    for (vtkActor* actor : {d_->still_actor.Get(), d_->moving_actor.Get(), d_->selected_actor.Get()}) {
        actor->GetProperty()->LightingOff();  // lines: flat colour reads best
        actor->GetProperty()->SetLineWidth(1.0f);
    }
    // At rest, lines a little wider, drawn as shaded tubes by the shader (core-profile
    // OpenGL has no wide lines); while moving, plain 1-pixel lines are the cheapest.
    d_->still_actor->GetProperty()->SetLineWidth(2.5f);
    d_->still_actor->GetProperty()->SetRenderLinesAsTubes(true);
    d_->still_actor->SetMapper(d_->still_mapper);
    d_->moving_actor->SetMapper(d_->moving_mapper);
    d_->selected_actor->SetMapper(d_->selected_mapper);
    d_->selected_actor->GetProperty()->LightingOn();
    d_->selected_actor->GetProperty()->SetColor(highlight[0] / 255.0, highlight[1] / 255.0, highlight[2] / 255.0);
    d_->layer_actor->SetMapper(d_->layer_mapper);
    d_->layer_actor->GetProperty()->SetColor(0.55, 0.6, 0.7);
    d_->layer_actor->GetProperty()->SetOpacity(0.6);
    d_->layer_actor->GetProperty()->LightingOff();
    d_->layer_actor->PickableOff();
    // Somata: flat discs shaded towards the rim, one point each (sphere impostors); in
    // front of the neurites, ringed in light grey so that a blue soma reads on blue dendrites.
    const char* const disc =
        "//VTK::Color::Impl\n"
        "float dist = dot(offsetVCVSOutput.xy, offsetVCVSOutput.xy);\n"
        "if (dist > 1.0) { discard; }\n"
        "float shade = 0.45 + 0.55 * sqrt(1.0 - dist);\n"
        "ambientColor *= shade;\n"
        "diffuseColor *= shade;\n";
    const std::string ringed = std::string(disc) +
                               "if (dist > 0.7) { ambientColor = mix(ambientColor, vec3(0.5), 0.7);"
                               " diffuseColor = mix(diffuseColor, vec3(0.5), 0.7); }\n";
    for (vtkPointGaussianMapper* mapper : {d_->soma_mapper.Get(), d_->front_soma_mapper.Get()}) {
        mapper->SetScaleArray("soma_radius");
        mapper->SetScaleFactor(1.0);
        mapper->EmissiveOff();
    }
    d_->soma_mapper->SetSplatShaderCode(disc);
    d_->front_soma_mapper->SetSplatShaderCode(ringed.c_str());
    d_->front_soma_actor->SetMapper(d_->front_soma_mapper);
    d_->front_soma_actor->PickableOff();
    d_->front_soma_actor->SetVisibility(false);
    d_->front->SetLayer(1);
    d_->front->InteractiveOff();
    d_->front->SetActiveCamera(d_->renderer->GetActiveCamera());
    d_->front->AddActor(d_->front_soma_actor);
    if (bridge().window->GetNumberOfLayers() < 2) bridge().window->SetNumberOfLayers(2);
    bridge().window->AddRenderer(d_->front);  // before the axes' own renderer: they stay on top
    d_->soma_actor->SetMapper(d_->soma_mapper);
    for (vtkActor* actor : {d_->still_actor.Get(), d_->moving_actor.Get(), d_->selected_actor.Get(),
                            d_->soma_actor.Get(), d_->layer_actor.Get()}) {
        actor->SetVisibility(false);
        d_->renderer->AddActor(actor);
    }
    d_->axes->SetTotalLength(1, 1, 1);
    d_->axes->SetShaftTypeToLine();
    d_->axes_widget->SetOrientationMarker(d_->axes);
    d_->axes_widget->SetInteractor(bridge().interactor);
    d_->axes_widget->SetViewport(0.0, 0.0, 0.14, 0.2);
    d_->axes_widget->SetEnabled(1);
    d_->axes_widget->InteractiveOff();
    d_->applyColoring();
    d_->clock.start();
    d_->flash_timer = new QTimer(this);
    d_->flash_timer->setInterval(33);
    connect(d_->flash_timer, &QTimer::timeout, this, [this] {
        d_->fillSomata();
        if (d_->clock.elapsed() - d_->last_flash >= flashMilliseconds) d_->flash_timer->stop();  // all faded
        update();
    });
    connect(this, &VtkWidget::interactionStarted, this, [this] { update(); });
    connect(this, &VtkWidget::interactionFinished, this, [this] { update(); });
}

CircuitView::~CircuitView() {
    d_->axes_widget->SetEnabled(0);
}

void CircuitView::setScene(std::shared_ptr<const CircuitScene> scene, std::shared_ptr<const spatial::SegmentIndex> index) {
    for (auto& actor : d_->naive_actors) d_->renderer->RemoveActor(actor);
    d_->naive_actors.clear();
    d_->scene = std::move(scene);
    d_->index = std::move(index);
    d_->selection.clear();
    d_->voltages.clear();
    d_->cell_colors.clear();
    d_->flash_start.clear();
    d_->still = {};
    d_->moving = {};
    d_->somata = nullptr;
    const bool batched = d_->scene && d_->scene->naive_tubes.empty();
    if (d_->scene && batched) {
        const spatial::CircuitGeometry& g = *d_->scene->geometry;
        d_->still = showLevel(g, d_->scene->still);
        d_->moving = showLevel(g, d_->scene->moving);
        d_->still_mapper->SetInputData(d_->still.data);
        d_->moving_mapper->SetInputData(d_->moving.data);
        d_->somata = vtkSmartPointer<vtkPolyData>::New();
        d_->somata->ShallowCopy(d_->scene->somata);
        addViewArrays(d_->somata, static_cast<vtkIdType>(g.cells()));
        addSomaArrays(d_->somata, static_cast<vtkIdType>(g.cells()));
        d_->soma_mapper->SetInputData(d_->somata);
        d_->front_soma_mapper->SetInputData(d_->somata);
    } else if (d_->scene) {
        for (const auto& tube : d_->scene->naive_tubes) {
            vtkNew<vtkPolyDataMapper> mapper;
            mapper->SetInputData(tube);
            auto actor = vtkSmartPointer<vtkActor>::New();
            actor->SetMapper(mapper);
            d_->renderer->AddActor(actor);
            d_->naive_actors.push_back(actor);
        }
    }
    d_->moving_actor->SetVisibility(false);
    d_->soma_actor->SetVisibility(batched);
    d_->chooseNeuriteCells();
    d_->applyStyle();  // the still level's visibility, neurites drawn, somata
    d_->rebuildSelection();
    d_->rebuildLayers();
    d_->applyColoring();
    bridge().camera_pending = true;
    update();
}

void CircuitView::clearScene() { setScene(nullptr); }
std::shared_ptr<const CircuitScene> CircuitView::scene() const { return d_->scene; }
bool CircuitView::hasIndex() const { return d_->index != nullptr; }

void CircuitView::setColoring(Coloring coloring) {
    d_->coloring = coloring;
    d_->applyColoring();
    update();
}

CircuitView::Coloring CircuitView::coloring() const { return d_->coloring; }

void CircuitView::setCellColors(const std::vector<std::array<unsigned char, 3>>& colors) {
    d_->cell_colors = colors;
    d_->fillCellColors(d_->still);
    d_->fillCellColors(d_->moving);
    d_->fillSomata();
    update();
}

void CircuitView::setVoltages(const std::vector<std::vector<double>>& per_cell) {
    if (d_->voltages.size() < per_cell.size()) d_->voltages.resize(per_cell.size());
    for (std::size_t c = 0; c < per_cell.size(); ++c)
        if (!per_cell[c].empty()) d_->voltages[c] = per_cell[c];
    // Only the level on screen is coloured now (a frame's budget is small while the
    // camera moves); the other one catches up when it is shown.
    ShownLevel& shown = d_->moving_shown ? d_->moving : d_->still;
    ShownLevel& hidden = d_->moving_shown ? d_->still : d_->moving;
    d_->fillVoltages(shown);
    hidden.stale_voltages = true;
    d_->fillVoltages(d_->selected);
    d_->fillSomata();
    if (d_->selected.data) d_->tubes->Modified();
    if (d_->coloring == Coloring::voltage) update();
}

void CircuitView::setVoltageRange(double low, double high) {
    if (!(high > low)) return;
    d_->v_low = low;
    d_->v_high = high;
    buildVoltageTable(d_->lut, low, high);
    d_->fillSomata();
    update();
}

void CircuitView::setScalarLabel(const QString& title, const QString& unit) {
    d_->scalar_title = title;
    d_->scalar_unit = unit;
    update();
}

QString CircuitView::scalarTitle() const { return d_->scalar_title; }
std::pair<double, double> CircuitView::scalarRange() const { return {d_->v_low, d_->v_high}; }

void CircuitView::setLayers(const std::vector<LayerBand>& layers) {
    d_->layers = layers;
    d_->rebuildLayers();
    update();
}

const std::vector<LayerBand>& CircuitView::layers() const { return d_->layers; }

void CircuitView::setSelection(const std::vector<std::uint32_t>& cells) {
    d_->selection = cells;
    std::sort(d_->selection.begin(), d_->selection.end());
    d_->selection.erase(std::unique(d_->selection.begin(), d_->selection.end()), d_->selection.end());
    if (d_->scene)
        d_->selection.erase(std::remove_if(d_->selection.begin(), d_->selection.end(),
                                           [&](std::uint32_t c) { return c >= d_->scene->geometry->cells(); }),
                            d_->selection.end());
    d_->rebuildSelection();
    update();
}

const std::vector<std::uint32_t>& CircuitView::selection() const { return d_->selection; }

void CircuitView::setRegionSelectMode(bool on) {
    d_->region_mode = on;
    setViewCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

bool CircuitView::regionSelectMode() const { return d_->region_mode; }

std::size_t CircuitView::drawnSegments() const {
    return d_->moving_shown ? d_->moving.segments : d_->still.segments;
}

bool CircuitView::showingMovingLevel() const { return d_->moving_shown; }
double CircuitView::scaleBarLength() const { return d_->scale_length; }

void CircuitView::beforeRender() {
    // The lighter level while the camera moves, when it differs from the still one.
    d_->moving_shown = isInteracting() && d_->moving.data && d_->moving.segments < d_->still.segments;
    if (ShownLevel& shown = d_->moving_shown ? d_->moving : d_->still; shown.stale_voltages) d_->fillVoltages(shown);
    if (d_->still.data) {
        const bool neurites = d_->style.neurite_opacity > 0.0;
        d_->still_actor->SetVisibility(neurites && !d_->moving_shown);
        d_->moving_actor->SetVisibility(neurites && d_->moving_shown);
    }
    d_->renderer->ResetCameraClippingRange();
}

}  // namespace lamina::render
