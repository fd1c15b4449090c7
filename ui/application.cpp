#include "ui/application.h"

#include <QApplication>

#include "render/surface_format.h"
#include "ui/main_window.h"

namespace lamina::ui {

int run_application(int argc, char** argv, const std::vector<std::string>& files,
                    const std::string& demo_file) {
    render::setDefaultSurfaceFormat();  // must precede the QApplication
    QApplication app(argc, argv);
    QApplication::setApplicationName("Lamina");
    QApplication::setOrganizationName("Lamina");
    QApplication::setApplicationVersion(LAMINA_UI_VERSION);

    MainWindow window(QString::fromStdString(demo_file));
    window.show();
    if (files.empty()) window.openDemo();
    for (const std::string& file : files) window.openFile(QString::fromStdString(file));
    return QApplication::exec();
}

}  // namespace lamina::ui
