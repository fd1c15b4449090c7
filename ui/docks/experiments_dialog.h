#pragma once
// Simulation > Step Series / Paired Pulse: experiments on a copy of the selected cell
// (engine/session/cell_experiments.h), run off the GUI thread with Cancel: the cell's
// response to a series of current steps (f-I curve, adaptation index), and the PSP train
// a presynaptic cell's connection evokes at 10, 20 and 40 Hz (the classic depression /
// facilitation figure, amplitudes relative to the first).

#include <QDialog>
#include <QFutureWatcher>
#include <atomic>
#include <memory>

#include "engine/session/cell_experiments.h"
#include "engine/sim/network.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QTabWidget;

namespace lamina::ui {

class XYPlot;

class ExperimentsDialog : public QDialog {
    Q_OBJECT
public:
    enum Tab { steps, paired_pulse };
    ExperimentsDialog(std::shared_ptr<const sim::Network> network, sim::Gid cell, sim::RunOptions options, Tab tab,
                      QWidget* parent = nullptr);
    ~ExperimentsDialog() override;

    void runSteps();
    void runPairedPulse();
    bool busy() const { return watcher_.isRunning(); }
    void setTrials(int trials) { trials_ = trials; }  // per frequency (default 20)
    XYPlot* stepsPlot() const { return fi_plot_; }
    XYPlot* pairedPulsePlot() const { return pp_plot_; }
    QComboBox* presynapticChoice() const { return pre_; }
    void setPresynaptic(sim::Gid pre);  // a cell that connects to this one
    // PSPs, PSCs under voltage clamp, or automatic (PSCs when the cell would fire).
    QComboBox* recordingChoice() const { return recording_; }
    QString connectionDescription() const;
    const QString& summary() const { return summary_text_; }

signals:
    void finished();

private:
    struct Outcome {
        std::vector<session::StepResponse> steps;
        std::vector<session::PulseTrain> trains;
        QString error;
    };
    void start(std::function<Outcome()> work);
    void present(const Outcome& outcome);
    void describeConnection();

    std::shared_ptr<const sim::Network> network_;
    sim::Gid cell_;
    sim::RunOptions options_;
    QTabWidget* tabs_ = nullptr;
    XYPlot* fi_plot_ = nullptr;
    XYPlot* pp_plot_ = nullptr;
    QDoubleSpinBox* max_amp_ = nullptr;
    QComboBox* pre_ = nullptr;
    QComboBox* recording_ = nullptr;
    QLabel* connection_ = nullptr;  // the chosen connection's synapses
    QLabel* status_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QString summary_text_;
    int trials_ = 20;
    std::shared_ptr<std::atomic<bool>> cancel_flag_ = std::make_shared<std::atomic<bool>>(false);
    QFutureWatcher<Outcome> watcher_;
};

}  // namespace lamina::ui
