#include "ui/views/xy_plot.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace lamina::ui {

XYPlot::XYPlot(QString x_label, QString y_label, QWidget* parent)
    : QWidget(parent), x_label_(std::move(x_label)), y_label_(std::move(y_label)) {
    setMinimumSize(320, 220);
}

void XYPlot::setSeries(std::vector<Series> series) {
    series_ = std::move(series);
    update();
}

void XYPlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const QRectF area(52, 12, width() - 64, height() - 44);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawRect(area);
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    bool any = false;
    for (const auto& s : series_)
        for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
            if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) continue;
            if (!any) x0 = x1 = s.x[k], y0 = y1 = s.y[k];
            x0 = std::min(x0, s.x[k]), x1 = std::max(x1, s.x[k]);
            y0 = std::min(y0, s.y[k]), y1 = std::max(y1, s.y[k]);
            any = true;
        }
    y0 = std::min(y0, 0.0);
    if (x1 <= x0) x1 = x0 + 1;
    if (y1 <= y0) y1 = y0 + 1;
    y1 += 0.08 * (y1 - y0);
    const auto at = [&](double x, double y) {
        return QPointF(area.left() + (x - x0) / (x1 - x0) * area.width(), area.bottom() - (y - y0) / (y1 - y0) * area.height());
    };
    painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 16), Qt::AlignCenter, x_label_);
    painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 16), Qt::AlignLeft, QString::number(x0, 'g', 3));
    painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 16), Qt::AlignRight, QString::number(x1, 'g', 3));
    painter.drawText(QRectF(0, area.top(), area.left() - 4, 16), Qt::AlignRight, QString::number(y1, 'g', 3));
    painter.drawText(QRectF(0, area.bottom() - 16, area.left() - 4, 16), Qt::AlignRight, QString::number(y0, 'g', 3));
    painter.save();
    painter.translate(12, area.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-area.height() / 2, -10, area.height(), 16), Qt::AlignCenter, y_label_);
    painter.restore();
    if (!any) {
        painter.drawText(area, Qt::AlignCenter, tr("press Run"));
        return;
    }
    for (std::size_t i = 0; i < series_.size(); ++i) {
        const auto& s = series_[i];
        QPainterPath path;
        bool started = false;
        painter.setPen(QPen(s.colour, 2));
        for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
            if (!std::isfinite(s.y[k])) continue;
            const QPointF p = at(s.x[k], s.y[k]);
            started ? path.lineTo(p) : path.moveTo(p);
            started = true;
            painter.drawEllipse(p, 2.5, 2.5);
        }
        painter.drawPath(path);
        painter.drawText(QRectF(area.right() - 150, area.top() + 4 + 16 * static_cast<double>(i), 146, 16), Qt::AlignRight, s.name);
    }
}

}  // namespace lamina::ui
