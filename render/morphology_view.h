#pragma once
// A 3D view of one morphology: tubes whose radius follows the diameters, the soma as a
// sphere of its NeuroM radius, coloured by section type. Camera and mouse as VtkWidget.
// VTK lives behind the private Impl: this header is safe for ui/.

#include <memory>

#include "engine/morphology/morphology.h"
#include "render/vtk_widget.h"

namespace lamina::render {

class MorphologyView : public VtkWidget {
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

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace lamina::render
