#pragma once
// The Builder panel's tables over a RecipeDocument: column settings, layers, cell types
// and pathways. Each accepted edit becomes one undoable step of the document; an edit
// that would make the recipe invalid is refused with the reason (editRejected), so the
// tables only ever show a recipe that builds. Renaming a layer or a cell type renames
// its uses; removing a cell type removes the pathways that name it.

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

#include "ui/models/recipe_document.h"

namespace lamina::ui {

class RecipeTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // A cell's allowed values (QStringList) for a drop-down editor; empty: free text.
    static constexpr int ChoicesRole = Qt::UserRole + 1;

    explicit RecipeTableModel(RecipeDocument* document, QObject* parent = nullptr);
    RecipeDocument* document() const { return document_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    void editRejected(const QString& problem);

protected:
    virtual int rows() const = 0;
    virtual bool isEditable(int row, int column) const;
    virtual bool isCheckable(int row, int column) const;
    // Writes `value` (text from an editor, or a check state) into `recipe`; returns what
    // is wrong with the value when it cannot be read.
    virtual QString assign(builder::Recipe& recipe, int row, int column, const QVariant& value) const = 0;
    // The undo step's name for an edit of (row, column).
    virtual QString editName(int row, int column) const;
    // An edit through the document, reporting a refusal; true when taken.
    bool commit(const builder::Recipe& next, const QString& what);
    const builder::Recipe& recipe() const { return document_->recipe(); }
    // Recomputes what a subclass derives from the recipe, before views hear of a change.
    virtual void refreshDerived();
    // Tells the views: new values, or new rows when their number changed.
    void onDocumentChanged();

private:
    RecipeDocument* document_;
    mutable int shown_rows_ = -1;  // rows the views know of; -1 until first asked
};

// Rows: shape, radius, scale, minimum soma distance, touch distance, seed and the drive.
class ColumnSettingsModel : public RecipeTableModel {
    Q_OBJECT
public:
    enum Row { shape, radius, scale, min_soma_distance, touch_distance, seed, drive_rate, drive_weight,
               drive_duration, drive_types, row_count };
    using RecipeTableModel::RecipeTableModel;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    int rows() const override { return row_count; }
    bool isEditable(int row, int column) const override;
    QString assign(builder::Recipe& recipe, int row, int column, const QVariant& value) const override;
    QString editName(int row, int column) const override;
};

class LayerTableModel : public RecipeTableModel {
    Q_OBJECT
public:
    enum Column { name, thickness, extent, column_count };
    using RecipeTableModel::RecipeTableModel;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Appends a layer under the deepest one.
    bool addLayer();
    // Refused (with the reason) while a cell type lives in one of them.
    bool removeLayers(std::vector<int> rows);

protected:
    int rows() const override;
    bool isEditable(int row, int column) const override;
    QString assign(builder::Recipe& recipe, int row, int column, const QVariant& value) const override;
};

class CellTypeTableModel : public RecipeTableModel {
    Q_OBJECT
public:
    enum Column { name, layer, density, count, expected, morphology, excitatory, membrane, column_count };
    explicit CellTypeTableModel(RecipeDocument* document, QObject* parent = nullptr);
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool addType();
    bool removeTypes(std::vector<int> rows);  // and every pathway that names them
    std::uint64_t expectedCells() const;      // all types

protected:
    int rows() const override;
    bool isEditable(int row, int column) const override;
    bool isCheckable(int row, int column) const override;
    QString assign(builder::Recipe& recipe, int row, int column, const QVariant& value) const override;
    void refreshDerived() override;

private:
    std::vector<std::uint64_t> counts_;  // expected cells per type, for the recipe shown
};

// The shape parameters of one cell type (the current row of the cell-type table): a
// folder of morphology files to draw from, or the synthesis parameters of its class.
class SynthesisTableModel : public RecipeTableModel {
    Q_OBJECT
public:
    enum Row { folder, soma_radius, basal_dendrites, basal_length, basal_branchings, apical_target_layer,
               apical_obliques, tuft_branches, axon_length, axon_collaterals, axon_collateral_length,
               ascending_collaterals, trunk_diameter, dendrite_diameter, axon_diameter, row_count };
    using RecipeTableModel::RecipeTableModel;
    void setType(int type);  // -1: none
    int type() const { return type_; }
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    int rows() const override;
    bool isEditable(int row, int column) const override;
    bool isCheckable(int row, int column) const override;
    QString assign(builder::Recipe& recipe, int row, int column, const QVariant& value) const override;
    QString editName(int row, int column) const override;

private:
    int type_ = -1;
};

class PathwayTableModel : public RecipeTableModel {
    Q_OBJECT
public:
    enum Column { pre, post, probability, at_distance, synapses, weight, reference_in_degree, synapse_model, synapse_class,
                  delay, velocity, targets, column_count };
    using RecipeTableModel::RecipeTableModel;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool addPathway();  // a copy of the last one, or the first type onto itself
    bool removePathways(std::vector<int> rows);

protected:
    int rows() const override;
    bool isEditable(int row, int column) const override;
    QString assign(builder::Recipe& recipe, int row, int column, const QVariant& value) const override;

private:
    // The pathway's synapse model, dropping the parameters and class the new one cannot use.
    static void setSynapseModel(builder::Pathway& w, const std::string& model);
};

}  // namespace lamina::ui
