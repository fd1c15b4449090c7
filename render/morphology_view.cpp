#include "render/morphology_view.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
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

#include <algorithm>

#include "engine/morphology/metrics.h"
#include "render/morphology_geometry.h"
#include "render/vtk_widget_p.h"

namespace lamina::render {

namespace {
constexpr double min_tube_radius = 0.1;  // [µm] zero-diameter points still show
}

struct MorphologyView::Impl {
    vtkRenderer* renderer = nullptr;  // the bridge's
    vtkSmartPointer<vtkActor> neurites;
    vtkSmartPointer<vtkActor> skeleton;  // 1-pixel lines: thin branches stay continuous
    vtkSmartPointer<vtkActor> soma;
    std::shared_ptr<const Morphology> morphology;
    std::size_t segments = 0;

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

MorphologyView::MorphologyView(QWidget* parent) : VtkWidget(parent), d_(std::make_unique<Impl>()) {
    d_->renderer = bridge().renderer;
}

MorphologyView::~MorphologyView() = default;

void MorphologyView::setMorphology(std::shared_ptr<const Morphology> morphology) {
    d_->morphology = std::move(morphology);
    if (d_->morphology) d_->buildScene(*d_->morphology);
    else d_->buildScene(Morphology{});
    bridge().camera_pending = true;
    update();
}

void MorphologyView::clearScene() { setMorphology(nullptr); }

std::shared_ptr<const Morphology> MorphologyView::morphology() const { return d_->morphology; }
std::size_t MorphologyView::segmentCount() const { return d_->segments; }
bool MorphologyView::hasSoma() const { return d_->soma != nullptr; }

}  // namespace lamina::render
