#pragma once
// The Circuit dock's model: node populations, each with its nodes as children, with the
// attributes a user filters by (model type, layer, m-type, e-type) and the position.
// Rows are produced on demand from the circuit's columns (no object per node), so a
// million-node population costs nothing until it is expanded.

#include <QAbstractItemModel>
#include <memory>
#include <vector>

#include "engine/circuit/circuit.h"
#include "engine/sim/network.h"

namespace lamina::ui {

class CircuitModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ModelTypeColumn, LayerColumn, MTypeColumn, ETypeColumn, PositionColumn, ColumnCount };
    enum Role { GidRole = Qt::UserRole + 1 };

    explicit CircuitModel(QObject* parent = nullptr);
    // The circuit and the gid of each population's first node (populations are
    // consecutive gids in the simulated network).
    void setCircuit(std::shared_ptr<const circuit::Circuit> circuit, std::vector<sim::Gid> first_gids);
    const circuit::Circuit* circuit() const { return circuit_.get(); }
    std::shared_ptr<const circuit::Circuit> sharedCircuit() const { return circuit_; }
    const std::vector<sim::Gid>& firstGids() const { return first_gids_; }
    // The index of the node with this gid, invalid when it is not in the circuit.
    QModelIndex indexOfGid(sim::Gid gid) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // Internal ids: 0 for a population row; population + 1 for a node row.
    std::shared_ptr<const circuit::Circuit> circuit_;
    std::vector<sim::Gid> first_gids_;
};

}  // namespace lamina::ui
