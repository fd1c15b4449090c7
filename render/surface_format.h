#pragma once

namespace lamina::render {

// The OpenGL format VTK needs (3.2 core, depth and stencil, no multisampling). Call once
// before the QApplication is created.
void setDefaultSurfaceFormat();

}  // namespace lamina::render
