#pragma once
// A small line-and-point chart for experiment results (an f-I curve, PSP amplitudes
// against spike number): series of (x, y) points with a legend, axes scaled to the data.

#include <QColor>
#include <QString>
#include <QWidget>
#include <vector>

namespace lamina::ui {

class XYPlot : public QWidget {
    Q_OBJECT
public:
    struct Series {
        QString name;
        QColor colour;
        std::vector<double> x, y;
    };
    explicit XYPlot(QString x_label, QString y_label, QWidget* parent = nullptr);
    void setSeries(std::vector<Series> series);
    const std::vector<Series>& series() const { return series_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString x_label_, y_label_;
    std::vector<Series> series_;
};

}  // namespace lamina::ui
