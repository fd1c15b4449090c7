// CircuitView: picking, rectangle selection, projection and the 2D overlays (scale bar,
// colour bar, layer names, the selection rectangle), drawn with QPainter over VTK's image.

#include <vtkCamera.h>
#include <vtkRenderer.h>

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "render/circuit_scene_p.h"
#include "render/circuit_view.h"
#include "render/circuit_view_p.h"
#include "render/vtk_widget_p.h"
#include "render/voltage_colors.h"

namespace lamina::render {

namespace {
Point3 toWorld(vtkRenderer* renderer, double x, double y, double depth) {
    renderer->SetDisplayPoint(x, y, depth);
    renderer->DisplayToWorld();
    const double* w = renderer->GetWorldPoint();
    const double h = w[3] != 0.0 ? w[3] : 1.0;
    return {w[0] / h, w[1] / h, w[2] / h};
}

Point3 minus(const Point3& a, const Point3& b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
Point3 cross(const Point3& a, const Point3& b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double dot(const Point3& a, const Point3& b) { return a.x * b.x + a.y * b.y + a.z * b.z; }

// The half-space through three points whose inside holds `inside`.
spatial::Plane planeThrough(const Point3& a, const Point3& b, const Point3& c, const Point3& inside) {
    const Point3 n = cross(minus(b, a), minus(c, a));
    spatial::Plane p{n.x, n.y, n.z, dot(n, a)};
    if (dot(n, inside) > p.d) p = {-n.x, -n.y, -n.z, -p.d};
    return p;
}

// A length of 1, 2 or 5 × 10^k µm that spans about 60–150 pixels.
double niceLength(double um_per_pixel) {
    const double target = 100.0 * um_per_pixel;
    const double decade = std::pow(10.0, std::floor(std::log10(target)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= target * 0.6) return m * decade;
    return 10.0 * decade;
}
}  // namespace

// Display coordinates of VTK (pixels, y up) from widget coordinates (logical, y down).
static QPointF toDisplay(const QWidget* w, const QPointF& p) {
    const double ratio = w->devicePixelRatioF();
    return {p.x() * ratio, (w->height() - p.y()) * ratio};
}

std::optional<Pick> CircuitView::pickAt(const QPoint& position) const {
    if (!d_->index || d_->index->empty()) return std::nullopt;
    vtkRenderer* renderer = bridge().renderer;
    const QPointF at = toDisplay(this, position);
    const Point3 near = toWorld(renderer, at.x(), at.y(), 0.0), far = toWorld(renderer, at.x(), at.y(), 1.0);
    // What is drawn is what a click can meet: somata, the neurites the style shows, the selection.
    const auto hit = d_->index->first_hit(near, minus(far, near), [this](std::uint32_t segment) {
        return d_->pickable(d_->index->segments()[segment]);
    });
    if (!hit) return std::nullopt;
    const spatial::IndexedSegment& s = d_->index->segments()[hit->segment];
    const Point3 dir = minus(far, near);
    const double len = std::sqrt(dot(dir, dir));
    const Point3 where{near.x + dir.x / len * hit->distance, near.y + dir.y / len * hit->distance,
                       near.z + dir.z / len * hit->distance};
    return Pick{s.cell, s.section, hit->x, where};
}

std::vector<std::uint32_t> CircuitView::cellsInRectangle(const QRect& rectangle) const {
    if (!d_->index || d_->index->empty()) return {};
    const QRect r = rectangle.normalized();
    vtkRenderer* renderer = bridge().renderer;
    const QPointF corners[4] = {toDisplay(this, r.topLeft()), toDisplay(this, r.topRight() + QPoint(1, 0)),
                                toDisplay(this, r.bottomRight() + QPoint(1, 1)),
                                toDisplay(this, r.bottomLeft() + QPoint(0, 1))};
    Point3 near[4], far[4];
    Point3 centre{0, 0, 0};
    for (int i = 0; i < 4; ++i) {
        near[i] = toWorld(renderer, corners[i].x(), corners[i].y(), 0.0);
        far[i] = toWorld(renderer, corners[i].x(), corners[i].y(), 1.0);
        for (const Point3& p : {near[i], far[i]}) centre = {centre.x + p.x / 8, centre.y + p.y / 8, centre.z + p.z / 8};
    }
    std::vector<spatial::Plane> planes;
    for (int i = 0; i < 4; ++i) planes.push_back(planeThrough(near[i], near[(i + 1) % 4], far[i], centre));
    planes.push_back(planeThrough(near[0], near[1], near[2], centre));
    planes.push_back(planeThrough(far[0], far[1], far[2], centre));
    std::vector<std::uint32_t> cells;
    for (const std::uint32_t s : d_->index->in_convex(planes))
        if (d_->pickable(d_->index->segments()[s])) cells.push_back(d_->index->segments()[s].cell);
    std::sort(cells.begin(), cells.end());
    cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
    return cells;
}

QPointF CircuitView::project(const Point3& point) const {
    vtkRenderer* renderer = bridge().renderer;
    renderer->SetWorldPoint(point.x, point.y, point.z, 1.0);
    renderer->WorldToDisplay();
    const double* d = renderer->GetDisplayPoint();
    const double ratio = devicePixelRatioF();
    return {d[0] / ratio, height() - d[1] / ratio};
}

void CircuitView::clicked(const QPoint& position, Qt::MouseButton button, Qt::KeyboardModifiers) {
    if (button != Qt::LeftButton) return;
    const auto pick = pickAt(position);
    if (pick) emit picked(static_cast<int>(pick->cell), static_cast<int>(pick->section), pick->x);
    else emit picked(-1, -1, 0.0);
}

bool CircuitView::startsOwnDrag(const QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return false;
    if (!d_->region_mode && !(event->modifiers() & Qt::ControlModifier)) return false;
    d_->rubber = QRect(event->position().toPoint(), QSize(1, 1));
    d_->rubber_active = true;
    return true;
}

void CircuitView::ownDragMoved(const QPoint& position) { d_->rubber.setBottomRight(position); }

void CircuitView::ownDragFinished(const QPoint& position) {
    d_->rubber.setBottomRight(position);
    d_->rubber_active = false;
    emit regionSelected(cellsInRectangle(d_->rubber));
}

void CircuitView::paintOverlay(QPainter& painter) {
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor ink(230, 232, 240);
    QFont font = painter.font();
    font.setPointSizeF(9.0);
    painter.setFont(font);
    vtkRenderer* renderer = bridge().renderer;
    vtkCamera* camera = renderer->GetActiveCamera();

    // Scale bar, bottom right: µm per pixel at the focal point.
    if (d_->scene && height() > 0) {
        const double view_height = camera->GetParallelProjection()
                                       ? 2.0 * camera->GetParallelScale()
                                       : 2.0 * camera->GetDistance() * std::tan(camera->GetViewAngle() * M_PI / 360.0);
        const double um_per_pixel = view_height / height();
        d_->scale_length = niceLength(um_per_pixel);
        const int pixels = static_cast<int>(std::lround(d_->scale_length / um_per_pixel));
        const int right = width() - 20, base = height() - 18;
        painter.setPen(QPen(ink, 2));
        painter.drawLine(right - pixels, base, right, base);
        painter.drawLine(right - pixels, base - 5, right - pixels, base + 1);
        painter.drawLine(right, base - 5, right, base + 1);
        painter.drawText(QRect(right - pixels - 40, base - 22, pixels + 80, 16), Qt::AlignCenter,
                         QStringLiteral("%1 µm").arg(d_->scale_length));
    }

    // Colour bar, right edge, when colouring by voltage.
    if (d_->scene && d_->coloring == Coloring::voltage) {
        const QRect bar(width() - 38, 40, 14, std::max(60, height() / 3));
        QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
        for (int i = 0; i <= 10; ++i) {
            const auto c = voltageColor(i / 10.0);
            gradient.setColorAt(i / 10.0, QColor::fromRgbF(float(c[0]), float(c[1]), float(c[2])));
        }
        painter.fillRect(bar, gradient);
        painter.setPen(QPen(ink, 1));
        painter.drawRect(bar);
        const auto label = [&](double value) {
            return QStringLiteral("%1 %2").arg(value, 0, 'g', 3).arg(d_->scalar_unit);
        };
        painter.drawText(QRect(bar.left() - 90, bar.top() - 20, 110, 16), Qt::AlignRight, label(d_->v_high));
        painter.drawText(QRect(bar.left() - 90, bar.bottom() + 4, 110, 16), Qt::AlignRight, label(d_->v_low));
        if (!d_->scalar_title.isEmpty())
            painter.drawText(QRect(bar.left() - 200, bar.top() - 38, 220, 16), Qt::AlignRight, d_->scalar_title);
    }

    // Layer names beside their bands, at the circuit's left edge.
    if (d_->scene && !d_->layers.empty() && d_->scene->geometry->cells() > 0) {
        double lo_x = 1e300, lo_z = 1e300;
        for (const Point3& p : d_->scene->geometry->soma_centre) lo_x = std::min(lo_x, p.x), lo_z = std::min(lo_z, p.z);
        painter.setPen(ink);
        for (const LayerBand& band : d_->layers) {
            const QPointF at = project({lo_x - 30.0, 0.5 * (band.bottom + band.top), lo_z});
            painter.drawText(QRectF(at.x() - 70, at.y() - 8, 64, 16), Qt::AlignRight | Qt::AlignVCenter,
                             QString::fromStdString(band.name));
        }
    }

    if (d_->rubber_active) {
        painter.setPen(QPen(QColor(255, 214, 64), 1, Qt::DashLine));
        painter.setBrush(QColor(255, 214, 64, 40));
        painter.drawRect(d_->rubber.normalized());
    }
}

}  // namespace lamina::render
