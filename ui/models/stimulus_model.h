#pragma once
// The Stimuli and recordings table: every current clamp (IClamp) and voltage clamp
// (SEClamp) placed on a cell, every probe, and every spike input (a spike source with
// the cells it drives), in that order, with their parameters. Clamp timing and amplitude are
// editable; an edit goes to the controller, which keeps it in the model and applies it
// to the running simulation too.

#include <QAbstractTableModel>
#include <vector>

#include "engine/sim/network.h"

namespace lamina::ui {

class SimulationController;

class StimulusModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { kind, target, start, duration, amplitude, status, column_count };
    enum class Kind { current_clamp, voltage_clamp, spike_input, probe };
    struct Row {
        Kind kind;
        sim::Gid gid;              // the cell (clamps, probes) or the source (spike inputs)
        std::uint32_t index;       // point process on the cell, or probe number
        sim::Location where{0, 0.5};
        std::uint32_t targets = 0;  // spike inputs: how many cells they drive,
        sim::Gid first_target = 0;  // and the first of them
    };

    explicit StimulusModel(SimulationController* controller, QObject* parent = nullptr);

    // Reads the controller's network and probes again (connected to its signals).
    void reload();
    const Row& row(int r) const { return rows_.at(static_cast<std::size_t>(r)); }
    // The row of a clamp (kind current or voltage) by cell and point process, or -1.
    int rowOfClamp(sim::Gid gid, std::uint32_t placement) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    // An edit the engine refused (the message names the value and why).
    void editRejected(const QString& message);

private:
    // The mechanism parameter behind an editable cell, or nullptr.
    const char* parameterAt(const Row& row, int column) const;
    double parameterValue(const Row& row, const char* parameter) const;
    QString targetText(const Row& row) const;

    SimulationController* controller_;
    std::shared_ptr<const sim::Network> network_;
    std::vector<Row> rows_;
};

}  // namespace lamina::ui
