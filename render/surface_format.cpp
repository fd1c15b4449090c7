#include "render/surface_format.h"

#include <QSurfaceFormat>

namespace lamina::render {

void setDefaultSurfaceFormat() {
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setSamples(0);  // VTK renders into its own framebuffer and blits; MSAA there breaks the blit
    QSurfaceFormat::setDefaultFormat(format);
}

}  // namespace lamina::render
