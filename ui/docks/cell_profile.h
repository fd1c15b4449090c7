#pragma once
// The Inspector's profile: one variable of the selected cell at every compartment
// against distance from the soma (ProfilePlot), chosen from everything the cell has —
// a channel's density (Ih.gIhbar), an ion's value (cai), a state (Ih.m) or v at the
// present moment. Values come from the running simulation, between its chunks, so the
// plot shows what is simulated, not what a file meant.

#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

#include "engine/morphology/morphology.h"
#include "engine/sim/network.h"

class QComboBox;

namespace lamina::ui {

class ProfilePlot;
class SimulationController;

class CellProfile : public QWidget {
    Q_OBJECT
public:
    CellProfile(SimulationController* controller, QWidget* parent = nullptr);
    // The cell to profile; keeps the chosen variable when the cell has it, else picks
    // its first distributed parameter (the interesting one), else v.
    void showCell(const sim::Network& network, sim::Gid gid);
    void clear();
    // Plots `variable` ("Ih.gIhbar") when the cell has it; false otherwise.
    bool setVariable(const QString& variable);
    QString variable() const;
    ProfilePlot* plot() const { return plot_; }

private:
    void request();
    void onValues(sim::Gid gid, const QString& variable, const std::vector<double>& values, const QString& error);

    SimulationController* controller_;
    QComboBox* choice_ = nullptr;
    ProfilePlot* plot_ = nullptr;
    sim::Gid gid_ = 0;
    bool has_cell_ = false;
    std::vector<double> distance_;     // per compartment of the cell, in the engine's order
    std::vector<SectionType> type_;
};

}  // namespace lamina::ui
