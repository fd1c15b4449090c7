#pragma once
// A Qt 6 widget showing a VTK scene: Debian's VTK Qt module is Qt 5 only, so VTK renders
// into a vtkGenericOpenGLRenderWindow sharing the OpenGL context of a QOpenGLWindow, and
// the picture is blitted into that window's framebuffer (see ../shared/DESIGN.md).
// The QOpenGLWindow sits in the widget as a native child (a window container) instead of
// being a QOpenGLWidget: a QOpenGLWidget turns its whole top-level window into one
// OpenGL composition, so every repaint of any plot or label re-composes the full window
// — with software OpenGL that alone cost a running simulation ~30% of its speed.
// Trackball camera: left drag rotates, middle or Shift+left pans, wheel or right drag
// zooms, R resets. The VTK objects live in a private bridge (vtk_widget_p.h, for render/
// only): this header is safe for ui/.

#include <QImage>
#include <QWidget>
#include <memory>

class QOpenGLContext;
class QPainter;

namespace lamina::render {

struct VtkBridge;

class VtkSurface;

class VtkWidget : public QWidget {
    Q_OBJECT
public:
    explicit VtkWidget(QWidget* parent = nullptr);
    ~VtkWidget() override;

    QSize sizeHint() const override { return {900, 700}; }
    // True while a mouse button drags the camera (views draw a lighter level of detail).
    bool isInteracting() const;
    // Declares a camera animation driven by code (an orbit, a fly-through) as interaction,
    // so views draw their moving level of detail until it ends.
    void setInteracting(bool on);
    // Renders now and returns the picture as shown, overlays included.
    QImage grabFramebuffer();
    // Schedules a render of the scene. (QWidget::update would repaint only the widget
    // behind the 3D surface.)
    void update();
    // The mouse cursor over the 3D surface.
    void setViewCursor(const QCursor& cursor);

public slots:
    void resetCamera();
    void viewFront();  // looking along -z, y up
    void viewSide();   // looking along -x, y up
    void viewTop();    // looking along -y, z up
    // The camera turned by `degrees` about the view-up axis through the focal point.
    void orbit(double degrees);

signals:
    void interactionStarted();
    void interactionFinished();

protected:
    VtkBridge& bridge() const { return *bridge_; }
    // Called before each VTK render (update overlays that follow the camera).
    virtual void beforeRender() {}
    // Called after VTK's picture is in the widget, for QPainter overlays.
    virtual void paintOverlay(QPainter&) {}
    // A click without a drag (within a few pixels), in widget coordinates.
    virtual void clicked(const QPoint&, Qt::MouseButton, Qt::KeyboardModifiers) {}
    // Lets a subclass take a left drag for itself (e.g. a selection rectangle).
    virtual bool startsOwnDrag(const QMouseEvent*) { return false; }
    virtual void ownDragMoved(const QPoint&) {}
    virtual void ownDragFinished(const QPoint&) {}

    QOpenGLContext* context() const;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    friend class VtkSurface;
    // Called by the surface, with its context current.
    void initializeGL();
    void paintGL();
    void resizeGL(int width, int height);

    std::unique_ptr<VtkBridge> bridge_;
    VtkSurface* surface_ = nullptr;
};

}  // namespace lamina::render
