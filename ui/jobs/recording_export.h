#pragma once
// File ▸ Export Recordings: what the run recorded, into a folder an analyst opens in
// Python or MATLAB — spikes.h5 (SONATA spikes, by population), voltage_report.h5 (a
// SONATA compartment report of the probes, one element per probe; NaN before a probe
// existed), and the same as spikes.csv and traces.csv. The data is copied from the
// plots on the GUI thread, then written on a worker thread with progress and cancel;
// every file goes to a temporary name first, so an existing file is never half-replaced.

#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/circuit/gid_map.h"
#include "engine/sim/cell_group.h"
#include "engine/sim/network.h"

class QAction;
class QProgressDialog;
template <typename T>
class QFutureWatcher;

namespace lamina::ui {

class SimulationPanel;

struct Recordings {
    struct Trace {
        sim::Gid gid = 0;
        sim::Location where;
        std::string label;
        std::vector<double> t, v;  // [ms], [unit]
        std::string variable = "v";  // what was probed: "v", "cai", "Ih.m"
        std::string unit = "mV";
    };
    std::vector<Trace> traces;
    std::vector<sim::Spike> spikes;      // of cells only
    circuit::GidMap gids;                // gid -> (population, node id)
    double dt = 0.025;                    // [ms] when no trace shows its own step
};

struct ExportOutcome {
    QStringList files;  // written, full paths
    QString error;      // empty when everything was written
    bool cancelled = false;
};

// Writes the files into `folder` (created when missing). `progress` receives a fraction
// in [0, 1] and returns false to cancel; a cancelled export leaves no new file behind.
ExportOutcome writeRecordings(const Recordings& recordings, const QString& folder,
                              const std::function<bool(double)>& progress = {});

}  // namespace lamina::ui

Q_DECLARE_METATYPE(lamina::ui::ExportOutcome)

namespace lamina::ui {

class RecordingExporter : public QObject {
    Q_OBJECT
public:
    RecordingExporter(SimulationPanel* simulation, QWidget* window);
    ~RecordingExporter() override;

    QAction* action() const { return action_; }  // File ▸ Export Recordings… (Ctrl+E)
    // What would be written now (GUI thread).
    Recordings snapshot() const;
    // Starts writing into `folder` off the GUI thread; finished() tells the outcome.
    void exportTo(const QString& folder);
    bool isExporting() const;

signals:
    void finished(const lamina::ui::ExportOutcome& outcome);
    void statusMessage(const QString& message);

private:
    void onFinished();

    SimulationPanel* simulation_;
    QWidget* window_;
    QAction* action_ = nullptr;
    QFutureWatcher<void>* watcher_ = nullptr;
    std::shared_ptr<ExportOutcome> outcome_;
    QProgressDialog* progress_ = nullptr;
};

}  // namespace lamina::ui
