#include "ui/views/profile_plot.h"

#include <QPainter>
#include <algorithm>
#include <cmath>
#include <set>

#include "render/morphology_geometry.h"
#include "ui/views/plot_ticks.h"

namespace lamina::ui {

namespace {
constexpr double left_margin = 64, right_margin = 12, top_margin = 24, bottom_margin = 20;

QColor colourOf(SectionType type) {
    const auto c = render::sectionTypeColor(type);
    return QColor(c[0], c[1], c[2]);
}

QString typeName(SectionType type) {
    switch (type) {
        case SectionType::soma: return QObject::tr("soma");
        case SectionType::axon: return QObject::tr("axon");
        case SectionType::basal_dendrite: return QObject::tr("basal");
        case SectionType::apical_dendrite: return QObject::tr("apical");
        default: return QObject::tr("other");
    }
}
}  // namespace

ProfilePlot::ProfilePlot(QWidget* parent) : QWidget(parent) {
    setObjectName("profilePlot");
    setMinimumHeight(140);
    setToolTip(tr("The chosen value at every compartment against its path distance from the soma"));
}

void ProfilePlot::setProfile(const QString& title, const QString& unit, std::vector<Point> points) {
    points.erase(std::remove_if(points.begin(), points.end(), [](const Point& p) { return !std::isfinite(p.value); }),
                 points.end());
    title_ = title;
    unit_ = unit;
    points_ = std::move(points);
    message_ = points_.empty() ? tr("%1: on no compartment of this cell").arg(title) : QString();
    update();
}

void ProfilePlot::showMessage(const QString& message) {
    points_.clear();
    title_.clear();
    message_ = message;
    update();
}

void ProfilePlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setPen(palette().color(QPalette::Text));
    if (points_.empty()) {
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, message_);
        return;
    }
    const QRectF area(left_margin, top_margin, std::max(1.0, width() - left_margin - right_margin),
                      std::max(1.0, height() - top_margin - bottom_margin));
    double d_hi = 0, lo = points_.front().value, hi = lo;
    for (const Point& p : points_) d_hi = std::max(d_hi, p.distance), lo = std::min(lo, p.value), hi = std::max(hi, p.value);
    d_hi = std::max(d_hi, 1.0);
    if (hi - lo <= 1e-12 * std::max(std::abs(hi), 1e-300)) {
        const double half = std::abs(hi) > 0 ? 0.1 * std::abs(hi) : 1.0;
        lo -= half, hi += half;
    }
    const double pad = 0.05 * (hi - lo);
    lo -= pad, hi += pad;
    const auto x_of = [&](double d) { return area.left() + d / d_hi * area.width(); };
    const auto y_of = [&](double v) { return area.bottom() - (v - lo) / (hi - lo) * area.height(); };

    // Axes: distance along the bottom, the value on the left.
    const QColor grid = palette().color(QPalette::Midlight);
    const double d_step = nice_step(d_hi, 5);
    const QString d_label = tr("µm from soma");
    const double d_label_width = painter.fontMetrics().horizontalAdvance(d_label) + 8;
    for (double d = 0; d <= d_hi + 1e-9; d += d_step) {
        painter.setPen(grid);
        painter.drawLine(QPointF(x_of(d), area.top()), QPointF(x_of(d), area.bottom()));
        if (x_of(d) + 20 > area.right() - d_label_width) continue;  // room for the unit
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(x_of(d) - 30, area.bottom() + 3, 60, 14), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(d, 'g', 5));
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(area.right() - d_label_width, area.bottom() + 3, d_label_width, 14),
                     Qt::AlignRight | Qt::AlignTop, d_label);
    const double v_step = nice_step(hi - lo, 4);
    for (double v = std::ceil(lo / v_step) * v_step; v <= hi; v += v_step) {
        painter.setPen(grid);
        painter.drawLine(QPointF(area.left(), y_of(v)), QPointF(area.right(), y_of(v)));
        painter.setPen(palette().color(QPalette::Text));
        const double shown = std::abs(v) < 1e-9 * v_step ? 0.0 : v;
        painter.drawText(QRectF(0, y_of(v) - 7, left_margin - 4, 14), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(shown, 'g', 3));
    }
    painter.drawText(QRectF(4, 4, width() - 8, 16), Qt::AlignLeft | Qt::AlignVCenter,
                     unit_.isEmpty() || unit_ == QLatin1String("1") ? title_ : QStringLiteral("%1 (%2)").arg(title_, unit_));

    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(Qt::NoPen);
    std::set<SectionType> types;
    for (const Point& p : points_) {
        painter.setBrush(colourOf(p.type));
        painter.drawEllipse(QPointF(x_of(p.distance), y_of(p.value)), 2.5, 2.5);
        types.insert(p.type);
    }
    // Legend: the section types present, top right.
    double x = area.right();
    for (auto it = types.rbegin(); it != types.rend(); ++it) {
        const QString name = typeName(*it);
        const double w = painter.fontMetrics().horizontalAdvance(name) + 16;
        x -= w;
        painter.setBrush(colourOf(*it));
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPointF(x + 5, 12), 4, 4);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(x + 11, 4, w - 11, 16), Qt::AlignLeft | Qt::AlignVCenter, name);
    }
}

}  // namespace lamina::ui
