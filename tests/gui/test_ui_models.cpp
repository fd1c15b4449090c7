// The ui models behave as Qt models must (QAbstractItemModelTester) and show the right
// values for a known cell.

#include <QAbstractItemModelTester>
#include <QtTest>

#include "support/test_paths.h"
#include "ui/morphology_loader.h"
#include "ui/morphology_summary_model.h"
#include "ui/problems_model.h"

using namespace lamina;

class TestUiModels : public QObject {
    Q_OBJECT
private slots:
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
