#pragma once
// The Builder panel's statistics views, drawn with QPainter: a connection-probability
// heat map (pre types in rows, post types in columns, achieved against target in the
// tooltip) and a bar chart (stacked series), used for cells per layer and for the
// synapses-per-connection histogram.

#include <QColor>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "engine/builder/build_statistics.h"
#include "ui/models/category_colors.h"

namespace lamina::ui {

class ProbabilityHeatMap : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityHeatMap(QWidget* parent = nullptr);
    void setStatistics(const builder::BuildStatistics& statistics);
    const builder::BuildStatistics& statistics() const { return statistics_; }
    // The matrix cell under a widget position: (pre, post), or (-1, -1).
    std::pair<int, int> cellAt(const QPoint& position) const;
    QString describeCell(int pre, int post) const;  // what its tooltip says
    QSize sizeHint() const override { return {420, 360}; }

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    QRect matrixRect() const;
    builder::BuildStatistics statistics_;
    double highest_ = 0.0;  // the colour scale's top
};

class BarChart : public QWidget {
    Q_OBJECT
public:
    explicit BarChart(QString title, QString axis, QWidget* parent = nullptr);
    // values[series][category]; series are stacked in each category's bar.
    void setData(const QStringList& categories, const QStringList& series, const std::vector<std::vector<double>>& values);
    const QStringList& categories() const { return categories_; }
    // A category's bar: the sum of its series.
    double total(int category) const;
    QString caption() const { return caption_; }
    void setCaption(const QString& caption);  // a line under the title (e.g. the mean)
    QSize sizeHint() const override { return {420, 260}; }

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    QRect plotRect() const;
    int categoryAt(const QPoint& position) const;
    QString title_, axis_, caption_;
    QStringList categories_, series_;
    std::vector<std::vector<double>> values_;
};

}  // namespace lamina::ui
