#pragma once
// The Stimuli and recordings dock: the table of clamps, spike inputs and probes
// (StimulusModel), and the stimulus to add — current or voltage clamp, start, duration,
// amplitude — placed by clicking a section in the 3D view (S) or on the soma of the
// selected cell. Selecting a row selects its cell everywhere.

#include <QObject>

#include "engine/sim/network.h"

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QMainWindow;
class QMenu;
class QPushButton;
class QTableView;

namespace lamina::ui {

class CircuitScenePanel;
class SimulationPanel;
class StimulusModel;

class StimulusPanel : public QObject {
    Q_OBJECT
public:
    struct NewStimulus {
        bool voltage_clamp = false;
        double start = 20.0;      // [ms]
        double duration = 200.0;  // [ms]
        double amplitude = 0.5;   // [nA] for a current clamp, [mV] for a voltage clamp
    };

    StimulusPanel(QMainWindow* window, SimulationPanel* simulation, CircuitScenePanel* scene, QMenu* view_menu);

    StimulusModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    // Checked: the next click on a section in the 3D view places the new stimulus there.
    QAction* placeStimulusAction() const { return place_action_; }
    NewStimulus newStimulus() const;
    void setNewStimulus(const NewStimulus& stimulus);
    // Places the new stimulus at (section, x) of a cell; false, with a status message,
    // when the engine refuses it.
    bool addStimulus(sim::Gid gid, const sim::Location& where);
    // Removes the clamp in table row `row` (only at t = 0).
    bool removeRow(int row);

signals:
    void statusMessage(const QString& message);

private:
    void onKindChanged();

    SimulationPanel* simulation_;
    StimulusModel* model_ = nullptr;
    QTableView* table_ = nullptr;
    QAction* place_action_ = nullptr;
    QComboBox* kind_ = nullptr;
    QDoubleSpinBox *start_ = nullptr, *duration_ = nullptr, *amplitude_ = nullptr;
    QPushButton *soma_button_ = nullptr, *remove_button_ = nullptr;
    sim::Gid selected_ = static_cast<sim::Gid>(-1);
};

}  // namespace lamina::ui
