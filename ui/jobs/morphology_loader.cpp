#include "ui/jobs/morphology_loader.h"

#include <QtConcurrent/QtConcurrentRun>

#include "engine/errors.h"
#include "io/morphology/morphology_io.h"

namespace lamina::ui {

LoadedMorphology loadMorphology(const QString& path) {
    LoadedMorphology result;
    result.path = path;
    WarningCollector warnings;
    try {
        auto m = std::make_shared<Morphology>(io::read_morphology(path.toStdString(), {&warnings, false}));
        result.metrics = compute_metrics(*m);
        result.morphology = std::move(m);
    } catch (const Error& e) {
        result.error = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        result.error = QStringLiteral("internal error (please report): ") + QString::fromUtf8(e.what());
    }
    result.warnings = warnings.warnings();
    return result;
}

MorphologyLoader::MorphologyLoader(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<LoadedMorphology>::finished, this, [this] {
        emit finished(watcher_.result());
        if (!pending_.isEmpty()) start(pending_.takeFirst());
    });
}

void MorphologyLoader::load(const QString& path) {
    // One read at a time, in the order asked; the GUI thread never waits.
    if (watcher_.isRunning()) pending_.append(path);
    else start(path);
}

void MorphologyLoader::start(const QString& path) {
    emit started(path);
    watcher_.setFuture(QtConcurrent::run([path] { return loadMorphology(path); }));
}

bool MorphologyLoader::isBusy() const { return watcher_.isRunning() || !pending_.isEmpty(); }

}  // namespace lamina::ui
