#include "ui/models/recipe_document.h"

#include <QUndoCommand>
#include <QUndoStack>

#include "engine/errors.h"

namespace lamina::ui {

class RecipeEditCommand : public QUndoCommand {
public:
    RecipeEditCommand(RecipeDocument* document, builder::Recipe before, builder::Recipe after, const QString& what)
        : QUndoCommand(what), document_(document), before_(std::move(before)), after_(std::move(after)) {}
    void undo() override { document_->apply(before_); }
    void redo() override { document_->apply(after_); }

private:
    RecipeDocument* document_;
    builder::Recipe before_, after_;
};

RecipeDocument::RecipeDocument(QObject* parent) : QObject(parent), undo_(new QUndoStack(this)) {
    connect(undo_, &QUndoStack::cleanChanged, this, [this](bool clean) { emit modifiedChanged(!clean); });
}

QString RecipeDocument::edit(const builder::Recipe& next, const QString& what) {
    try {
        builder::validate(next);
    } catch (const InvalidArgument& e) {
        return QString::fromStdString(e.what());
    }
    undo_->push(new RecipeEditCommand(this, recipe_, next, what));  // push() redoes: applies `next`
    return {};
}

void RecipeDocument::reset(const builder::Recipe& recipe, const QString& file) {
    undo_->clear();
    apply(recipe);
    setFile(file);
    markSaved();
}

void RecipeDocument::setFile(const QString& file) {
    if (file == file_) return;
    file_ = file;
    emit fileChanged(file_);
}

bool RecipeDocument::isModified() const { return !undo_->isClean(); }

void RecipeDocument::markSaved() { undo_->setClean(); }

void RecipeDocument::apply(const builder::Recipe& recipe) {
    recipe_ = recipe;
    emit changed();
}

}  // namespace lamina::ui
