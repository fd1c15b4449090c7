#pragma once
// File ▸ Load Mechanisms…: a folder of NMODL files (NEURON's channels and synapses) is
// translated and compiled into a plugin (io/mechanism_plugins) on a worker thread —
// seconds per file, a minute or more for a model's dozen — with a line of progress per
// file and Cancel between files. The mechanisms are then registered for every cell,
// circuit and column opened afterwards; one named like a built-in replaces it.

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>

class QProgressDialog;
class QWidget;

namespace lamina::ui {

struct LoadedMechanisms {
    QString folder;           // where the .mod files were (a BMTK folder's modfiles/ inside)
    QStringList mechanisms;   // registered, in file order
    QStringList replaced;     // of those, names that replaced a built-in or earlier one
    QStringList mapped;       // files standing for a built-in spike source, not compiled
    bool cached = false;      // the plugin was built before: nothing compiled
    bool cancelled = false;
    QString error;            // the translator's file:line:column or the compiler's lines
    QString error_file;       // the file the error is in (a mod file, the folder), and its line (0: none)
    int error_line = 0;
};

// Does the work; callable from any thread (tests use it directly).
LoadedMechanisms loadMechanisms(const QString& folder, const std::function<void(const QString&)>& progress,
                                const std::atomic<bool>* cancel);

class MechanismLoader : public QObject {
    Q_OBJECT
public:
    // Progress shows in a dialog over `window`.
    explicit MechanismLoader(QWidget* window);
    // One folder at a time: refused (false) while another is loading.
    bool load(const QString& folder);
    bool isBusy() const { return watcher_.isRunning(); }

signals:
    void progressed(const QString& line);
    void finished(const lamina::ui::LoadedMechanisms& result);

private:
    QWidget* window_;
    QFutureWatcher<LoadedMechanisms> watcher_;
    QProgressDialog* dialog_ = nullptr;
    std::atomic<bool> cancel_{false};
};

}  // namespace lamina::ui
