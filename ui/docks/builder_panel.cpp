#include "ui/docks/builder_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "engine/builder/column_builder.h"
#include "engine/builder/soma_placement.h"
#include "io/builder/column_writer.h"
#include "io/builder/recipe_io.h"
#include "render/circuit_scene.h"
#include "render/circuit_view.h"
#include "ui/views/builder_charts.h"
#include "ui/jobs/builder_job.h"
#include "ui/docks/circuit_scene_panel.h"
#include "ui/models/recipe_document.h"
#include "ui/models/recipe_models.h"
#include "ui/docks/simulation_panel.h"
#include "ui/docks/window_docks.h"

namespace lamina::ui {

namespace {

const char* const recipe_filter = "Column recipes (*.json);;All files (*)";

// Drop-down editors where the model offers choices (layers, classes, types), text
// fields elsewhere.
class ChoiceDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        const QStringList choices = index.data(RecipeTableModel::ChoicesRole).toStringList();
        if (choices.isEmpty()) return QStyledItemDelegate::createEditor(parent, option, index);
        auto* combo = new QComboBox(parent);
        combo->addItems(choices);
        return combo;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            combo->setCurrentText(index.data(Qt::EditRole).toString());
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override {
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            model->setData(index, combo->currentText(), Qt::EditRole);
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }
};

QTableView* makeTable(QAbstractItemModel* model, QObject* owner) {
    auto* view = new QTableView;
    view->setModel(model);
    view->setItemDelegate(new ChoiceDelegate(owner));
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::AnyKeyPressed);
    return view;
}

std::vector<int> selectedRows(const QTableView* view) {
    std::vector<int> rows;
    for (const QModelIndex& index : view->selectionModel()->selectedRows()) rows.push_back(index.row());
    if (rows.empty() && view->currentIndex().isValid()) rows.push_back(view->currentIndex().row());
    return rows;
}

}  // namespace

// A placement and its picture, prepared on a worker thread.
struct PlacementPreview {
    std::shared_ptr<const render::CircuitScene> scene;
    std::vector<std::array<unsigned char, 3>> colors;  // per soma, its type's
    std::vector<render::LayerBand> layers;
    builder::BuildStatistics statistics;
    QString error;
};

BuilderPanel::BuilderPanel(QMainWindow* window, SimulationPanel* simulation, CircuitScenePanel* scene, QMenu* view_menu)
    : QObject(window), window_(window), simulation_(simulation), scene_(scene) {
    createModels();
    createActions();
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(makeToolBar());
    summary_ = new QLabel;
    summary_->setObjectName("builderSummary");
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    layout->addWidget(makeTabs(), 1);
    layout->addLayout(makeFolderRow());
    layout->addLayout(makeBuildRow());
    // A tab beside the Circuit tree: the left column stays one dock wide.
    dock_ = add_dock(window, view_menu,
                     {"BuilderDock", tr("Builder"), Qt::LeftDockWidgetArea, tr("Ctrl+Shift+B"), "CircuitDock"}, panel);
    connectJobs();
    updateSummary();
}

void BuilderPanel::createModels() {
    document_ = new RecipeDocument(this);
    document_->reset(builder::default_column_recipe(300), {});
    column_model_ = new ColumnSettingsModel(document_, this);
    layer_model_ = new LayerTableModel(document_, this);
    type_model_ = new CellTypeTableModel(document_, this);
    pathway_model_ = new PathwayTableModel(document_, this);
    synthesis_model_ = new SynthesisTableModel(document_, this);
    for (RecipeTableModel* model :
         std::initializer_list<RecipeTableModel*>{column_model_, layer_model_, type_model_, pathway_model_, synthesis_model_})
        connect(model, &RecipeTableModel::editRejected, this, [this](const QString& why) {
            summary_->setText(QStringLiteral("<span style='color:#e06060'>%1</span>").arg(why.toHtmlEscaped()));
            emit statusMessage(tr("Not changed: %1").arg(why));
            summary_restore_->start();  // the recipe's summary again after a while
        });
    summary_restore_ = new QTimer(this);
    summary_restore_->setSingleShot(true);
    summary_restore_->setInterval(10000);
    connect(summary_restore_, &QTimer::timeout, this, &BuilderPanel::updateSummary);
}

QToolBar* BuilderPanel::makeToolBar() {
    auto* bar = new QToolBar;
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // Short labels in the dock's narrow toolbar; the menus keep the full names.
    open_action_->setIconText(tr("Open…"));
    save_action_->setIconText(tr("Save"));
    undo_action_->setIconText(tr("Undo"));
    redo_action_->setIconText(tr("Redo"));
    preview_action_->setIconText(tr("Preview"));
    show_circuit_action_->setIconText(tr("Circuit"));
    bar->addAction(open_action_);
    bar->addAction(save_action_);
    bar->addSeparator();
    bar->addAction(undo_action_);
    bar->addAction(redo_action_);
    bar->addSeparator();
    bar->addAction(preview_action_);
    bar->addAction(show_circuit_action_);
    return bar;
}

QWidget* BuilderPanel::makeCellTypesTab() {
    QTableView* types = nullptr;
    auto* types_split = new QSplitter(Qt::Vertical);
    types_split->addWidget(makeTableTab(types, type_model_, tr("Add Type"), tr("Remove"), [this] { type_model_->addType(); },
                                        [this](std::vector<int> rows) { type_model_->removeTypes(std::move(rows)); }));
    types->setObjectName("cellTypeTable");
    // The selected type's shape: synthesis parameters, or a folder of files.
    QTableView* shape = makeTable(synthesis_model_, this);
    shape->setObjectName("synthesisTable");
    shape->setSelectionBehavior(QAbstractItemView::SelectItems);
    shape->setToolTip(tr("The shape of the cell type selected above (grey: not used by its class)"));
    types_split->addWidget(shape);
    types_split->setStretchFactor(0, 3);
    types_split->setStretchFactor(1, 2);
    connect(types->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { synthesis_model_->setType(current.isValid() ? current.row() : -1); });
    // A type removed under it (or a new recipe with fewer types): the selected type's
    // shape, or the first type's.
    connect(document_, &RecipeDocument::changed, this, [this, types] {
        if (synthesis_model_->type() >= 0 &&
            synthesis_model_->type() < static_cast<int>(document_->recipe().cell_types.size()))
            return;
        synthesis_model_->setType(types->currentIndex().isValid() ? types->currentIndex().row() : 0);
    });
    synthesis_model_->setType(0);
    return types_split;
}

QTabWidget* BuilderPanel::makeTabs() {
    tabs_ = new QTabWidget;
    tabs_->addTab(makeColumnTab(), tr("Column"));
    tabs_->addTab(makeCellTypesTab(), tr("Cell Types"));
    QTableView* pathways = nullptr;
    tabs_->addTab(makeTableTab(pathways, pathway_model_, tr("Add Pathway"), tr("Remove"),
                               [this] { pathway_model_->addPathway(); },
                               [this](std::vector<int> rows) { pathway_model_->removePathways(std::move(rows)); }),
                  tr("Pathways"));
    pathways->setObjectName("pathwayTable");
    statistics_tab_ = tabs_->addTab(makeStatisticsTab(), tr("Statistics"));
    report_ = new QPlainTextEdit;
    report_->setObjectName("buildReport");
    report_->setReadOnly(true);
    report_->setLineWrapMode(QPlainTextEdit::NoWrap);
    report_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    report_->setPlaceholderText(tr("The build report appears here after Build."));
    tabs_->addTab(report_, tr("Report"));
    return tabs_;
}

QLayout* BuilderPanel::makeFolderRow() {
    auto* where = new QHBoxLayout;
    where->addWidget(new QLabel(tr("Save in:")));
    folder_edit_ = new QLineEdit;
    folder_edit_->setObjectName("builderFolder");
    folder_edit_->setToolTip(tr("The folder Build writes the SONATA circuit into; each build replaces the column in it"));
    folder_edit_->setText(QSettings().value(
        "builder/folder", QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/columns/column").toString());
    where->addWidget(folder_edit_, 1);
    auto* browse = new QToolButton;
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(tr("Choose the folder"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(window_, tr("Build the Column Into"), outputFolder());
        if (!folder.isEmpty()) setOutputFolder(folder);
    });
    where->addWidget(browse);
    return where;
}

QLayout* BuilderPanel::makeBuildRow() {
    auto* run = new QHBoxLayout;
    progress_bar_ = new QProgressBar;
    progress_bar_->setRange(0, 1000);
    progress_bar_->setTextVisible(false);
    progress_bar_->hide();
    step_ = new QLabel;
    step_->setObjectName("builderStep");
    auto* build_button = new QPushButton(tr("Build"));
    build_button->setObjectName("buildButton");
    build_button->setToolTip(build_action_->toolTip());
    connect(build_button, &QPushButton::clicked, build_action_, &QAction::trigger);
    connect(build_action_, &QAction::enabledChanged, build_button, &QWidget::setEnabled);
    auto* cancel_button = new QPushButton(tr("Cancel"));
    cancel_button->setObjectName("cancelBuildButton");
    cancel_button->setEnabled(false);
    connect(cancel_button, &QPushButton::clicked, cancel_action_, &QAction::trigger);
    connect(cancel_action_, &QAction::enabledChanged, cancel_button, &QWidget::setEnabled);
    run->addWidget(step_, 1);
    run->addWidget(progress_bar_, 1);
    run->addWidget(build_button);
    run->addWidget(cancel_button);
    return run;
}

void BuilderPanel::connectJobs() {
    watcher_ = new QFutureWatcher<BuildOutcome>(this);
    connect(watcher_, &QFutureWatcher<BuildOutcome>::finished, this, &BuilderPanel::onBuilt);
    preview_watcher_ = new QFutureWatcher<PlacementPreview>(this);
    connect(preview_watcher_, &QFutureWatcher<PlacementPreview>::finished, this, &BuilderPanel::onPreviewPlaced);
    progress_timer_ = new QTimer(this);
    progress_timer_->setInterval(100);
    connect(progress_timer_, &QTimer::timeout, this, &BuilderPanel::showProgress);
    connect(document_, &RecipeDocument::changed, this, &BuilderPanel::updateSummary);
    // The undo stack's clean state settles after the change is applied: "(edited)" follows it.
    connect(document_, &RecipeDocument::modifiedChanged, this, &BuilderPanel::updateSummary);
    connect(scene_, &CircuitScenePanel::previewChanged, show_circuit_action_, &QAction::setEnabled);
}

BuilderPanel::~BuilderPanel() {
    if (progress_) progress_->cancel = true;
    watcher_->waitForFinished();
    preview_watcher_->waitForFinished();
}

void BuilderPanel::createActions() {
    new_action_ = new QAction(tr("&New Column Recipe"), this);
    new_action_->setStatusTip(tr("Start from the default rat-like column (12 cell types, 16 pathways)"));
    connect(new_action_, &QAction::triggered, this, [this] {
        if (maybeSaveChanges()) newRecipe();
    });
    open_action_ = new QAction(tr("Open &Recipe…"), this);
    open_action_->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    open_action_->setToolTip(tr("Open a column recipe (JSON) into the Builder (Ctrl+Shift+R)"));
    connect(open_action_, &QAction::triggered, this, [this] {
        if (!maybeSaveChanges()) return;
        const QString path = QFileDialog::getOpenFileName(window_, tr("Open Recipe"),
                                                          QSettings().value("builder/recipeDir").toString(), tr(recipe_filter));
        if (!path.isEmpty()) openRecipe(path);
    });
    save_as_action_ = new QAction(tr("Save Recipe &As…"), this);
    connect(save_as_action_, &QAction::triggered, this, [this] {
        const QString start = document_->file().isEmpty()
                                  ? QSettings().value("builder/recipeDir").toString() + "/column_recipe.json"
                                  : document_->file();
        const QString path = QFileDialog::getSaveFileName(window_, tr("Save Recipe"), start, tr(recipe_filter));
        if (!path.isEmpty()) saveRecipe(path);
    });
    save_action_ = new QAction(tr("Save Re&cipe"), this);
    save_action_->setShortcut(QKeySequence::Save);
    save_action_->setToolTip(tr("Save the recipe (Ctrl+S)"));
    connect(save_action_, &QAction::triggered, this, [this] {
        if (document_->file().isEmpty()) save_as_action_->trigger();
        else saveRecipe(document_->file());
    });
    undo_action_ = document_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo_action_->setShortcut(QKeySequence::Undo);
    redo_action_ = document_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo_action_->setShortcut(QKeySequence::Redo);
    preview_action_ = new QAction(tr("&Preview Placement"), this);
    preview_action_->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    preview_action_->setToolTip(tr("Place the somata now and show them in the 3D view, coloured by cell type (Ctrl+Shift+P)"));
    connect(preview_action_, &QAction::triggered, this, &BuilderPanel::preview);
    show_circuit_action_ = new QAction(tr("Show Circuit"), this);
    show_circuit_action_->setToolTip(tr("Leave the placement preview: the circuit in the simulator again"));
    show_circuit_action_->setEnabled(false);
    connect(show_circuit_action_, &QAction::triggered, this, [this] { scene_->clearPreview(); });
    build_action_ = new QAction(tr("&Build Column"), this);
    build_action_->setShortcut(QKeySequence(tr("Ctrl+B")));
    build_action_->setToolTip(tr("Place, grow, connect and save the column, then open it in the simulator (Ctrl+B)"));
    connect(build_action_, &QAction::triggered, this, &BuilderPanel::build);
    cancel_action_ = new QAction(tr("Cancel Build"), this);
    cancel_action_->setEnabled(false);
    cancel_action_->setToolTip(tr("Stop the build; the output folder stays as it was"));
    connect(cancel_action_, &QAction::triggered, this, &BuilderPanel::cancelBuild);
}

QList<QAction*> BuilderPanel::fileActions() const {
    return {new_action_, open_action_, save_action_, save_as_action_, preview_action_, build_action_};
}

QWidget* BuilderPanel::makeColumnTab() {
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 4, 0, 0);
    QTableView* settings = makeTable(column_model_, this);
    settings->setObjectName("columnSettingsTable");
    settings->setSelectionBehavior(QAbstractItemView::SelectItems);
    layout->addWidget(settings, 3);
    QTableView* layers = nullptr;
    layout->addWidget(makeTableTab(layers, layer_model_, tr("Add Layer"), tr("Remove"), [this] { layer_model_->addLayer(); },
                                   [this](std::vector<int> rows) { layer_model_->removeLayers(std::move(rows)); }),
                      2);
    layers->setObjectName("layerTable");
    return tab;
}

QWidget* BuilderPanel::makeTableTab(QTableView*& view, QAbstractItemModel* model, const QString& add,
                                    const QString& remove, std::function<void()> on_add,
                                    std::function<void(std::vector<int>)> on_remove) {
    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 4, 0, 0);
    view = makeTable(model, this);
    layout->addWidget(view, 1);
    auto* buttons = new QHBoxLayout;
    auto* add_button = new QPushButton(add);
    auto* remove_button = new QPushButton(remove);
    remove_button->setToolTip(tr("Remove the selected rows (Delete)"));
    connect(add_button, &QPushButton::clicked, this, on_add);
    QTableView* table = view;
    auto remove_selected = [table, on_remove] {
        const std::vector<int> rows = selectedRows(table);
        if (!rows.empty()) on_remove(rows);
    };
    connect(remove_button, &QPushButton::clicked, this, remove_selected);
    auto* delete_action = new QAction(table);
    delete_action->setShortcut(QKeySequence::Delete);
    delete_action->setShortcutContext(Qt::WidgetShortcut);
    connect(delete_action, &QAction::triggered, this, remove_selected);
    table->addAction(delete_action);
    buttons->addWidget(add_button);
    buttons->addWidget(remove_button);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    return tab;
}

QWidget* BuilderPanel::makeStatisticsTab() {
    // The three views one under another at readable sizes, scrolled when the dock is short.
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    heat_map_ = new ProbabilityHeatMap;
    heat_map_->setMinimumHeight(380);
    synapses_chart_ = new BarChart(tr("Synapses per connection"), tr("synapses in one connection"));
    synapses_chart_->setObjectName("synapsesPerConnectionChart");
    synapses_chart_->setMinimumHeight(220);
    cells_chart_ = new BarChart(tr("Cells per layer (stacked by cell type)"), tr("layer"));
    cells_chart_->setObjectName("cellsPerLayerChart");
    cells_chart_->setMinimumHeight(220);
    layout->addWidget(heat_map_);
    layout->addWidget(synapses_chart_);
    layout->addWidget(cells_chart_);
    auto* scroll = new QScrollArea;
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

QString BuilderPanel::outputFolder() const { return folder_edit_->text().trimmed(); }

void BuilderPanel::setOutputFolder(const QString& folder) {
    folder_edit_->setText(folder);
    QSettings().setValue("builder/folder", folder);
}

double BuilderPanel::buildFraction() const { return progress_ ? progress_->fraction.load() : 0.0; }

QString BuilderPanel::lastReport() const { return report_->toPlainText(); }

void BuilderPanel::updateSummary() {
    const builder::Recipe& r = document_->recipe();
    const QString name = document_->file().isEmpty() ? tr("untitled recipe") : QFileInfo(document_->file()).fileName();
    summary_->setText(tr("<b>%1</b>%2 · about %3 cells · radius %4 µm · height %5 µm · %6 pathways")
                          .arg(name.toHtmlEscaped(), document_->isModified() ? tr(" (edited)") : QString())
                          .arg(type_model_->expectedCells())
                          .arg(builder::column_radius(r), 0, 'f', 0)
                          .arg(builder::column_height(r), 0, 'f', 0)
                          .arg(r.pathways.size()));
    save_action_->setEnabled(true);
}

bool BuilderPanel::maybeSaveChanges() {
    if (!document_->isModified()) return true;
    const auto answer = QMessageBox::question(window_, tr("Unsaved Recipe"), tr("The recipe has unsaved edits. Save them?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        save_action_->trigger();
        return !document_->isModified();
    }
    return true;
}

void BuilderPanel::newRecipe() {
    document_->reset(builder::default_column_recipe(300), {});
    emit statusMessage(tr("New recipe: the default column"));
}

bool BuilderPanel::openRecipe(const QString& path) {
    try {
        document_->reset(io::read_recipe(path.toStdString()), path);
    } catch (const std::exception& e) {
        emit problem(path, QString::fromStdString(e.what()));
        emit statusMessage(tr("Could not open %1: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(e.what())));
        return false;
    }
    QSettings().setValue("builder/recipeDir", QFileInfo(path).absolutePath());
    // Each recipe builds into a folder of its own name beside the previous builds.
    setOutputFolder(QFileInfo(outputFolder()).dir().filePath(QFileInfo(path).completeBaseName()));
    dock_->show();
    dock_->raise();
    emit statusMessage(tr("Opened recipe %1").arg(path));
    updateSummary();
    return true;
}

bool BuilderPanel::saveRecipe(const QString& path) {
    try {
        io::write_recipe(document_->recipe(), path.toStdString());  // written aside, then renamed
    } catch (const std::exception& e) {
        emit problem(path, QString::fromStdString(e.what()));
        emit statusMessage(tr("Could not save %1").arg(path));
        return false;
    }
    document_->setFile(path);
    document_->markSaved();
    QSettings().setValue("builder/recipeDir", QFileInfo(path).absolutePath());
    updateSummary();
    emit statusMessage(tr("Saved recipe %1").arg(path));
    return true;
}

void BuilderPanel::preview() {
    if (preview_watcher_->isRunning()) return;  // the one on its way shows this recipe's too
    preview_watcher_->setFuture(QtConcurrent::run([recipe = document_->recipe()] {
        PlacementPreview out;
        try {
            const std::vector<builder::PlacedCell> cells = builder::place_somata(recipe);
            std::vector<Point3> somata;
            std::vector<double> radii;
            for (const builder::PlacedCell& c : cells) {
                somata.push_back({c.position.x(), c.position.y(), c.position.z()});
                radii.push_back(recipe.cell_types[c.type].synthesis.soma_radius);
                out.colors.push_back(categoryRgb(c.type));
            }
            out.scene = somataScene(somata, radii);
            out.layers = layerBandsOf(recipe);
            out.statistics = builder::placement_statistics(recipe, cells);
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    }));
    emit statusMessage(tr("Placing the somata…"));
}

void BuilderPanel::onPreviewPlaced() {
    const PlacementPreview placed = preview_watcher_->result();
    if (!placed.error.isEmpty()) {
        emit problem(document_->file(), placed.error);
        emit statusMessage(tr("Cannot place the somata: %1").arg(placed.error));
        emit previewFinished(false);
        return;
    }
    scene_->showPlacementPreview(placed.scene, placed.colors, placed.layers);
    emit previewShown();
    showStatistics(placed.statistics);
    emit statusMessage(tr("Preview: %1 somata placed, coloured by cell type (Build grows and connects them)")
                           .arg(placed.statistics.cells));
    emit previewFinished(true);
}

void BuilderPanel::build() {
    if (building_) return;
    const QString folder = outputFolder();
    if (folder.isEmpty()) {
        emit statusMessage(tr("Choose a folder to build the column into"));
        folder_edit_->setFocus();
        return;
    }
    QSettings().setValue("builder/folder", folder);
    startBuild(folder);
}

void BuilderPanel::startBuild(const QString& folder) {
    try {
        io::check_column_folder(folder.toStdString());  // refused now, not after the build
    } catch (const std::exception& e) {
        emit problem(folder, QString::fromStdString(e.what()));
        emit statusMessage(tr("Not built: %1").arg(QString::fromStdString(e.what())));
        last_cancelled_ = false;
        demo_ = false;
        emit buildFinished(false, folder);
        return;
    }
    progress_ = std::make_shared<BuildProgress>();
    building_ = true;
    build_action_->setEnabled(false);
    cancel_action_->setEnabled(true);
    progress_bar_->setValue(0);
    progress_bar_->show();
    step_->setText(tr("Starting…"));
    progress_timer_->start();
    emit buildingChanged(true);
    emit statusMessage(tr("Building the column into %1…").arg(folder));
    watcher_->setFuture(QtConcurrent::run(runBuild, document_->recipe(), folder, 0, progress_));
}

void BuilderPanel::cancelBuild() {
    if (!building_ || !progress_) return;
    progress_->cancel = true;
    step_->setText(tr("Cancelling…"));
}

void BuilderPanel::showProgress() {
    if (!progress_) return;
    progress_bar_->setValue(static_cast<int>(1000 * progress_->fraction.load()));
    const QString step = progress_->step();
    if (!step.isEmpty() && !progress_->cancel) step_->setText(step.left(1).toUpper() + step.mid(1) + QStringLiteral("…"));
    // The files are being swapped in: too late to cancel (it takes a moment).
    if (step.startsWith("writing")) cancel_action_->setEnabled(false);
}

void BuilderPanel::onBuilt() {
    const BuildOutcome outcome = watcher_->result();
    building_ = false;
    last_cancelled_ = outcome.cancelled;
    progress_timer_->stop();
    progress_bar_->hide();
    build_action_->setEnabled(true);
    cancel_action_->setEnabled(false);
    emit buildingChanged(false);
    if (!outcome.ok) demo_ = false;
    if (outcome.cancelled) {
        step_->setText(tr("Cancelled"));
        emit statusMessage(tr("Build cancelled; %1 is as it was").arg(outcome.folder));
        emit buildFinished(false, outcome.folder);
        return;
    }
    if (!outcome.ok) {
        step_->setText(tr("Failed (see Problems)"));
        emit problem(outcome.folder, outcome.error);
        emit statusMessage(tr("Build failed: %1").arg(outcome.error));
        emit buildFinished(false, outcome.folder);
        return;
    }
    showStatistics(outcome.statistics);
    report_->setPlainText(outcome.report);
    step_->setText(tr("Built %1 cells, %2 synapses in %3 s").arg(outcome.statistics.cells).arg(outcome.statistics.synapses)
                       .arg(outcome.seconds, 0, 'f', 1));
    tabs_->setCurrentIndex(statistics_tab_);
    // The new circuit replaces the preview in the 3D view, coloured by cell type (the
    // demo by voltage: it is there to be run).
    simulation_->loadSonata(outcome.simulation_config);
    scene_->setColoring(demo_ ? CircuitScenePanel::Coloring::voltage : CircuitScenePanel::Coloring::mtype);
    demo_ = false;
    emit statusMessage(tr("Built %1 cells and %2 synapses into %3; opening it")
                           .arg(outcome.statistics.cells)
                           .arg(outcome.statistics.synapses)
                           .arg(outcome.folder));
    emit buildFinished(true, outcome.folder);
}

void BuilderPanel::showStatistics(const builder::BuildStatistics& s) {
    statistics_ = s;
    heat_map_->setStatistics(s);
    QStringList layers, types;
    for (const auto& l : s.layer_names) layers << QString::fromStdString(l);
    for (const auto& t : s.type_names) types << QString::fromStdString(t);
    std::vector<std::vector<double>> per_type(s.type_names.size(), std::vector<double>(s.layer_names.size(), 0.0));
    for (std::size_t l = 0; l < s.layer_names.size(); ++l)
        for (std::size_t t = 0; t < s.type_names.size(); ++t)
            per_type[t][l] = static_cast<double>(s.cells_per_type[l][t]);
    cells_chart_->setData(layers, types, per_type);
    cells_chart_->setCaption(tr("%1 cells").arg(s.cells));
    QStringList counts;
    std::vector<double> connections;
    for (std::size_t k = 1; k < s.synapses_per_connection.size(); ++k) {
        counts << QString::number(k);
        connections.push_back(static_cast<double>(s.synapses_per_connection[k]));
    }
    synapses_chart_->setData(counts, {tr("connections")}, {connections});
    synapses_chart_->setCaption(s.connections ? tr("%1 connections, %2 synapses per connection on average")
                                                    .arg(s.connections)
                                                    .arg(s.mean_synapses_per_connection(), 0, 'f', 2)
                                              : QString());
}

void BuilderPanel::buildDemo(const QString& recipe) {
    if (building_ || !maybeSaveChanges()) return;
    try {
        // Untitled: Save must not overwrite the shipped recipe.
        document_->reset(io::read_recipe(recipe.toStdString()), {});
    } catch (const std::exception& e) {
        emit problem(recipe, QString::fromStdString(e.what()));
        return;
    }
    // Its own folder: the user's "Save in" stays as it was.
    demo_ = true;
    startBuild(QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/demo_column");
}

}  // namespace lamina::ui
