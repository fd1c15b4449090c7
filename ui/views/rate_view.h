#pragma once
// Live firing rates by group (layer): one horizontal bar per group, the mean rate of its
// cells over the last `window` ms of the run so far, updated as spikes arrive.

#include <QStringList>
#include <QWidget>
#include <map>
#include <vector>

#include "engine/sim/recording.h"

namespace lamina::ui {

class RateView : public QWidget {
    Q_OBJECT
public:
    explicit RateView(QWidget* parent = nullptr);
    // The group of each cell (index into `names`); cells in no group are not counted.
    void setGroups(const std::map<sim::Gid, std::size_t>& group, QStringList names);
    // Rates from `spikes` (sorted by time) over (now - window, now]; spikes of other
    // gids are ignored.
    void showRates(const std::vector<sim::Spike>& spikes, double now);
    void clearData();
    const std::vector<double>& rates() const { return rates_; }  // [Hz] per group
    const QStringList& names() const { return names_; }
    double window() const { return window_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::map<sim::Gid, std::size_t> group_;
    QStringList names_;
    std::vector<std::size_t> cells_;
    std::vector<double> rates_;
    double window_ = 200.0;  // [ms]
    double now_ = 0.0;
};

}  // namespace lamina::ui
