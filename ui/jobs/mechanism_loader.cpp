#include "ui/jobs/mechanism_loader.h"

#include <QProgressDialog>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include "engine/errors.h"
#include "io/mechanism_plugins.h"

namespace lamina::ui {

namespace {
QStringList to_list(const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& n : names) out << QString::fromStdString(n);
    return out;
}
}  // namespace

LoadedMechanisms loadMechanisms(const QString& folder, const std::function<void(const QString&)>& progress,
                                const std::atomic<bool>* cancel) {
    LoadedMechanisms result;
    const auto where = io::mod_folder(folder.toStdString());
    result.folder = QString::fromStdString(where.string());
    try {
        const io::MechanismPlugin plugin = io::load_mechanism_folder(
            where, [&](const std::string& line) { if (progress) progress(QString::fromStdString(line)); }, cancel);
        result.mechanisms = to_list(plugin.mechanisms);
        result.replaced = to_list(plugin.replaced);
        result.mapped = to_list(plugin.mapped);
        result.cached = plugin.cached;
        result.cancelled = plugin.cancelled;
    } catch (const FileError& e) {
        result.error = QString::fromStdString(e.what());
        result.error_file = QString::fromStdString(e.file());
        result.error_line = static_cast<int>(e.line());
    } catch (const Error& e) {
        result.error = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        result.error = QStringLiteral("internal error (please report): ") + QString::fromUtf8(e.what());
    }
    return result;
}

MechanismLoader::MechanismLoader(QWidget* window) : QObject(window), window_(window) {
    connect(&watcher_, &QFutureWatcher<LoadedMechanisms>::finished, this, [this] {
        if (dialog_) dialog_->deleteLater();
        dialog_ = nullptr;
        emit finished(watcher_.result());
    });
}

bool MechanismLoader::load(const QString& folder) {
    if (watcher_.isRunning()) return false;
    cancel_ = false;
    // A busy bar (the number of files is known only inside the work) whose label follows
    // the steps; it appears only if the work takes more than a moment (a cached plugin).
    dialog_ = new QProgressDialog(tr("Reading %1…").arg(folder), tr("Cancel"), 0, 0, window_);
    dialog_->setWindowTitle(tr("Load Mechanisms"));
    dialog_->setMinimumWidth(460);  // a step names the file and its mechanism
    dialog_->setMinimumDuration(400);
    dialog_->setAutoClose(false);
    dialog_->setAutoReset(false);
    QProgressDialog* dialog = dialog_;
    connect(dialog, &QProgressDialog::canceled, this, [this, dialog] {
        cancel_ = true;
        dialog->setLabelText(tr("Cancelling after the file being compiled…"));
        dialog->show();  // canceled() hides it; the work is not over yet
    });
    connect(this, &MechanismLoader::progressed, dialog, &QProgressDialog::setLabelText);
    watcher_.setFuture(QtConcurrent::run([this, folder] {
        // Emitted from the worker: queued to the dialog on the GUI thread.
        return loadMechanisms(folder, [this](const QString& line) { emit progressed(line); }, &cancel_);
    }));
    return true;
}

}  // namespace lamina::ui
