#pragma once
// The Summary dock's data: one row per figure of the loaded morphology (the same rows
// `lamina info` prints), with NeuroM's definition as tooltip; or, when a circuit is on
// screen, what the circuit is made of (circuit_summary.h).

#include <QAbstractTableModel>
#include <vector>

#include "engine/morphology/metrics_report.h"
#include "ui/jobs/morphology_loader.h"

namespace lamina::ui {

class MorphologySummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PropertyColumn, ValueColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setMorphology(const LoadedMorphology& loaded);
    // Any rows (a circuit's summary when a circuit is on screen).
    void setRows(std::vector<SummaryRow> rows);
    void clear();
    // The value shown for a label ("Total length" → "115 µm"); empty when absent.
    QString valueOf(const QString& label) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<SummaryRow> rows_;
};

}  // namespace lamina::ui
