#pragma once
// A Qt 6 widget showing a VTK scene: Debian's VTK Qt module is Qt 5 only, so VTK renders
// into a vtkGenericOpenGLRenderWindow sharing the widget's OpenGL context and the picture
// is blitted into the widget's framebuffer (see ../shared/DESIGN.md). Trackball camera:
// left drag rotates, middle or Shift+left pans, wheel or right drag zooms, R resets.
// The VTK objects live in a private bridge (vtk_widget_p.h, for render/ only): this
// header is safe for ui/.

#include <QOpenGLWidget>
#include <memory>

class QPainter;

namespace lamina::render {

struct VtkBridge;

class VtkWidget : public QOpenGLWidget {
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

    void initializeGL() override;
    void paintGL() override;
    void resizeGL(int width, int height) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    std::unique_ptr<VtkBridge> bridge_;
};

}  // namespace lamina::render
