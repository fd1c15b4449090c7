#include "ui/models/morphology_summary_model.h"

#include <QFileInfo>

#include "io/morphology/morphology_io.h"

namespace lamina::ui {

namespace {
QString definition(const std::string& label) {
    if (label == "Soma radius")
        return QObject::tr("NeuroM: the point radius (single point), the mean distance of the contour "
                           "from its centroid, or the radius of the sphere with the same surface (cylinders)");
    if (label == "Soma surface area")
        return QObject::tr("NeuroM: 4πr² for a point or contour; lateral frustum areas for cylinders; "
                           "2πrh for NeuroMorpho's three points");
    if (label == "Sections") return QObject::tr("Neurite sections: from the soma or a branch point to the next branch point or tip");
    if (label == "Bifurcations") return QObject::tr("Sections with exactly two children");
    if (label == "Forking points") return QObject::tr("Sections with two or more children");
    if (label == "Leaves") return QObject::tr("Sections without children (tips)");
    if (label == "Max branch order") return QObject::tr("Sections attached to the soma have order 0; each branch point adds 1");
    if (label == "Max path distance") return QObject::tr("Longest path along the neurites from a neurite's start to a tip");
    if (label == "Max radial distance") return QObject::tr("Largest straight distance from the soma centre to a tip");
    if (label == "Total length") return QObject::tr("Summed length of all neurite segments");
    return {};
}
}  // namespace

void MorphologySummaryModel::setRows(std::vector<SummaryRow> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

void MorphologySummaryModel::setMorphology(const LoadedMorphology& loaded) {
    beginResetModel();
    rows_.clear();
    if (loaded.morphology) {
        const auto format = io::morphology_format_of(loaded.path.toStdString());
        rows_.push_back({"File", QFileInfo(loaded.path).fileName().toStdString(), 0});
        rows_.push_back({"Format", format ? io::to_string(*format) : "", 0});
        for (auto& row : summary_rows(*loaded.morphology, loaded.metrics)) rows_.push_back(std::move(row));
        rows_.push_back({"Warnings", std::to_string(loaded.warnings.size()), 0});
    }
    endResetModel();
}

void MorphologySummaryModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

QString MorphologySummaryModel::valueOf(const QString& label) const {
    for (const auto& row : rows_)
        if (QString::fromStdString(row.label) == label) return QString::fromStdString(row.value);
    return {};
}

int MorphologySummaryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int MorphologySummaryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MorphologySummaryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const SummaryRow& row = rows_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        if (index.column() == PropertyColumn)
            return QString(row.indent * 4, QLatin1Char(' ')) + QString::fromStdString(row.label);
        return QString::fromStdString(row.value);
    }
    if (role == Qt::ToolTipRole) {
        const QString text = definition(row.label);
        return text.isEmpty() ? QVariant() : QVariant(text);
    }
    if (role == Qt::TextAlignmentRole && index.column() == ValueColumn)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    return {};
}

QVariant MorphologySummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == PropertyColumn ? tr("Property") : tr("Value");
}

}  // namespace lamina::ui
