#pragma once
#include <string>
#include <vector>

namespace lamina::app {

// The bundled demo morphology shipped in resources/.
std::string demo_morphology_path();

// Opens the desktop app on `files` (the demo when empty). Without a display, or when
// Lamina was built without its GUI, says so and prints the headless equivalent.
int launch_gui_or_fallback(int argc, char** argv, const std::vector<std::string>& files);

}  // namespace lamina::app
