#pragma once
// The one place docks and menus join the main window: a dock gets its object name (saved
// layouts and tests find it by that), title, area and its toggle in the View menu; a
// top-level menu goes before Help. Every panel adds its docks and menus through here.

#include <QString>
#include <Qt>

class QDockWidget;
class QMainWindow;
class QMenu;
class QWidget;

namespace lamina::ui {

struct DockSpec {
    const char* object_name;                           // "CircuitDock"
    QString title;                                     // "Circuit"
    Qt::DockWidgetArea area = Qt::RightDockWidgetArea;
    QString toggle_shortcut = {};                      // View menu shortcut, e.g. "Ctrl+Shift+B"
    const char* tab_with = nullptr;                    // a dock to share a tab stack with
};

QDockWidget* add_dock(QMainWindow* window, QMenu* view_menu, const DockSpec& spec, QWidget* body);

// A top-level menu before the last one (Help), or last when there is none yet.
QMenu* add_menu(QMainWindow* window, const QString& title, const char* object_name);

}  // namespace lamina::ui
