#include "ui/views/plot_views.h"

#include <QFontMetrics>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>
#include <QTextStream>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/models/category_colors.h"
#include "ui/views/plot_ticks.h"

namespace lamina::ui {

namespace {

constexpr double left_margin = 52, right_margin = 12, top_margin = 10, bottom_margin = 28;
constexpr double right_axis_margin = 56;  // room for the right axis's ticks

const QColor curve_colours[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40),
                          QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127)};

bool write_atomically(const QString& path, const QString& text, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error) *error = file.errorString();
        return false;
    }
    file.write(text.toUtf8());
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

}  // namespace

TimePlot::TimePlot(QWidget* parent) : QWidget(parent) {
    setMinimumSize(240, 120);
    setMouseTracking(false);
    setToolTip(tr("Wheel: zoom time · drag: pan · double click: follow the run again"));
}

void TimePlot::setWindow(double ms) {
    window_ = std::max(0.0, ms);
    user_range_ = false;
    update();
}

TimePlot::Range TimePlot::timeRange() const {
    if (user_range_) return fixed_;
    const double latest = latestTime();
    if (window_ <= 0) return {0, std::max(latest, 1.0)};
    return {std::max(0.0, latest - window_), std::max(latest, window_)};
}

void TimePlot::setRightMargin(double extra) {
    extra_right_ = extra;
    update();
}

QRectF TimePlot::plotArea() const {
    return QRectF(left_margin, top_margin, std::max(1.0, width() - left_margin - right_margin - extra_right_),
                  std::max(1.0, height() - top_margin - bottom_margin));
}

void TimePlot::drawTimeAxis(QPainter& painter, const Range& range) const {
    const QRectF area = plotArea();
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
    const double step = nice_step(range.t1 - range.t0, 6);
    painter.setPen(palette().color(QPalette::Text));
    for (double t = std::ceil(range.t0 / step) * step; t <= range.t1 + 1e-9; t += step) {
        const double x = area.left() + (t - range.t0) / (range.t1 - range.t0) * area.width();
        painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4));
        if (x > area.right() - 45) continue;  // room for the unit
        painter.drawText(QRectF(x - 40, area.bottom() + 5, 80, 16), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(t, 'g', 6));
    }
    painter.drawText(QRectF(area.right() - 60, area.bottom() + 5, 60, 16), Qt::AlignRight | Qt::AlignTop, tr("ms"));
}

void TimePlot::wheelEvent(QWheelEvent* event) {
    const Range r = timeRange();
    const QRectF area = plotArea();
    const double at = r.t0 + (event->position().x() - area.left()) / area.width() * (r.t1 - r.t0);
    const double factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
    fixed_ = {at - (at - r.t0) * factor, at + (r.t1 - at) * factor};
    if (fixed_.t1 - fixed_.t0 < 1e-3) fixed_.t1 = fixed_.t0 + 1e-3;
    user_range_ = true;
    emit userChangedRange();
    update();
}

void TimePlot::mousePressEvent(QMouseEvent* event) {
    drag_from_ = event->position();
    drag_range_ = timeRange();
}

void TimePlot::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton)) return;
    const double per_pixel = (drag_range_.t1 - drag_range_.t0) / plotArea().width();
    const double shift = (event->position().x() - drag_from_.x()) * per_pixel;
    fixed_ = {drag_range_.t0 - shift, drag_range_.t1 - shift};
    user_range_ = true;
    emit userChangedRange();
    update();
}

void TimePlot::mouseDoubleClickEvent(QMouseEvent*) {
    user_range_ = false;
    update();
}

bool TimePlot::savePng(const QString& path) {
    const QPixmap picture = grab();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !picture.save(&file, "PNG")) return false;
    return file.commit();
}

// ---- traces

TraceView::TraceView(QWidget* parent) : TimePlot(parent) { setObjectName("traceView"); }

int TraceView::addCurve(const QString& label, const QString& unit) {
    // The first curve's unit owns the left axis; curves in any other unit share the right.
    if (curves_.empty()) left_unit_ = unit, right_units_.clear();
    if (unit != left_unit_ && !right_units_.contains(unit)) right_units_ << unit;
    curves_.push_back({label, unit, curve_colours[curves_.size() % std::size(curve_colours)], {}, {}});
    setRightMargin(hasRightAxis() ? right_axis_margin : 0);
    update();
    return static_cast<int>(curves_.size()) - 1;
}

void TraceView::appendSamples(int curve, const std::vector<sim::Sample>& samples) {
    if (curve < 0 || curve >= curveCount() || samples.empty()) return;
    Curve& c = curves_[static_cast<std::size_t>(curve)];
    for (const auto& s : samples) {
        c.t.push_back(s.time);
        c.v.push_back(s.value);
    }
    update();
}

void TraceView::clearData() {
    for (auto& c : curves_) c.t.clear(), c.v.clear();
    update();
}

void TraceView::clearAll() {
    curves_.clear();
    left_unit_ = QStringLiteral("mV");
    right_units_.clear();
    setRightMargin(0);
    update();
}

std::size_t TraceView::sampleCount(int curve) const {
    return curve >= 0 && curve < curveCount() ? curves_[static_cast<std::size_t>(curve)].t.size() : 0;
}

double TraceView::latestTime() const {
    double latest = 0;
    for (const auto& c : curves_)
        if (!c.t.empty()) latest = std::max(latest, c.t.back());
    return latest;
}

void TraceView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const Range r = timeRange();
    const QRectF area = plotArea();
    // Each axis's range over what is visible of its curves, with a margin.
    struct Axis {
        double lo = 1e300, hi = -1e300;
    } axes[2];
    for (const auto& c : curves_) {
        Axis& a = axes[c.unit != left_unit_ ? 1 : 0];
        const auto first = std::lower_bound(c.t.begin(), c.t.end(), r.t0) - c.t.begin();
        const auto last = std::upper_bound(c.t.begin(), c.t.end(), r.t1) - c.t.begin();
        for (auto i = first; i < last; ++i) {
            const double v = c.v[static_cast<std::size_t>(i)];
            if (std::isfinite(v)) a.lo = std::min(a.lo, v), a.hi = std::max(a.hi, v);
        }
    }
    for (int k = 0; k < 2; ++k) {
        Axis& a = axes[k];
        if (a.lo > a.hi) a.lo = k == 0 ? -80 : 0, a.hi = k == 0 ? 40 : 1;
        // A flat trace gets a window around it: ±0.5 of its unit, or ±5% of a small value.
        const double half = std::max(k == 0 && left_unit_ == QLatin1String("mV") ? 0.5 : 0.0,
                                     0.05 * std::max(std::abs(a.lo), std::abs(a.hi)));
        if (a.hi - a.lo < 2 * half) a.lo -= half, a.hi += half;
        if (a.hi == a.lo) a.lo -= 0.5, a.hi += 0.5;
        const double pad = 0.05 * (a.hi - a.lo);
        a.lo -= pad, a.hi += pad;
    }
    drawTimeAxis(painter, r);
    const auto draw_ticks = [&](const Axis& a, bool right) {
        const double step = nice_step(a.hi - a.lo, 5);
        for (double v = std::ceil(a.lo / step) * step; v <= a.hi; v += step) {
            const double y = area.bottom() - (v - a.lo) / (a.hi - a.lo) * area.height();
            if (!right) {
                painter.setPen(palette().color(QPalette::Midlight));
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
            }
            painter.setPen(palette().color(QPalette::Text));
            const double shown = std::abs(v) < 1e-9 * step ? 0.0 : v;
            if (right)
                painter.drawText(QRectF(area.right() + 4, y - 8, right_axis_margin - 6, 16),
                                 Qt::AlignLeft | Qt::AlignVCenter, QString::number(shown, 'g', 4));
            else
                painter.drawText(QRectF(0, y - 8, left_margin - 6, 16), Qt::AlignRight | Qt::AlignVCenter,
                                 QString::number(shown, 'g', 5));
        }
    };
    draw_ticks(axes[0], false);
    painter.drawText(QRectF(2, area.top(), left_margin, 16), Qt::AlignLeft, left_unit_);
    if (hasRightAxis()) {
        draw_ticks(axes[1], true);
        painter.drawText(QRectF(area.right() + 4, area.top() - 10, right_axis_margin, 14), Qt::AlignLeft,
                         right_units_.join(QStringLiteral(", ")));
    }
    const double lo = axes[0].lo, hi = axes[0].hi;
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setClipRect(area);
    for (const auto& c : curves_) {
        const auto first = std::max<std::ptrdiff_t>(0, std::lower_bound(c.t.begin(), c.t.end(), r.t0) - c.t.begin() - 1);
        const auto last = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(c.t.size()),
                                                   std::upper_bound(c.t.begin(), c.t.end(), r.t1) - c.t.begin() + 1);
        if (last - first < 2) continue;
        // Long runs: one vertical stroke per pixel column, from the column's lowest to
        // its highest value, instead of thousands of points per column.
        const double per_pixel = (r.t1 - r.t0) / area.width();
        const bool right = c.unit != left_unit_;
        const double c_lo = right ? axes[1].lo : lo, c_hi = right ? axes[1].hi : hi;
        const auto y_of = [&](double v) { return area.bottom() - (v - c_lo) / (c_hi - c_lo) * area.height(); };
        QPainterPath path;
        long column = std::numeric_limits<long>::min();
        double column_lo = 0, column_hi = 0;
        auto flush = [&](bool first_point) {
            const double x = area.left() + static_cast<double>(column) + 0.5;
            if (first_point) path.moveTo(x, y_of(column_lo));
            else path.lineTo(x, y_of(column_lo));
            if (column_hi != column_lo) path.lineTo(x, y_of(column_hi));
        };
        bool started = false;
        for (auto i = first; i < last; ++i) {
            const auto k = static_cast<std::size_t>(i);
            const auto x = static_cast<long>(std::floor((c.t[k] - r.t0) / per_pixel));
            if (x != column) {
                if (column != std::numeric_limits<long>::min()) {
                    flush(!started);
                    started = true;
                }
                column = x;
                column_lo = column_hi = c.v[k];
            } else {
                column_lo = std::min(column_lo, c.v[k]);
                column_hi = std::max(column_hi, c.v[k]);
            }
        }
        if (column != std::numeric_limits<long>::min()) flush(!started);
        // A cosmetic 1-px pen: Qt's raster engine strokes it on a fast path, which keeps
        // 30 repaints a second cheap next to the simulation.
        QPen pen(c.colour, 0);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.drawPath(path);
    }
    painter.setClipping(false);
    // Legend, on a translucent panel so the curves stay visible beneath it.
    if (!curves_.empty()) {
        QColor panel = palette().color(QPalette::Base);
        panel.setAlpha(200);
        painter.fillRect(QRectF(area.right() - 124, area.top() + 2, 122, 16.0 * static_cast<double>(curves_.size()) + 4),
                         panel);
    }
    double y = area.top() + 4;
    for (const auto& c : curves_) {
        painter.setPen(QPen(c.colour, 2));
        painter.drawLine(QPointF(area.right() - 120, y + 7), QPointF(area.right() - 100, y + 7));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(area.right() - 96, y, 94, 16), Qt::AlignLeft | Qt::AlignVCenter, c.label);
        y += 16;
    }
}

bool TraceView::saveCsv(const QString& path, QString* error) const {
    QString text;
    QTextStream out(&text);
    out << "time_ms";
    for (const auto& c : curves_) out << ',' << QStringLiteral("%1 [%2]").arg(c.label, c.unit).replace(',', ' ');
    out << '\n';
    std::size_t rows = 0;
    for (const auto& c : curves_) rows = std::max(rows, c.t.size());
    out.setRealNumberPrecision(10);
    for (std::size_t i = 0; i < rows; ++i) {
        double t = 0;
        for (const auto& c : curves_)
            if (i < c.t.size()) t = c.t[i];
        out << t;
        for (const auto& c : curves_) {
            out << ',';
            if (i < c.v.size()) out << c.v[i];
        }
        out << '\n';
    }
    out.flush();
    return write_atomically(path, text, error);
}

// ---- raster

RasterView::RasterView(QWidget* parent) : TimePlot(parent) { setObjectName("rasterView"); }

void RasterView::setRows(std::map<sim::Gid, int> rows, int row_count) {
    rows_ = std::move(rows);
    row_count_ = row_count;
    update();
}

void RasterView::appendSpikes(const std::vector<sim::Spike>& spikes) {
    if (spikes.empty()) return;
    spikes_.insert(spikes_.end(), spikes.begin(), spikes.end());
    for (const auto& s : spikes) latest_ = std::max(latest_, s.time);
    update();
}

void RasterView::clearData() {
    spikes_.clear();
    latest_ = 0;
    update();
}

void RasterView::setHighlighted(sim::Gid gid) {
    highlighted_ = gid;
    update();
}

void RasterView::setCategories(std::map<sim::Gid, std::size_t> category, QStringList names) {
    category_ = std::move(category);
    category_names_ = std::move(names);
    update();
}

double RasterView::latestTime() const { return latest_; }

void RasterView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const Range r = timeRange();
    const QRectF area = plotArea();
    drawTimeAxis(painter, r);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(2, area.top(), left_margin - 4, 16), Qt::AlignLeft, tr("cell"));
    painter.drawText(QRectF(0, area.bottom() - 16, left_margin - 6, 16), Qt::AlignRight, QString::number(0));
    painter.drawText(QRectF(0, area.top() + 16, left_margin - 6, 16), Qt::AlignRight, QString::number(row_count_));
    if (row_count_ <= 0) return;
    painter.setClipRect(area);
    // Points per category (one list when uncoloured); the highlighted cell apart.
    std::vector<std::vector<QPointF>> points(std::max<std::size_t>(1, static_cast<std::size_t>(category_names_.size())));
    std::vector<QPointF> highlighted;
    // Spikes arrive in time order (each epoch's sorted, epochs in sequence).
    const auto first = std::lower_bound(spikes_.begin(), spikes_.end(), r.t0,
                                        [](const sim::Spike& s, double t) { return s.time < t; });
    for (auto it = first; it != spikes_.end() && it->time <= r.t1; ++it) {
        const auto row = rows_.find(it->gid);
        if (row == rows_.end()) continue;
        const QPointF p(area.left() + (it->time - r.t0) / (r.t1 - r.t0) * area.width(),
                        area.bottom() - (row->second + 0.5) / row_count_ * area.height());
        if (it->gid == highlighted_) {
            highlighted.push_back(p);
            continue;
        }
        const auto category = category_.find(it->gid);
        const std::size_t k = category == category_.end() || category->second >= points.size() ? 0 : category->second;
        points[k].push_back(p);
    }
    // Each spike a 2 x 2 pixel block from 1-px points (wide pens would stroke every point
    // as a shape, far slower at thousands of spikes per frame).
    auto blocks = [](const std::vector<QPointF>& centres) {
        std::vector<QPointF> out;
        out.reserve(centres.size() * 4);
        for (const auto& p : centres)
            for (const QPointF d : {QPointF(0, 0), QPointF(1, 0), QPointF(0, 1), QPointF(1, 1)}) out.push_back(p + d);
        return out;
    };
    for (std::size_t k = 0; k < points.size(); ++k) {
        const auto dots = blocks(points[k]);
        painter.setPen(QPen(category_names_.isEmpty() ? palette().color(QPalette::Text) : categoryColor(k), 0));
        painter.drawPoints(dots.data(), static_cast<int>(dots.size()));
    }
    // The legend: each category's name in its colour beside a swatch, down the right
    // edge, in as many columns as the height needs.
    if (category_names_.isEmpty()) return;
    QFont small = painter.font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    painter.setFont(small);
    const QFontMetrics metrics(small);
    int widest = 0;
    for (const QString& name : category_names_) widest = std::max(widest, metrics.horizontalAdvance(name));
    const double line = metrics.height(), column_width = widest + 16;
    const int per_column = std::max(1, static_cast<int>((area.height() - 4) / line));
    const int columns = (static_cast<int>(category_names_.size()) + per_column - 1) / per_column;
    const int rows = std::min(per_column, static_cast<int>(category_names_.size()));
    const QRectF legend(area.right() - columns * column_width - 4, area.top() + 2, columns * column_width + 2, rows * line + 2);
    QColor base = palette().color(QPalette::Base);
    base.setAlpha(220);
    painter.fillRect(legend, base);
    for (int k = 0; k < category_names_.size(); ++k) {
        const QColor colour = categoryColor(static_cast<std::size_t>(k));
        const double x = legend.left() + 2 + (k / per_column) * column_width, y = legend.top() + 1 + (k % per_column) * line;
        painter.fillRect(QRectF(x, y + line / 2 - 3, 8, 6), colour);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRectF(x + 11, y, column_width - 11, line), Qt::AlignLeft | Qt::AlignVCenter, category_names_[k]);
    }
    painter.setPen(QPen(QColor(214, 39, 40), 4, Qt::SolidLine, Qt::RoundCap));
    painter.drawPoints(highlighted.data(), static_cast<int>(highlighted.size()));
}

void RasterView::mouseReleaseEvent(QMouseEvent* event) {
    if (row_count_ <= 0 || (event->position() - pressPosition()).manhattanLength() > 4) return;
    const QRectF area = plotArea();
    const int row = static_cast<int>((area.bottom() - event->position().y()) / area.height() * row_count_);
    for (const auto& [gid, r] : rows_)
        if (r == row) {
            emit gidClicked(gid);
            return;
        }
}

bool RasterView::saveCsv(const QString& path, QString* error) const {
    std::vector<sim::Spike> sorted = spikes_;
    std::sort(sorted.begin(), sorted.end());
    QString text;
    QTextStream out(&text);
    out.setRealNumberPrecision(10);
    out << "gid,time_ms\n";
    for (const auto& s : sorted) out << s.gid << ',' << s.time << '\n';
    out.flush();
    return write_atomically(path, text, error);
}

}  // namespace lamina::ui
