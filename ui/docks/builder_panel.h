#pragma once
// The Builder dock: a column recipe in tables (column and input settings, layers, cell
// types, pathways) with undo and redo; Preview places the somata in the 3D view at
// once; Build runs the whole circuit builder on a worker thread with progress and
// Cancel, writes the SONATA folder and opens it in the simulator coloured by cell type;
// the Statistics tab shows what was built (connection-probability heat map,
// synapses-per-connection histogram, cells per layer) and the Report tab the report.
// Recipes open and save as JSON (File menu).

#include <QObject>
#include <QString>
#include <functional>
#include <memory>
#include <vector>

#include "engine/builder/build_statistics.h"

class QAbstractItemModel;
class QAction;
class QDockWidget;
class QLabel;
class QLayout;
class QLineEdit;
class QMainWindow;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;
class QToolBar;
template <typename T> class QFutureWatcher;

namespace lamina::ui {

class BarChart;
class CellTypeTableModel;
class CircuitScenePanel;
class ColumnSettingsModel;
class LayerTableModel;
class PathwayTableModel;
class ProbabilityHeatMap;
class RecipeDocument;
class SynthesisTableModel;
class SimulationPanel;
struct BuildOutcome;
struct BuildProgress;
struct PlacementPreview;

class BuilderPanel : public QObject {
    Q_OBJECT
public:
    BuilderPanel(QMainWindow* window, SimulationPanel* simulation, CircuitScenePanel* scene, QMenu* view_menu);
    ~BuilderPanel() override;

    RecipeDocument* document() const { return document_; }
    ColumnSettingsModel* columnModel() const { return column_model_; }
    LayerTableModel* layerModel() const { return layer_model_; }
    CellTypeTableModel* cellTypeModel() const { return type_model_; }
    PathwayTableModel* pathwayModel() const { return pathway_model_; }
    SynthesisTableModel* synthesisModel() const { return synthesis_model_; }
    QDockWidget* dock() const { return dock_; }
    ProbabilityHeatMap* heatMap() const { return heat_map_; }
    BarChart* cellsChart() const { return cells_chart_; }
    BarChart* synapsesChart() const { return synapses_chart_; }
    QAction* buildAction() const { return build_action_; }
    QAction* previewAction() const { return preview_action_; }
    QAction* cancelAction() const { return cancel_action_; }
    QAction* showCircuitAction() const { return show_circuit_action_; }
    // File menu entries: open, save, save as, then build.
    QList<QAction*> fileActions() const;
    QAction* undoAction() const { return undo_action_; }
    QAction* redoAction() const { return redo_action_; }

    // Where Build writes the column (a folder, replaced by each build).
    QString outputFolder() const;
    void setOutputFolder(const QString& folder);
    bool isBuilding() const { return building_; }
    // How the last build ended: cancelled (not failed).
    bool lastBuildCancelled() const { return last_cancelled_; }
    double buildFraction() const;  // of the build in progress
    const builder::BuildStatistics& statistics() const { return statistics_; }
    // Asks to save unsaved recipe edits; false when the user cancels.
    bool maybeSaveChanges();
    QString lastReport() const;

public slots:
    bool openRecipe(const QString& path);  // errors go to problem() and the status bar
    bool saveRecipe(const QString& path);
    void newRecipe();                      // the default column
    void preview();
    void build();
    void cancelBuild();
    // The demo: the shipped recipe built into the cache folder and opened.
    void buildDemo(const QString& recipe);

signals:
    void statusMessage(const QString& message);
    void problem(const QString& path, const QString& error);
    void buildingChanged(bool building);
    void previewShown();  // the placement is in the circuit view: bring it to the front
    void previewFinished(bool ok);
    // A build ended: ok with its folder, or not (cancelled, or an error already reported).
    void buildFinished(bool ok, const QString& folder);

private:
    QWidget* makeColumnTab();
    QWidget* makeTableTab(QTableView*& view, QAbstractItemModel* model, const QString& add, const QString& remove,
                          std::function<void()> on_add, std::function<void(std::vector<int>)> on_remove);
    QWidget* makeStatisticsTab();
    void createActions();
    // The constructor's parts: the recipe and its table models; the dock's toolbar,
    // tabs, folder row and build row; the background jobs and what follows the recipe.
    void createModels();
    QToolBar* makeToolBar();
    QWidget* makeCellTypesTab();
    QTabWidget* makeTabs();
    QLayout* makeFolderRow();
    QLayout* makeBuildRow();
    void connectJobs();
    void onBuilt();
    void onPreviewPlaced();
    void showProgress();
    void updateSummary();
    void showStatistics(const builder::BuildStatistics& statistics);
    void startBuild(const QString& folder);  // into `folder`, whatever the Save in field says

    QMainWindow* window_;
    SimulationPanel* simulation_;
    CircuitScenePanel* scene_;
    RecipeDocument* document_;
    ColumnSettingsModel* column_model_;
    LayerTableModel* layer_model_;
    CellTypeTableModel* type_model_;
    PathwayTableModel* pathway_model_;
    SynthesisTableModel* synthesis_model_;
    QDockWidget* dock_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    int statistics_tab_ = 0;
    QLabel* summary_ = nullptr;
    QLabel* step_ = nullptr;
    QProgressBar* progress_bar_ = nullptr;
    QLineEdit* folder_edit_ = nullptr;
    QPlainTextEdit* report_ = nullptr;
    ProbabilityHeatMap* heat_map_ = nullptr;
    BarChart* cells_chart_ = nullptr;
    BarChart* synapses_chart_ = nullptr;
    QAction *open_action_ = nullptr, *save_action_ = nullptr, *save_as_action_ = nullptr;
    QAction *build_action_ = nullptr, *preview_action_ = nullptr, *cancel_action_ = nullptr;
    QAction *undo_action_ = nullptr, *redo_action_ = nullptr, *new_action_ = nullptr;
    QAction* show_circuit_action_ = nullptr;  // back from the placement preview
    QFutureWatcher<BuildOutcome>* watcher_ = nullptr;
    QFutureWatcher<PlacementPreview>* preview_watcher_ = nullptr;  // placement runs off the GUI thread too
    std::shared_ptr<BuildProgress> progress_;
    QTimer* progress_timer_ = nullptr;
    QTimer* summary_restore_ = nullptr;  // a refused edit's reason shows for a while
    bool building_ = false;
    bool demo_ = false;  // the build in progress is the demo: it opens coloured by voltage
    bool last_cancelled_ = false;
    builder::BuildStatistics statistics_;
};

}  // namespace lamina::ui
