#include "ui/models/inspector_model.h"


#include "engine/circuit/placement.h"
#include "engine/sim/discretization.h"

namespace lamina::ui {

namespace {

QString parameters_text(const std::map<std::string, double>& parameters) {
    QStringList parts;
    for (const auto& [name, value] : parameters) parts << QStringLiteral("%1 = %2").arg(QString::fromStdString(name)).arg(value);
    return parts.isEmpty() ? QObject::tr("defaults") : parts.join(", ");
}

// A parameter distributed by path distance, over the region's compartment centres:
// where it is smallest and largest ("2.43e-04 at 0 µm … 1.54e-02 at 1300 µm, 377 compartments").
QString distribution_text(const sim::CellDescription& cell, const std::string& region, const sim::Distribution& f) {
    double low = 0, high = 0, at_low = 0, at_high = 0;
    std::size_t count = 0;
    for (const std::uint32_t s : cell.region_sections(region)) {
        const int nseg = sim::nseg_for(cell, s);
        for (int k = 0; k < nseg; ++k) {
            const double d = cell.path_distance({s, (k + 0.5) / nseg});
            const double value = f(d);
            if (count == 0 || value < low) low = value, at_low = d;
            if (count == 0 || value > high) high = value, at_high = d;
            ++count;
        }
    }
    if (count == 0) return QObject::tr("distributed, on no compartment");
    return QObject::tr("%1 at %2 µm … %3 at %4 µm, %5 compartments")
        .arg(low, 0, 'g', 3)
        .arg(at_low, 0, 'f', 0)
        .arg(high, 0, 'g', 3)
        .arg(at_high, 0, 'f', 0)
        .arg(count);
}

}  // namespace

QString connectionText(const session::ConnectionSummary& c) {
    QStringList parts;
    const auto nS = [](double us) { return QString::number(us * 1000.0, 'g', 3); };
    const QString weight = c.weight_low == c.weight_high ? nS(c.weight_low) : nS(c.weight_low) + "–" + nS(c.weight_high);
    parts << QObject::tr("%1 × %2, %3 nS each").arg(c.synapses).arg(QString::fromStdString(c.mechanism), weight);
    for (const auto& [name, value] : c.plasticity) {
        if (name == "Use") parts << QStringLiteral("U %1").arg(value, 0, 'f', 2);
        else if (name == "Dep") parts << QStringLiteral("D %1 ms").arg(value, 0, 'g', 4);
        else if (name == "Fac") parts << QStringLiteral("F %1 ms").arg(value, 0, 'g', 4);
        else parts << QStringLiteral("%1 %2").arg(QString::fromStdString(name)).arg(value, 0, 'g', 4);
    }
    parts << QObject::tr("delay %1 ms").arg(c.delay, 0, 'g', 3);
    return parts.join(", ");
}

void InspectorModel::showCell(const sim::Network& network, sim::Gid gid, const circuit::NodePopulation* population,
                              std::uint64_t node) {
    beginResetModel();
    rows_.clear();
    auto add = [this](const QString& property, const QString& value, const QString& variable = {}) {
        rows_.push_back({property, value, variable, std::nullopt});
    };
    add(tr("Cell"), tr("gid %1").arg(gid));
    if (population) {
        add(tr("Population / node"), QStringLiteral("%1 / %2").arg(QString::fromStdString(population->name)).arg(node));
        for (const char* attribute : {"model_type", "layer", "mtype", "etype", "morphology", "dynamics_params"}) {
            const std::string value = population->text(attribute, node);
            if (!value.empty()) add(QString::fromLatin1(attribute), QString::fromStdString(value));
        }
        const auto where = circuit::node_placement(*population, node).position;
        add(tr("Position"), QStringLiteral("%1, %2, %3 µm").arg(where.x(), 0, 'f', 1).arg(where.y(), 0, 'f', 1).arg(where.z(), 0, 'f', 1));
    }
    if (gid < network.size() && network.is_point(gid)) {
        const sim::PointNeuron& n = network.point_neuron(gid);
        add(tr("Point neuron"), QString::fromStdString(sim::point_model_name(n.model)));
        QStringList parameters;  // in the model's own names, as its simulator lists them
        for (const auto& [name, value] : sim::point_neuron_parameters(n)) parameters << QStringLiteral("%1 %2").arg(QString::fromStdString(name)).arg(value);
        add(tr("Parameters"), parameters.join(QStringLiteral(", ")));
        add(tr("Weights in"), QString::fromLatin1(sim::point_weight_unit(n.model)));
        if (n.drive.rate > 0) add(tr("Poisson drive"), tr("%1 Hz x %2").arg(n.drive.rate).arg(n.drive.weight));
    } else if (gid < network.size() && !network.is_cell(gid)) {
        const sim::SpikeSource& source = network.source(gid);
        static const char* const kinds[] = {"regular", "Poisson", "explicit times"};
        add(tr("Spike source"), QString::fromLatin1(kinds[static_cast<int>(source.kind)]));
        if (source.kind == sim::SpikeSource::Kind::explicit_times) add(tr("Spikes"), QString::number(source.times.size()));
        else add(tr("Rate or interval"), QString::number(source.interval_or_rate));
    } else if (gid < network.size()) {
        const sim::CellDescription& cell = *network.cell(gid);
        const sim::Discretization layout = sim::discretize(cell);
        add(tr("Sections"), QString::number(cell.sections().size()));
        add(tr("Compartments"), QString::number(layout.size()));
        double area = 0;  // zero-area end nodes carry a nominal 100 µm² and no membrane
        for (std::size_t k = 0; k < layout.size(); ++k)
            if (layout.has_membrane(static_cast<std::uint32_t>(k))) area += layout.area[k];
        add(tr("Membrane area"), QStringLiteral("%1 µm²").arg(area, 0, 'f', 0));
        for (const auto& painting : cell.paintings()) {
            const QString where = tr("%1 on %2").arg(QString::fromStdString(painting.mechanism), QString::fromStdString(painting.region));
            add(where, parameters_text(painting.parameters));
            for (const auto& [parameter, f] : painting.distributed)
                add(tr("%1 (%2)").arg(QString::fromStdString(parameter), where), distribution_text(cell, painting.region, f),
                    QString::fromStdString(painting.mechanism + "." + parameter));
        }
        for (const auto& ion : cell.ion_paintings())
            if (ion.settings.reversal)
                add(tr("e%1 on %2").arg(QString::fromStdString(ion.ion), QString::fromStdString(ion.region)),
                    QStringLiteral("%1 mV").arg(*ion.settings.reversal));
        for (const auto& placement : cell.placements())
            add(tr("%1 at section %2, x = %3")
                    .arg(QString::fromStdString(placement.mechanism))
                    .arg(placement.where.section)
                    .arg(placement.where.x),
                parameters_text(placement.parameters));
        add(tr("Spike detector"), tr("section %1, x = %2, %3 mV")
                                      .arg(cell.detector().where.section)
                                      .arg(cell.detector().where.x)
                                      .arg(cell.detector().threshold));
        std::size_t outgoing = 0, incoming = 0;
        for (const auto& c : network.connections()) outgoing += c.source == gid, incoming += c.target == gid;
        add(tr("Connections in / out"), QStringLiteral("%1 / %2").arg(incoming).arg(outgoing));
        // Each presynaptic cell's connection (a click runs its trains); inputs summed up.
        std::size_t inputs = 0, input_synapses = 0;
        double input_low = 0, input_high = 0;
        for (const session::ConnectionSummary& c : session::incoming_connections(network, gid)) {
            if (c.from_cell) {
                add(tr("From gid %1").arg(c.pre), connectionText(c));
                rows_.back().presynaptic = c.pre;
                continue;
            }
            input_low = inputs == 0 ? c.weight_low : std::min(input_low, c.weight_low);
            input_high = inputs == 0 ? c.weight_high : std::max(input_high, c.weight_high);
            ++inputs;
            input_synapses += c.synapses;
        }
        if (inputs > 0)
            add(tr("Inputs"), tr("%1 spike sources onto %2 synapses, %3–%4 nS")
                                  .arg(inputs)
                                  .arg(input_synapses)
                                  .arg(input_low * 1000.0, 0, 'g', 3)
                                  .arg(input_high * 1000.0, 0, 'g', 3));
    }
    endResetModel();
}

void InspectorModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

QString InspectorModel::valueOf(const QString& property) const {
    for (const auto& row : rows_)
        if (row.property == property) return row.value;
    return {};
}

QString InspectorModel::variableAt(int row) const {
    return row >= 0 && static_cast<std::size_t>(row) < rows_.size() ? rows_[static_cast<std::size_t>(row)].variable : QString();
}

int InspectorModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int InspectorModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

std::optional<sim::Gid> InspectorModel::presynapticAt(int row) const {
    if (row < 0 || static_cast<std::size_t>(row) >= rows_.size()) return std::nullopt;
    return rows_[static_cast<std::size_t>(row)].presynaptic;
}

QVariant InspectorModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) return {};
    const auto& row = rows_.at(static_cast<std::size_t>(index.row()));
    if (role == Qt::ToolTipRole && !row.variable.isEmpty())
        return tr("%1\nClick to plot %2 against distance below").arg(row.value, row.variable);
    if (role == Qt::ToolTipRole && row.presynaptic)
        return tr("%1\nClick to drive this connection at 10, 20 and 40 Hz on a copy (paired pulse)").arg(row.value);
    return index.column() == PropertyColumn ? row.property : row.value;
}

QVariant InspectorModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == PropertyColumn ? tr("Property") : tr("Value");
}

}  // namespace lamina::ui
