#pragma once
// The 3D view of a circuit: every cell's neurites batched into one polyline dataset per
// level of detail (a lighter one while the camera moves), somata as sphere impostors,
// selected cells at full detail as tubes. Colour by section type, by a colour per cell
// (population, layer, m-type: the caller decides) or by membrane voltage, live, with a
// colour bar. Orientation axes, a scale bar, layer boundaries. A click picks the cell
// and section under the mouse through the segment index; Ctrl+drag (or the selection
// mode) selects every cell inside the rectangle. A style keeps a dense column readable
// (translucent, thinned neurites, larger somata) and a spiking cell's soma flashes.
// VTK stays inside render/.

#include <QRect>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "render/circuit_scene.h"
#include "render/vtk_widget.h"

namespace lamina::render {

struct LayerBand {
    std::string name;
    double bottom = 0.0, top = 0.0;  // [µm] along y (the pia is up)
};

struct Pick {
    std::uint32_t cell = 0;     // index in the geometry's cells
    std::uint32_t section = 0;  // section of that cell (0 is the soma)
    double x = 0.5;             // position along the section
    Point3 position;            // [µm] where the ray met the cell
};

// How the circuit is drawn. In a column of hundreds of cells the neurites hide every
// soma; translucent neurites, drawn for a share of the cells only, with larger somata,
// let the cells and their activity show through.
struct CircuitStyle {
    double neurite_opacity = 1.0;  // 0 (somata only) to 1
    double neurite_density = 1.0;  // share of cells whose neurites are drawn (somata always are)
    double soma_scale = 1.0;       // somata drawn this many times their radius
    bool flash_spikes = true;      // a cell's soma flashes bright and large when it spikes
    bool somata_in_front = false;  // somata drawn over every neurite, ringed
};
bool operator==(const CircuitStyle& a, const CircuitStyle& b);

// The style that keeps a circuit of `cells` readable: as drawn for a few dozen cells;
// beyond, faint neurites of about 30 cells, and somata half again their size in front.
CircuitStyle readableStyle(std::size_t cells);

class CircuitView : public VtkWidget {
    Q_OBJECT
public:
    enum class Coloring { section_type, cell, voltage };

    explicit CircuitView(QWidget* parent = nullptr);
    ~CircuitView() override;

    // A prepared scene (see prepareCircuitScene) and, for picking and region selection,
    // the index over its geometry (index_geometry); either may come later or be null.
    void setScene(std::shared_ptr<const CircuitScene> scene, std::shared_ptr<const spatial::SegmentIndex> index = {});
    void clearScene();
    std::shared_ptr<const CircuitScene> scene() const;
    bool hasIndex() const;

    void setColoring(Coloring coloring);
    Coloring coloring() const;
    // One colour per cell (RGB), for Coloring::cell.
    void setCellColors(const std::vector<std::array<unsigned char, 3>>& colors);
    // Every compartment voltage of every cell [mV], in the geometry's cell order (an empty
    // vector leaves that cell as it was); shown when colouring by voltage.
    void setVoltages(const std::vector<std::vector<double>>& per_cell);
    void setVoltageRange(double low, double high);  // [mV] the colour bar's ends
    // The voltage colouring shows any per-compartment value (setVoltages), e.g. Ih's
    // gIhbar or cai: the colour bar's title and unit (default: none, "mV"). NaN values
    // (a cell without the variable there) are grey.
    void setScalarLabel(const QString& title, const QString& unit);
    QString scalarTitle() const;
    std::pair<double, double> scalarRange() const;
    void setLayers(const std::vector<LayerBand>& layers);
    const std::vector<LayerBand>& layers() const;
    void setSelection(const std::vector<std::uint32_t>& cells);
    const std::vector<std::uint32_t>& selection() const;
    void setStyle(const CircuitStyle& style);
    const CircuitStyle& style() const;
    // Cells whose neurites the style draws (always including selected cells' tubes).
    bool drawsNeurites(std::uint32_t cell) const;
    // These cells just spiked: their somata flash (brightened towards white and enlarged),
    // fading over flashMilliseconds of wall time, so activity reads at any run speed.
    void flashCells(const std::vector<std::uint32_t>& cells);
    static constexpr int flashMilliseconds = 450;
    std::size_t flashingCells() const;  // somata lit now
    // A soma as drawn now: its RGB colour and radius [µm] (for tests).
    std::pair<std::array<unsigned char, 3>, double> somaAppearance(std::uint32_t cell) const;

    // Left drag selects a rectangle instead of turning the camera.
    void setRegionSelectMode(bool on);
    bool regionSelectMode() const;

    // What a click or a rectangle would find (widget coordinates).
    std::optional<Pick> pickAt(const QPoint& position) const;
    std::vector<std::uint32_t> cellsInRectangle(const QRect& rectangle) const;
    // Where a point of the circuit appears in the widget (for tests and overlays).
    QPointF project(const Point3& point) const;

    // What is drawn now: segments of the level in use, and whether it is the moving one.
    std::size_t drawnSegments() const;
    bool showingMovingLevel() const;
    // The scale bar's length [µm] at the last paint.
    double scaleBarLength() const;

signals:
    // A click: the cell, section and position under the mouse, or nothing (cell -1).
    void picked(int cell, int section, double x);
    void regionSelected(const std::vector<std::uint32_t>& cells);

protected:
    void beforeRender() override;
    void paintOverlay(QPainter& painter) override;
    void clicked(const QPoint& position, Qt::MouseButton button, Qt::KeyboardModifiers modifiers) override;
    bool startsOwnDrag(const QMouseEvent* event) override;
    void ownDragMoved(const QPoint& position) override;
    void ownDragFinished(const QPoint& position) override;

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace lamina::render
