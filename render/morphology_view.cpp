#include "render/morphology_view.h"

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkSphereSource.h>
#include <vtkTubeFilter.h>
#include <vtkUnsignedCharArray.h>

#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QWheelEvent>
#include <algorithm>

#include "engine/morphology/metrics.h"
#include "render/morphology_geometry.h"

namespace lamina::render {

namespace {
constexpr double min_tube_radius = 0.1;  // [µm] zero-diameter points still show
}

struct MorphologyView::Impl {
    vtkNew<vtkGenericOpenGLRenderWindow> window;
    vtkNew<vtkRenderer> renderer;
    vtkNew<vtkGenericRenderWindowInteractor> interactor;
    vtkNew<vtkInteractorStyleTrackballCamera> style;
    vtkSmartPointer<vtkActor> neurites;
    vtkSmartPointer<vtkActor> skeleton;  // 1-pixel lines: thin branches stay continuous
    vtkSmartPointer<vtkActor> soma;
    std::shared_ptr<const Morphology> morphology;
    std::size_t segments = 0;
    bool initialized = false;
    bool camera_pending = false;

    void buildScene(const Morphology& m);
};

void MorphologyView::Impl::buildScene(const Morphology& m) {
    if (neurites) renderer->RemoveActor(neurites);
    if (skeleton) renderer->RemoveActor(skeleton);
    skeleton = nullptr;
    if (soma) renderer->RemoveActor(soma);
    neurites = nullptr;
    soma = nullptr;
    segments = geometryStats(m).segments;

    if (m.num_points() > 0) {
        vtkNew<vtkPoints> points;
        points->SetDataTypeToDouble();
        points->SetNumberOfPoints(static_cast<vtkIdType>(m.num_points()));
        vtkNew<vtkDoubleArray> radius;
        radius->SetName("radius");
        radius->SetNumberOfValues(static_cast<vtkIdType>(m.num_points()));
        for (std::size_t i = 0; i < m.num_points(); ++i) {
            const Point3& p = m.points()[i];
            points->SetPoint(static_cast<vtkIdType>(i), p.x, p.y, p.z);
            radius->SetValue(static_cast<vtkIdType>(i),
                             std::max(min_tube_radius, m.diameters()[i] / 2.0));
        }
        vtkNew<vtkCellArray> lines;
        vtkNew<vtkUnsignedCharArray> colors;
        colors->SetName("type_color");
        colors->SetNumberOfComponents(3);
        for (SectionId s = 0; s < m.num_sections(); ++s) {
            const auto first = m.section_offsets()[s], last = m.section_offsets()[s + 1];
            if (last - first < 2) continue;
            lines->InsertNextCell(static_cast<vtkIdType>(last - first));
            for (auto i = first; i < last; ++i) lines->InsertCellPoint(static_cast<vtkIdType>(i));
            const auto c = sectionTypeColor(m.section_type(s));
            colors->InsertNextTypedTuple(c.data());
        }
        vtkNew<vtkPolyData> poly;
        poly->SetPoints(points);
        poly->SetLines(lines);
        poly->GetPointData()->SetScalars(radius);
        poly->GetCellData()->AddArray(colors);

        vtkNew<vtkTubeFilter> tubes;
        tubes->SetInputData(poly);
        tubes->SetNumberOfSides(8);
        tubes->SetVaryRadiusToVaryRadiusByAbsoluteScalar();
        tubes->CappingOn();
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(tubes->GetOutputPort());
        mapper->SetScalarModeToUseCellFieldData();
        mapper->SelectColorArray("type_color");
        mapper->SetColorModeToDirectScalars();
        mapper->ScalarVisibilityOn();
        neurites = vtkSmartPointer<vtkActor>::New();
        neurites->SetMapper(mapper);
        renderer->AddActor(neurites);

        // Tubes thinner than a pixel break up when zoomed out; the centre lines do not.
        vtkNew<vtkPolyDataMapper> line_mapper;
        line_mapper->SetInputData(poly);
        line_mapper->SetScalarModeToUseCellFieldData();
        line_mapper->SelectColorArray("type_color");
        line_mapper->SetColorModeToDirectScalars();
        line_mapper->ScalarVisibilityOn();
        skeleton = vtkSmartPointer<vtkActor>::New();
        skeleton->SetMapper(line_mapper);
        skeleton->GetProperty()->LightingOff();
        renderer->AddActor(skeleton);
    }

    if (m.soma().type != SomaType::none) {
        const Point3 c = soma_center(m.soma());
        vtkNew<vtkSphereSource> sphere;
        sphere->SetCenter(c.x, c.y, c.z);
        sphere->SetRadius(std::max(min_tube_radius, soma_radius(m.soma())));
        sphere->SetThetaResolution(32);
        sphere->SetPhiResolution(24);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(sphere->GetOutputPort());
        soma = vtkSmartPointer<vtkActor>::New();
        soma->SetMapper(mapper);
        const auto color = sectionTypeColor(SectionType::soma);
        soma->GetProperty()->SetColor(color[0] / 255.0, color[1] / 255.0, color[2] / 255.0);
        renderer->AddActor(soma);
    }
}

MorphologyView::MorphologyView(QWidget* parent) : QOpenGLWidget(parent), d_(std::make_unique<Impl>()) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
    d_->window->SetOwnContext(false);
    // VTK renders into its own framebuffer; paintGL blits it into the widget's.
    d_->window->SetFrameBlitModeToNoBlit();
    d_->window->SetReadyForRendering(false);
    d_->window->SetMultiSamples(0);
    d_->window->AddRenderer(d_->renderer);
    d_->renderer->SetBackground(0.09, 0.10, 0.13);
    d_->renderer->SetBackground2(0.22, 0.24, 0.30);
    d_->renderer->GradientBackgroundOn();
    d_->interactor->SetRenderWindow(d_->window);
    d_->interactor->SetInteractorStyle(d_->style);
    d_->interactor->EnableRenderOff();  // Qt decides when to paint: events call update()

    // VTK may ask for the context outside paintGL (e.g. when releasing resources).
    vtkNew<vtkCallbackCommand> make_current;
    make_current->SetClientData(this);
    make_current->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
        // The context only: QOpenGLWidget::makeCurrent() would also rebind the widget's
        // framebuffer behind VTK's back while VTK has its own bound.
        auto* view = static_cast<MorphologyView*>(self);
        if (view->context()) view->context()->makeCurrent(view->context()->surface());
    });
    d_->window->AddObserver(vtkCommand::WindowMakeCurrentEvent, make_current);
    vtkNew<vtkCallbackCommand> is_current;
    is_current->SetClientData(this);
    is_current->SetCallback([](vtkObject*, unsigned long, void* self, void* answer) {
        auto* view = static_cast<MorphologyView*>(self);
        *static_cast<bool*>(answer) =
            view->context() && QOpenGLContext::currentContext() == view->context();
    });
    d_->window->AddObserver(vtkCommand::WindowIsCurrentEvent, is_current);
}

MorphologyView::~MorphologyView() {
    if (d_->initialized) {
        makeCurrent();
        d_->renderer->RemoveAllViewProps();
        d_->window->ReleaseGraphicsResources(d_->window);
        doneCurrent();
    }
}

void MorphologyView::setMorphology(std::shared_ptr<const Morphology> morphology) {
    d_->morphology = std::move(morphology);
    if (d_->morphology) d_->buildScene(*d_->morphology);
    else d_->buildScene(Morphology{});
    d_->camera_pending = true;
    update();
}

void MorphologyView::clearScene() { setMorphology(nullptr); }

std::shared_ptr<const Morphology> MorphologyView::morphology() const { return d_->morphology; }
std::size_t MorphologyView::segmentCount() const { return d_->segments; }
bool MorphologyView::hasSoma() const { return d_->soma != nullptr; }

void MorphologyView::resetCamera() {
    d_->renderer->ResetCamera();
    d_->camera_pending = false;
    update();
}

namespace {
void orient(vtkRenderer* renderer, double dx, double dy, double dz, double ux, double uy, double uz) {
    vtkCamera* camera = renderer->GetActiveCamera();
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(dx, dy, dz);
    camera->SetViewUp(ux, uy, uz);
    renderer->ResetCamera();
}
}  // namespace

void MorphologyView::viewFront() {
    orient(d_->renderer, 0, 0, 1, 0, 1, 0);
    update();
}
void MorphologyView::viewSide() {
    orient(d_->renderer, 1, 0, 0, 0, 1, 0);
    update();
}
void MorphologyView::viewTop() {
    orient(d_->renderer, 0, 1, 0, 0, 0, -1);
    update();
}

void MorphologyView::initializeGL() {
    d_->window->OpenGLInitContext();
    d_->initialized = true;
}

void MorphologyView::resizeGL(int width, int height) {
    const double ratio = devicePixelRatioF();
    const int w = static_cast<int>(width * ratio), h = static_cast<int>(height * ratio);
    d_->window->SetSize(w, h);
    d_->interactor->UpdateSize(w, h);
}

void MorphologyView::paintGL() {
    if (d_->camera_pending) {
        d_->renderer->ResetCamera();
        d_->camera_pending = false;
    }
    // Qt touches GL state between frames; VTK's cached copy must not go stale.
    vtkOpenGLState* state = d_->window->GetState();
    state->ResetGLViewportState();
    state->ResetGLScissorState();
    state->ResetGLClearColorState();
    state->ResetGLColorMaskState();
    state->ResetGLDepthMaskState();
    state->ResetGLBlendFuncState();
    state->ResetFramebufferBindings();

    d_->window->SetReadyForRendering(true);
    d_->window->Render();
    d_->window->SetReadyForRendering(false);
    // Copy VTK's picture into the widget's framebuffer, then make it opaque: Mesa keeps
    // VTK's alpha, which Qt would otherwise composite as transparent.
    makeCurrent();
    QOpenGLExtraFunctions* f = context()->extraFunctions();
    f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    const GLenum attachment = GL_COLOR_ATTACHMENT0;
    f->glDrawBuffers(1, &attachment);
    f->glDisable(GL_SCISSOR_TEST);
    const int* size = d_->window->GetRenderFramebuffer()->GetLastSize();
    const double ratio = devicePixelRatioF();
    const int w = static_cast<int>(width() * ratio), h = static_cast<int>(height() * ratio);
    d_->window->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT,
                                       GL_LINEAR);
    f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    f->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    f->glViewport(0, 0, w, h);
    f->glClear(GL_COLOR_BUFFER_BIT);
    f->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    // Leave both bindings on the widget's framebuffer: Qt reads it back (grabFramebuffer)
    // and composites it, and VTK's blit left its own bound for reading.
    f->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
}

namespace {
void forwardPosition(vtkGenericRenderWindowInteractor* interactor, QWidget* widget, const QPointF& pos,
                     Qt::KeyboardModifiers modifiers) {
    const double ratio = widget->devicePixelRatioF();
    interactor->SetEventInformationFlipY(static_cast<int>(pos.x() * ratio), static_cast<int>(pos.y() * ratio),
                                         modifiers & Qt::ControlModifier ? 1 : 0,
                                         modifiers & Qt::ShiftModifier ? 1 : 0);
}
}  // namespace

namespace {
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

void MorphologyView::mousePressEvent(QMouseEvent* event) {
    forwardPosition(d_->interactor, this, event->position(), event->modifiers());
    if (const auto id = buttonEvent(event->button(), true); id != vtkCommand::NoEvent) d_->interactor->InvokeEvent(id);
    update();
}

void MorphologyView::mouseReleaseEvent(QMouseEvent* event) {
    forwardPosition(d_->interactor, this, event->position(), event->modifiers());
    if (const auto id = buttonEvent(event->button(), false); id != vtkCommand::NoEvent) d_->interactor->InvokeEvent(id);
    update();
}

void MorphologyView::mouseMoveEvent(QMouseEvent* event) {
    forwardPosition(d_->interactor, this, event->position(), event->modifiers());
    d_->interactor->InvokeEvent(vtkCommand::MouseMoveEvent);
    update();
}

void MorphologyView::wheelEvent(QWheelEvent* event) {
    forwardPosition(d_->interactor, this, event->position(), event->modifiers());
    d_->interactor->InvokeEvent(event->angleDelta().y() > 0 ? vtkCommand::MouseWheelForwardEvent
                                                             : vtkCommand::MouseWheelBackwardEvent);
    update();
}

void MorphologyView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_R) {
        resetCamera();
        return;
    }
    QOpenGLWidget::keyPressEvent(event);
}

}  // namespace lamina::render
