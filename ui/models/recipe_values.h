#pragma once
// Reading and showing the values of the recipe tables (shared by the table models).

#include <QLocale>
#include <QObject>
#include <QStringList>
#include <QVariant>
#include <cmath>

#include "engine/builder/recipe.h"

namespace lamina::ui {

// Numbers typed into a table: C notation ("0.0005", "1e-3") or the user's locale.
inline bool readNumber(const QVariant& value, double& out, QString& problem) {
    const QString text = value.toString().trimmed();
    bool ok = false;
    out = QLocale::c().toDouble(text, &ok);
    if (!ok) out = QLocale().toDouble(text, &ok);
    if (!ok || !std::isfinite(out)) problem = QObject::tr("'%1' is not a number").arg(text);
    return ok && std::isfinite(out);
}

inline bool readCount(const QVariant& value, std::uint64_t& out, QString& problem) {
    const QString text = value.toString().trimmed();
    bool ok = false;
    out = text.toULongLong(&ok);
    if (!ok) problem = QObject::tr("'%1' is not a whole number >= 0").arg(text);
    return ok;
}

inline QString number(double value) { return QLocale::c().toString(value, 'g', 6); }

inline QStringList layerNames(const builder::Recipe& r) {
    QStringList list;
    for (const builder::LayerSpec& l : r.layers) list << QString::fromStdString(l.name);
    return list;
}

}  // namespace lamina::ui
