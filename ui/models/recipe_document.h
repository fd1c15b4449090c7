#pragma once
// The recipe the Builder panel edits: one builder::Recipe, always valid, with undo and
// redo. Every edit is a whole new recipe checked by builder::validate before it is
// taken (a rejected edit changes nothing and says why), so the tables never show a
// recipe that cannot be built. A recipe is small: each undo step keeps a copy.

#include <QObject>
#include <QString>

#include "engine/builder/recipe.h"

class QUndoStack;

namespace lamina::ui {

class RecipeDocument : public QObject {
    Q_OBJECT
public:
    explicit RecipeDocument(QObject* parent = nullptr);

    const builder::Recipe& recipe() const { return recipe_; }
    QUndoStack* undoStack() const { return undo_; }

    // Validates `next` and makes it the recipe as one undoable step named `what`.
    // Returns the problem (naming the key) and changes nothing when it is invalid.
    QString edit(const builder::Recipe& next, const QString& what);
    // A new recipe (opened from a file, or the default): no undo back to the old one.
    void reset(const builder::Recipe& recipe, const QString& file);

    // The file it was opened from or saved to, empty for a new recipe.
    QString file() const { return file_; }
    void setFile(const QString& file);
    // Edited since it was opened or saved.
    bool isModified() const;
    void markSaved();

signals:
    // Any change of the recipe (an edit, an undo or redo, a reset).
    void changed();
    void fileChanged(const QString& file);
    void modifiedChanged(bool modified);

private:
    friend class RecipeEditCommand;
    void apply(const builder::Recipe& recipe);

    builder::Recipe recipe_;
    QUndoStack* undo_ = nullptr;
    QString file_;
};

}  // namespace lamina::ui
