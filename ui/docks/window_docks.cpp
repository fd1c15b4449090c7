#include "ui/docks/window_docks.h"

#include <QAction>
#include <QDockWidget>
#include <QKeySequence>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>

namespace lamina::ui {

QDockWidget* add_dock(QMainWindow* window, QMenu* view_menu, const DockSpec& spec, QWidget* body) {
    auto* dock = new QDockWidget(spec.title, window);
    dock->setObjectName(spec.object_name);
    dock->setWidget(body);
    window->addDockWidget(spec.area, dock);
    if (spec.tab_with)
        if (auto* other = window->findChild<QDockWidget*>(spec.tab_with)) window->tabifyDockWidget(other, dock);
    QAction* toggle = dock->toggleViewAction();
    if (!spec.toggle_shortcut.isEmpty()) toggle->setShortcut(QKeySequence(spec.toggle_shortcut));
    if (view_menu) view_menu->addAction(toggle);
    return dock;
}

QMenu* add_menu(QMainWindow* window, const QString& title, const char* object_name) {
    auto* menu = new QMenu(title, window);
    menu->setObjectName(object_name);
    const auto existing = window->menuBar()->actions();
    if (existing.isEmpty()) window->menuBar()->addMenu(menu);
    else window->menuBar()->insertMenu(existing.back(), menu);
    return menu;
}

}  // namespace lamina::ui
