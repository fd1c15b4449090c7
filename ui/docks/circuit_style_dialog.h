#pragma once
// View > Circuit Display: how the 3D circuit is drawn. A column of hundreds of cells is a
// wall of neurites; fainter neurites, drawn for a share of the cells, and larger somata
// let the cells and their spikes show. Non-modal: every change shows at once.

#include <QDialog>

#include "render/circuit_view.h"

class QCheckBox;
class QLabel;
class QSlider;

namespace lamina::ui {

class CircuitStyleDialog : public QDialog {
    Q_OBJECT
public:
    explicit CircuitStyleDialog(QWidget* parent = nullptr);

    // Shows a style without emitting styleChanged; `cells` sizes the density's label.
    void showStyle(const render::CircuitStyle& style, std::size_t cells, bool automatic);
    render::CircuitStyle style() const;

signals:
    void styleChanged(const lamina::render::CircuitStyle& style);
    void automaticAsked();  // the readable style for the circuit's size

private:
    void emitStyle();
    void describe();

    QSlider* opacity_ = nullptr;   // percent
    QSlider* density_ = nullptr;   // percent of cells
    QSlider* soma_ = nullptr;      // percent of the true radius
    QCheckBox* flash_ = nullptr;
    QCheckBox* front_ = nullptr;
    QLabel* opacity_label_ = nullptr;
    QLabel* density_label_ = nullptr;
    QLabel* soma_label_ = nullptr;
    QLabel* mode_label_ = nullptr;
    std::size_t cells_ = 0;
    bool showing_ = false;  // filling the controls: no signal
};

}  // namespace lamina::ui
