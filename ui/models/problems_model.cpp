#include "ui/models/problems_model.h"

#include <QApplication>
#include <QStyle>

namespace lamina::ui {

void ProblemsModel::append(std::vector<Problem> problems) {
    if (problems.empty()) return;
    const int first = static_cast<int>(problems_.size());
    beginInsertRows({}, first, first + static_cast<int>(problems.size()) - 1);
    for (auto& p : problems) problems_.push_back(std::move(p));
    endInsertRows();
}

void ProblemsModel::addWarnings(const std::vector<Warning>& warnings) {
    std::vector<Problem> added;
    for (const Warning& w : warnings)
        added.push_back({Severity::Warning, QString::fromStdString(w.file), static_cast<int>(w.line),
                         QString::fromStdString(w.message)});
    append(std::move(added));
}

void ProblemsModel::addError(const QString& file, const QString& message, int line) {
    append({{Severity::Error, file, line, message}});
}

void ProblemsModel::clear() {
    beginResetModel();
    problems_.clear();
    endResetModel();
}

int ProblemsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(problems_.size());
}

int ProblemsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ProblemsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Problem& p = problems_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
            case SeverityColumn: return p.severity == Severity::Error ? tr("Error") : tr("Warning");
            case FileColumn: return p.file;
            case LineColumn: return p.line > 0 ? QVariant(p.line) : QVariant();
            case MessageColumn: return p.message;
            default: return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == SeverityColumn && qApp)
        return QApplication::style()->standardIcon(p.severity == Severity::Error
                                                       ? QStyle::SP_MessageBoxCritical
                                                       : QStyle::SP_MessageBoxWarning);
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case SeverityColumn: return tr("Severity");
        case FileColumn: return tr("File");
        case LineColumn: return tr("Line");
        case MessageColumn: return tr("Message");
        default: return {};
    }
}

}  // namespace lamina::ui
