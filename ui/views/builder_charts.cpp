#include "ui/views/builder_charts.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace lamina::ui {

namespace {
const QColor background(38, 40, 46), grid(70, 74, 82), text(220, 222, 226), missing(55, 57, 63);

// A dark-blue → yellow ramp (close to viridis) for probabilities in [0, 1].
QColor ramp(double f) {
    f = std::clamp(f, 0.0, 1.0);
    const QColor stops[] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    const double x = f * 4.0;
    const int k = std::min(3, static_cast<int>(x));
    const double t = x - k;
    const QColor a = stops[k], b = stops[k + 1];
    return QColor::fromRgbF(static_cast<float>(a.redF() + t * (b.redF() - a.redF())),
                            static_cast<float>(a.greenF() + t * (b.greenF() - a.greenF())),
                            static_cast<float>(a.blueF() + t * (b.blueF() - a.blueF())));
}
}  // namespace

// --- heat map ---

ProbabilityHeatMap::ProbabilityHeatMap(QWidget* parent) : QWidget(parent) {
    setObjectName("probabilityHeatMap");
    setMouseTracking(true);
    setMinimumSize(240, 200);
}

void ProbabilityHeatMap::setStatistics(const builder::BuildStatistics& statistics) {
    statistics_ = statistics;
    highest_ = 0.0;
    for (const auto* matrix : {&statistics_.achieved_probability, &statistics_.target_probability})
        for (const auto& row : *matrix)
            for (const double p : row)
                if (std::isfinite(p)) highest_ = std::max(highest_, p);
    update();
}

QRect ProbabilityHeatMap::matrixRect() const {
    const int n = static_cast<int>(statistics_.type_names.size());
    int label = 0;
    for (const std::string& name : statistics_.type_names)
        label = std::max(label, fontMetrics().horizontalAdvance(QString::fromStdString(name)));
    label += 10;
    // Column labels are turned 60°: they need less height than width.
    const QRect room = rect().adjusted(label, label * 7 / 8, -12, -26);
    const int side = n > 0 ? std::max(1, std::min(room.width(), room.height()) / n) : 1;
    return {room.left(), room.top(), side * n, side * n};
}

std::pair<int, int> ProbabilityHeatMap::cellAt(const QPoint& position) const {
    const int n = static_cast<int>(statistics_.type_names.size());
    const QRect m = matrixRect();
    if (n == 0 || !m.contains(position)) return {-1, -1};
    const int side = m.width() / n;
    return {std::min(n - 1, (position.y() - m.top()) / side), std::min(n - 1, (position.x() - m.left()) / side)};
}

QString ProbabilityHeatMap::describeCell(int pre, int post) const {
    const auto& s = statistics_;
    if (pre < 0 || post < 0 || pre >= static_cast<int>(s.type_names.size()) || post >= static_cast<int>(s.type_names.size()))
        return {};
    const auto i = static_cast<std::size_t>(pre), j = static_cast<std::size_t>(post);
    const QString pair = tr("%1 → %2").arg(QString::fromStdString(s.type_names[i]), QString::fromStdString(s.type_names[j]));
    const double target = s.target_probability[i][j], achieved = s.achieved_probability[i][j];
    if (!std::isfinite(target)) return tr("%1: no pathway in the recipe").arg(pair);
    return tr("%1: connection probability %2 (target %3)").arg(pair).arg(achieved, 0, 'f', 3).arg(target, 0, 'f', 3);
}

bool ProbabilityHeatMap::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const auto [pre, post] = cellAt(help->pos());
        if (pre >= 0) QToolTip::showText(help->globalPos(), describeCell(pre, post), this);
        else QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

void ProbabilityHeatMap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), background);
    p.setPen(text);
    const auto& s = statistics_;
    const int n = static_cast<int>(s.type_names.size());
    if (n == 0) {
        p.drawText(rect(), Qt::AlignCenter, tr("Build a column to see its connection probabilities"));
        return;
    }
    const QRect m = matrixRect();
    const int side = m.width() / n;
    QFont small = font();
    small.setPointSizeF(std::max(6.0, std::min(font().pointSizeF(), side * 0.32)));
    p.setFont(small);
    for (int i = 0; i < n; ++i) {
        const QString name = QString::fromStdString(s.type_names[static_cast<std::size_t>(i)]);
        p.setPen(text);
        p.drawText(QRect(0, m.top() + i * side, m.left() - 6, side), Qt::AlignRight | Qt::AlignVCenter, name);
        p.save();  // column labels, rotated, above the matrix
        p.translate(m.left() + i * side + side / 2, m.top() - 6);
        p.rotate(-60);
        p.drawText(QRect(0, -side / 2, m.top(), side), Qt::AlignLeft | Qt::AlignVCenter, name);
        p.restore();
        for (int j = 0; j < n; ++j) {
            const QRect cell(m.left() + j * side, m.top() + i * side, side, side);
            const double achieved = s.achieved_probability[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
            const bool defined = std::isfinite(s.target_probability[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
            const QColor fill = defined ? ramp(highest_ > 0 ? achieved / highest_ : 0.0) : missing;
            p.fillRect(cell.adjusted(0, 0, -1, -1), fill);
            if (defined && side >= 30) {
                p.setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);
                p.drawText(cell, Qt::AlignCenter, QString::number(achieved, 'f', 2));
            }
        }
    }
    p.setFont(font());
    p.setPen(text);
    p.drawText(QRect(4, m.bottom() + 4, width() - 8, 22), Qt::AlignLeft | Qt::AlignVCenter,
               tr("rows pre, columns post · colour: probability 0–%1 · grey: no pathway").arg(highest_, 0, 'f', 2));
}

// --- bar chart ---

BarChart::BarChart(QString title, QString axis, QWidget* parent)
    : QWidget(parent), title_(std::move(title)), axis_(std::move(axis)) {
    setMouseTracking(true);
    setMinimumSize(240, 160);
}

void BarChart::setData(const QStringList& categories, const QStringList& series,
                       const std::vector<std::vector<double>>& values) {
    categories_ = categories;
    series_ = series;
    values_ = values;
    update();
}

void BarChart::setCaption(const QString& caption) {
    caption_ = caption;
    update();
}

double BarChart::total(int category) const {
    double sum = 0;
    for (const auto& row : values_)
        if (category >= 0 && static_cast<std::size_t>(category) < row.size()) sum += row[static_cast<std::size_t>(category)];
    return sum;
}

QRect BarChart::plotRect() const { return rect().adjusted(56, 44, -12, -34); }

int BarChart::categoryAt(const QPoint& position) const {
    const QRect r = plotRect();
    if (categories_.isEmpty() || !r.contains(position)) return -1;
    return std::min(static_cast<int>(categories_.size()) - 1,
                    (position.x() - r.left()) * static_cast<int>(categories_.size()) / std::max(1, r.width()));
}

bool BarChart::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int c = categoryAt(help->pos());
        if (c < 0) {
            QToolTip::hideText();
            return true;
        }
        QString tip = tr("%1: %2").arg(categories_[c]).arg(total(c));
        for (std::size_t s = 0; s < values_.size(); ++s)
            if (static_cast<std::size_t>(c) < values_[s].size() && values_[s][static_cast<std::size_t>(c)] > 0 &&
                series_.size() > 1)
                tip += tr("\n  %1: %2").arg(series_[static_cast<int>(s)]).arg(values_[s][static_cast<std::size_t>(c)]);
        QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(e);
}

void BarChart::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(rect(), background);
    p.setPen(text);
    p.drawText(QRect(8, 4, width() - 16, 18), Qt::AlignLeft | Qt::AlignVCenter, title_);
    if (!caption_.isEmpty()) p.drawText(QRect(8, 22, width() - 16, 18), Qt::AlignLeft | Qt::AlignVCenter, caption_);
    const QRect r = plotRect();
    const int n = static_cast<int>(categories_.size());
    if (n == 0) {
        p.drawText(r, Qt::AlignCenter, tr("Nothing built yet"));
        return;
    }
    double highest = 0;
    for (int c = 0; c < n; ++c) highest = std::max(highest, total(c));
    if (highest <= 0) highest = 1;
    // A rounded axis top and four gridlines.
    const double magnitude = std::pow(10.0, std::floor(std::log10(highest)));
    const double top = std::ceil(highest / magnitude) * magnitude;
    p.setPen(grid);
    for (int k = 0; k <= 4; ++k) {
        const int y = r.bottom() - static_cast<int>(std::lround(r.height() * k / 4.0));
        p.drawLine(r.left(), y, r.right(), y);
        p.setPen(text);
        p.drawText(QRect(0, y - 9, r.left() - 6, 18), Qt::AlignRight | Qt::AlignVCenter, QString::number(top * k / 4.0, 'g', 4));
        p.setPen(grid);
    }
    const double slot = static_cast<double>(r.width()) / n;
    const int label_every = std::max(1, static_cast<int>(std::ceil(30.0 / slot)));
    for (int c = 0; c < n; ++c) {
        double base = 0;
        const int x0 = r.left() + static_cast<int>(c * slot + slot * 0.12);
        const int w = std::max(1, static_cast<int>(slot * 0.76));
        for (std::size_t s = 0; s < values_.size(); ++s) {
            const double v = static_cast<std::size_t>(c) < values_[s].size() ? values_[s][static_cast<std::size_t>(c)] : 0.0;
            if (v <= 0) continue;
            const int y0 = r.bottom() - static_cast<int>(std::lround(r.height() * (base + v) / top));
            const int y1 = r.bottom() - static_cast<int>(std::lround(r.height() * base / top));
            p.fillRect(QRect(x0, y0, w, std::max(1, y1 - y0)), categoryColor(values_.size() > 1 ? s : 0));
            base += v;
        }
        if (c % label_every == 0) {
            p.setPen(text);
            p.drawText(QRect(r.left() + static_cast<int>(c * slot) - 20, r.bottom() + 4, static_cast<int>(slot) + 40, 16),
                       Qt::AlignHCenter | Qt::AlignTop, categories_[c]);
        }
    }
    p.setPen(text);
    p.drawText(QRect(r.left(), r.bottom() + 16, r.width(), 16), Qt::AlignHCenter | Qt::AlignTop, axis_);
}

}  // namespace lamina::ui
