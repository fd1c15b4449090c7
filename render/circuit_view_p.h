#pragma once
// Private to render/: the state behind a CircuitView, shared by its two source files.

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkAxesActor.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkOrientationMarkerWidget.h>
#include <vtkPointGaussianMapper.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkTubeFilter.h>

#include <QElapsedTimer>
#include <QRect>
#include <QString>
#include <QTimer>
#include <vector>

#include "render/circuit_scene_p.h"
#include "render/circuit_view.h"

namespace lamina::render {

// A view's own copy of a level: the scene's points and lines, its own colour arrays.
struct ShownLevel {
    vtkSmartPointer<vtkPolyData> data;
    vtkSmartPointer<vtkCellArray> all_lines;  // every cell's polylines (the style may draw fewer)
    std::size_t all_segments = 0;
    std::vector<std::uint32_t> source_point;
    std::vector<std::uint32_t> source_cell;
    std::size_t segments = 0;
    bool stale_voltages = false;  // hidden when voltages arrived: filled before it is shown
};

struct CircuitView::Impl {
    vtkRenderer* renderer = nullptr;
    std::shared_ptr<const CircuitScene> scene;
    std::shared_ptr<const spatial::SegmentIndex> index;
    ShownLevel still, moving, selected;
    vtkSmartPointer<vtkPolyData> somata;
    vtkNew<vtkPolyDataMapper> still_mapper, moving_mapper, selected_mapper, layer_mapper;
    vtkNew<vtkActor> still_actor, moving_actor, selected_actor, layer_actor;
    vtkNew<vtkPointGaussianMapper> soma_mapper;
    vtkNew<vtkActor> soma_actor;
    // Somata in front of every neurite (style.somata_in_front): the same points drawn
    // again, ringed, by a renderer in the layer above that shares the camera.
    vtkNew<vtkRenderer> front;
    vtkNew<vtkPointGaussianMapper> front_soma_mapper;
    vtkNew<vtkActor> front_soma_actor;
    vtkNew<vtkTubeFilter> tubes;
    std::vector<vtkSmartPointer<vtkActor>> naive_actors;
    vtkNew<vtkLookupTable> lut;
    vtkNew<vtkAxesActor> axes;
    vtkNew<vtkOrientationMarkerWidget> axes_widget;

    Coloring coloring = Coloring::section_type;
    std::vector<std::array<unsigned char, 3>> cell_colors;
    std::vector<std::vector<double>> voltages;  // per cell, last received
    double v_low = -80.0, v_high = 40.0;
    QString scalar_title, scalar_unit = QStringLiteral("mV");  // the colour bar's
    std::vector<LayerBand> layers;
    std::vector<std::uint32_t> selection;
    bool region_mode = false;
    QRect rubber;  // the selection rectangle being dragged
    bool rubber_active = false;
    double scale_length = 0.0;  // [µm]
    bool moving_shown = false;
    CircuitStyle style;
    std::vector<char> neurites_drawn;  // per cell, from style.neurite_density
    std::vector<qint64> flash_start;   // per cell [ms of clock], negative: not lit
    qint64 last_flash = -1;            // [ms of clock] the newest flash
    QElapsedTimer clock;
    QTimer* flash_timer = nullptr;     // repaints while a soma fades

    void fillCellColors(ShownLevel& level) const;
    void fillVoltages(ShownLevel& level) const;
    // Somata's colours and sizes: the colouring's colour, the style's scale, the flash.
    void fillSomata() const;
    double flashOf(std::uint32_t cell) const;  // 1 just lit, fading to 0
    bool drawsNeurites(std::uint32_t cell) const;
    bool pickable(const spatial::IndexedSegment& segment) const;  // drawn now
    void chooseNeuriteCells();
    void drawNeuritesOf(ShownLevel& level) const;  // the level's lines of the drawn cells
    void applyStyle();
    void applyColoring();
    void rebuildSelection();
    void rebuildLayers();
};


}  // namespace lamina::render
