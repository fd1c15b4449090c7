// SynthesisTableModel (declared with the other recipe tables in recipe_models.h).

#include "ui/models/recipe_models.h"
#include "ui/models/recipe_values.h"

#include <QColor>
#include <algorithm>

namespace lamina::ui {

namespace {
using builder::MorphologyClass;

// Rows only some classes use (the others ignore them): say so rather than hide them.
bool usedBy(int row, MorphologyClass c) {
    const bool pyramidal = c == MorphologyClass::pyramidal;
    switch (row) {
        case SynthesisTableModel::apical_target_layer:
        case SynthesisTableModel::apical_obliques:
        case SynthesisTableModel::tuft_branches:
        case SynthesisTableModel::trunk_diameter:
        case SynthesisTableModel::ascending_collaterals: return pyramidal;
        default: return true;
    }
}
}  // namespace

void SynthesisTableModel::setType(int type) {
    type_ = type >= 0 && type < static_cast<int>(recipe().cell_types.size()) ? type : -1;
    onDocumentChanged();
}

int SynthesisTableModel::rows() const {
    return type_ >= 0 && type_ < static_cast<int>(recipe().cell_types.size()) ? row_count : 0;
}

int SynthesisTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : 2; }

bool SynthesisTableModel::isEditable(int row, int column) const {
    return column == 1 && row != ascending_collaterals;
}

bool SynthesisTableModel::isCheckable(int row, int column) const { return column == 1 && row == ascending_collaterals; }

QVariant SynthesisTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    if (section == 1 && type_ >= 0 && type_ < static_cast<int>(recipe().cell_types.size()))
        return tr("%1").arg(QString::fromStdString(recipe().cell_types[static_cast<std::size_t>(type_)].name));
    return section == 0 ? tr("Shape") : tr("Value");
}

QString SynthesisTableModel::editName(int row, int) const {
    return tr("Set %1 of %2")
        .arg(data(index(row, 0)).toString().toLower(),
             QString::fromStdString(recipe().cell_types[static_cast<std::size_t>(type_)].name));
}

QVariant SynthesisTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows()) return {};
    const builder::CellType& t = recipe().cell_types[static_cast<std::size_t>(type_)];
    const builder::SynthesisParameters& p = t.synthesis;
    const int row = index.row();
    const bool used = t.morphology_folder.empty() ? usedBy(row, t.morphology_class) : row == folder;
    if (role == Qt::ForegroundRole && !used) return QColor(Qt::gray);
    if (role == Qt::ToolTipRole) {
        if (row == folder) return tr("SWC, ASC or H5 files to draw this type's cells from; empty: synthesised");
        if (!t.morphology_folder.empty()) return tr("Not used: the cells come from the folder");
        if (!used) return tr("Only pyramidal cells use this");
        if (row == apical_target_layer) return tr("The layer the apical tuft reaches; empty: the cell's own");
        if (row == ascending_collaterals) return tr("Axon collaterals climb towards the pia instead of spreading");
        return {};
    }
    if (role == ChoicesRole) {
        if (index.column() == 1 && row == apical_target_layer) return QStringList{QString()} + layerNames(recipe());
        return QStringList{};
    }
    if (role == Qt::CheckStateRole && index.column() == 1 && row == ascending_collaterals)
        return p.ascending_collaterals ? Qt::Checked : Qt::Unchecked;
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    if (index.column() == 0) {
        switch (row) {
            case folder: return tr("Morphology folder");
            case soma_radius: return tr("Soma radius (µm)");
            case basal_dendrites: return tr("Basal dendrites");
            case basal_length: return tr("Basal length (µm)");
            case basal_branchings: return tr("Branchings per dendrite");
            case apical_target_layer: return tr("Apical target layer");
            case apical_obliques: return tr("Apical obliques");
            case tuft_branches: return tr("Tuft branches");
            case axon_length: return tr("Axon length (µm)");
            case axon_collaterals: return tr("Axon collaterals");
            case axon_collateral_length: return tr("Collateral length (µm)");
            case ascending_collaterals: return tr("Ascending collaterals");
            case trunk_diameter: return tr("Trunk diameter (µm)");
            case dendrite_diameter: return tr("Dendrite diameter (µm)");
            case axon_diameter: return tr("Axon diameter (µm)");
            default: return {};
        }
    }
    switch (row) {
        case folder: return QString::fromStdString(t.morphology_folder);
        case soma_radius: return number(p.soma_radius);
        case basal_dendrites: return QString::number(p.basal_dendrites);
        case basal_length: return number(p.basal_length);
        case basal_branchings: return QString::number(p.basal_branchings);
        case apical_target_layer: return QString::fromStdString(p.apical_target_layer);
        case apical_obliques: return QString::number(p.apical_obliques);
        case tuft_branches: return QString::number(p.tuft_branches);
        case axon_length: return number(p.axon_length);
        case axon_collaterals: return QString::number(p.axon_collaterals);
        case axon_collateral_length: return number(p.axon_collateral_length);
        case trunk_diameter: return number(p.trunk_diameter);
        case dendrite_diameter: return number(p.dendrite_diameter);
        case axon_diameter: return number(p.axon_diameter);
        default: return {};
    }
}

QString SynthesisTableModel::assign(builder::Recipe& recipe, int row, int, const QVariant& value) const {
    builder::CellType& t = recipe.cell_types[static_cast<std::size_t>(type_)];
    builder::SynthesisParameters& p = t.synthesis;
    switch (row) {
        case folder: t.morphology_folder = value.toString().trimmed().toStdString(); return {};
        case apical_target_layer: p.apical_target_layer = value.toString().trimmed().toStdString(); return {};
        case ascending_collaterals: p.ascending_collaterals = value.toInt() == Qt::Checked; return {};
        default: break;
    }
    QString problem;
    int* count = nullptr;  // the whole-number rows
    switch (row) {
        case basal_dendrites: count = &p.basal_dendrites; break;
        case basal_branchings: count = &p.basal_branchings; break;
        case apical_obliques: count = &p.apical_obliques; break;
        case tuft_branches: count = &p.tuft_branches; break;
        case axon_collaterals: count = &p.axon_collaterals; break;
        default: break;
    }
    if (count) {
        std::uint64_t n = 0;
        if (!readCount(value, n, problem)) return problem;
        *count = static_cast<int>(std::min<std::uint64_t>(n, 1000));  // validate names the real limit
        return {};
    }
    double v = 0;
    if (!readNumber(value, v, problem)) return problem;
    switch (row) {
        case soma_radius: p.soma_radius = v; break;
        case basal_length: p.basal_length = v; break;
        case axon_length: p.axon_length = v; break;
        case axon_collateral_length: p.axon_collateral_length = v; break;
        case trunk_diameter: p.trunk_diameter = v; break;
        case dendrite_diameter: p.dendrite_diameter = v; break;
        case axon_diameter: p.axon_diameter = v; break;
        default: return tr("this row cannot be edited");
    }
    return {};
}

}  // namespace lamina::ui
