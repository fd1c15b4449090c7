#include "ui/jobs/builder_job.h"

#include <QElapsedTimer>

#include "engine/builder/column_builder.h"
#include "engine/builder/touches.h"
#include "engine/errors.h"
#include "io/builder/column_writer.h"
#include "io/morphology/morphology_io.h"

namespace lamina::ui {


QString BuildProgress::step() const {
    std::lock_guard lock(mutex_);
    return step_;
}

void BuildProgress::setStep(builder::BuildStep step, double step_fraction) {
    {
        std::lock_guard lock(mutex_);
        step_ = QString::fromUtf8(builder::build_step_name(step));
    }
    fraction = builder::build_fraction(step, step_fraction);
}

BuildOutcome runBuild(const builder::Recipe& recipe, const QString& folder, int threads,
                      std::shared_ptr<BuildProgress> progress) {
    BuildOutcome outcome;
    outcome.folder = folder;
    QElapsedTimer clock;
    clock.start();
    try {
        builder::BuildOptions options;
        options.threads = threads;
        options.folder_morphologies = [](const std::string& type_folder) { return io::read_morphology_folder(type_folder); };
        options.progress = [progress](builder::BuildStep step, double fraction) {
            progress->setStep(step, fraction);
            return !progress->cancel.load();
        };
        const builder::BuiltColumn column = builder::build_column(recipe, options);
        outcome.statistics = builder::build_statistics(column);
        outcome.report = QString::fromStdString(io::format_build_report(column));
        if (progress->cancel) throw builder::Cancelled();
        progress->setStep(builder::BuildStep::writing, 0.0);
        const io::ColumnFiles files = io::replace_column(column, folder.toStdString());
        outcome.simulation_config = QString::fromStdString(files.simulation_config.string());
        progress->setStep(builder::BuildStep::done, 1.0);
        outcome.ok = true;
    } catch (const builder::Cancelled&) {
        outcome.cancelled = true;
    } catch (const std::exception& e) {
        outcome.error = QString::fromStdString(e.what());
    }
    outcome.seconds = static_cast<double>(clock.elapsed()) * 1e-3;
    return outcome;
}

}  // namespace lamina::ui
