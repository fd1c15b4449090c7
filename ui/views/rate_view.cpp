#include "ui/views/rate_view.h"

#include <QPainter>
#include <algorithm>

#include "ui/models/category_colors.h"

namespace lamina::ui {

RateView::RateView(QWidget* parent) : QWidget(parent) {
    setObjectName("rateView");
    setMinimumSize(160, 120);
    setToolTip(tr("Mean firing rate of each layer's cells over the last 200 ms of the run"));
}

void RateView::setGroups(const std::map<sim::Gid, std::size_t>& group, QStringList names) {
    group_ = group;
    names_ = std::move(names);
    cells_.assign(static_cast<std::size_t>(names_.size()), 0);
    for (const auto& [gid, k] : group_)
        if (k < cells_.size()) ++cells_[k];
    clearData();
}

void RateView::clearData() {
    rates_.assign(cells_.size(), 0.0);
    now_ = 0;
    update();
}

void RateView::showRates(const std::vector<sim::Spike>& spikes, double now) {
    now_ = now;
    const double from = std::max(0.0, now - window_), span = now - from;
    std::vector<std::size_t> count(cells_.size(), 0);
    const auto first = std::upper_bound(spikes.begin(), spikes.end(), from,
                                        [](double t, const sim::Spike& s) { return t < s.time; });
    for (auto it = first; it != spikes.end() && it->time <= now; ++it) {
        const auto g = group_.find(it->gid);
        if (g != group_.end() && g->second < count.size()) ++count[g->second];
    }
    for (std::size_t k = 0; k < rates_.size(); ++k)
        rates_[k] = span > 0 && cells_[k] ? static_cast<double>(count[k]) / static_cast<double>(cells_[k]) / (span * 1e-3)
                                          : 0.0;
    update();
}

void RateView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::Text));
    if (names_.isEmpty()) {
        painter.drawText(rect(), Qt::AlignCenter, tr("rates by layer: open a circuit with layers"));
        return;
    }
    const double top = *std::max_element(rates_.begin(), rates_.end());
    const double scale = std::max(10.0, top * 1.2);  // [Hz] at full width
    const int rows = static_cast<int>(names_.size());
    const double row_height = std::max(8.0, (height() - 20.0) / rows);
    const double label = 48, right = 64, bar_width = std::max(10.0, width() - label - right);
    for (int k = 0; k < rows; ++k) {
        const double y = 4 + k * row_height;
        const QRectF name(0, y, label - 4, row_height);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(name, Qt::AlignRight | Qt::AlignVCenter, names_[k]);
        const double rate = rates_[static_cast<std::size_t>(k)];
        painter.fillRect(QRectF(label, y + 2, bar_width * rate / scale, row_height - 4), categoryColor(static_cast<std::size_t>(k)));
        painter.drawText(QRectF(label + bar_width + 4, y, right - 4, row_height), Qt::AlignLeft | Qt::AlignVCenter,
                         QString::number(rate, 'f', 1) + tr(" Hz"));
    }
    painter.drawText(QRectF(0, height() - 16, width() - 4, 16), Qt::AlignRight,
                     tr("last %1 ms, t = %2 ms").arg(window_).arg(now_, 0, 'f', 0));
}

}  // namespace lamina::ui
