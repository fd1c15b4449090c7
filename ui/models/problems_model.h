#pragma once
// The Problems dock: every warning and error from readers, with file and line, so a
// user can find and fix the spot in their file.

#include <QAbstractTableModel>
#include <vector>

#include "engine/diagnostics.h"

namespace lamina::ui {

class ProblemsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, FileColumn, LineColumn, MessageColumn, ColumnCount };
    enum class Severity { Warning, Error };

    using QAbstractTableModel::QAbstractTableModel;

    void addWarnings(const std::vector<Warning>& warnings);
    void addError(const QString& file, const QString& message, int line = 0);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Problem {
        Severity severity;
        QString file;
        int line;  // 0 when unknown
        QString message;
    };
    void append(std::vector<Problem> problems);
    std::vector<Problem> problems_;
};

}  // namespace lamina::ui
