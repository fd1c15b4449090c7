#pragma once
// Live plots drawn with QPainter: voltage traces (one curve per probe) and the spike
// raster. Both keep the whole run, show a scrolling window while it grows (or all of
// it), zoom with the wheel, pan by dragging, reset with a double click, and export the
// data as CSV and the picture as PNG.

#include <QColor>
#include <QString>
#include <QWidget>
#include <map>
#include <vector>

#include "engine/sim/network.h"
#include "engine/sim/recording.h"  // sim::Spike, sim::Sample

namespace lamina::ui {

// Shared by both plots: the time axis [ms] and how it follows the run.
class TimePlot : public QWidget {
    Q_OBJECT
public:
    explicit TimePlot(QWidget* parent = nullptr);
    // Follow the newest data in a window of this many ms (0: the whole run).
    void setWindow(double ms);
    double window() const { return window_; }
    bool savePng(const QString& path);  // the widget as the user sees it

signals:
    void userChangedRange();

protected:
    struct Range {
        double t0, t1;
    };
    Range timeRange() const;  // what is on screen now
    virtual double latestTime() const = 0;
    QRectF plotArea() const;
    void setRightMargin(double extra);  // [px] beyond the usual, for a second axis
    QPointF pressPosition() const { return drag_from_; }
    void drawTimeAxis(QPainter& painter, const Range& range) const;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    double window_ = 200.0;
    bool user_range_ = false;  // zoomed or panned: stop following
    Range fixed_{0, 1};
    QPointF drag_from_;
    Range drag_range_{0, 1};
    double extra_right_ = 0;
};

class TraceView : public TimePlot {
    Q_OBJECT
public:
    explicit TraceView(QWidget* parent = nullptr);
    // Curves keep their index; labels appear in the legend. The first curve's unit is the
    // left axis's; curves in other units (mM, a gating variable's 1) share a right axis
    // with its own range.
    int addCurve(const QString& label, const QString& unit = QStringLiteral("mV"));
    bool hasRightAxis() const { return !right_units_.isEmpty(); }
    QString curveUnit(int curve) const { return curves_.at(static_cast<std::size_t>(curve)).unit; }
    void appendSamples(int curve, const std::vector<sim::Sample>& samples);
    void clearData();  // keeps the curves
    void clearAll();
    std::size_t sampleCount(int curve) const;
    int curveCount() const { return static_cast<int>(curves_.size()); }
    QString curveLabel(int curve) const { return curves_.at(static_cast<std::size_t>(curve)).label; }
    const std::vector<double>& curveTimes(int curve) const { return curves_.at(static_cast<std::size_t>(curve)).t; }
    const std::vector<double>& curveValues(int curve) const { return curves_.at(static_cast<std::size_t>(curve)).v; }
    // time_ms, then one column per curve (curves sampled at the same times).
    bool saveCsv(const QString& path, QString* error = nullptr) const;

protected:
    double latestTime() const override;
    void paintEvent(QPaintEvent* event) override;

private:
    struct Curve {
        QString label;
        QString unit;  // on the right axis unless it is left_unit_
        QColor colour;
        std::vector<double> t, v;  // [ms], [mV]
    };
    std::vector<Curve> curves_;
    QString left_unit_ = QStringLiteral("mV");
    QStringList right_units_;
};

class RasterView : public TimePlot {
    Q_OBJECT
public:
    explicit RasterView(QWidget* parent = nullptr);
    // Row of each gid (cells ordered by population or layer); gids without a row are
    // not drawn (spike sources).
    void setRows(std::map<sim::Gid, int> rows, int row_count);
    void appendSpikes(const std::vector<sim::Spike>& spikes);
    void clearData();
    void setHighlighted(sim::Gid gid);  // drawn larger, in the selection colour
    // Spikes coloured by their cell's category (m-type, layer: index into `names`, the
    // colours of category_colors.h, as the 3D view colours cells), with a legend; an
    // empty map draws every spike in the text colour.
    void setCategories(std::map<sim::Gid, std::size_t> category, QStringList names);
    int categoryCount() const { return static_cast<int>(category_names_.size()); }
    const QStringList& categoryNames() const { return category_names_; }
    std::size_t spikeCount() const { return spikes_.size(); }
    const std::vector<sim::Spike>& spikes() const { return spikes_; }
    // gid,time_ms per spike, sorted by time.
    bool saveCsv(const QString& path, QString* error = nullptr) const;

signals:
    void gidClicked(lamina::sim::Gid gid);

protected:
    double latestTime() const override;
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    std::map<sim::Gid, int> rows_;
    int row_count_ = 0;
    std::vector<sim::Spike> spikes_;
    double latest_ = 0.0;
    sim::Gid highlighted_ = static_cast<sim::Gid>(-1);
    QPointF pressed_at_;
    std::map<sim::Gid, std::size_t> category_;
    QStringList category_names_;
};

}  // namespace lamina::ui
