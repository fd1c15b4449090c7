#pragma once
// A value at every compartment of one cell against its path distance from the soma, a
// dot per compartment in its section type's colour (as in 3D): how a channel density is
// distributed along the dendrites, e.g. Hay's gIhbar rising exponentially along the
// apical trunk, or Ca_LVAst's hot zone.

#include <QString>
#include <QWidget>
#include <vector>

#include "engine/morphology/morphology.h"

namespace lamina::ui {

class ProfilePlot : public QWidget {
    Q_OBJECT
public:
    struct Point {
        double distance;  // [µm] from the soma's centre along the sections
        double value;
        SectionType type;
    };

    explicit ProfilePlot(QWidget* parent = nullptr);
    // Non-finite values (compartments without the variable) are left out.
    void setProfile(const QString& title, const QString& unit, std::vector<Point> points);
    // No plot, a line saying why.
    void showMessage(const QString& message);
    const std::vector<Point>& points() const { return points_; }
    QString title() const { return title_; }
    QString message() const { return message_; }
    QSize sizeHint() const override { return {360, 220}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString title_, unit_, message_;
    std::vector<Point> points_;
};

}  // namespace lamina::ui
