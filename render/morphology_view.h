#pragma once
// A 3D view of one morphology: tubes whose radius follows the diameters, the soma as a
// sphere of its NeuroM radius, coloured by section type. Trackball camera with the
// mouse (left rotate, middle or shift+left pan, wheel or right zoom); R resets the camera.
// VTK lives behind the private Impl: this header is safe for ui/.

#include <QOpenGLWidget>
#include <memory>

#include "engine/morphology/morphology.h"

namespace lamina::render {

class MorphologyView : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit MorphologyView(QWidget* parent = nullptr);
    ~MorphologyView() override;

    void setMorphology(std::shared_ptr<const Morphology> morphology);
    void clearScene();
    std::shared_ptr<const Morphology> morphology() const;

    // What the scene holds now (for the status bar and tests).
    std::size_t segmentCount() const;
    bool hasSoma() const;

    QSize sizeHint() const override { return {900, 700}; }

public slots:
    void resetCamera();
    void viewFront();  // looking along -z, y up
    void viewSide();   // looking along -x, y up
    void viewTop();    // looking along -y, z up

protected:
    void initializeGL() override;
    void paintGL() override;
    void resizeGL(int width, int height) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace lamina::render
