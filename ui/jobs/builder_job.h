#pragma once
// One build of a column off the GUI thread: builder::build_column, its statistics and
// report, then the SONATA folder swapped in complete (io::replace_column). The GUI
// reads the progress at its own pace and may cancel at any time; a cancelled or failed
// build leaves the output folder as it was.

#include <QString>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "engine/builder/build_statistics.h"
#include "engine/builder/column_builder.h"

namespace lamina::ui {

struct BuildProgress {
    std::atomic<bool> cancel{false};
    std::atomic<double> fraction{0.0};  // of the whole build, in [0, 1]
    QString step() const;
    void setStep(builder::BuildStep step, double step_fraction);

private:
    mutable std::mutex mutex_;
    QString step_;
};

struct BuildOutcome {
    bool ok = false, cancelled = false;
    QString error;                        // what went wrong, naming the file or recipe key
    QString folder, simulation_config;   // where the column is
    QString report;                       // the build report's text
    builder::BuildStatistics statistics;
    double seconds = 0.0;                 // wall time of the whole job
};

// Runs on the calling thread (the panel calls it through QtConcurrent).
BuildOutcome runBuild(const builder::Recipe& recipe, const QString& folder, int threads,
                      std::shared_ptr<BuildProgress> progress);

}  // namespace lamina::ui
