#include "ui/docks/experiments_dialog.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrent>
#include <cmath>
#include <set>

#include "ui/models/category_colors.h"
#include "ui/models/inspector_model.h"
#include "ui/views/xy_plot.h"

namespace lamina::ui {

namespace {
constexpr double frequencies[] = {10.0, 20.0, 40.0};  // [Hz]
constexpr int train_spikes = 8, step_count = 8;
}  // namespace

ExperimentsDialog::ExperimentsDialog(std::shared_ptr<const sim::Network> network, sim::Gid cell, sim::RunOptions options,
                                     Tab tab, QWidget* parent)
    : QDialog(parent), network_(std::move(network)), cell_(cell), options_(options) {
    setObjectName("experimentsDialog");
    setWindowTitle(tr("Experiments on a copy of cell %1").arg(cell));
    tabs_ = new QTabWidget;

    auto* steps_page = new QWidget;
    auto* steps_layout = new QVBoxLayout(steps_page);
    auto* steps_form = new QFormLayout;
    max_amp_ = new QDoubleSpinBox;
    max_amp_->setRange(0.01, 10);
    max_amp_->setDecimals(2);
    max_amp_->setValue(0.5);
    max_amp_->setSuffix(tr(" nA"));
    max_amp_->setToolTip(tr("The largest step; %1 steps from 0 up to it, each 500 ms").arg(step_count));
    steps_form->addRow(tr("Largest step"), max_amp_);
    steps_layout->addLayout(steps_form);
    fi_plot_ = new XYPlot(tr("step (nA)"), tr("rate (Hz)"));
    steps_layout->addWidget(fi_plot_);
    auto* run_steps = new QPushButton(tr("Run steps"));
    run_steps->setToolTip(tr("Steps onto a copy of the cell alone (its synapses silent), off the GUI thread"));
    connect(run_steps, &QPushButton::clicked, this, &ExperimentsDialog::runSteps);
    steps_layout->addWidget(run_steps);
    tabs_->addTab(steps_page, tr("Step series (f–I)"));

    auto* pp = new QWidget;
    auto* pp_layout = new QVBoxLayout(pp);
    auto* pp_form = new QFormLayout;
    pre_ = new QComboBox;
    pre_->setToolTip(tr("A presynaptic cell: its connection's synapses onto this cell are driven"));
    std::set<sim::Gid> sources;
    for (const auto& c : network_->connections())
        if (c.target == cell_ && network_->is_cell(c.source)) sources.insert(c.source);
    for (const sim::Gid g : sources) pre_->addItem(tr("gid %1").arg(g), QVariant::fromValue(g));
    pp_form->addRow(tr("From"), pre_);
    connection_ = new QLabel;
    connection_->setObjectName("connectionDescription");
    connection_->setWordWrap(true);
    pp_form->addRow(tr("Synapses"), connection_);
    recording_ = new QComboBox;
    recording_->setObjectName("trainRecording");
    recording_->addItem(tr("Automatic: PSPs, PSCs if the cell fires"), static_cast<int>(session::TrainRecording::automatic));
    recording_->addItem(tr("PSPs (current clamp)"), static_cast<int>(session::TrainRecording::potential));
    recording_->addItem(tr("PSCs (voltage clamp at v_init)"), static_cast<int>(session::TrainRecording::clamp_current));
    recording_->setToolTip(tr("A cell the train makes fire hides its PSPs under spikes; holding its soma at v_init "
                              "with a voltage clamp measures the currents instead"));
    pp_form->addRow(tr("Record"), recording_);
    connect(pre_, &QComboBox::currentIndexChanged, this, &ExperimentsDialog::describeConnection);
    describeConnection();
    pp_layout->addLayout(pp_form);
    pp_plot_ = new XYPlot(tr("spike in the train"), tr("response / first response"));
    pp_layout->addWidget(pp_plot_);
    auto* run_pp = new QPushButton(tr("Run trains"));
    run_pp->setToolTip(tr("%1 spikes at 10, 20 and 40 Hz through the connection onto a copy of this cell, "
                          "averaged over %2 trials of stochastic release")
                           .arg(train_spikes)
                           .arg(trials_));
    run_pp->setEnabled(!sources.empty());
    connect(run_pp, &QPushButton::clicked, this, &ExperimentsDialog::runPairedPulse);
    pp_layout->addWidget(run_pp);
    tabs_->addTab(pp, tr("Paired pulse"));
    tabs_->setCurrentIndex(tab == paired_pulse ? 1 : 0);

    status_ = new QLabel(sources.empty() && tab == paired_pulse ? tr("No cell connects to this one.") : QString());
    status_->setWordWrap(true);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    connect(cancel_, &QPushButton::clicked, this, [this] { *cancel_flag_ = true; });
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(status_, 1);
    bottom->addWidget(cancel_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs_);
    layout->addLayout(bottom);
    connect(&watcher_, &QFutureWatcher<Outcome>::finished, this, [this] {
        cancel_->setEnabled(false);
        present(watcher_.result());
        emit finished();
    });
    resize(560, 420);
}

ExperimentsDialog::~ExperimentsDialog() {
    *cancel_flag_ = true;
    watcher_.waitForFinished();
}

void ExperimentsDialog::start(std::function<Outcome()> work) {
    if (watcher_.isRunning()) return;
    *cancel_flag_ = false;
    cancel_->setEnabled(true);
    status_->setText(tr("running on a copy…"));
    watcher_.setFuture(QtConcurrent::run([work = std::move(work)] {
        try {
            return work();
        } catch (const std::exception& e) {
            Outcome failed;
            failed.error = QString::fromStdString(e.what());
            return failed;
        }
    }));
}

void ExperimentsDialog::runSteps() {
    tabs_->setCurrentIndex(0);
    std::vector<double> amplitudes;
    for (int k = 0; k < step_count; ++k) amplitudes.push_back(max_amp_->value() * k / (step_count - 1));
    start([network = network_, cell = cell_, options = options_, amplitudes, cancel = cancel_flag_] {
        Outcome out;
        out.steps = session::step_series(*network, cell, amplitudes, 500, options, cancel.get());
        return out;
    });
}

void ExperimentsDialog::runPairedPulse() {
    tabs_->setCurrentIndex(1);
    if (pre_->currentIndex() < 0) return;
    const auto pre = pre_->currentData().value<sim::Gid>();
    const auto recording = static_cast<session::TrainRecording>(recording_->currentData().toInt());
    start([network = network_, cell = cell_, options = options_, pre, trials = trials_, cancel = cancel_flag_, recording] {
        Outcome out;
        for (const double f : frequencies) {
            if (cancel->load()) break;
            out.trains.push_back(
                session::connection_train(*network, pre, cell, f, train_spikes, trials, options, cancel.get(), recording));
        }
        return out;
    });
}

void ExperimentsDialog::setPresynaptic(sim::Gid pre) {
    const int at = pre_->findData(QVariant::fromValue(pre));
    if (at >= 0) pre_->setCurrentIndex(at);
}

QString ExperimentsDialog::connectionDescription() const { return connection_->text(); }

void ExperimentsDialog::describeConnection() {
    connection_->clear();
    if (pre_->currentIndex() < 0) return;
    const auto pre = pre_->currentData().value<sim::Gid>();
    for (const auto& c : session::incoming_connections(*network_, cell_))
        if (c.pre == pre) connection_->setText(connectionText(c));
}

void ExperimentsDialog::present(const Outcome& outcome) {
    if (!outcome.error.isEmpty()) {
        status_->setText(tr("failed: %1").arg(outcome.error));
        return;
    }
    if (!outcome.steps.empty()) {
        XYPlot::Series fi{tr("rate"), categoryColor(0), {}, {}};
        QString text;
        for (const auto& r : outcome.steps) {
            fi.x.push_back(r.amplitude);
            fi.y.push_back(r.rate);
        }
        const auto& last = outcome.steps.back();
        text = tr("%1 Hz at %2 nA; adaptation index %3")
                   .arg(last.rate, 0, 'f', 0)
                   .arg(last.amplitude, 0, 'f', 2)
                   .arg(std::isnan(last.adaptation) ? tr("— (under 3 spikes)") : QString::number(last.adaptation, 'f', 3));
        fi_plot_->setSeries({fi});
        summary_text_ = text;
    }
    if (!outcome.trains.empty()) {
        std::vector<XYPlot::Series> series;
        QStringList ratios;
        for (std::size_t i = 0; i < outcome.trains.size(); ++i) {
            const auto& t = outcome.trains[i];
            XYPlot::Series s{tr("%1 Hz").arg(t.frequency), categoryColor(i), {}, {}};
            for (std::size_t k = 0; k < t.amplitudes.size(); ++k) {
                s.x.push_back(static_cast<double>(k + 1));
                s.y.push_back(t.amplitudes[0] > 0 ? t.amplitudes[k] / t.amplitudes[0] : 0.0);
            }
            if (t.amplitudes.size() > 1 && t.amplitudes[0] > 0)
                ratios << tr("%1 Hz: %2").arg(t.frequency).arg(t.amplitudes[1] / t.amplitudes[0], 0, 'f', 2);
            series.push_back(std::move(s));
        }
        pp_plot_->setSeries(std::move(series));
        const session::PulseTrain& first = outcome.trains.front();
        const double first_amplitude = first.amplitudes.empty() ? 0.0 : first.amplitudes[0];
        summary_text_ = first.clamped ? tr("paired-pulse ratio %1; first PSC %2 nA at %3 mV")
                                            .arg(ratios.join(", "))
                                            .arg(first_amplitude, 0, 'g', 3)
                                            .arg(first.holding, 0, 'f', 0)
                                      : tr("paired-pulse ratio %1; first PSP %2 mV").arg(ratios.join(", ")).arg(first_amplitude, 0, 'f', 2);
        if (first.firing_trials > 0 && first.clamped)
            summary_text_ += tr(" (the cell fired in current clamp: recorded under voltage clamp)");
        else if (first.firing_trials > 0)
            summary_text_ += tr(" (the cell fired in %1 of %2 trials: spikes ride on the PSPs)").arg(first.firing_trials).arg(first.trials);
    }
    status_->setText(*cancel_flag_ ? tr("cancelled: %1").arg(summary_text_) : summary_text_);
}

}  // namespace lamina::ui
