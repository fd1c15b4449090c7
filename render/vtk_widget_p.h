#pragma once
// Private to render/: the VTK objects behind a VtkWidget. Never include from ui/.

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkNew.h>
#include <vtkRenderer.h>

#include <QPoint>

class QTimer;

namespace lamina::render {

struct VtkBridge {
    vtkNew<vtkGenericOpenGLRenderWindow> window;
    vtkNew<vtkRenderer> renderer;
    vtkNew<vtkGenericRenderWindowInteractor> interactor;
    vtkNew<vtkInteractorStyleTrackballCamera> style;
    bool initialized = false;
    bool camera_pending = false;  // reset the camera at the next paint (new scene)
    // Mouse state: a press becomes a click, a camera drag or the subclass's own drag.
    enum class Drag { none, pending, camera, own } drag = Drag::none;
    Qt::MouseButton button = Qt::NoButton;
    QPoint press_position;
    bool animating = false;         // setInteracting(true)
    bool wheeling = false;          // the wheel turned recently (zooming)
    QTimer* wheel_settle = nullptr; // ends `wheeling` when the wheel rests
};

}  // namespace lamina::render
