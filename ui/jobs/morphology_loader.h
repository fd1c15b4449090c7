#pragma once
// Reads a morphology on a worker thread so the window never freezes; the result comes
// back to the GUI thread through a signal.

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "engine/diagnostics.h"
#include "engine/morphology/metrics.h"
#include "engine/morphology/morphology.h"

namespace lamina::ui {

struct LoadedMorphology {
    QString path;
    std::shared_ptr<const Morphology> morphology;  // null when the file could not be read
    MorphologyMetrics metrics;
    std::vector<Warning> warnings;
    QString error;  // the reader's message when morphology is null
};

// Does the work; callable from any thread (tests use it directly).
LoadedMorphology loadMorphology(const QString& path);

class MorphologyLoader : public QObject {
    Q_OBJECT
public:
    explicit MorphologyLoader(QObject* parent = nullptr);
    void load(const QString& path);
    bool isBusy() const;

signals:
    void started(const QString& path);
    void finished(const lamina::ui::LoadedMorphology& result);

private:
    void start(const QString& path);

    QFutureWatcher<LoadedMorphology> watcher_;
    QStringList pending_;
};

}  // namespace lamina::ui
