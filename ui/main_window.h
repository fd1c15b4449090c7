#pragma once
// The main window: the 3D view in the centre (an opened morphology, or the simulated
// circuit), Summary and Problems docks,
// File and View menus. Files load on a worker thread; errors land in Problems and the
// status bar, never in a blocking dialog.

#include <QMainWindow>
#include <QStringList>

namespace lamina::render {
class CircuitView;
class MorphologyView;
class VtkWidget;
}

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace lamina::ui {

struct LoadedMechanisms;
struct LoadedMorphology;
class MechanismLoader;
class MorphologyLoader;
class MorphologySummaryModel;
class ProblemsModel;
class CircuitScenePanel;
class SimulationPanel;
class StimulusPanel;
class RecordingExporter;
class BuilderPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QString demo_file, QWidget* parent = nullptr);
    ~MainWindow() override;

    // For tests and for the command line.
    render::MorphologyView* view() const { return view_; }
    render::CircuitView* circuitView() const { return circuit_view_; }
    CircuitScenePanel* scenePanel() const { return scene_panel_; }
    // The 3D view in front: the morphology of an opened file, or the simulated circuit.
    render::VtkWidget* currentView() const;
    MorphologySummaryModel* summaryModel() const { return summary_; }
    ProblemsModel* problemsModel() const { return problems_; }
    SimulationPanel* simulationPanel() const { return simulation_; }
    StimulusPanel* stimulusPanel() const { return stimuli_; }
    RecordingExporter* recordingExporter() const { return exporter_; }
    BuilderPanel* builderPanel() const { return builder_; }
    bool isLoading() const;
    MechanismLoader* mechanismLoader() const { return mechanisms_; }

public slots:
    void openFile(const QString& path);
    void openDemo();
    void openWithDialog();
    // A single-cell experiment: the morphology with a cell model (e-model, Allen JSON,
    // NeuroML), stepped at the soma, opened in the simulator ready to Run. Returns the
    // experiment's simulation config, or empty (the Problems dock says why).
    QString openCellModel(const QString& morphology, const QString& model);
    void openCellModelWithDialogs();
    // File ▸ Load Mechanisms…: the folder's mod files translated and compiled off the GUI
    // thread (a progress dialog with Cancel), then usable by everything opened after.
    // False when another folder is still loading.
    bool loadMechanisms(const QString& folder);
    void loadMechanismsWithDialog();
    bool saveScreenshot(const QString& path);

signals:
    void fileLoaded(const QString& path, bool ok);

private slots:
    void updateBusy();  // the status bar's busy indicator follows loading and scene building
    void showProblem(const QString& path, const QString& error);  // into Problems, brought to the front
    void showProblemAt(const QString& path, int line, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDockWindows();
    void createStatusBar();
    void readSettings();
    void writeSettings() const;
    void rememberRecent(const QString& path);
    void updateRecentMenu();
    void onLoadStarted(const QString& path);
    void onLoaded(const LoadedMorphology& result);
    void onMechanismsLoaded(const LoadedMechanisms& result);
    void showSceneSummary();  // the status bar's counts for the view in front

    QString demo_file_;    // the demo morphology
    QString demo_recipe_;  // the shipped column recipe the demo circuit is built from
    render::MorphologyView* view_ = nullptr;
    render::CircuitView* circuit_view_ = nullptr;
    QStackedWidget* views_ = nullptr;
    CircuitScenePanel* scene_panel_ = nullptr;
    MorphologyLoader* loader_ = nullptr;
    MechanismLoader* mechanisms_ = nullptr;
    MorphologySummaryModel* summary_ = nullptr;
    ProblemsModel* problems_ = nullptr;
    SimulationPanel* simulation_ = nullptr;
    StimulusPanel* stimuli_ = nullptr;
    RecordingExporter* exporter_ = nullptr;
    BuilderPanel* builder_ = nullptr;
    QAction* export_anchor_ = nullptr;  // the File menu separator after the export entries
    QAction* builder_anchor_ = nullptr;  // the File menu separator before the recipe entries
    QToolButton* cancel_load_ = nullptr;  // in the status bar while a SONATA circuit loads
    QDockWidget* summary_dock_ = nullptr;
    QDockWidget* problems_dock_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QLabel* scene_label_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QAction* open_action_ = nullptr;
    QAction* open_cell_action_ = nullptr;
    QAction* load_mechanisms_action_ = nullptr;
    QAction* demo_action_ = nullptr;
    QAction* screenshot_action_ = nullptr;
    QAction* quit_action_ = nullptr;
    QAction* reset_camera_action_ = nullptr;
    QAction* front_action_ = nullptr;
    QAction* side_action_ = nullptr;
    QAction* top_action_ = nullptr;
    QAction* about_action_ = nullptr;
    QStringList recent_;
    QString morphology_summary_, circuit_summary_;
};

}  // namespace lamina::ui
