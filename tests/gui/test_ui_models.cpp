// The ui models behave as Qt models must (QAbstractItemModelTester) and show the right
// values for a known cell.

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <memory>

#include "ui/models/circuit_model.h"
#include <QtTest>

#include "support/test_paths.h"
#include "ui/jobs/morphology_loader.h"
#include "ui/models/morphology_summary_model.h"
#include "ui/models/problems_model.h"

using namespace lamina;

class TestUiModels : public QObject {
    Q_OBJECT
private slots:
    void circuitModelOfPopulations() {
        ui::CircuitModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto c = std::make_shared<circuit::Circuit>();
        circuit::NodePopulation cortex;
        cortex.name = "cortex";
        cortex.node_type_id = {1, 1, 2};
        cortex.attributes["model_type"] = circuit::Column::of_texts({"biophysical", "biophysical", "biophysical"});
        cortex.attributes["layer"] = circuit::Column::of_texts({"L23", "L5", "L5"});
        cortex.attributes["mtype"] = circuit::Column::of_texts({"L23_PC", "L5_TTPC", "L5_MC"});
        cortex.attributes["x"] = circuit::Column::of_numbers({1, 2, 3});
        circuit::NodePopulation inputs;
        inputs.name = "inputs";
        inputs.node_type_id = {9, 9};
        inputs.attributes["model_type"] = circuit::Column::of_texts({"virtual", "virtual"});
        c->nodes = {cortex, inputs};
        model.setCircuit(c, {0, 3});
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex population = model.index(0, 0);
        QCOMPARE(model.data(population).toString(), QString("cortex (3)"));
        QCOMPARE(model.rowCount(population), 3);
        QCOMPARE(model.data(model.index(1, ui::CircuitModel::MTypeColumn, population)).toString(), QString("L5_TTPC"));
        QCOMPARE(model.data(model.index(2, ui::CircuitModel::LayerColumn, population)).toString(), QString("L5"));
        QCOMPARE(model.data(model.index(0, ui::CircuitModel::PositionColumn, population)).toString(), QString("1.0, 0.0, 0.0"));
        QCOMPARE(model.data(model.index(1, 0, model.index(1, 0)), ui::CircuitModel::GidRole).toUInt(), 4u);
        const QModelIndex found = model.indexOfGid(4);
        QCOMPARE(found.row(), 1);
        QCOMPARE(found.parent().row(), 1);
        // Filtering by a value keeps the matching nodes under their population.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setRecursiveFilteringEnabled(true);
        proxy.setFilterKeyColumn(-1);
        proxy.setFilterFixedString("L5_");
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 2);
    }

    void summaryOfKnownCell() {
        ui::MorphologySummaryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto loaded = ui::loadMorphology(QString::fromStdString(test::fixture("morphologies/good/known_cell.swc")));
        QVERIFY(loaded.morphology);
        model.setMorphology(loaded);
        QCOMPARE(model.valueOf("Total length"), QString("115 µm"));
        QCOMPARE(model.valueOf("Sections"), QString("7"));
        QCOMPARE(model.valueOf("Soma radius"), QString("5 µm"));
        QCOMPARE(model.valueOf("Max path distance"), QString("50 µm"));
        QCOMPARE(model.valueOf("Format"), QString("SWC"));
        QCOMPARE(model.columnCount(), 2);
        QVERIFY(model.rowCount() > 15);
        QVERIFY(!model.data(model.index(0, 0)).toString().isEmpty());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void problemsCollectWarningsAndErrors() {
        ui::ProblemsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto warned = ui::loadMorphology(QString::fromStdString(test::fixture("morphologies/good/zero_diameter.swc")));
        model.addWarnings(warned.warnings);
        const auto bad = ui::loadMorphology(QString::fromStdString(test::fixture("morphologies/bad/cycle.swc")));
        QVERIFY(!bad.morphology);
        QVERIFY(bad.error.contains("cycle.swc:3: cycle"));
        model.addError(bad.path, bad.error);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, ui::ProblemsModel::LineColumn)).toInt(), 3);
        QCOMPARE(model.data(model.index(0, ui::ProblemsModel::SeverityColumn)).toString(), QString("Warning"));
        QCOMPARE(model.data(model.index(1, ui::ProblemsModel::SeverityColumn)).toString(), QString("Error"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestUiModels)
#include "test_ui_models.moc"
