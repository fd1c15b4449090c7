#pragma once
// The Inspector dock's data: what the selected cell is made of, as the engine will
// simulate it — where it sits, its sections and compartments, each painted mechanism
// with its parameters, each stimulus and synapse, its spike detector; or, for a
// virtual node, its spike train.

#include <QAbstractTableModel>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/session/cell_experiments.h"
#include "engine/sim/network.h"

namespace lamina::ui {

// One connection in a line: "3 × ProbAmpaNmda, 0.61 nS each, U 0.50, D 671 ms, F 17 ms,
// Nrrp 2, delay 1.3 ms".
QString connectionText(const session::ConnectionSummary& connection);

class InspectorModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PropertyColumn, ValueColumn, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    // `population` and `node` may be null / ignored when the network has no circuit.
    void showCell(const sim::Network& network, sim::Gid gid, const circuit::NodePopulation* population,
                  std::uint64_t node);
    void clear();
    QString valueOf(const QString& property) const;  // "" when absent
    // The variable a row shows ("Ih.gIhbar" for a distributed parameter's row), or "".
    QString variableAt(int row) const;
    // The presynaptic cell of a connection's row ("From gid 12"), or nothing.
    std::optional<sim::Gid> presynapticAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString property, value;
        QString variable;  // what the profile can plot for it
        std::optional<sim::Gid> presynaptic;  // a connection's row: its paired-pulse trains on a click
    };
    std::vector<Row> rows_;
};

}  // namespace lamina::ui
