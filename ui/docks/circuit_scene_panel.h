#pragma once
// Puts the simulated circuit into the 3D view: builds its geometry, level-of-detail scene
// and segment index on a worker thread whenever a network is installed, colours it (by
// section type, population, layer, m-type or live membrane voltage), and links the
// view's picks and region selections with the selection shared by the other docks.

#include <QObject>
#include <QFutureWatcher>
#include <memory>
#include <optional>
#include <vector>

#include "engine/builder/recipe.h"
#include "engine/sim/network.h"
#include "engine/spatial/circuit_geometry.h"
#include "render/circuit_view.h"

class QAction;
class QActionGroup;
class QMenu;

namespace lamina::ui {

class CircuitStyleDialog;
class SimulationPanel;

// The layer bands of a column built from `recipe` (y from the white matter to the pia).
std::vector<render::LayerBand> layerBandsOf(const builder::Recipe& recipe);

// A scene of somata only, a sphere each (the Builder's placement preview); safe to
// prepare on any thread.
std::shared_ptr<const render::CircuitScene> somataScene(const std::vector<Point3>& somata,
                                                       const std::vector<double>& radii);

struct BuiltScene {
    std::shared_ptr<const render::CircuitScene> scene;
    std::shared_ptr<const spatial::SegmentIndex> index;
    // From the recipe.json beside the circuit's config (a built column), when there is one.
    std::optional<std::vector<render::LayerBand>> recipe_layers;
    std::uint64_t request = 0;
    QString error;
};

class CircuitScenePanel : public QObject {
    Q_OBJECT
public:
    enum class Coloring { section_type, population, layer, mtype, voltage, variable };

    CircuitScenePanel(render::CircuitView* view, SimulationPanel* simulation, QMenu* view_menu);
    ~CircuitScenePanel() override;

    bool isBuilding() const { return building_; }
    const spatial::CircuitGeometry* geometry() const;
    // The view's cell index of a gid, or -1 when it is not drawn.
    int cellOfGid(sim::Gid gid) const;
    void setColoring(Coloring coloring);
    Coloring coloring() const { return coloring_; }
    // Copies the newest voltages (or the coloured variable's values) into the view now
    // (a timer does it at screen rate while a run goes on).
    void refreshVoltages();
    // Colours every compartment by a variable, live: a parameter ("Ih.gIhbar"), an ion's
    // value ("cai") or a state ("Ih.m"). Returns why not (empty: done).
    QString colourByVariable(const QString& variable);
    QString colourVariable() const { return colour_variable_; }
    // What the next probe placed by a click records ("v" unless chosen).
    void setProbeVariable(const QString& variable);
    QString probeVariable() const { return probe_variable_; }
    // The variables of the selected cell (else the first drawn one) a colouring may show.
    QStringList offeredVariables() const;
    std::size_t refreshCount() const { return refreshes_; }  // voltage pictures sent to the view
    QAction* placeProbeAction() const { return probe_action_; }
    // View > Circuit Display: the view's style, automatic (readable for the circuit's size,
    // following each new circuit) until the user sets one.
    void showStyleDialog();
    CircuitStyleDialog* styleDialog() const { return style_dialog_; }
    bool styleIsAutomatic() const { return style_automatic_; }

    // The Builder's soma placement in place of the circuit: a sphere per soma in its
    // colour, the column's layers. Cleared by the next network, a Run, another colouring,
    // or clearPreview.
    void showPlacementPreview(std::shared_ptr<const render::CircuitScene> somata,
                              const std::vector<std::array<unsigned char, 3>>& colors,
                              const std::vector<render::LayerBand>& layers);
    void clearPreview();  // the simulated circuit again
    bool isPreviewing() const { return previewing_; }

signals:
    void sceneReady(std::size_t cells, std::size_t segments);
    void buildingChanged(bool building);
    void statusMessage(const QString& message);
    // A click on a section in the view (for placing probes and stimuli).
    void sectionPicked(sim::Gid gid, std::uint32_t section, double x);
    void previewChanged(bool previewing);

private:
    void rebuild();
    void onBuilt();
    void applyColoring();
    void onPicked(int cell, int section, double x);
    void onRegionSelected(const std::vector<std::uint32_t>& cells);
    void showSelectedGid(sim::Gid gid);
    void chooseColourVariable();  // a dialog
    void chooseProbeVariable();   // a dialog
    // Variables may differ from cell to cell: a value range over what is shown, grown as
    // a live state moves so that the colours stay comparable through a run.
    void showVariableValues();
    void useAutomaticStyle();
    void flashSpikes(const std::vector<sim::Spike>& spikes);

    render::CircuitView* view_;
    SimulationPanel* simulation_;
    QFutureWatcher<BuiltScene>* watcher_ = nullptr;
    std::uint64_t request_ = 0;
    bool building_ = false;
    Coloring coloring_ = Coloring::voltage;
    QActionGroup* coloring_group_ = nullptr;
    QAction* region_action_ = nullptr;
    QAction* probe_action_ = nullptr;  // the next click places a probe of probe_variable_
    QAction* variable_action_ = nullptr;  // Colour By ▸ Mechanism Value…
    QString colour_variable_;
    QString probe_variable_ = QStringLiteral("v");
    double value_low_ = 0, value_high_ = 0;
    bool value_range_known_ = false;
    std::size_t refreshes_ = 0;
    bool previewing_ = false;
    std::size_t ticks_ = 0;  // polls seen while running
    CircuitStyleDialog* style_dialog_ = nullptr;  // made on first use
    bool style_automatic_ = true;
    std::vector<std::uint32_t> cell_of_gid_;  // gid -> view cell, UINT32_MAX when not drawn
};

}  // namespace lamina::ui
