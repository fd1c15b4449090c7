// The Builder dock as a user works with it: edit the recipe in its tables (refused
// edits say why and change nothing; renames and removals carry to the pathways; undo
// and redo), save and open recipes, preview the soma placement in the 3D view, build a
// small column with its statistics and open it in the simulator, cancel a build, and
// never touch a folder that is not a built column.

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "engine/builder/column_builder.h"
#include "io/builder/recipe_io.h"
#include "render/circuit_view.h"
#include "render/surface_format.h"
#include "ui/views/builder_charts.h"
#include "ui/docks/builder_panel.h"
#include "ui/docks/circuit_scene_panel.h"
#include "ui/main_window.h"
#include "ui/views/plot_views.h"
#include "ui/models/problems_model.h"
#include "ui/models/recipe_document.h"
#include "ui/models/recipe_models.h"
#include "ui/jobs/simulation_controller.h"
#include "ui/docks/simulation_panel.h"

using namespace lamina;
using State = ui::SimulationController::State;

namespace {
int rowOfType(const builder::Recipe& r, const std::string& name) { return builder::cell_type_index(r, name); }

std::size_t pathwaysNaming(const builder::Recipe& r, const std::string& type) {
    std::size_t n = 0;
    for (const auto& w : r.pathways) n += w.pre == type || w.post == type;
    return n;
}

bool setCell(QAbstractItemModel* model, int row, int column, const QString& value) {
    return model->setData(model->index(row, column), value, Qt::EditRole);
}

// A column of about `cells` cells that builds in well under a second.
builder::Recipe smallRecipe(std::size_t cells) {
    builder::Recipe r = builder::default_column_recipe(cells);
    r.drive.rate = 40;
    return r;
}
// The window on screen (the 3D view is drawn), the Builder holding a 120-cell recipe.
bool showWithSmallRecipe(ui::MainWindow& window) {
    window.resize(1400, 900);
    window.show();
    window.builderPanel()->document()->reset(smallRecipe(120), {});
    return QTest::qWaitForWindowExposed(&window);
}
}  // namespace

class TestBuilderPanel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("LaminaTests");
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
    }

    void tablesEditTheRecipeWithUndo() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        auto* builder = window.builderPanel();
        auto* document = builder->document();
        auto* types = builder->cellTypeModel();
        auto* pathways = builder->pathwayModel();
        auto* layers = builder->layerModel();
        auto* column = builder->columnModel();
        QAbstractItemModelTester t1(types), t2(pathways), t3(layers), t4(column);
        QSignalSpy rejected(types, &ui::RecipeTableModel::editRejected);
        const builder::Recipe original = document->recipe();
        QCOMPARE(types->rowCount(), 12);
        QCOMPARE(pathways->rowCount(), 16);
        QCOMPARE(layers->rowCount(), 6);

        // A density: the expected cells follow, undo and redo step through it.
        const int ttpc = rowOfType(original, "L5_TTPC");
        const int before = types->data(types->index(ttpc, ui::CellTypeTableModel::expected)).toInt();
        QVERIFY(setCell(types, ttpc, ui::CellTypeTableModel::density, "25000"));
        QCOMPARE(*document->recipe().cell_types[ttpc].density, 25000.0);
        const int after = types->data(types->index(ttpc, ui::CellTypeTableModel::expected)).toInt();
        QVERIFY2(std::abs(after - before / 2) <= 1, qPrintable(QString("%1 -> %2").arg(before).arg(after)));
        QVERIFY(document->isModified());
        auto* summary = window.findChild<QLabel*>("builderSummary");
        QVERIFY(summary->text().contains("(edited)"));
        document->undoStack()->undo();
        QVERIFY(!summary->text().contains("(edited)"));  // back where it was opened
        QCOMPARE(*document->recipe().cell_types[ttpc].density, 50000.0);
        QCOMPARE(types->data(types->index(ttpc, ui::CellTypeTableModel::expected)).toInt(), before);
        document->undoStack()->redo();
        QCOMPARE(*document->recipe().cell_types[ttpc].density, 25000.0);
        // A count replaces the density.
        QVERIFY(setCell(types, ttpc, ui::CellTypeTableModel::count, "7"));
        QVERIFY(!document->recipe().cell_types[ttpc].density.has_value());
        QCOMPARE(types->data(types->index(ttpc, ui::CellTypeTableModel::expected)).toInt(), 7);

        // Refused: the reason names the key and the value; nothing changes.
        const int steps = document->undoStack()->count();
        QVERIFY(!setCell(types, ttpc, ui::CellTypeTableModel::density, "-5"));
        QCOMPARE(rejected.count(), 1);
        const QString why = rejected.last().at(0).toString();
        QVERIFY2(why.contains(QString("cell_types[%1].density").arg(ttpc)) && why.contains("-5"), qPrintable(why));
        QVERIFY(!setCell(types, ttpc, ui::CellTypeTableModel::density, "lots"));
        QVERIFY(rejected.last().at(0).toString().contains("'lots' is not a number"));
        QVERIFY(!setCell(types, ttpc, ui::CellTypeTableModel::layer, "L9"));
        QVERIFY(rejected.last().at(0).toString().contains("'L9' is not one of the recipe's layers"));
        QCOMPARE(document->undoStack()->count(), steps);
        QSignalSpy refused_pathway(pathways, &ui::RecipeTableModel::editRejected);
        QVERIFY(!setCell(pathways, 0, ui::PathwayTableModel::probability, "1.5"));
        QVERIFY(refused_pathway.last().at(0).toString().contains("pathways[0].connection_probability: must be in [0, 1]"));
        QVERIFY(!setCell(pathways, 0, ui::PathwayTableModel::reference_in_degree, "-3"));
        QVERIFY(refused_pathway.last().at(0).toString().contains("pathways[0].reference_in_degree"));
        QVERIFY(setCell(pathways, 0, ui::PathwayTableModel::reference_in_degree, "120"));
        QCOMPARE(document->recipe().pathways[0].reference_in_degree, 120.0);
        QVERIFY(!setCell(pathways, 0, ui::PathwayTableModel::targets, "dendrite"));
        QVERIFY(setCell(pathways, 0, ui::PathwayTableModel::targets, "soma, apical"));
        QCOMPARE(document->recipe().pathways[0].target_regions.size(), std::size_t{2});
        // On Exp2Syn a class goes; a class picks its plastic synapse again.
        QVERIFY(setCell(pathways, 0, ui::PathwayTableModel::synapse_model, "Exp2Syn"));
        QCOMPARE(document->recipe().pathways[0].synapse_class, std::string());
        QVERIFY(setCell(pathways, 0, ui::PathwayTableModel::synapse_class, "E2"));
        QCOMPARE(document->recipe().pathways[0].synapse_model, std::string("ProbAmpaNmda"));
        QCOMPARE(pathways->data(pathways->index(0, ui::PathwayTableModel::synapse_class)).toString(), QString("E2"));
        QVERIFY(pathways->data(pathways->index(0, ui::PathwayTableModel::synapse_class), ui::RecipeTableModel::ChoicesRole)
                    .toStringList()
                    .contains("I3"));
        QVERIFY(setCell(pathways, 0, ui::PathwayTableModel::synapse_model, "DetAmpaNmda"));
        QCOMPARE(document->recipe().pathways[0].synapse_class, std::string("E2"));
        QVERIFY(setCell(pathways, 0, ui::PathwayTableModel::synapse_model, "Exp2Syn"));
        QCOMPARE(document->recipe().pathways[0].synapse_class, std::string());
        QVERIFY(!setCell(pathways, 0, ui::PathwayTableModel::synapse_class, "E7"));
        QVERIFY(refused_pathway.last().at(0).toString().contains("'E7' is not one of: E1, E2, E3, I1, I2, I3"));

        // A renamed type is renamed in its pathways; a removed one takes its pathways along.
        const int ss = rowOfType(original, "L4_SS");
        const std::size_t naming = pathwaysNaming(original, "L4_SS");
        QVERIFY(naming >= 4);
        QVERIFY(setCell(types, ss, ui::CellTypeTableModel::name, "L4_SSC"));
        QCOMPARE(pathwaysNaming(document->recipe(), "L4_SSC"), naming);
        QCOMPARE(pathwaysNaming(document->recipe(), "L4_SS"), std::size_t{0});
        const int mc = rowOfType(original, "L5_MC");
        QVERIFY(types->removeTypes({mc}));
        QCOMPARE(types->rowCount(), 11);
        QCOMPARE(pathways->rowCount(), 16 - static_cast<int>(pathwaysNaming(original, "L5_MC")));
        document->undoStack()->undo();
        QCOMPARE(pathways->rowCount(), 16);
        QCOMPARE(rowOfType(document->recipe(), "L5_MC"), mc);

        // Layers: a thicker L4 moves everything above it up; a layer in use stays.
        const auto [bottom, top] = builder::layer_extent(document->recipe(), 3);
        QVERIFY(setCell(layers, 3, ui::LayerTableModel::thickness, "290"));  // +100 µm before the 0.5 scale
        QCOMPARE(builder::layer_extent(document->recipe(), 3).second, top + 50.0);
        QCOMPARE(builder::layer_extent(document->recipe(), 3).first, bottom);
        QVERIFY(layers->data(layers->index(3, ui::LayerTableModel::extent)).toString().contains(QString::number(top + 50.0, 'f', 0)));
        QSignalSpy refused_layer(layers, &ui::RecipeTableModel::editRejected);
        QVERIFY(!layers->removeLayers({3}));
        QVERIFY(refused_layer.last().at(0).toString().contains("L4 holds the cell type L4_SSC"));
        QVERIFY(setCell(layers, 3, ui::LayerTableModel::name, "IV"));
        QCOMPARE(document->recipe().cell_types[ss].layer, std::string("IV"));

        // The selected type's shape: synthesis parameters checked like the rest.
        auto* shape = builder->synthesisModel();
        QAbstractItemModelTester t5(shape);
        const int l6 = rowOfType(document->recipe(), "L6_PC");
        shape->setType(l6);
        QCOMPARE(shape->rowCount(), static_cast<int>(ui::SynthesisTableModel::row_count));
        QCOMPARE(shape->data(shape->index(ui::SynthesisTableModel::apical_target_layer, 1)).toString(), QString("IV"));
        QSignalSpy refused_shape(shape, &ui::RecipeTableModel::editRejected);
        QVERIFY(!setCell(shape, ui::SynthesisTableModel::basal_dendrites, 1, "70"));
        QVERIFY2(refused_shape.last().at(0).toString().contains(
                     QString("cell_types[%1].synthesis.basal_dendrites: must be in [0, 64], got 70").arg(l6)),
                 qPrintable(refused_shape.last().at(0).toString()));
        QVERIFY(setCell(shape, ui::SynthesisTableModel::basal_dendrites, 1, "8"));
        QCOMPARE(document->recipe().cell_types[l6].synthesis.basal_dendrites, 8);
        QVERIFY(shape->setData(shape->index(ui::SynthesisTableModel::ascending_collaterals, 1), Qt::Unchecked,
                               Qt::CheckStateRole));
        QVERIFY(!document->recipe().cell_types[l6].synthesis.ascending_collaterals);
        QVERIFY(setCell(shape, ui::SynthesisTableModel::folder, 1, "/data/l6_cells"));
        QCOMPARE(document->recipe().cell_types[l6].morphology_folder, std::string("/data/l6_cells"));
        QVERIFY(document->undoStack()->undoText().contains("morphology folder of L6_PC"));

        // Column settings and the input, through the same undo.
        QVERIFY(setCell(column, ui::ColumnSettingsModel::drive_rate, 1, "5"));
        QCOMPARE(document->recipe().drive.rate, 5.0);
        QVERIFY(!setCell(column, ui::ColumnSettingsModel::drive_types, 1, "L2_PC, nobody"));
        QVERIFY(!setCell(column, ui::ColumnSettingsModel::shape, 1, "square"));
        QSignalSpy refused_column(column, &ui::RecipeTableModel::editRejected);
        QVERIFY(!setCell(column, ui::ColumnSettingsModel::scale, 1, "45"));  // a slip of the keyboard
        QVERIFY2(refused_column.last().at(0).toString().contains("cell_types: the column would hold") &&
                     refused_column.last().at(0).toString().contains("a build takes at most 200000"),
                 qPrintable(refused_column.last().at(0).toString()));
        while (document->undoStack()->canUndo()) document->undoStack()->undo();
        QCOMPARE(io::format_recipe(document->recipe()), io::format_recipe(original));
        QVERIFY(!document->isModified());
    }

    void recipesSaveAndOpen() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        auto* builder = window.builderPanel();
        auto* document = builder->document();
        QVERIFY(builder->pathwayModel()->addPathway());
        QVERIFY(document->isModified());
        const QString path = dir_.filePath("mine.json");
        QVERIFY(builder->saveRecipe(path));
        QVERIFY(!document->isModified());
        QCOMPARE(document->file(), path);
        QCOMPARE(io::format_recipe(io::read_recipe(path.toStdString())), io::format_recipe(document->recipe()));
        QCOMPARE(io::read_recipe(path.toStdString()).pathways.size(), std::size_t{17});

        // A broken file: an error naming file and line, the recipe in the tables unchanged.
        const QString broken = dir_.filePath("broken.json");
        std::ofstream(broken.toStdString()) << "{\n  \"seed\": 1,\n  \"layers\": [\n}\n";
        QVERIFY(!builder->openRecipe(broken));
        QCOMPARE(window.problemsModel()->rowCount(), 1);
        const QString message =
            window.problemsModel()->data(window.problemsModel()->index(0, ui::ProblemsModel::MessageColumn)).toString();
        QVERIFY2(message.contains("broken.json:4"), qPrintable(message));
        QCOMPARE(document->file(), path);
        QCOMPARE(document->recipe().pathways.size(), std::size_t{17});

        builder->newRecipe();
        QCOMPARE(document->recipe().pathways.size(), std::size_t{16});
        QVERIFY(builder->openRecipe(path));
        QCOMPARE(document->recipe().pathways.size(), std::size_t{17});
        // File ▸ Open (or a drop) of a recipe opens it in the Builder, not the simulator.
        builder->newRecipe();
        window.openFile(path);
        QCOMPARE(document->file(), path);
        QCOMPARE(document->recipe().pathways.size(), std::size_t{17});
        QVERIFY(!window.simulationPanel()->isLoading());
        QCOMPARE(window.problemsModel()->rowCount(), 1);  // still only the broken file
        QVERIFY(builder->outputFolder().endsWith("/mine"));  // each recipe builds into its own folder
    }

    void previewShowsTheSomata() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        QVERIFY(showWithSmallRecipe(window));
        auto* builder = window.builderPanel();
        QSignalSpy placed(builder, &ui::BuilderPanel::previewFinished);
        builder->preview();  // placed on a worker thread
        QVERIFY(placed.wait(30000));
        QCOMPARE(placed.last().at(0).toBool(), true);
        auto* view = window.circuitView();
        QVERIFY(window.scenePanel()->isPreviewing());
        QVERIFY(view->scene() != nullptr);
        const auto& s = builder->statistics();
        QVERIFY(s.cells > 80 && s.cells < 160);
        QCOMPARE(render::sceneStats(*view->scene()).cells, s.cells);
        QCOMPARE(view->coloring(), render::CircuitView::Coloring::cell);
        // The bands are the recipe's layers: L1 at the top, ending at the pia.
        const builder::Recipe& r = builder->document()->recipe();
        QCOMPARE(view->layers().size(), std::size_t{6});
        QCOMPARE(view->layers().front().name, std::string("L1"));
        QCOMPARE(view->layers().front().top, builder::column_height(r));
        QCOMPARE(view->layers().back().bottom, 0.0);
        double in_chart = 0;
        for (int l = 0; l < builder->cellsChart()->categories().size(); ++l) in_chart += builder->cellsChart()->total(l);
        QCOMPARE(in_chart, static_cast<double>(s.cells));
        QCOMPARE(builder->cellsChart()->total(0), static_cast<double>(s.cells_in_layer(0)));
        QCOMPARE(window.currentView(), static_cast<render::VtkWidget*>(view));
        {  // somata 200 µm apart cannot fill the layers: said, and the preview stays
            builder::Recipe crowded = r;
            crowded.min_soma_distance = 200;
            QVERIFY(builder->document()->edit(crowded, "crowd").isEmpty());
            builder->preview();
            QVERIFY(placed.wait(30000));
            QCOMPARE(placed.last().at(0).toBool(), false);
            const QString message =
                window.problemsModel()->data(window.problemsModel()->index(0, ui::ProblemsModel::MessageColumn)).toString();
            QVERIFY2(message.contains("recipe: layer L") && message.contains("cannot hold"), qPrintable(message));
            QCOMPARE(render::sceneStats(*view->scene()).cells, s.cells);
            builder->document()->undoStack()->undo();
        }
        QImage image;  // the 3D window is exposed once the stack has shown it
        QTRY_VERIFY_WITH_TIMEOUT(!(image = view->grabFramebuffer()).isNull(), 10000);
        if (qEnvironmentVariableIsSet("LAMINA_KEEP_SCREENSHOTS")) image.save(qEnvironmentVariable("LAMINA_KEEP_SCREENSHOTS"));
        // The somata in their type colours: the L6 pyramidal cells' colour shows.
        const QColor l6 = ui::categoryColor(static_cast<std::size_t>(builder::cell_type_index(r, "L6_PC")));
        int coloured = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2) {
                const QColor c = image.pixelColor(x, y);
                coloured += std::abs(c.red() - l6.red()) + std::abs(c.green() - l6.green()) + std::abs(c.blue() - l6.blue()) < 60;
            }
        QVERIFY2(coloured > 50, qPrintable(QString::number(coloured)));
    }

    void buildShowsStatisticsAndOpensTheColumn() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        QVERIFY(showWithSmallRecipe(window));
        auto* builder = window.builderPanel();
        const QString folder = dir_.filePath("built");
        builder->setOutputFolder(folder);
        QSignalSpy finished(builder, &ui::BuilderPanel::buildFinished);
        builder->buildAction()->trigger();
        QVERIFY(builder->isBuilding());
        QVERIFY(!builder->buildAction()->isEnabled());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(0).toBool(), true);
        QVERIFY(QFileInfo::exists(folder + "/circuit_config.json"));
        QVERIFY(QFileInfo::exists(folder + "/drive_spikes.h5"));
        const auto& s = builder->statistics();
        QVERIFY(s.synapses > 100);
        // The histogram counts every connection once, the heat map holds each pathway.
        double connections = 0, synapses = 0;
        for (int k = 0; k < builder->synapsesChart()->categories().size(); ++k) {
            connections += builder->synapsesChart()->total(k);
            synapses += (k + 1) * builder->synapsesChart()->total(k);
        }
        QCOMPARE(connections, static_cast<double>(s.connections));
        QCOMPARE(synapses, static_cast<double>(s.synapses));
        const int l4 = builder::cell_type_index(builder->document()->recipe(), "L4_SS");
        QCOMPARE(s.target_probability[l4][l4], 0.15);
        QVERIFY(std::isfinite(s.achieved_probability[l4][l4]));
        QVERIFY(std::isnan(s.target_probability[l4][0]));
        QVERIFY(builder->heatMap()->describeCell(l4, l4).contains("target 0.150"));
        QVERIFY(builder->lastReport().contains(QString("Cells: %1").arg(s.cells)));

        // It opens in the simulator: a cell per node, coloured by type, the recipe's layers.
        auto* simulation = window.simulationPanel();
        QTRY_COMPARE_WITH_TIMEOUT(simulation->controller()->state(), State::ready, 30000);
        QCOMPARE(simulation->sourceFile(), folder + "/simulation_config.json");
        auto* view = window.circuitView();
        QTRY_VERIFY_WITH_TIMEOUT(view->scene() && !window.scenePanel()->isPreviewing() &&
                                     render::sceneStats(*view->scene()).cells == s.cells,
                                 30000);
        QCOMPARE(window.scenePanel()->coloring(), ui::CircuitScenePanel::Coloring::mtype);
        QCOMPARE(view->layers().size(), std::size_t{6});
        QCOMPARE(view->layers()[3].bottom, builder::layer_extent(builder->document()->recipe(), 3).first);
        // With its input it fires within 60 ms.
        window.simulationPanel()->controller()->runUntil(60.0);
        QTRY_COMPARE_WITH_TIMEOUT(simulation->controller()->state(), State::paused, 60000);
        simulation->poll();
        std::size_t spikes = 0;
        for (const sim::Spike& spike : simulation->raster()->spikes()) spikes += spike.gid < s.cells;
        QVERIFY2(spikes > 5, qPrintable(QString::number(spikes)));
        // A preview over the loaded circuit, then back to the circuit.
        QVERIFY(!builder->showCircuitAction()->isEnabled());
        QSignalSpy placed(builder, &ui::BuilderPanel::previewFinished);
        builder->preview();
        QVERIFY(placed.wait(30000));
        QVERIFY(window.scenePanel()->isPreviewing());
        QVERIFY(builder->showCircuitAction()->isEnabled());
        builder->showCircuitAction()->trigger();
        QVERIFY(!window.scenePanel()->isPreviewing());
        QTRY_VERIFY_WITH_TIMEOUT(view->scene() && render::sceneStats(*view->scene()).segments > 0, 30000);
    }

    // The demo builds into its own folder: the user's "Save in" and its setting stay.
    void demoLeavesTheUsersFolder() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        auto* builder = window.builderPanel();
        const QString mine = dir_.filePath("my_columns/first");
        builder->setOutputFolder(mine);
        QSignalSpy finished(builder, &ui::BuilderPanel::buildFinished);
        const QString recipe = QFileInfo(LAMINA_DEMO_FILE).dir().filePath("../recipes/default_column.json");
        builder->buildDemo(recipe);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.last().at(0).toBool(), true);
        QVERIFY(finished.last().at(1).toString().endsWith("/demo_column"));
        QCOMPARE(builder->outputFolder(), mine);
        QCOMPARE(QSettings().value("builder/folder").toString(), mine);
        QVERIFY(builder->document()->file().isEmpty());  // Save must not write over the shipped recipe
    }

    void cancelAndForeignFoldersLeaveFilesAlone() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        auto* builder = window.builderPanel();
        // A folder with someone else's files is refused before anything is written.
        const QString foreign = dir_.filePath("foreign");
        QVERIFY(QDir().mkpath(foreign));
        std::ofstream((foreign + "/notes.txt").toStdString()) << "mine\n";
        builder->document()->reset(smallRecipe(60), {});
        builder->setOutputFolder(foreign);
        QSignalSpy finished(builder, &ui::BuilderPanel::buildFinished);
        builder->build();
        QCOMPARE(finished.count(), 1);  // refused at once, before building
        QCOMPARE(finished.last().at(0).toBool(), false);
        QVERIFY(!builder->isBuilding() && !builder->lastBuildCancelled());
        const auto all = QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot;
        QCOMPARE(QDir(foreign).entryList(all), QStringList{"notes.txt"});
        const QString message =
            window.problemsModel()->data(window.problemsModel()->index(0, ui::ProblemsModel::MessageColumn)).toString();
        QVERIFY2(message.contains("'notes.txt', which is not part of a built column"), qPrintable(message));

        // A build cancelled midway leaves the earlier column as it was.
        const QString folder = dir_.filePath("kept");
        builder->setOutputFolder(folder);
        builder->build();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(0).toBool(), true);
        const QByteArray report = [&] {
            QFile f(folder + "/build_report.txt");
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(!report.isEmpty());
        builder->document()->reset(builder::default_column_recipe(3000), {});
        builder->build();
        QTRY_VERIFY_WITH_TIMEOUT(builder->buildFraction() > 0.05, 30000);
        builder->cancelAction()->trigger();
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.last().at(0).toBool(), false);
        QVERIFY(builder->lastBuildCancelled());  // cancelled, not failed
        QFile f(folder + "/build_report.txt");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), report);
        for (const QString& name : QDir(dir_.path()).entryList(all))  // nothing left beside the folders
            QVERIFY2(!name.contains("lamina-"), qPrintable(name));
        QVERIFY(builder->buildAction()->isEnabled());
    }
};

int main(int argc, char** argv) {
    render::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestBuilderPanel test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_builder_panel.moc"
