#pragma once
// Everything about running a simulation in the window: the Simulation dock (settings,
// Run / Pause / Stop / Reset, progress, speed), the Voltage traces and Spike raster
// docks, the Simulation menu with shortcuts, and the screen-rate timer that moves
// samples and spikes from the engine's worker thread into the plots.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <functional>
#include <optional>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/diagnostics.h"
#include "ui/docks/experiments_dialog.h"
#include "ui/jobs/network_load.h"
#include "ui/jobs/simulation_controller.h"

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QDoubleSpinBox;
class QLabel;
class QMainWindow;
class QMenu;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;
class QSpinBox;
class QTimer;

namespace lamina::ui {

class CircuitModel;
class InspectorModel;
class RasterView;
class RateView;
class TraceView;
class CellProfile;

class SimulationPanel : public QObject {
    Q_OBJECT
public:
    // Adds its docks to `window` and their toggles to `view_menu`, and a Simulation menu.
    SimulationPanel(QMainWindow* window, QMenu* view_menu);
    ~SimulationPanel() override;

    SimulationController* controller() const { return controller_; }
    TraceView* traces() const { return traces_; }
    RasterView* raster() const { return raster_; }
    RateView* rates() const { return rates_; }
    // The experiments window the Simulation menu opened last (null when closed).
    ExperimentsDialog* lastExperiment() const { return last_experiment_; }
    CellProfile* profile() const { return profile_; }
    CircuitModel* circuitModel() const { return circuit_model_; }
    InspectorModel* inspectorModel() const { return inspector_; }
    // Shows a cell in the Inspector, highlights it in the raster and selects it in the tree.
    void selectCell(sim::Gid gid);

    // A network of ball-and-stick cells with Poisson drive and random connections,
    // soma probes on the first four cells: Run shows activity at once.
    void loadDemoNetwork(std::uint32_t cells = 200);
    // A SONATA simulation config, read and built on a worker thread; its run settings
    // and the somata of its first cells become the panel's.
    void loadSonata(const QString& config);
    // A point-neuron microcircuit recipe (the Potjans-Diesmann circuit), built on a worker
    // thread at the recipe's scale, with progress and cancel like a SONATA load.
    void loadPointRecipe(const QString& recipe);
    bool isLoading() const { return loading_; }
    // The SONATA config the model in the simulator came from (empty for the demo network).
    QString sourceFile() const { return source_; }
    // Abandons the SONATA load in progress: the model in the simulator stays, and the
    // worker stops at its next step (reading the config, the circuit, building).
    void cancelLoading();
    // A voltage probe at (section, x) of a cell, with its own trace; works during a run.
    void addVoltageProbe(sim::Gid gid, const sim::Location& where);
    // A probe of any variable the cell has there ("cai", "Ih.m"; see
    // SimulationController::variables), on the trace plot's second axis when its unit is
    // not mV. Returns why not, when the cell lacks it there (empty: placed).
    QString addProbe(sim::Gid gid, const sim::Location& where, const std::string& variable);
    // Moves new samples and spikes into the plots now (the timer does it 30 times a second).
    void poll();
    std::size_t pollCount() const { return polls_; }

signals:
    void networkLoaded(const QString& name, bool ok, const QString& error);
    void loadingChanged(bool loading);
    void loadFailed(const QString& path, const QString& error);  // for the Problems dock
    void warningsFound(const std::vector<lamina::Warning>& warnings);  // for the Problems dock
    // The shared selection changed (from the tree, the raster, the 3D view or code).
    void cellSelected(sim::Gid gid);
    void statusMessage(const QString& message);
    // After each poll (screen rate): other live views update in the same tick, so the
    // window repaints once.
    void polled();
    // The spikes a poll drained (cells and inputs), before polled: the 3D view flashes them.
    void spikesDrained(const std::vector<lamina::sim::Spike>& spikes);

private:
    QWidget* makeSettingsBody();
    void applySettings();
    // The raster's spike colours from the circuit's raster_colour_by_ attribute.
    void colourRaster();
    // Each cell's category by a node attribute ("layer", "mtype"), and the categories.
    std::pair<std::map<sim::Gid, std::size_t>, QStringList> categories(const std::string& attribute) const;
    void onStateChanged(SimulationController::State state);
    void onProgress(double time, double tstop, double rate);
    void showProgress();
    // What to run: a session opened from a config, or a network with its settings.
    struct Installed {
        std::shared_ptr<session::RunSession> session;
        std::shared_ptr<const sim::Network> network;
        sim::RunOptions settings;
    };
    void install(const Installed& model, const QString& name,
                 const std::vector<sim::Gid>& probe_cells, std::shared_ptr<const circuit::Circuit> circuit,
                 std::vector<sim::Gid> first_gids, const QString& source = {});
    // Runs `job` on a worker thread (replacing a load in progress) and installs what it
    // gives; `path` names it in messages and becomes the source of a SONATA session.
    void startLoad(const QString& path, std::function<LoadedNetwork(const std::atomic<bool>&, const LoadProgress&)> job);
    QWidget* makeCircuitBody();
    QWidget* makeInspectorBody();
    void exportTraces();
    void exportRaster();
    template <typename Plot>
    void exportPlot(Plot* plot, const QString& title, const QString& suggested);

    QMainWindow* window_;
    SimulationController* controller_;
    TraceView* traces_ = nullptr;
    CellProfile* profile_ = nullptr;
    RasterView* raster_ = nullptr;
    RateView* rates_ = nullptr;
    std::optional<sim::Gid> selected_gid_;
    QPointer<ExperimentsDialog> last_experiment_;
    // Opens an experiment on the selected cell (a connection's trains from `pre`, when given).
    std::function<void(ExperimentsDialog::Tab, std::optional<sim::Gid> pre)> experiment_;
    CircuitModel* circuit_model_ = nullptr;
    InspectorModel* inspector_ = nullptr;
    QTreeView* circuit_tree_ = nullptr;
    QSortFilterProxyModel* circuit_proxy_ = nullptr;
    bool selecting_ = false;  // guards the tree <-> selectCell loop
    QTimer* timer_ = nullptr;
    bool loading_ = false;
    QString source_;
    std::string raster_colour_by_ = "mtype";  // node attribute the raster colours by ("": none)
    std::shared_ptr<std::atomic<bool>> load_cancel_;  // of the load in progress
    // The load's latest step (compiling a circuit's mod files takes minutes), written by
    // the worker and shown by poll(): shared, so it outlives whichever side ends first.
    struct LoadNote {
        std::mutex mutex;
        QString line;
        bool fresh = false;
    };
    std::shared_ptr<LoadNote> load_note_;
    std::uint64_t shown_generation_ = 0;  // of the data in the plots
    std::size_t polls_ = 0;
    struct ProgressFigures {
        double time, tstop, rate;
    } pending_progress_{0, 0, 0};
    bool progress_pending_ = false;

    QDoubleSpinBox *tstop_ = nullptr, *dt_ = nullptr, *celsius_ = nullptr, *v_init_ = nullptr;
    QComboBox *method_ = nullptr, *timing_ = nullptr;
    QCheckBox* hh_tables_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QPushButton *run_button_ = nullptr, *pause_button_ = nullptr, *stop_button_ = nullptr, *reset_button_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel *state_label_ = nullptr, *speed_label_ = nullptr, *network_label_ = nullptr, *built_with_ = nullptr;
    QAction *run_action_ = nullptr, *pause_action_ = nullptr, *stop_action_ = nullptr, *reset_action_ = nullptr;
};

}  // namespace lamina::ui
