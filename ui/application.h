#pragma once
#include <string>
#include <vector>

namespace lamina::ui {

// Creates the QApplication and the main window, opens `files` (or `demo_file` when
// there are none) and runs the event loop. Returns the exit status.
int run_application(int argc, char** argv, const std::vector<std::string>& files,
                    const std::string& demo_file);

}  // namespace lamina::ui
