#include "ui/models/recipe_models.h"

#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

#include "engine/builder/etypes.h"
#include "engine/builder/soma_placement.h"
#include "engine/builder/synapse_classes.h"
#include "engine/sim/mechanism_parameter.h"
#include "engine/errors.h"
#include "ui/models/recipe_values.h"

namespace lamina::ui {

namespace {

using builder::Recipe;

QStringList names(const std::vector<std::string>& values) {
    QStringList list;
    for (const std::string& v : values) list << QString::fromStdString(v);
    return list;
}

QStringList typeNames(const Recipe& r) {
    QStringList list;
    for (const builder::CellType& t : r.cell_types) list << QString::fromStdString(t.name);
    return list;
}

QString regionsText(const std::vector<builder::TargetRegion>& regions) {
    QStringList list;
    for (const auto region : regions) list << builder::to_string(region);
    return list.join(", ");
}

// "A, B" (commas or spaces) as a list of names.
std::vector<std::string> splitNames(const QVariant& value) {
    std::vector<std::string> out;
    for (const QString& part : value.toString().split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts))
        out.push_back(part.toStdString());
    return out;
}

const QStringList morphology_classes{"pyramidal", "stellate", "basket", "martinotti", "neurogliaform"};
QStringList membranes() {
    QStringList names;
    for (const builder::ElectricalType& e : builder::electrical_types()) names << QString::fromStdString(e.name);
    return names;
}

// A name not yet in `taken`: base, base_2, base_3 ...
std::string freshName(const std::string& base, const QStringList& taken) {
    std::string name = base;
    for (int k = 2; taken.contains(QString::fromStdString(name)); ++k) name = base + "_" + std::to_string(k);
    return name;
}

}  // namespace

// --- the shared machinery ---

RecipeTableModel::RecipeTableModel(RecipeDocument* document, QObject* parent)
    : QAbstractTableModel(parent), document_(document) {
    connect(document_, &RecipeDocument::changed, this, &RecipeTableModel::onDocumentChanged);
}

int RecipeTableModel::rowCount(const QModelIndex& parent) const {
    if (shown_rows_ < 0) shown_rows_ = rows();  // first asked after construction, when rows() works
    return parent.isValid() ? 0 : shown_rows_;
}

void RecipeTableModel::refreshDerived() {}

// The document has already changed when this runs (it holds one recipe, not two), so a
// reset begins after the fact; data() guards its rows, and no proxy sits in between.
void RecipeTableModel::onDocumentChanged() {
    refreshDerived();
    if (shown_rows_ < 0) return;  // nobody has asked yet
    // Same shape: the values changed (keeps the view's current cell and selection).
    if (rows() == shown_rows_) {
        if (shown_rows_ > 0) emit dataChanged(index(0, 0), index(shown_rows_ - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    shown_rows_ = rows();
    endResetModel();
}

bool RecipeTableModel::isEditable(int, int) const { return false; }
bool RecipeTableModel::isCheckable(int, int) const { return false; }

Qt::ItemFlags RecipeTableModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid()) return f;
    if (isCheckable(index.row(), index.column())) return f | Qt::ItemIsUserCheckable;
    if (isEditable(index.row(), index.column())) f |= Qt::ItemIsEditable;
    return f;
}

QString RecipeTableModel::editName(int row, int column) const {
    return tr("Edit %1 of row %2").arg(headerData(column, Qt::Horizontal).toString()).arg(row + 1);
}

bool RecipeTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.row() >= rows()) return false;
    const bool check = role == Qt::CheckStateRole && isCheckable(index.row(), index.column());
    if (!check && (role != Qt::EditRole || !isEditable(index.row(), index.column()))) return false;
    if (!check && value.toString() == data(index, Qt::EditRole).toString()) return true;  // nothing changed
    Recipe next = recipe();
    const QString problem = assign(next, index.row(), index.column(), value);
    if (!problem.isEmpty()) {
        emit editRejected(problem);
        return false;
    }
    return commit(next, editName(index.row(), index.column()));
}

bool RecipeTableModel::commit(const Recipe& next, const QString& what) {
    const QString problem = document_->edit(next, what);
    if (problem.isEmpty()) return true;
    emit editRejected(problem);
    return false;
}

// --- column settings ---

int ColumnSettingsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : 2; }

QVariant ColumnSettingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == 0 ? tr("Setting") : tr("Value");
}

bool ColumnSettingsModel::isEditable(int, int column) const { return column == 1; }

QString ColumnSettingsModel::editName(int row, int) const {
    return tr("Set %1").arg(data(index(row, 0)).toString().toLower());
}

QVariant ColumnSettingsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Recipe& r = recipe();
    const int row = index.row();
    if (role == Qt::ToolTipRole) {
        switch (row) {
            case shape: return tr("Cross-section of the column: a hexagon (circumradius) or a cylinder");
            case radius: return tr("Radius before scaling [µm]; the built column's radius is radius × scale");
            case scale: return tr("Multiplies the radius and every layer thickness, so a desktop column stays small");
            case min_soma_distance: return tr("No two somata closer than this [µm]");
            case touch_distance: return tr("An axon within this distance of a dendrite or soma can hold a synapse [µm]");
            case seed: return tr("Same recipe and seed: the same circuit, byte for byte");
            case drive_rate: return tr("Poisson input per cell onto its soma [Hz]; 0 leaves the column silent");
            case drive_weight: return tr("Conductance of one input spike [µS]");
            case drive_duration: return tr("How long the input spike trains last [ms]");
            case drive_types: return tr("Cell types that get the input (comma separated); empty: all");
            default: return {};
        }
    }
    if (role == ChoicesRole) return row == shape && index.column() == 1 ? QStringList{"hexagon", "cylinder"} : QStringList{};
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    if (index.column() == 0) {
        switch (row) {
            case shape: return tr("Shape");
            case radius: return tr("Radius (µm)");
            case scale: return tr("Scale");
            case min_soma_distance: return tr("Minimum soma distance (µm)");
            case touch_distance: return tr("Touch distance (µm)");
            case seed: return tr("Seed");
            case drive_rate: return tr("Input rate (Hz)");
            case drive_weight: return tr("Input weight (µS)");
            case drive_duration: return tr("Input duration (ms)");
            case drive_types: return tr("Input to cell types");
            default: return {};
        }
    }
    switch (row) {
        case shape: return QString(builder::to_string(r.shape));
        case radius: return number(r.radius);
        case scale: return number(r.scale);
        case min_soma_distance: return number(r.min_soma_distance);
        case touch_distance: return number(r.touch_distance);
        case seed: return QString::number(r.seed);
        case drive_rate: return number(r.drive.rate);
        case drive_weight: return number(r.drive.weight);
        case drive_duration: return number(r.drive.duration);
        case drive_types:
            return r.drive.cell_types.empty() && role == Qt::DisplayRole ? tr("(all)") : names(r.drive.cell_types).join(", ");
        default: return {};
    }
}

QString ColumnSettingsModel::assign(Recipe& r, int row, int, const QVariant& value) const {
    QString problem;
    if (row == shape) {
        const QString text = value.toString().trimmed();
        if (text != "hexagon" && text != "cylinder") return tr("'%1' is not hexagon or cylinder").arg(text);
        r.shape = text == "hexagon" ? builder::ColumnShape::hexagon : builder::ColumnShape::cylinder;
        return {};
    }
    if (row == seed) {
        std::uint64_t s = 0;
        if (!readCount(value, s, problem)) return problem;
        r.seed = s;
        return {};
    }
    if (row == drive_types) {
        r.drive.cell_types = splitNames(value);
        return {};
    }
    double v = 0;
    if (!readNumber(value, v, problem)) return problem;
    switch (row) {
        case radius: r.radius = v; break;
        case scale: r.scale = v; break;
        case min_soma_distance: r.min_soma_distance = v; break;
        case touch_distance: r.touch_distance = v; break;
        case drive_rate: r.drive.rate = v; break;
        case drive_weight: r.drive.weight = v; break;
        case drive_duration: r.drive.duration = v; break;
        default: break;
    }
    return {};
}

// --- layers ---

int LayerTableModel::rows() const { return static_cast<int>(recipe().layers.size()); }
int LayerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : column_count; }
bool LayerTableModel::isEditable(int, int column) const { return column == name || column == thickness; }

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case name: return tr("Layer");
        case thickness: return tr("Thickness (µm)");
        case extent: return tr("Built at y (µm)");
        default: return {};
    }
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows()) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const builder::LayerSpec& l = recipe().layers[row];
    if (role == Qt::ToolTipRole && index.column() == extent)
        return tr("Bottom and top after scaling; y = 0 is the white matter, the pia is at the top");
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
        case name: return QString::fromStdString(l.name);
        case thickness: return number(l.thickness);
        case extent: {
            const auto [bottom, top] = builder::layer_extent(recipe(), row);
            return QStringLiteral("%1 – %2").arg(bottom, 0, 'f', 0).arg(top, 0, 'f', 0);
        }
        default: return {};
    }
}

QString LayerTableModel::assign(Recipe& r, int row, int column, const QVariant& value) const {
    builder::LayerSpec& l = r.layers[static_cast<std::size_t>(row)];
    if (column == name) {
        const std::string old = l.name, fresh = value.toString().trimmed().toStdString();
        l.name = fresh;
        for (builder::CellType& t : r.cell_types) {  // the layer's uses follow its name
            if (t.layer == old) t.layer = fresh;
            if (t.synthesis.apical_target_layer == old) t.synthesis.apical_target_layer = fresh;
        }
        return {};
    }
    QString problem;
    double v = 0;
    if (!readNumber(value, v, problem)) return problem;
    l.thickness = v;
    r.height.reset();  // the layers now define the height
    return {};
}

bool LayerTableModel::addLayer() {
    Recipe next = recipe();
    next.layers.push_back({freshName("L" + std::to_string(next.layers.size() + 1), layerNames(next)), 100.0});
    return commit(next, tr("Add layer"));
}

bool LayerTableModel::removeLayers(std::vector<int> rows) {
    std::sort(rows.rbegin(), rows.rend());
    Recipe next = recipe();
    for (const int row : rows) {
        if (row < 0 || row >= static_cast<int>(next.layers.size())) continue;
        const std::string layer = next.layers[static_cast<std::size_t>(row)].name;
        for (const builder::CellType& t : next.cell_types)
            if (t.layer == layer) {
                emit editRejected(tr("%1 holds the cell type %2: move or remove its cell types first")
                                      .arg(QString::fromStdString(layer), QString::fromStdString(t.name)));
                return false;
            }
        next.layers.erase(next.layers.begin() + row);
    }
    next.height.reset();
    return commit(next, rows.size() == 1 ? tr("Remove layer") : tr("Remove %1 layers").arg(rows.size()));
}

// --- cell types ---

CellTypeTableModel::CellTypeTableModel(RecipeDocument* document, QObject* parent)
    : RecipeTableModel(document, parent) {
    refreshDerived();
}

void CellTypeTableModel::refreshDerived() {
    try {
        counts_ = builder::cell_counts(recipe());
    } catch (const std::exception&) {  // a recipe in the document is valid; this is a guard
        counts_.assign(recipe().cell_types.size(), 0);
    }
}

int CellTypeTableModel::rows() const { return static_cast<int>(recipe().cell_types.size()); }
int CellTypeTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : column_count; }
bool CellTypeTableModel::isEditable(int, int column) const { return column != expected && column != excitatory; }
bool CellTypeTableModel::isCheckable(int, int column) const { return column == excitatory; }

std::uint64_t CellTypeTableModel::expectedCells() const {
    std::uint64_t total = 0;
    for (const auto c : counts_) total += c;
    return total;
}

QVariant CellTypeTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case density: return tr("Cells per mm³ of its layer (clears the count)");
            case count: return tr("A fixed number of cells instead of a density (clears the density)");
            case expected: return tr("Cells the build will place: density × layer volume, or the count");
            case morphology: return tr("The synthesised shape: pyramidal, stellate, basket, Martinotti or neurogliaform");
            case excitatory: return tr("Excitatory (checked) or inhibitory");
            case membrane: {
                QString text = tr("The e-type: the cell's channels and how it fires (cortical e-types run at 34 °C)");
                for (const builder::ElectricalType& e : builder::electrical_types())
                    text += "\n" + QString::fromStdString(e.name + ": " + e.description);
                return text;
            }
            default: return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case name: return tr("Cell type");
        case layer: return tr("Layer");
        case density: return tr("Density (/mm³)");
        case count: return tr("Count");
        case expected: return tr("Cells");
        case morphology: return tr("Morphology");
        case excitatory: return tr("Excitatory");
        case membrane: return tr("E-type");
        default: return {};
    }
}

QVariant CellTypeTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows()) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const builder::CellType& t = recipe().cell_types[row];
    if (role == Qt::CheckStateRole && index.column() == excitatory) return t.excitatory ? Qt::Checked : Qt::Unchecked;
    if (role == ChoicesRole) {
        switch (index.column()) {
            case layer: return layerNames(recipe());
            case morphology: return morphology_classes;
            case membrane: return membranes();
            default: return QStringList{};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= density && index.column() <= expected)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
        case name: return QString::fromStdString(t.name);
        case layer: return QString::fromStdString(t.layer);
        case density: return t.density ? number(*t.density) : QString();
        case count: return t.count ? QString::number(*t.count) : QString();
        case expected: return row < counts_.size() ? QString::number(counts_[row]) : QString();
        case morphology: return QString(builder::to_string(t.morphology_class));
        case membrane: return QString::fromStdString(t.electrical_model);
        default: return {};
    }
}

QString CellTypeTableModel::assign(Recipe& r, int row, int column, const QVariant& value) const {
    builder::CellType& t = r.cell_types[static_cast<std::size_t>(row)];
    QString problem;
    switch (column) {
        case name: {
            const std::string old = t.name, fresh = value.toString().trimmed().toStdString();
            t.name = fresh;
            for (builder::Pathway& w : r.pathways) {  // pathways and the drive follow the name
                if (w.pre == old) w.pre = fresh;
                if (w.post == old) w.post = fresh;
            }
            for (std::string& d : r.drive.cell_types)
                if (d == old) d = fresh;
            if (const auto weight = r.drive.type_weights.extract(old)) r.drive.type_weights[fresh] = weight.mapped();
            return {};
        }
        case layer: t.layer = value.toString().trimmed().toStdString(); return {};
        case density: {
            if (value.toString().trimmed().isEmpty()) return tr("give a density or a count");
            double v = 0;
            if (!readNumber(value, v, problem)) return problem;
            t.density = v;
            t.count.reset();
            return {};
        }
        case count: {
            if (value.toString().trimmed().isEmpty()) return tr("give a density or a count");
            std::uint64_t c = 0;
            if (!readCount(value, c, problem)) return problem;
            t.count = c;
            t.density.reset();
            return {};
        }
        case morphology: {
            const int k = morphology_classes.indexOf(value.toString().trimmed());
            if (k < 0) return tr("'%1' is not one of: %2").arg(value.toString(), morphology_classes.join(", "));
            const auto chosen = static_cast<builder::MorphologyClass>(k);
            if (chosen == t.morphology_class) return {};
            // The new class's shape, keeping where a pyramidal trunk aims.
            const std::string target = t.synthesis.apical_target_layer;
            t.morphology_class = chosen;
            t.synthesis = builder::default_synthesis(chosen);
            if (chosen == builder::MorphologyClass::pyramidal) t.synthesis.apical_target_layer = target;
            return {};
        }
        case excitatory: t.excitatory = value.toInt() == Qt::Checked; return {};
        case membrane: t.electrical_model = value.toString().trimmed().toStdString(); return {};
        default: return tr("this column cannot be edited");
    }
}

bool CellTypeTableModel::addType() {
    Recipe next = recipe();
    builder::CellType t;
    t.name = freshName("new_type", typeNames(next));
    t.layer = next.layers.empty() ? std::string() : next.layers.front().name;
    t.count = 10;
    t.morphology_class = builder::MorphologyClass::basket;
    t.synthesis = builder::default_synthesis(t.morphology_class);
    t.excitatory = false;
    next.cell_types.push_back(t);
    return commit(next, tr("Add cell type"));
}

bool CellTypeTableModel::removeTypes(std::vector<int> rows) {
    std::sort(rows.rbegin(), rows.rend());
    Recipe next = recipe();
    for (const int row : rows) {
        if (row < 0 || row >= static_cast<int>(next.cell_types.size())) continue;
        const std::string type = next.cell_types[static_cast<std::size_t>(row)].name;
        next.cell_types.erase(next.cell_types.begin() + row);
        std::erase_if(next.pathways, [&](const builder::Pathway& w) { return w.pre == type || w.post == type; });
        std::erase(next.drive.cell_types, type);
        next.drive.type_weights.erase(type);
    }
    return commit(next, rows.size() == 1 ? tr("Remove cell type") : tr("Remove %1 cell types").arg(rows.size()));
}

// --- pathways ---

int PathwayTableModel::rows() const { return static_cast<int>(recipe().pathways.size()); }
int PathwayTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : column_count; }
bool PathwayTableModel::isEditable(int, int) const { return true; }

QVariant PathwayTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case probability: return tr("Target connection probability among pairs closer than the distance");
            case at_distance: return tr("Inter-soma distance the probability is stated for [µm]");
            case synapses: return tr("Mean synapses per connection");
            case weight: return tr("Peak conductance of one synapse [µS]; with a class, the mean of its spread");
            case reference_in_degree:
                return tr("Presynaptic cells per post cell in the full-size circuit (0: none). A small column gives a "
                          "cell few of its inputs; its weights are then scaled by this over the built in-degree "
                          "(0.01× to 100×, in the build report), so that a volley keeps its strength");
            case synapse_model:
                return tr("Exp2Syn/ExpSyn: fixed synapses. ProbAmpaNmda/ProbGabaAB: AMPA+NMDA or GABA-A+B with "
                          "short-term plasticity and stochastic release; DetAmpaNmda/DetGabaAB: the same, deterministic");
            case synapse_class: {
                QString text = tr("Published class whose means and spreads each connection draws U, D, F, decay, "
                                  "release sites and weight from (needs a plastic synapse):");
                for (const builder::SynapseClass& c : builder::synapse_classes())
                    text += "\n" + QString::fromStdString(c.name + ": " + c.description);
                return text;
            }
            case delay: return tr("Synaptic delay [ms], added to axonal path length ÷ conduction velocity");
            case velocity: return tr("Axonal conduction velocity [µm/ms]");
            case targets: return tr("Where on the post cell: soma, basal, apical, axon_initial_segment");
            default: return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case pre: return tr("Pre");
        case post: return tr("Post");
        case probability: return tr("Probability");
        case at_distance: return tr("Within (µm)");
        case synapses: return tr("Synapses/conn.");
        case weight: return tr("Weight (µS)");
        case reference_in_degree: return tr("Ref. in-degree");
        case synapse_model: return tr("Synapse");
        case synapse_class: return tr("Class");
        case delay: return tr("Delay (ms)");
        case velocity: return tr("Velocity (µm/ms)");
        case targets: return tr("Targets");
        default: return {};
    }
}

QVariant PathwayTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows()) return {};
    const builder::Pathway& w = recipe().pathways[static_cast<std::size_t>(index.row())];
    if (role == ChoicesRole) {
        if (index.column() == pre || index.column() == post) return typeNames(recipe());
        if (index.column() == synapse_model)
            return QStringList{"Exp2Syn", "ExpSyn", "ProbAmpaNmda", "DetAmpaNmda", "ProbGabaAB", "DetGabaAB"};
        if (index.column() == synapse_class) {
            QStringList classes{QString()};
            for (const builder::SynapseClass& c : builder::synapse_classes()) classes << QString::fromStdString(c.name);
            return classes;
        }
        return QStringList{};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= probability && index.column() <= velocity &&
        index.column() != synapse_model && index.column() != synapse_class)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
        case pre: return QString::fromStdString(w.pre);
        case post: return QString::fromStdString(w.post);
        case probability: return number(w.connection_probability);
        case at_distance: return number(w.at_distance);
        case synapses: return number(w.synapses_per_connection);
        case weight: return number(w.weight);
        case reference_in_degree: return number(w.reference_in_degree);
        case synapse_model: return QString::fromStdString(w.synapse_model);
        case synapse_class: return QString::fromStdString(w.synapse_class);
        case delay: return number(w.synaptic_delay);
        case velocity: return number(w.conduction_velocity);
        case targets: return regionsText(w.target_regions);
        default: return {};
    }
}

QString PathwayTableModel::assign(Recipe& r, int row, int column, const QVariant& value) const {
    builder::Pathway& w = r.pathways[static_cast<std::size_t>(row)];
    const QString text = value.toString().trimmed();
    switch (column) {
        case pre: w.pre = text.toStdString(); return {};
        case post: w.post = text.toStdString(); return {};
        case synapse_model: setSynapseModel(w, text.toStdString()); return {};
        case synapse_class: {
            w.synapse_class = text.toStdString();
            // A class picks the plastic synapse of its sign, keeping stochastic or deterministic.
            if (const builder::SynapseClass* c = builder::find_synapse_class(w.synapse_class)) {
                const bool deterministic = w.synapse_model.rfind("Det", 0) == 0;
                setSynapseModel(w, builder::class_synapse_model(*c, !deterministic));
            }
            return {};
        }
        case targets: {
            std::vector<builder::TargetRegion> regions;
            for (const std::string& name : splitNames(value)) {
                bool known = false;
                for (const auto region : {builder::TargetRegion::soma, builder::TargetRegion::basal,
                                          builder::TargetRegion::apical, builder::TargetRegion::axon_initial_segment})
                    if (name == builder::to_string(region)) {
                        if (std::find(regions.begin(), regions.end(), region) == regions.end()) regions.push_back(region);
                        known = true;
                    }
                if (!known)
                    return tr("'%1' is not one of: soma, basal, apical, axon_initial_segment").arg(QString::fromStdString(name));
            }
            w.target_regions = regions;
            return {};
        }
        default: break;
    }
    QString problem;
    double v = 0;
    if (!readNumber(value, v, problem)) return problem;
    switch (column) {
        case probability: w.connection_probability = v; break;
        case at_distance: w.at_distance = v; break;
        case synapses: w.synapses_per_connection = v; break;
        case weight: w.weight = v; break;
        case reference_in_degree: w.reference_in_degree = v; break;
        case delay: w.synaptic_delay = v; break;
        case velocity: w.conduction_velocity = v; break;
        default: break;
    }
    return {};
}

void PathwayTableModel::setSynapseModel(builder::Pathway& w, const std::string& model) {
    if (model == w.synapse_model) return;
    w.synapse_model = model;
    // Parameters the new model lacks go (Exp2Syn's tau1 means nothing to ProbAmpaNmda); a
    // class stays only on a plastic model of its sign.
    const auto names = sim::mechanism_names();
    if (std::find(names.begin(), names.end(), model) == names.end()) return;  // validate names the problem
    const sim::MechanismInfo& info = sim::mechanism_info(model);
    std::erase_if(w.synapse_parameters, [&](const auto& entry) { return !sim::find_parameter(info, entry.first); });
    if (const builder::SynapseClass* c = builder::find_synapse_class(w.synapse_class))
        if (!builder::is_plastic_synapse(model) || c->excitatory != builder::is_excitatory_synapse(model))
            w.synapse_class.clear();
}

bool PathwayTableModel::addPathway() {
    Recipe next = recipe();
    if (next.cell_types.empty()) {
        emit editRejected(tr("add a cell type first: a pathway connects two of them"));
        return false;
    }
    // The last pathway's settings for the first pair of types without a pathway.
    builder::Pathway w = next.pathways.empty() ? builder::Pathway{} : next.pathways.back();
    bool found = false;
    for (std::size_t i = 0; i < next.cell_types.size() && !found; ++i)
        for (std::size_t j = 0; j < next.cell_types.size() && !found; ++j) {
            const std::string& from = next.cell_types[i].name;
            const std::string& to = next.cell_types[j].name;
            found = std::none_of(next.pathways.begin(), next.pathways.end(),
                                 [&](const builder::Pathway& p) { return p.pre == from && p.post == to; });
            if (found) w.pre = from, w.post = to;
        }
    if (!found) {
        emit editRejected(tr("every pair of cell types already has a pathway"));
        return false;
    }
    next.pathways.push_back(w);
    return commit(next, tr("Add pathway"));
}

bool PathwayTableModel::removePathways(std::vector<int> rows) {
    std::sort(rows.rbegin(), rows.rend());
    Recipe next = recipe();
    for (const int row : rows)
        if (row >= 0 && row < static_cast<int>(next.pathways.size())) next.pathways.erase(next.pathways.begin() + row);
    return commit(next, rows.size() == 1 ? tr("Remove pathway") : tr("Remove %1 pathways").arg(rows.size()));
}

}  // namespace lamina::ui
