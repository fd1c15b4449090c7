#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>

#include "render/circuit_view.h"
#include "render/morphology_view.h"
#include "ui/docks/builder_panel.h"
#include "ui/models/recipe_document.h"
#include "ui/docks/circuit_scene_panel.h"
#include "ui/jobs/mechanism_loader.h"
#include "ui/jobs/morphology_loader.h"
#include "io/file_kind.h"
#include "io/sonata/single_cell.h"
#include "engine/circuit/circuit_summary.h"
#include "engine/errors.h"
#include "ui/models/circuit_model.h"
#include "ui/models/morphology_summary_model.h"
#include "ui/models/problems_model.h"
#include "ui/jobs/recording_export.h"
#include "ui/docks/simulation_panel.h"
#include "ui/docks/window_docks.h"
#include "ui/docks/stimulus_panel.h"

namespace lamina::ui {

namespace {
constexpr int max_recent_files = 8;
const char* const morphology_filter =
    "Morphologies (*.swc *.SWC *.asc *.ASC *.h5 *.H5);;SONATA configs or recipes (*.json);;All files (*)";

}  // namespace

MainWindow::MainWindow(QString demo_file, QWidget* parent)
    : QMainWindow(parent), demo_file_(std::move(demo_file)) {
    // The shipped recipes sit beside the morphologies (in the source tree and installed).
    demo_recipe_ = QDir::cleanPath(QFileInfo(demo_file_).dir().filePath("../recipes/default_column.json"));
    setObjectName("MainWindow");
    setWindowTitle(tr("Lamina"));
    setAcceptDrops(true);
    view_ = new render::MorphologyView(this);
    view_->setObjectName("MorphologyView");
    view_->setToolTip(tr("Left drag: rotate · Shift+left or middle drag: pan · Wheel or right drag: zoom · R: reset"));
    circuit_view_ = new render::CircuitView(this);
    circuit_view_->setObjectName("CircuitView");
    circuit_view_->setToolTip(tr("Click: pick a cell · Ctrl+drag or B: select a region · Left drag: rotate · "
                                 "Shift+left or middle drag: pan · Wheel: zoom · R: reset"));
    views_ = new QStackedWidget(this);
    views_->addWidget(view_);
    views_->addWidget(circuit_view_);
    setCentralWidget(views_);
    connect(views_, &QStackedWidget::currentChanged, this, [this] {
        if (scene_label_) showSceneSummary();
    });
    loader_ = new MorphologyLoader(this);
    connect(loader_, &MorphologyLoader::started, this, &MainWindow::onLoadStarted);
    connect(loader_, &MorphologyLoader::finished, this, &MainWindow::onLoaded);
    mechanisms_ = new MechanismLoader(this);
    connect(mechanisms_, &MechanismLoader::finished, this, &MainWindow::onMechanismsLoaded);

    createActions();
    createMenus();
    createDockWindows();
    createStatusBar();
    readSettings();
}

MainWindow::~MainWindow() = default;

bool MainWindow::isLoading() const { return loader_->isBusy(); }

void MainWindow::createActions() {
    open_action_ = new QAction(tr("&Open Morphology…"), this);
    open_action_->setShortcut(QKeySequence::Open);
    open_action_->setStatusTip(tr("Open an SWC, Neurolucida ASC or H5 morphology"));
    connect(open_action_, &QAction::triggered, this, &MainWindow::openWithDialog);

    open_cell_action_ = new QAction(tr("Open &Cell Model…"), this);
    open_cell_action_->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    open_cell_action_->setStatusTip(tr("Run one cell: a morphology with its e-model, Allen model or NeuroML cell, "
                                       "stepped by a current at the soma"));
    open_cell_action_->setToolTip(open_cell_action_->statusTip());
    connect(open_cell_action_, &QAction::triggered, this, &MainWindow::openCellModelWithDialogs);

    load_mechanisms_action_ = new QAction(tr("Load &Mechanisms…"), this);
    load_mechanisms_action_->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    load_mechanisms_action_->setStatusTip(tr("Translate and compile a folder of NMODL .mod files (NEURON's channels and "
                                             "synapses) for the cells and circuits opened afterwards"));
    load_mechanisms_action_->setToolTip(load_mechanisms_action_->statusTip());
    connect(load_mechanisms_action_, &QAction::triggered, this, &MainWindow::loadMechanismsWithDialog);

    demo_action_ = new QAction(tr("Open &Demo"), this);
    demo_action_->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    demo_action_->setStatusTip(tr("Open the demo pyramidal cell, and build and open the demo column (300 cells in L1–L6)"));
    connect(demo_action_, &QAction::triggered, this, &MainWindow::openDemo);

    screenshot_action_ = new QAction(tr("Save &Screenshot…"), this);
    screenshot_action_->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    screenshot_action_->setStatusTip(tr("Save the 3D view as a PNG image"));
    connect(screenshot_action_, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Screenshot"), "lamina.png",
                                                          tr("PNG images (*.png)"));
        if (!path.isEmpty()) saveScreenshot(path);
    });

    quit_action_ = new QAction(tr("&Quit"), this);
    quit_action_->setShortcut(QKeySequence::Quit);
    connect(quit_action_, &QAction::triggered, this, &QWidget::close);

    reset_camera_action_ = new QAction(tr("&Reset Camera"), this);
    reset_camera_action_->setShortcut(QKeySequence(tr("R")));
    reset_camera_action_->setStatusTip(tr("Fit the whole morphology in the view"));
    connect(reset_camera_action_, &QAction::triggered, this, [this] { currentView()->resetCamera(); });
    front_action_ = new QAction(tr("&Front View"), this);
    front_action_->setShortcut(QKeySequence(tr("1")));
    connect(front_action_, &QAction::triggered, this, [this] { currentView()->viewFront(); });
    side_action_ = new QAction(tr("&Side View"), this);
    side_action_->setShortcut(QKeySequence(tr("2")));
    connect(side_action_, &QAction::triggered, this, [this] { currentView()->viewSide(); });
    top_action_ = new QAction(tr("&Top View"), this);
    top_action_->setShortcut(QKeySequence(tr("3")));
    connect(top_action_, &QAction::triggered, this, [this] { currentView()->viewTop(); });

    about_action_ = new QAction(tr("&About Lamina"), this);
    connect(about_action_, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Lamina"),
                           tr("<b>Lamina</b> %1<br>A desktop studio for neocortical microcircuits.<br>"
                              "Command line: <tt>lamina --help</tt>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName("FileMenu");
    file->addAction(open_action_);
    file->addAction(open_cell_action_);
    file->addAction(load_mechanisms_action_);
    file->addAction(demo_action_);
    recent_menu_ = file->addMenu(tr("Open &Recent"));
    builder_anchor_ = file->addSeparator();  // the Builder's recipe entries go after it
    file->addSeparator();
    file->addAction(screenshot_action_);
    export_anchor_ = file->addSeparator();  // Export Recordings goes before it
    file->addAction(quit_action_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName("EditMenu");

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName("ViewMenu");
    view->addAction(reset_camera_action_);
    view->addAction(front_action_);
    view->addAction(side_action_);
    view->addAction(top_action_);
    view->addSeparator();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(about_action_);
}

void MainWindow::createDockWindows() {
    QMenu* view_menu = menuBar()->findChild<QMenu*>("ViewMenu");

    summary_ = new MorphologySummaryModel(this);
    auto* summary_table = new QTableView;
    summary_table->setModel(summary_);
    summary_table->verticalHeader()->hide();
    summary_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    summary_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    summary_table->setAlternatingRowColors(true);
    summary_dock_ = add_dock(this, view_menu, {"SummaryDock", tr("Summary"), Qt::RightDockWidgetArea}, summary_table);

    problems_ = new ProblemsModel(this);
    auto* problems_table = new QTableView;
    problems_table->setModel(problems_);
    problems_table->verticalHeader()->hide();
    problems_table->horizontalHeader()->setStretchLastSection(true);
    problems_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    problems_dock_ =
        add_dock(this, view_menu, {"ProblemsDock", tr("Problems"), Qt::BottomDockWidgetArea}, problems_table);

    simulation_ = new SimulationPanel(this, view_menu);
    scene_panel_ = new CircuitScenePanel(circuit_view_, simulation_, view_menu);
    connect(scene_panel_, &CircuitScenePanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    stimuli_ = new StimulusPanel(this, simulation_, scene_panel_, view_menu);
    exporter_ = new RecordingExporter(simulation_, this);
    connect(exporter_, &RecordingExporter::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 12000); });
    if (QMenu* file = menuBar()->findChild<QMenu*>("FileMenu")) file->insertAction(export_anchor_, exporter_->action());
    connect(stimuli_, &StimulusPanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(scene_panel_, &CircuitScenePanel::sceneReady, this, [this](std::size_t cells, std::size_t segments) {
        circuit_summary_ = tr("%1 cells · %2 segments").arg(cells).arg(segments);
        showSceneSummary();
    });
    // A network in the simulator brings the circuit to the front; an opened morphology
    // file brings the morphology.
    connect(simulation_, &SimulationPanel::networkLoaded, this, [this](const QString& name, bool ok, const QString&) {
        if (!ok) return;
        views_->setCurrentWidget(circuit_view_);
        // The Summary describes what is on screen: the circuit, not the morphology behind it.
        if (const auto circuit = simulation_->circuitModel()->sharedCircuit()) {
            std::vector<SummaryRow> rows{{"Circuit", name.toStdString(), 0}};
            for (auto& row : circuit::circuit_summary_rows(*circuit)) rows.push_back(std::move(row));
            summary_->setRows(std::move(rows));
        }
    });
    connect(simulation_, &SimulationPanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(simulation_, &SimulationPanel::loadFailed, this, &MainWindow::showProblem);
    connect(simulation_, &SimulationPanel::warningsFound, this, [this](const std::vector<Warning>& warnings) {
        problems_->addWarnings(warnings);
        problems_dock_->show();
    });
    connect(simulation_, &SimulationPanel::loadingChanged, this, &MainWindow::updateBusy);
    connect(scene_panel_, &CircuitScenePanel::buildingChanged, this, &MainWindow::updateBusy);

    builder_ = new BuilderPanel(this, simulation_, scene_panel_, view_menu);
    if (QMenu* file = menuBar()->findChild<QMenu*>("FileMenu")) {
        const QList<QAction*> actions = builder_->fileActions();
        QAction* after = file->actions().value(file->actions().indexOf(builder_anchor_) + 1);
        file->insertActions(after, actions);
        file->insertSeparator(after);
    }
    if (QMenu* edit = menuBar()->findChild<QMenu*>("EditMenu")) {
        edit->addAction(builder_->undoAction());
        edit->addAction(builder_->redoAction());
    }
    connect(builder_, &BuilderPanel::statusMessage, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(builder_, &BuilderPanel::problem, this, &MainWindow::showProblem);
    connect(builder_, &BuilderPanel::buildingChanged, this, &MainWindow::updateBusy);
    connect(builder_, &BuilderPanel::previewShown, this, [this] { views_->setCurrentWidget(circuit_view_); });
}

void MainWindow::showProblem(const QString& path, const QString& error) { showProblemAt(path, 0, error); }

void MainWindow::showProblemAt(const QString& path, int line, const QString& error) {
    problems_->addError(path, error, line);
    problems_dock_->show();
    problems_dock_->raise();
}

void MainWindow::updateBusy() {
    busy_->setVisible(loader_->isBusy() || simulation_->isLoading() || scene_panel_->isBuilding() ||
                      builder_->isBuilding());
    cancel_load_->setVisible(simulation_->isLoading());
}

void MainWindow::createStatusBar() {
    scene_label_ = new QLabel;
    statusBar()->addPermanentWidget(scene_label_);
    busy_ = new QProgressBar;
    busy_->setRange(0, 0);  // indeterminate: reading reports no fraction yet
    busy_->setMaximumWidth(160);
    busy_->hide();
    statusBar()->addPermanentWidget(busy_);
    cancel_load_ = new QToolButton;
    cancel_load_->setObjectName("cancelLoadButton");
    cancel_load_->setText(tr("Cancel"));
    cancel_load_->setToolTip(tr("Stop loading the SONATA circuit (Esc)"));
    cancel_load_->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel_load_->hide();
    connect(cancel_load_, &QToolButton::clicked, this, [this] { simulation_->cancelLoading(); });
    statusBar()->addPermanentWidget(cancel_load_);
    statusBar()->showMessage(tr("Open a morphology with Ctrl+O or drop a file here"));
}

void MainWindow::readSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) {
        // First start: most of the screen (the docks need it), within limits.
        const QSize room = screen() ? screen()->availableGeometry().size() * 0.92 : QSize(1280, 800);
        resize(std::min(1700, room.width()), std::min(1050, room.height()));
    }
    if (!restoreState(settings.value("window/state").toByteArray())) {
        // First start: the 3D view gets the room; the docks stay compact.
        resizeDocks({summary_dock_, builder_->dock()}, {340, 460}, Qt::Horizontal);
        // One tall column of tabs on the left (Circuit, Builder, Stimuli): the Builder's
        // tables and charts need the height.
        if (auto* stimuli = findChild<QDockWidget*>("StimuliDock")) tabifyDockWidget(builder_->dock(), stimuli);
        builder_->dock()->raise();
        resizeDocks({problems_dock_}, {130}, Qt::Vertical);
    }
    recent_ = settings.value("files/recent").toStringList();
    updateRecentMenu();
}

void MainWindow::writeSettings() const {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("files/recent", recent_);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!builder_->maybeSaveChanges()) {  // the recipe has edits the user wants to keep
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

void MainWindow::rememberRecent(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent_.removeAll(absolute);
    recent_.prepend(absolute);
    while (recent_.size() > max_recent_files) recent_.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recent_menu_->clear();
    for (const QString& path : recent_) {
        QAction* action = recent_menu_->addAction(QFileInfo(path).fileName());
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openFile(path); });
    }
    recent_menu_->setEnabled(!recent_.isEmpty());
}

namespace {

// A file to open, starting in the folder remembered under `key` (else `fallback`), which
// then remembers the chosen file's folder. Empty when cancelled.
QString askForFile(QWidget* parent, const QString& title, const QString& key, const QString& fallback,
                   const QString& filter) {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(parent, title, settings.value(key, fallback).toString(), filter);
    if (!path.isEmpty()) settings.setValue(key, QFileInfo(path).absolutePath());
    return path;
}

}  // namespace

void MainWindow::openWithDialog() {
    const QString path = askForFile(this, tr("Open Morphology"), "files/lastDir", {}, tr(morphology_filter));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::openCellModelWithDialogs() {
    const QString morphology =
        askForFile(this, tr("Open Cell Model: the Morphology"), "files/lastDir", {}, tr(morphology_filter));
    if (morphology.isEmpty()) return;
    const QString model = askForFile(
        this, tr("Open Cell Model: the Model of %1").arg(QFileInfo(morphology).fileName()), "files/lastModelDir",
        QFileInfo(morphology).absolutePath(),
        tr("Cell models (*.json *.nml *.xml);;E-models, Allen models (*.json);;NeuroML cells (*.nml *.xml);;All files (*)"));
    if (!model.isEmpty()) openCellModel(morphology, model);
}

QString MainWindow::openCellModel(const QString& morphology, const QString& model) {
    // The experiment lives in the app's own data folder (one per morphology and model,
    // replaced when opened again), never beside the user's files.
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/cells/" +
                           QFileInfo(morphology).completeBaseName() + "-" + QFileInfo(model).completeBaseName();
    try {
        const auto config = io::write_single_cell_experiment(morphology.toStdString(), model.toStdString(),
                                                             folder.toStdString());
        const QString path = QString::fromStdString(config.string());
        simulation_->loadSonata(path);
        statusBar()->showMessage(tr("Opening %1 with %2…").arg(QFileInfo(morphology).fileName(), QFileInfo(model).fileName()));
        return path;
    } catch (const Error& e) {
        showProblem(model, QString::fromStdString(e.what()));
        statusBar()->showMessage(tr("Could not open the cell model: %1").arg(QString::fromStdString(e.what())), 8000);
        return {};
    }
}

void MainWindow::loadMechanismsWithDialog() {
    QSettings settings;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Load Mechanisms: a Folder of .mod Files"),
                                                             settings.value("files/lastModDir").toString());
    if (folder.isEmpty()) return;
    settings.setValue("files/lastModDir", folder);
    loadMechanisms(folder);
}

bool MainWindow::loadMechanisms(const QString& folder) {
    if (!mechanisms_->load(folder)) {
        statusBar()->showMessage(tr("Mechanisms are already being loaded; try again when they are done"), 5000);
        return false;
    }
    statusBar()->showMessage(tr("Loading the mechanisms in %1…").arg(folder));
    return true;
}

void MainWindow::onMechanismsLoaded(const LoadedMechanisms& result) {
    if (!result.error.isEmpty()) {
        showProblemAt(result.error_file.isEmpty() ? result.folder : result.error_file, result.error_line, result.error);
        statusBar()->showMessage(tr("Could not load the mechanisms: %1").arg(result.error.section('\n', 0, 0)), 8000);
        return;
    }
    if (result.cancelled) {
        statusBar()->showMessage(tr("Loading mechanisms cancelled: nothing was registered"), 5000);
        return;
    }
    // Replacing a built-in changes what every later model means: said where it stays.
    std::vector<Warning> notes;
    for (const QString& name : result.replaced)
        notes.push_back({WarningKind::ignored_data, result.folder.toStdString(), 0,
                         name.toStdString() + " from this folder replaces Lamina's built-in " + name.toStdString()});
    problems_->addWarnings(notes);
    QString message = tr("%n mechanism(s) loaded from %1 (%2): %3", nullptr, static_cast<int>(result.mechanisms.size()))
                          .arg(result.folder, result.cached ? tr("compiled before") : tr("compiled now"),
                               result.mechanisms.join(", "));
    if (!result.mapped.isEmpty()) message += tr("; %1 played by Lamina's own spike source").arg(result.mapped.join(", "));
    statusBar()->showMessage(message, 15000);
}

void MainWindow::openDemo() {
    openFile(demo_file_);
    // The demo column too, built from the shipped recipe (a second or two), with its
    // Poisson input so Run shows activity at once.
    builder_->buildDemo(demo_recipe_);
}

void MainWindow::openFile(const QString& path) {
    // A column recipe opens in the Builder, a SONATA config as a network to simulate;
    // anything else is read as a morphology (the reader names the problem if it is not one).
    switch (io::file_kind(path.toStdString())) {
        case io::FileKind::recipe:  // into the Builder, to edit, preview and build
            if (builder_->maybeSaveChanges() && builder_->openRecipe(path)) rememberRecent(path);
            return;
        case io::FileKind::point_recipe:  // built in memory and opened in the simulator
            simulation_->loadPointRecipe(path);
            rememberRecent(path);
            return;
        case io::FileKind::simulation_config:
        case io::FileKind::circuit_config:
        case io::FileKind::unknown_json:  // the SONATA reader names what is wrong with it
            simulation_->loadSonata(path);
            rememberRecent(path);
            return;
        case io::FileKind::morphology:
        case io::FileKind::unknown:
            loader_->load(path);
            return;
    }
}

void MainWindow::onLoadStarted(const QString& path) {
    updateBusy();
    statusBar()->showMessage(tr("Reading %1…").arg(QFileInfo(path).fileName()));
}

void MainWindow::onLoaded(const LoadedMorphology& result) {
    updateBusy();
    problems_->addWarnings(result.warnings);
    if (!result.morphology) {
        showProblem(result.path, result.error);
        statusBar()->showMessage(tr("Could not open %1: %2").arg(QFileInfo(result.path).fileName(), result.error));
        emit fileLoaded(result.path, false);
        return;
    }
    view_->setMorphology(result.morphology);
    // The demo opens its circuit in front (Run shows it live); a file the user opened
    // comes to the front itself.
    if (result.path != demo_file_ || !simulation_->controller()->network()) views_->setCurrentWidget(view_);
    summary_->setMorphology(result);
    rememberRecent(result.path);
    setWindowTitle(tr("%1 — Lamina").arg(QFileInfo(result.path).fileName()));
    morphology_summary_ =
        tr("%1 sections · %2 segments").arg(result.morphology->num_sections()).arg(view_->segmentCount());
    showSceneSummary();
    statusBar()->showMessage(result.warnings.empty()
                                 ? tr("Opened %1").arg(result.path)
                                 : tr("Opened %1 with %2 warning(s); see Problems")
                                       .arg(result.path)
                                       .arg(result.warnings.size()),
                             8000);
    emit fileLoaded(result.path, true);
}

void MainWindow::showSceneSummary() {
    scene_label_->setText(views_->currentWidget() == circuit_view_ ? circuit_summary_ : morphology_summary_);
}

render::VtkWidget* MainWindow::currentView() const {
    return static_cast<render::VtkWidget*>(views_->currentWidget());
}

bool MainWindow::saveScreenshot(const QString& path) {
    const QImage image = currentView()->grabFramebuffer();
    QSaveFile file(path);  // written aside and renamed on commit: never a half image
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        problems_->addError(path, tr("could not save the screenshot: %1").arg(file.errorString()));
        statusBar()->showMessage(tr("Could not save %1").arg(path));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && io::openable_name(url.toLocalFile().toStdString())) {
            event->acceptProposedAction();
            return;
        }
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile() && io::openable_name(url.toLocalFile().toStdString())) openFile(url.toLocalFile());
    event->acceptProposedAction();
}

}  // namespace lamina::ui
