#include "app/gui_launch.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/cli.h"

#ifdef LAMINA_WITH_GUI
#include "ui/application.h"
#endif

namespace lamina::app {

std::string demo_morphology_path() {
    namespace fs = std::filesystem;
    // Next to an installed binary first, then the source tree this binary was built from.
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path() / "../share/lamina/morphologies/demo_pyramidal.swc";
        if (fs::exists(installed, ec)) return installed.lexically_normal().string();
    }
    return std::string(LAMINA_RESOURCE_DIR) + "/morphologies/demo_pyramidal.swc";
}

namespace {
[[maybe_unused]] bool has_display() {
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"}) {
        const char* value = std::getenv(name);
        if (value && *value) return true;
    }
    const char* platform = std::getenv("QT_QPA_PLATFORM");
    return platform && *platform;  // e.g. offscreen, set on purpose
}
}  // namespace

int launch_gui_or_fallback(int argc, char** argv, const std::vector<std::string>& files) {
#ifdef LAMINA_WITH_GUI
    if (has_display()) return ui::run_application(argc, argv, files, demo_morphology_path());
    std::cerr << "lamina: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the "
                 "window cannot open.\n";
#else
    (void)argc;
    (void)argv;
    std::cerr << "lamina: this build has no desktop app (LAMINA_BUILD_GUI=OFF).\n";
#endif
    const std::vector<std::string> targets = files.empty() ? std::vector{demo_morphology_path()} : files;
    int status = exit_ok;
    for (const std::string& file : targets) {
        std::cerr << "lamina: running the headless equivalent: lamina info " << file << '\n';
        const int s = run_command(*find_command("info"), {file}, std::cout, std::cerr);
        if (s != exit_ok) status = s;
    }
    return status;
}

}  // namespace lamina::app
