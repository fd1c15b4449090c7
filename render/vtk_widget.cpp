#include "render/vtk_widget.h"

#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>

#include <QCoreApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLWindow>
#include <QPainter>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

#include "render/vtk_widget_p.h"

namespace lamina::render {

namespace {
constexpr int click_slop = 3;          // [px] a press and release closer than this is a click
constexpr int wheel_settle_ms = 250;   // the wheel counts as interaction until it rests this long

void orient(vtkRenderer* renderer, double dx, double dy, double dz, double ux, double uy, double uz) {
    vtkCamera* camera = renderer->GetActiveCamera();
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(dx, dy, dz);
    camera->SetViewUp(ux, uy, uz);
    renderer->ResetCamera();
}

void forwardPosition(vtkGenericRenderWindowInteractor* interactor, QWidget* widget, const QPointF& pos,
                     Qt::KeyboardModifiers modifiers) {
    const double ratio = widget->devicePixelRatioF();
    interactor->SetEventInformationFlipY(static_cast<int>(pos.x() * ratio), static_cast<int>(pos.y() * ratio),
                                         modifiers & Qt::ControlModifier ? 1 : 0,
                                         modifiers & Qt::ShiftModifier ? 1 : 0);
}

// The VTK event for a Qt button going down or up; NoEvent for buttons VTK does not use.
unsigned long buttonEvent(Qt::MouseButton button, bool press) {
    switch (button) {
        case Qt::LeftButton: return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
        case Qt::MiddleButton: return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
        case Qt::RightButton: return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
        default: return vtkCommand::NoEvent;
    }
}
}  // namespace

// The native OpenGL window inside a VtkWidget. It draws through the widget, and hands
// mouse, wheel and key events to it (positions coincide: it fills the widget), so the
// widget is where interaction, and tests, happen. (The main window's shortcuts still
// match while it has the keyboard: Qt looks up its widget window through its parents.)
class VtkSurface : public QOpenGLWindow {
public:
    explicit VtkSurface(VtkWidget* owner) : QOpenGLWindow(QOpenGLWindow::NoPartialUpdate), owner_(owner) {}

protected:
    void initializeGL() override { owner_->initializeGL(); }
    void paintGL() override { owner_->paintGL(); }
    void resizeGL(int width, int height) override { owner_->resizeGL(width, height); }
    void mousePressEvent(QMouseEvent* event) override {
        owner_->setFocus(Qt::MouseFocusReason);
        forward(event);
    }
    void mouseReleaseEvent(QMouseEvent* event) override { forward(event); }
    void mouseMoveEvent(QMouseEvent* event) override { forward(event); }
    void wheelEvent(QWheelEvent* event) override { forward(event); }
    void keyPressEvent(QKeyEvent* event) override { forward(event); }
    void keyReleaseEvent(QKeyEvent* event) override { forward(event); }

private:
    void forward(QEvent* event) { QCoreApplication::sendEvent(owner_, event); }
    VtkWidget* owner_;
};

VtkWidget::VtkWidget(QWidget* parent) : QWidget(parent), bridge_(std::make_unique<VtkBridge>()) {
    setFocusPolicy(Qt::StrongFocus);
    surface_ = new VtkSurface(this);
    QWidget* container = QWidget::createWindowContainer(surface_, this);  // owns the surface
    container->setFocusPolicy(Qt::NoFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(container);
    VtkBridge& b = *bridge_;
    b.window->SetOwnContext(false);
    // VTK renders into its own framebuffer; paintGL blits it into the widget's.
    b.window->SetFrameBlitModeToNoBlit();
    b.window->SetReadyForRendering(false);
    b.window->SetMultiSamples(0);
    b.window->AddRenderer(b.renderer);
    b.renderer->SetBackground(0.09, 0.10, 0.13);
    b.renderer->SetBackground2(0.22, 0.24, 0.30);
    b.renderer->GradientBackgroundOn();
    b.interactor->SetRenderWindow(b.window);
    b.interactor->SetInteractorStyle(b.style);
    b.interactor->EnableRenderOff();  // Qt decides when to paint: events call update()

    // VTK may ask for the context outside paintGL (e.g. when releasing resources).
    vtkNew<vtkCallbackCommand> make_current;
    make_current->SetClientData(this);
    make_current->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
        // The context only: QOpenGLWidget::makeCurrent() would also rebind the widget's
        // framebuffer behind VTK's back while VTK has its own bound.
        auto* view = static_cast<VtkWidget*>(self);
        if (view->context()) view->context()->makeCurrent(view->surface_);
    });
    b.window->AddObserver(vtkCommand::WindowMakeCurrentEvent, make_current);
    vtkNew<vtkCallbackCommand> is_current;
    is_current->SetClientData(this);
    is_current->SetCallback([](vtkObject*, unsigned long, void* self, void* answer) {
        auto* view = static_cast<VtkWidget*>(self);
        *static_cast<bool*>(answer) = view->context() && QOpenGLContext::currentContext() == view->context();
    });
    b.window->AddObserver(vtkCommand::WindowIsCurrentEvent, is_current);
}

VtkWidget::~VtkWidget() {
    if (bridge_->initialized && surface_->isValid()) {
        surface_->makeCurrent();
        bridge_->renderer->RemoveAllViewProps();
        bridge_->window->ReleaseGraphicsResources(bridge_->window);
        surface_->doneCurrent();
    }
}

QOpenGLContext* VtkWidget::context() const { return surface_->context(); }

void VtkWidget::update() { surface_->update(); }

void VtkWidget::setViewCursor(const QCursor& cursor) {
    setCursor(cursor);
    surface_->setCursor(cursor);
}

QImage VtkWidget::grabFramebuffer() {
    if (!surface_->isValid()) return {};  // never shown yet: no context
    // Drawn into the back buffer and read from there: after a swap its content is
    // undefined, so reading what was shown before would not do.
    surface_->makeCurrent();
    paintGL();
    QImage image = surface_->grabFramebuffer();
    update();  // the screen shows the same picture
    return image;
}

bool VtkWidget::isInteracting() const {
    return bridge_->drag == VtkBridge::Drag::camera || bridge_->wheeling || bridge_->animating;
}

void VtkWidget::setInteracting(bool on) {
    if (bridge_->animating == on) return;
    bridge_->animating = on;
    emit on ? interactionStarted() : interactionFinished();
    update();
}

void VtkWidget::resetCamera() {
    bridge_->renderer->ResetCamera();
    bridge_->camera_pending = false;
    update();
}

void VtkWidget::viewFront() {
    orient(bridge_->renderer, 0, 0, 1, 0, 1, 0);
    update();
}
void VtkWidget::viewSide() {
    orient(bridge_->renderer, 1, 0, 0, 0, 1, 0);
    update();
}
void VtkWidget::viewTop() {
    orient(bridge_->renderer, 0, 1, 0, 0, 0, -1);
    update();
}

void VtkWidget::orbit(double degrees) {
    bridge_->renderer->GetActiveCamera()->Azimuth(degrees);
    bridge_->renderer->ResetCameraClippingRange();
    update();
}

void VtkWidget::initializeGL() {
    bridge_->window->OpenGLInitContext();
    bridge_->initialized = true;
}

void VtkWidget::resizeGL(int width, int height) {
    const double ratio = devicePixelRatioF();
    const int w = static_cast<int>(width * ratio), h = static_cast<int>(height * ratio);
    bridge_->window->SetSize(w, h);
    bridge_->interactor->UpdateSize(w, h);
}

void VtkWidget::paintGL() {
    VtkBridge& b = *bridge_;
    if (b.camera_pending) {
        b.renderer->ResetCamera();
        b.camera_pending = false;
    }
    beforeRender();
    // Qt touches GL state between frames; VTK's cached copy must not go stale.
    vtkOpenGLState* state = b.window->GetState();
    state->ResetGLViewportState();
    state->ResetGLScissorState();
    state->ResetGLClearColorState();
    state->ResetGLColorMaskState();
    state->ResetGLDepthMaskState();
    state->ResetGLBlendFuncState();
    state->ResetFramebufferBindings();

    b.window->SetReadyForRendering(true);
    b.window->Render();
    b.window->SetReadyForRendering(false);
    // Copy VTK's picture into the window's framebuffer, then make it opaque: Mesa keeps
    // VTK's alpha, which would otherwise read back as transparent.
    surface_->makeCurrent();
    QOpenGLExtraFunctions* f = context()->extraFunctions();
    const GLuint target = surface_->defaultFramebufferObject();
    f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, target);
    const GLenum attachment = target == 0 ? GL_BACK_LEFT : GL_COLOR_ATTACHMENT0;
    f->glDrawBuffers(1, &attachment);
    f->glDisable(GL_SCISSOR_TEST);
    const int* size = b.window->GetRenderFramebuffer()->GetLastSize();
    const double ratio = devicePixelRatioF();
    const int w = static_cast<int>(width() * ratio), h = static_cast<int>(height() * ratio);
    b.window->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_LINEAR);
    f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    f->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    f->glViewport(0, 0, w, h);
    f->glClear(GL_COLOR_BUFFER_BIT);
    f->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    // Leave both bindings on the window's framebuffer: it is read back (grabFramebuffer)
    // and swapped, and VTK's blit left its own bound for reading.
    f->glBindFramebuffer(GL_FRAMEBUFFER, target);
    QPainter painter(surface_);
    paintOverlay(painter);
}

void VtkWidget::mousePressEvent(QMouseEvent* event) {
    VtkBridge& b = *bridge_;
    b.button = event->button();
    b.press_position = event->position().toPoint();
    if (startsOwnDrag(event)) {
        b.drag = VtkBridge::Drag::own;
        return;
    }
    b.drag = VtkBridge::Drag::pending;
    forwardPosition(b.interactor, this, event->position(), event->modifiers());
    if (const auto id = buttonEvent(event->button(), true); id != vtkCommand::NoEvent) b.interactor->InvokeEvent(id);
}

void VtkWidget::mouseMoveEvent(QMouseEvent* event) {
    VtkBridge& b = *bridge_;
    const QPoint at = event->position().toPoint();
    if (b.drag == VtkBridge::Drag::own) {
        ownDragMoved(at);
        update();
        return;
    }
    if (b.drag == VtkBridge::Drag::pending && (at - b.press_position).manhattanLength() > click_slop) {
        b.drag = VtkBridge::Drag::camera;
        emit interactionStarted();
    }
    forwardPosition(b.interactor, this, event->position(), event->modifiers());
    b.interactor->InvokeEvent(vtkCommand::MouseMoveEvent);
    if (b.drag == VtkBridge::Drag::camera) update();
}

void VtkWidget::mouseReleaseEvent(QMouseEvent* event) {
    VtkBridge& b = *bridge_;
    const QPoint at = event->position().toPoint();
    const auto drag = b.drag;
    b.drag = VtkBridge::Drag::none;
    if (drag == VtkBridge::Drag::own) {
        ownDragFinished(at);
        update();
        return;
    }
    forwardPosition(b.interactor, this, event->position(), event->modifiers());
    if (const auto id = buttonEvent(event->button(), false); id != vtkCommand::NoEvent) b.interactor->InvokeEvent(id);
    if (drag == VtkBridge::Drag::camera) emit interactionFinished();
    else if (drag == VtkBridge::Drag::pending) clicked(at, event->button(), event->modifiers());
    update();
}

void VtkWidget::wheelEvent(QWheelEvent* event) {
    forwardPosition(bridge_->interactor, this, event->position(), event->modifiers());
    bridge_->interactor->InvokeEvent(event->angleDelta().y() > 0 ? vtkCommand::MouseWheelForwardEvent
                                                                  : vtkCommand::MouseWheelBackwardEvent);
    VtkBridge& b = *bridge_;
    if (!b.wheeling) {
        b.wheeling = true;
        emit interactionStarted();
    }
    // Each turn of the wheel restarts the settle timer; the last one ends the interaction.
    if (!b.wheel_settle) {
        b.wheel_settle = new QTimer(this);
        b.wheel_settle->setSingleShot(true);
        connect(b.wheel_settle, &QTimer::timeout, this, [this] {
            bridge_->wheeling = false;
            emit interactionFinished();
            update();
        });
    }
    b.wheel_settle->start(wheel_settle_ms);
    update();
}

void VtkWidget::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_R && event->modifiers() == Qt::NoModifier) {
        resetCamera();
        return;
    }
    QWidget::keyPressEvent(event);
}

}  // namespace lamina::render
