#include "ui/builder_job.h"

#include <QElapsedTimer>
#include <map>

#include "engine/builder/column_builder.h"
#include "engine/builder/touches.h"
#include "engine/errors.h"
#include "io/builder/column_writer.h"
#include "io/morphology/morphology_io.h"

namespace lamina::ui {

namespace {
// Where each step of build_column lies in the whole job (touch detection dominates).
const std::map<std::string, std::pair<double, double>> step_share{
    {"placing somata", {0.00, 0.03}},
    {"growing morphologies", {0.03, 0.25}},
    {"detecting touches", {0.25, 0.85}},
    {"pruning to the pathways", {0.85, 0.92}},
};
}  // namespace

QString BuildProgress::step() const {
    std::lock_guard lock(mutex_);
    return step_;
}

void BuildProgress::setStep(const std::string& step, double overall) {
    {
        std::lock_guard lock(mutex_);
        step_ = QString::fromStdString(step);
    }
    fraction = overall;
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
        options.progress = [progress](const std::string& step, double fraction) {
            const auto share = step_share.find(step);
            const auto [from, to] = share != step_share.end() ? share->second : std::pair{0.0, 0.0};
            progress->setStep(step, from + (to - from) * fraction);
            return !progress->cancel.load();
        };
        const builder::BuiltColumn column = builder::build_column(recipe, options);
        outcome.statistics = builder::build_statistics(column);
        outcome.report = QString::fromStdString(io::format_build_report(column));
        if (progress->cancel) throw builder::Cancelled();
        progress->setStep("writing the SONATA circuit", 0.92);
        const io::ColumnFiles files = io::replace_column(column, folder.toStdString());
        outcome.simulation_config = QString::fromStdString(files.simulation_config.string());
        progress->setStep("done", 1.0);
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
