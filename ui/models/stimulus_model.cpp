#include "ui/models/stimulus_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>
#include <map>

#include "engine/errors.h"
#include "engine/sim/mechanism.h"
#include "ui/jobs/simulation_controller.h"

namespace lamina::ui {

namespace {
bool isClamp(StimulusModel::Kind kind) {
    return kind == StimulusModel::Kind::current_clamp || kind == StimulusModel::Kind::voltage_clamp;
}
}  // namespace

StimulusModel::StimulusModel(SimulationController* controller, QObject* parent)
    : QAbstractTableModel(parent), controller_(controller) {
    connect(controller_, &SimulationController::networkEdited, this, &StimulusModel::reload);
    connect(controller_, &SimulationController::probesChanged, this, &StimulusModel::reload);
    // A reset brings pending stimuli into the simulation: their status changes.
    connect(controller_, &SimulationController::resetDone, this, [this] {
        if (!rows_.empty()) emit dataChanged(index(0, status), index(rowCount() - 1, status));
    });
}

void StimulusModel::reload() {
    auto network = controller_->network();
    std::vector<Row> rows;
    if (network) {
        // Clamps, cell by cell in gid order.
        for (sim::Gid g = 0; g < network->size(); ++g) {
            if (!network->is_cell(g)) continue;
            const auto& placements = network->cell(g)->placements();
            for (std::uint32_t p = 0; p < placements.size(); ++p) {
                const std::string& mechanism = placements[p].mechanism;
                if (mechanism == "IClamp") rows.push_back({Kind::current_clamp, g, p, placements[p].where});
                if (mechanism == "SEClamp") rows.push_back({Kind::voltage_clamp, g, p, placements[p].where});
            }
        }
        // Probes next (few, and what a user looks for), the many spike inputs last.
        const auto probes = controller_->probes();
        for (std::uint32_t k = 0; k < probes.size(); ++k)
            rows.push_back({Kind::probe, probes[k].gid, k, probes[k].where});
        // Spike inputs, with the cells their connections reach.
        std::map<sim::Gid, std::pair<std::uint32_t, sim::Gid>> drives;  // source -> (cells, first cell)
        for (const sim::Connection& c : network->connections()) {
            if (network->is_neuron(c.source)) continue;  // spike sources only
            auto [it, fresh] = drives.try_emplace(c.source, 0, c.target);
            ++it->second.first;
        }
        for (sim::Gid g = 0; g < network->size(); ++g) {
            if (network->is_neuron(g)) continue;
            Row row{Kind::spike_input, g, 0};
            if (const auto it = drives.find(g); it != drives.end())
                row.targets = it->second.first, row.first_target = it->second.second;
            rows.push_back(row);
        }
    }
    const auto same = [](const Row& a, const Row& b) {
        return a.kind == b.kind && a.gid == b.gid && a.index == b.index && a.where.section == b.where.section &&
               a.where.x == b.where.x && a.targets == b.targets;
    };
    if (rows.size() == rows_.size() && std::equal(rows.begin(), rows.end(), rows_.begin(), same)) {
        // Only values changed (an edit in this table): keep the rows, so an open editor
        // and the selection survive.
        network_ = std::move(network);
        if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, column_count - 1));
        return;
    }
    beginResetModel();
    network_ = std::move(network);
    rows_ = std::move(rows);
    endResetModel();
}

int StimulusModel::rowOfClamp(sim::Gid gid, std::uint32_t placement) const {
    for (std::size_t r = 0; r < rows_.size(); ++r)
        if (isClamp(rows_[r].kind) && rows_[r].gid == gid && rows_[r].index == placement) return static_cast<int>(r);
    return -1;
}

int StimulusModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int StimulusModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : column_count;
}

const char* StimulusModel::parameterAt(const Row& row, int column) const {
    if (row.kind == Kind::current_clamp) {
        if (column == start) return "del";
        if (column == duration) return "dur";
        if (column == amplitude) return "amp";
    }
    if (row.kind == Kind::voltage_clamp) {
        if (column == duration) return "dur1";
        if (column == amplitude) return "amp1";
    }
    return nullptr;
}

double StimulusModel::parameterValue(const Row& row, const char* parameter) const {
    const sim::Placement& placement = network_->cell(row.gid)->placements().at(row.index);
    if (const auto it = placement.parameters.find(parameter); it != placement.parameters.end()) return it->second;
    for (const auto& p : sim::mechanism_info(placement.mechanism).parameters)
        if (p.name == parameter) return p.default_value;
    return 0.0;
}

QString StimulusModel::targetText(const Row& row) const {
    if (row.kind == Kind::spike_input) {
        if (row.targets == 0) return tr("source %1 (drives no cell)").arg(row.gid);
        if (row.targets == 1) return tr("source %1 → cell %2").arg(row.gid).arg(row.first_target);
        return tr("source %1 → %2 synapses").arg(row.gid).arg(row.targets);
    }
    QString section = tr("section %1").arg(row.where.section);
    if (network_ && row.gid < network_->size() && network_->is_cell(row.gid)) {
        const auto& sections = network_->cell(row.gid)->sections();
        if (row.where.section < sections.size() && !sections[row.where.section].name.empty())
            section = QString::fromStdString(sections[row.where.section].name);
    }
    return tr("cell %1 · %2(%3)").arg(row.gid).arg(section).arg(row.where.x, 0, 'f', 2);
}

QVariant StimulusModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& r = rows_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    if (const char* parameter = parameterAt(r, column); parameter && network_) {
        const double value = parameterValue(r, parameter);
        if (role == Qt::EditRole) return value;
        if (role == Qt::DisplayRole) {
            const QString units = column == amplitude ? (r.kind == Kind::current_clamp ? tr("nA") : tr("mV")) : tr("ms");
            return QStringLiteral("%1 %2").arg(value, 0, 'g', 6).arg(units);
        }
        if (role == Qt::ToolTipRole)
            return tr("Double-click to change; during a run the change applies from the next chunk");
    }
    // A clamp the running simulation does not have yet (added during a run).
    const bool waiting = column == status && isClamp(r.kind) && r.index >= controller_->livePointProcesses(r.gid);
    if (role == Qt::ToolTipRole && waiting) return tr("Added during a run: Reset (Ctrl+F5) to simulate with it");
    if (role == Qt::ForegroundRole && waiting) return QBrush(QColor(200, 120, 0));
    if (role != Qt::DisplayRole) return {};
    switch (column) {
        case kind:
            switch (r.kind) {
                case Kind::current_clamp: return tr("Current clamp");
                case Kind::voltage_clamp: return tr("Voltage clamp");
                case Kind::spike_input: return tr("Spike input");
                case Kind::probe: return tr("Voltage probe");
            }
            return {};
        case target: return targetText(r);
        case start:
            if (r.kind == Kind::voltage_clamp) return tr("0 ms");
            if (r.kind == Kind::spike_input) return tr("%1 ms").arg(network_->source(r.gid).start, 0, 'g', 6);
            return {};
        case duration:
            if (r.kind == Kind::spike_input) {
                const auto& source = network_->source(r.gid);
                if (source.stop >= 1e299) return tr("to the end");
                return tr("%1 ms").arg(source.stop - source.start, 0, 'g', 6);
            }
            return {};
        case amplitude:
            if (r.kind == Kind::spike_input) {
                const auto& source = network_->source(r.gid);
                switch (source.kind) {
                    case sim::SpikeSource::Kind::poisson: return tr("Poisson, %1 Hz").arg(source.interval_or_rate, 0, 'g', 6);
                    case sim::SpikeSource::Kind::regular: return tr("every %1 ms").arg(source.interval_or_rate, 0, 'g', 6);
                    case sim::SpikeSource::Kind::explicit_times: return tr("%n spike(s)", "", static_cast<int>(source.times.size()));
                }
            }
            return {};
        case status:
            if (r.kind == Kind::probe) return tr("recording");
            if (isClamp(r.kind))
                return waiting ? tr("from next reset") : tr("in the simulation");
            return {};
        default: return {};
    }
}

bool StimulusModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !index.isValid() || index.row() >= rowCount()) return false;
    const Row r = rows_[static_cast<std::size_t>(index.row())];
    const char* parameter = parameterAt(r, index.column());
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!parameter || !ok) return false;
    try {
        // The controller's networkEdited signal reloads the table (and this row's value).
        controller_->setStimulusParameter(r.gid, r.index, parameter, number);
    } catch (const Error& e) {
        emit editRejected(tr("Cell %1: %2").arg(r.gid).arg(QString::fromStdString(e.what())));
        return false;
    }
    return true;
}

Qt::ItemFlags StimulusModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (parameterAt(rows_[static_cast<std::size_t>(index.row())], index.column())) f |= Qt::ItemIsEditable;
    return f;
}

QVariant StimulusModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case kind: return tr("Kind");
        case target: return tr("Where");
        case start: return tr("Start");
        case duration: return tr("Duration");
        case amplitude: return tr("Amplitude");
        case status: return tr("Status");
        default: return {};
    }
}

}  // namespace lamina::ui
