#include "ui/models/circuit_model.h"

#include <set>

namespace lamina::ui {

CircuitModel::CircuitModel(QObject* parent) : QAbstractItemModel(parent) {}

void CircuitModel::setCircuit(std::shared_ptr<const circuit::Circuit> circuit, std::vector<sim::Gid> first_gids) {
    beginResetModel();
    circuit_ = std::move(circuit);
    first_gids_ = std::move(first_gids);
    endResetModel();
}

QModelIndex CircuitModel::indexOfGid(sim::Gid gid) const {
    if (!circuit_) return {};
    for (std::size_t p = 0; p < circuit_->nodes.size() && p < first_gids_.size(); ++p) {
        const auto size = circuit_->nodes[p].size();
        if (gid >= first_gids_[p] && gid < first_gids_[p] + size)
            return index(static_cast<int>(gid - first_gids_[p]), 0, index(static_cast<int>(p), 0));
    }
    return {};
}

QModelIndex CircuitModel::index(int row, int column, const QModelIndex& parent) const {
    if (!circuit_ || row < 0 || column < 0 || column >= ColumnCount) return {};
    if (!parent.isValid()) {
        if (row >= static_cast<int>(circuit_->nodes.size())) return {};
        return createIndex(row, column, quintptr{0});
    }
    if (parent.internalId() != 0 || parent.column() != 0) return {};  // nodes have no children
    const auto& population = circuit_->nodes[static_cast<std::size_t>(parent.row())];
    if (static_cast<std::size_t>(row) >= population.size()) return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex CircuitModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr{0});
}

int CircuitModel::rowCount(const QModelIndex& parent) const {
    if (!circuit_) return 0;
    if (!parent.isValid()) return static_cast<int>(circuit_->nodes.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return static_cast<int>(circuit_->nodes[static_cast<std::size_t>(parent.row())].size());
}

int CircuitModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant CircuitModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !circuit_) return {};
    if (index.internalId() == 0) {  // a population
        const auto& p = circuit_->nodes[static_cast<std::size_t>(index.row())];
        if (role == GidRole) return {};
        if (role == Qt::ToolTipRole) return tr("%1 nodes").arg(p.size());
        if (role != Qt::DisplayRole) return {};
        if (index.column() == NameColumn) return tr("%1 (%2)").arg(QString::fromStdString(p.name)).arg(p.size());
        if (index.column() == ModelTypeColumn) {
            std::set<std::string> types;
            if (const auto* c = p.find("model_type"))
                for (std::size_t i = 0; i < p.size() && types.size() < 4; ++i) types.insert(c->text(i));
            QStringList list;
            for (const auto& t : types) list << QString::fromStdString(t);
            return list.join(", ");
        }
        return {};
    }
    const std::size_t population = index.internalId() - 1;
    const auto& p = circuit_->nodes[population];
    const auto node = static_cast<std::uint64_t>(index.row());
    if (role == GidRole)
        return population < first_gids_.size() ? QVariant::fromValue(first_gids_[population] + static_cast<sim::Gid>(node))
                                                : QVariant();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    auto text = [&](const char* attribute) { return QString::fromStdString(p.text(attribute, node)); };
    switch (index.column()) {
        case NameColumn: return tr("node %1").arg(node);
        case ModelTypeColumn: return text("model_type");
        case LayerColumn: return text("layer");
        case MTypeColumn: return text("mtype").isEmpty() ? text("model_name") : text("mtype");
        case ETypeColumn: return text("etype");
        case PositionColumn: {
            const auto x = p.number("x", node), y = p.number("y", node), z = p.number("z", node);
            if (!x && !y && !z) return {};
            return QStringLiteral("%1, %2, %3").arg(x.value_or(0), 0, 'f', 1).arg(y.value_or(0), 0, 'f', 1).arg(z.value_or(0), 0, 'f', 1);
        }
        default: return {};
    }
}

QVariant CircuitModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn: return tr("Population / node");
        case ModelTypeColumn: return tr("Model type");
        case LayerColumn: return tr("Layer");
        case MTypeColumn: return tr("m-type");
        case ETypeColumn: return tr("e-type");
        case PositionColumn: return tr("Position (µm)");
        default: return {};
    }
}

}  // namespace lamina::ui
