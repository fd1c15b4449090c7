// The Stimuli and recordings dock as a user works with it on the demo circuit: place a
// voltage clamp by clicking a soma and a current clamp on the selected cell, run and see
// their effect in the probes and the raster; pause, change amplitudes, resume and see
// the change take effect; add during a run (waits for Reset); remove only at t = 0.

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>
#include <numeric>

#include "render/circuit_view.h"
#include "render/surface_format.h"
#include "ui/docks/circuit_scene_panel.h"
#include "ui/main_window.h"
#include "io/sonata/report_io.h"
#include "io/sonata/spikes_io.h"
#include "ui/views/plot_views.h"
#include "ui/jobs/recording_export.h"
#include "ui/jobs/simulation_controller.h"
#include "ui/docks/simulation_panel.h"
#include "ui/models/stimulus_model.h"
#include "ui/docks/stimulus_panel.h"

using namespace lamina;
using State = ui::SimulationController::State;
using Model = ui::StimulusModel;

namespace {
// Mean of a trace over [t0, t1] [ms].
double meanOver(const ui::TraceView* traces, int curve, double t0, double t1) {
    const auto& t = traces->curveTimes(curve);
    const auto& v = traces->curveValues(curve);
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i] >= t0 && t[i] <= t1) sum += v[i], ++n;
    return n ? sum / n : std::nan("");
}

std::size_t spikesOf(const ui::RasterView* raster, sim::Gid gid, double t0, double t1) {
    std::size_t n = 0;
    for (const sim::Spike& s : raster->spikes()) n += s.gid == gid && s.time >= t0 && s.time <= t1;
    return n;
}

// Shows the window with the demo cell and the ball-and-stick demo network (200 cells,
// Simulation ▸ Demo Network) loaded and ready to run.
bool showDemo(ui::MainWindow& window) {
    window.resize(1400, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    QSignalSpy loaded(&window, &ui::MainWindow::fileLoaded);
    window.openFile(LAMINA_DEMO_FILE);
    window.simulationPanel()->loadDemoNetwork();
    return loaded.wait(20000) && QTest::qWaitFor([&] {
               return window.simulationPanel()->controller()->state() == State::ready;
           }, 20000);
}

QString text(const Model* model, int row, int column) {
    return model->data(model->index(row, column)).toString();
}
}  // namespace

class TestStimuli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("LaminaTests");
        QStandardPaths::setTestModeEnabled(true);
    }

    void clampsArePlacedTunedAndRemoved() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        QVERIFY(showDemo(window));
        auto* panel = window.simulationPanel();
        auto* controller = panel->controller();
        auto* circuit = window.circuitView();
        QTRY_VERIFY_WITH_TIMEOUT(circuit->scene() != nullptr, 20000);
        auto* stimuli = window.stimulusPanel();
        Model* model = stimuli->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        // The demo: no clamps, soma probes on cells 0-3, a Poisson input per cell.
        QCOMPARE(model->rowCount(), 204);
        QCOMPARE(text(model, 1, Model::kind), QString("Voltage probe"));
        QCOMPARE(text(model, 1, Model::target), QString("cell 1 · soma(0.50)"));
        QCOMPARE(text(model, 4, Model::kind), QString("Spike input"));
        QCOMPARE(text(model, 4, Model::target), QString("source 200 → cell 0"));
        QVERIFY(text(model, 4, Model::amplitude).startsWith("Poisson"));

        // A voltage clamp at -90 mV, placed by clicking cell 1's soma.
        stimuli->setNewStimulus({true, 0, 1e4, -90});
        window.scenePanel()->placeProbeAction()->setChecked(true);
        stimuli->placeStimulusAction()->setChecked(true);
        QVERIFY(!window.scenePanel()->placeProbeAction()->isChecked());  // one placing mode at a time
        circuit->viewTop();  // the sheet of somata seen from above: none hides another
        const auto& geometry = render::sceneGeometry(*circuit->scene());
        const int cell1 = window.scenePanel()->cellOfGid(1);
        QVERIFY(cell1 >= 0);
        QTest::mouseClick(circuit, Qt::LeftButton, {}, circuit->project(geometry.soma_centre[cell1]).toPoint());
        QCOMPARE(model->rowCount(), 205);
        QCOMPARE(text(model, 0, Model::kind), QString("Voltage clamp"));
        QCOMPARE(text(model, 0, Model::target), QString("cell 1 · soma(0.50)"));
        QCOMPARE(text(model, 0, Model::amplitude), QString("-90 mV"));
        QTRY_COMPARE(text(model, 0, Model::status), QString("in the simulation"));  // rebuilt at t = 0
        stimuli->placeStimulusAction()->setChecked(false);

        // A -0.5 nA current clamp from 10 ms on the selected cell's soma: it hyperpolarises.
        panel->selectCell(0);
        stimuli->setNewStimulus({false, 10, 1e4, -0.5});
        window.findChild<QPushButton*>("stimulusOnSomaButton")->click();
        QCOMPARE(model->rowCount(), 206);
        const int iclamp = model->rowOfClamp(0, controller->network()->cell(0)->placements().size() - 1);
        QCOMPARE(iclamp, 0);  // cell 0 comes first
        QCOMPARE(text(model, iclamp, Model::start), QString("10 ms"));
        QCOMPARE(text(model, iclamp, Model::amplitude), QString("-0.5 nA"));
        QTRY_COMPARE(text(model, iclamp, Model::status), QString("in the simulation"));

        // Run 300 ms, pause after 100 ms: cell 1 is held at -90 mV and silent, cell 0 fires.
        window.findChild<QDoubleSpinBox*>("tstop")->setValue(300);
        auto* run = window.findChild<QAction*>("runAction");
        QTRY_VERIFY(run->isEnabled());
        controller->runUntil(120.0);
        QTRY_VERIFY_WITH_TIMEOUT(controller->state() == State::paused, 60000);
        const double paused_at = controller->simulatedTime();
        QVERIFY(std::abs(paused_at - 120.0) < 1e-9);
        panel->poll();
        auto* traces = panel->traces();
        const double held = meanOver(traces, 1, 5.0, paused_at);
        QVERIFY2(std::abs(held + 90.0) < 2.0, qPrintable(QString("cell 1 held at %1 mV").arg(held)));
        QCOMPARE(spikesOf(panel->raster(), 1, 0, paused_at), 0u);
        const double clamped = meanOver(traces, 0, 30.0, paused_at);
        // About 70 MΩ of input resistance: some 35 mV below rest, and silent.
        QVERIFY2(clamped < -85.0, qPrintable(QString("cell 0 at %1 mV under -0.5 nA").arg(clamped)));
        QCOMPARE(spikesOf(panel->raster(), 0, 10.0, paused_at), 0u);

        // While paused: removing is refused (the running model holds the clamp) ...
        QVERIFY(!stimuli->removeRow(iclamp));
        QCOMPARE(model->rowCount(), 206);
        // ... amplitudes change live: cell 0's current off, cell 1 held at -50 mV ...
        const int vclamp = model->rowOfClamp(1, controller->network()->cell(1)->placements().size() - 1);
        QVERIFY(model->setData(model->index(iclamp, Model::amplitude), 0.0));
        QVERIFY(model->setData(model->index(vclamp, Model::amplitude), -50.0));
        QVERIFY(!model->setData(model->index(iclamp, Model::duration), -1.0));  // refused, with a message
        QCOMPARE(text(model, vclamp, Model::amplitude), QString("-50 mV"));
        // ... and a clamp added now waits for the next reset.
        QVERIFY(stimuli->addStimulus(2, {0, 0.5}));
        QCOMPARE(model->rowCount(), 207);
        const int added = model->rowOfClamp(2, controller->network()->cell(2)->placements().size() - 1);
        QCOMPARE(text(model, added, Model::status), QString("from next reset"));

        QSignalSpy failures(controller, &ui::SimulationController::failed);
        QTRY_VERIFY(run->isEnabled());
        run->trigger();  // resume
        QTRY_VERIFY2_WITH_TIMEOUT(controller->state() == State::finished && controller->simulatedTime() > 299.0,
                                  qPrintable(QString("state %1 at %2 ms, %3")
                                                 .arg(static_cast<int>(controller->state()))
                                                 .arg(controller->simulatedTime())
                                                 .arg(failures.isEmpty() ? QString() : failures.first().first().toString())),
                                  60000);
        panel->poll();
        QCOMPARE(traces->sampleCount(1), 12000u);  // the whole run, across the pause
        const double before = meanOver(traces, 1, paused_at - 40, paused_at - 1);
        const double after = meanOver(traces, 1, paused_at + 10, 300.0);
        QVERIFY2(std::abs(before + 90.0) < 2.0 && std::abs(after + 50.0) < 2.0,
                 qPrintable(QString("cell 1 at %1 mV before the pause, %2 mV after").arg(before).arg(after)));
        const double released = meanOver(traces, 0, paused_at + 30, 300.0);
        QVERIFY2(released > -72.0, qPrintable(QString("cell 0 at %1 mV with its current off").arg(released)));
        QVERIFY(spikesOf(panel->raster(), 0, paused_at, 300.0) >= 1);  // it joins the network's bursts again

        // Reset: the waiting clamp joins; at t = 0 a clamp can be removed.
        auto* reset = window.findChild<QAction*>("resetAction");
        QTRY_VERIFY(reset->isEnabled());  // the finished state reaches the GUI queued
        reset->trigger();
        QTRY_COMPARE(text(model, added, Model::status), QString("in the simulation"));
        QTRY_COMPARE(controller->state(), State::ready);
        QVERIFY(stimuli->removeRow(added));
        QCOMPARE(model->rowCount(), 206);
        for (const auto& p : controller->network()->cell(2)->placements()) QVERIFY(p.mechanism != "IClamp");
        // Kept in the model: cell 0's clamp is still there with its amplitude of 0.
        QCOMPARE(text(model, model->rowOfClamp(0, controller->network()->cell(0)->placements().size() - 1),
                      Model::amplitude),
                 QString("0 nA"));
    }

    void recordingsExportAndReadBack() {
        ui::MainWindow window(LAMINA_DEMO_FILE);
        QVERIFY(showDemo(window));
        auto* panel = window.simulationPanel();
        auto* controller = panel->controller();
        auto* exporter = window.recordingExporter();
        QSignalSpy exported(exporter, &ui::RecordingExporter::finished);
        QTemporaryDir dir;

        // Nothing recorded yet: nothing is written.
        QSignalSpy messages(exporter, &ui::RecordingExporter::statusMessage);
        exporter->exportTo(dir.filePath("early"));
        QVERIFY(messages.last().first().toString().startsWith("Nothing recorded yet"));
        QVERIFY(!QFileInfo::exists(dir.filePath("early")));

        // 50 ms with the demo's four soma probes, a fifth probe on cell 5's dendrite
        // added at a pause after 20 ms.
        window.findChild<QDoubleSpinBox*>("tstop")->setValue(50);
        auto* run = window.findChild<QAction*>("runAction");
        QTRY_VERIFY(run->isEnabled());
        controller->runUntil(20.0);
        QTRY_VERIFY_WITH_TIMEOUT(controller->state() == State::paused, 60000);
        panel->addVoltageProbe(5, {1, 0.5});
        QTRY_VERIFY(run->isEnabled());
        run->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(controller->state() == State::finished && controller->simulatedTime() > 49.9, 60000);
        panel->poll();
        auto* traces = panel->traces();
        QCOMPARE(traces->sampleCount(0), 2000u);
        const std::size_t late = traces->sampleCount(4);
        QCOMPARE(late, 1200u);  // from 20 ms on

        const QString folder = dir.filePath("run1");
        QVERIFY(window.findChild<QAction*>("exportRecordingsAction"));  // File ▸ Export Recordings…
        exporter->exportTo(folder);
        QVERIFY(exported.wait(20000));
        const auto outcome = exported.last().first().value<ui::ExportOutcome>();
        QVERIFY2(outcome.error.isEmpty() && !outcome.cancelled, qPrintable(outcome.error));
        QCOMPARE(outcome.files.size(), 4);

        // The SONATA report: one element per probe, by node; NaN before the fifth existed.
        const auto reports = io::read_report((folder + "/voltage_report.h5").toStdString());
        QCOMPARE(reports.size(), 1u);
        const io::ReportData& report = reports.front();
        QCOMPARE(report.layout.population, std::string("cells"));
        QCOMPARE(report.layout.node_ids, (std::vector<std::uint64_t>{0, 1, 2, 3, 5}));
        QCOMPARE(report.layout.element_ids, (std::vector<std::uint32_t>{0, 0, 0, 0, 1}));
        QCOMPARE(report.rows, 2000u);
        QCOMPARE(report.layout.step, 0.025);
        QVERIFY(std::abs(report.layout.start - 0.025) < 1e-12);
        const auto at = [&](std::size_t row, std::size_t element) { return report.values[row * 5 + element]; };
        for (std::size_t row : {0u, 999u, 1999u})
            QCOMPARE(at(row, 1), static_cast<float>(traces->curveValues(1)[row]));
        QVERIFY(std::isnan(at(0, 4)));
        QCOMPARE(at(1999, 4), static_cast<float>(traces->curveValues(4).back()));
        QCOMPARE(at(2000 - late, 4), static_cast<float>(traces->curveValues(4).front()));
        QVERIFY(std::isnan(at(2000 - late - 1, 4)));

        // Spikes: every spike of a cell, by node, in SONATA and CSV alike.
        std::size_t cell_spikes = 0;
        for (const sim::Spike& spike : panel->raster()->spikes()) cell_spikes += spike.gid < 200;
        QVERIFY(cell_spikes > 0);
        for (const char* name : {"/spikes.h5", "/spikes.csv"}) {
            const auto spikes = io::read_spikes((folder + name).toStdString(), "cells");
            QCOMPARE(spikes.size(), 1u);
            QCOMPARE(spikes.front().population, std::string("cells"));
            QCOMPARE(spikes.front().timestamps.size(), cell_spikes);
        }
        // traces.csv: a header and a row per step, 6 columns, the fifth probe empty early.
        QFile csv(folder + "/traces.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2001);
        QCOMPARE(lines[0].split(',').size(), 6);
        QVERIFY(lines[0].startsWith("time_ms,cell 0 soma [mV]"));
        QCOMPARE(lines[1].split(',')[0], QString("0.025"));
        QCOMPARE(lines[1].split(',')[5], QString());
        QCOMPARE(lines[2000].split(',')[0], QString("50"));
        QVERIFY(std::abs(lines[2000].split(',')[5].toDouble() - traces->curveValues(4).back()) < 1e-7);

        // Cancelled at the last moment: no file appears; a folder that cannot exist: an error.
        const ui::Recordings recordings = exporter->snapshot();
        const auto cancelled = ui::writeRecordings(recordings, dir.filePath("run2"), [](double) { return false; });
        QVERIFY(cancelled.cancelled && cancelled.files.isEmpty());
        QCOMPARE(QDir(dir.filePath("run2")).entryList(QDir::Files).size(), 0);
        const auto refused = ui::writeRecordings(recordings, folder + "/traces.csv/sub");
        QVERIFY(refused.error.contains("traces.csv/sub"));
        QVERIFY(QFileInfo(folder + "/traces.csv").isFile());  // untouched

        // A probe of another variable: its own SONATA report, named, with its unit.
        ui::Recordings mixed = recordings;
        ui::Recordings::Trace cai = mixed.traces.front();
        cai.label = "cell 0 soma cai";
        cai.variable = "cai";
        cai.unit = "mM";
        for (std::size_t i = 0; i < cai.v.size(); ++i) cai.v[i] = 5e-5 + 1e-6 * static_cast<double>(i % 7);
        mixed.traces.push_back(cai);
        const auto written = ui::writeRecordings(mixed, dir.filePath("run3"));
        QVERIFY2(written.error.isEmpty(), qPrintable(written.error));
        const auto cai_reports = io::read_report(dir.filePath("run3/cai_report.h5").toStdString());
        QCOMPARE(cai_reports.size(), std::size_t{1});
        QCOMPARE(cai_reports[0].layout.variable, std::string("cai"));
        QCOMPARE(cai_reports[0].layout.units, std::string("mM"));
        QCOMPARE(cai_reports[0].rows, cai.v.size());
        QCOMPARE(cai_reports[0].values.back(), static_cast<float>(cai.v.back()));
        const auto voltages = io::read_report(dir.filePath("run3/voltage_report.h5").toStdString());
        QCOMPARE(voltages.at(0).layout.variable, std::string("v"));
        std::size_t elements = 0;
        for (const auto& v_report : voltages) elements += v_report.layout.element_ids.size();
        QCOMPARE(elements, recordings.traces.size());  // the voltage probes only
        QFile mixed_csv(dir.filePath("run3/traces.csv"));
        QVERIFY(mixed_csv.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(mixed_csv.readLine()).trimmed().endsWith(",cell 0 soma cai [mM]"));
    }
};

int main(int argc, char** argv) {
    render::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestStimuli test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_stimuli.moc"
