#include "ui/docks/circuit_style_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <cmath>

namespace lamina::ui {

namespace {
QSlider* percentSlider(int low, int high, const QString& name, const QString& tip) {
    auto* slider = new QSlider(Qt::Horizontal);
    slider->setRange(low, high);
    slider->setObjectName(name);
    slider->setToolTip(tip);
    slider->setMinimumWidth(180);
    return slider;
}

QWidget* row(QSlider* slider, QLabel* label) {
    auto* box = new QWidget;
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider, 1);
    label->setMinimumWidth(110);
    layout->addWidget(label);
    return box;
}
}  // namespace

CircuitStyleDialog::CircuitStyleDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Circuit Display"));
    setObjectName("circuitStyleDialog");
    opacity_ = percentSlider(0, 100, "neuriteOpacity",
                             tr("How opaque dendrites and axons are; fainter neurites let the somata show through "
                                "(0: somata only)"));
    density_ = percentSlider(0, 100, "neuriteDensity",
                             tr("The share of cells whose neurites are drawn, spread over every layer; somata are "
                                "always drawn, and a selected cell always shows whole"));
    soma_ = percentSlider(50, 500, "somaScale", tr("Somata drawn larger than they are, to find cells in a dense column"));
    flash_ = new QCheckBox(tr("Flash a cell's soma when it spikes"));
    flash_->setObjectName("flashSpikes");
    flash_->setToolTip(tr("A spiking cell's soma lights up and grows for about half a second"));
    front_ = new QCheckBox(tr("Somata in &front of neurites"));
    front_->setObjectName("somataInFront");
    front_->setToolTip(tr("Every soma drawn over the neurites, ringed, so no cell hides in the dendrites"));
    opacity_label_ = new QLabel;
    density_label_ = new QLabel;
    soma_label_ = new QLabel;
    mode_label_ = new QLabel;
    mode_label_->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Neurite &opacity"), row(opacity_, opacity_label_));
    form->addRow(tr("Neurites &drawn"), row(density_, density_label_));
    form->addRow(tr("&Soma size"), row(soma_, soma_label_));
    form->addRow(QString(), front_);
    form->addRow(QString(), flash_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* automatic = buttons->addButton(tr("&Readable Defaults"), QDialogButtonBox::ResetRole);
    automatic->setObjectName("automaticStyle");
    automatic->setToolTip(tr("The style Lamina picks for a circuit of this size, kept as circuits change"));
    connect(automatic, &QPushButton::clicked, this, &CircuitStyleDialog::automaticAsked);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(mode_label_);
    layout->addWidget(buttons);
    for (QSlider* slider : {opacity_, density_, soma_}) connect(slider, &QSlider::valueChanged, this, &CircuitStyleDialog::emitStyle);
    for (QCheckBox* box : {flash_, front_}) connect(box, &QCheckBox::toggled, this, &CircuitStyleDialog::emitStyle);
}

void CircuitStyleDialog::showStyle(const render::CircuitStyle& style, std::size_t cells, bool automatic) {
    showing_ = true;
    cells_ = cells;
    opacity_->setValue(static_cast<int>(std::lround(style.neurite_opacity * 100)));
    density_->setValue(static_cast<int>(std::lround(style.neurite_density * 100)));
    soma_->setValue(static_cast<int>(std::lround(style.soma_scale * 100)));
    flash_->setChecked(style.flash_spikes);
    front_->setChecked(style.somata_in_front);
    mode_label_->setText(automatic ? tr("Chosen for a circuit of %n cell(s); follows the next circuit.", "", static_cast<int>(cells))
                                   : tr("Your choice; kept for every circuit until Readable Defaults."));
    describe();
    showing_ = false;
}

render::CircuitStyle CircuitStyleDialog::style() const {
    render::CircuitStyle s;
    s.neurite_opacity = opacity_->value() / 100.0;
    s.neurite_density = density_->value() / 100.0;
    s.soma_scale = soma_->value() / 100.0;
    s.flash_spikes = flash_->isChecked();
    s.somata_in_front = front_->isChecked();
    return s;
}

void CircuitStyleDialog::describe() {
    opacity_label_->setText(opacity_->value() == 0 ? tr("somata only") : tr("%1 %").arg(opacity_->value()));
    const auto drawn = static_cast<long long>(std::lround(static_cast<double>(cells_) * density_->value() / 100.0));
    density_label_->setText(cells_ ? tr("%1 %, ~%2 of %3 cells").arg(density_->value()).arg(drawn).arg(cells_)
                                   : tr("%1 %").arg(density_->value()));
    soma_label_->setText(tr("× %1").arg(soma_->value() / 100.0, 0, 'f', 2));
}

void CircuitStyleDialog::emitStyle() {
    describe();
    if (showing_) return;
    mode_label_->setText(tr("Your choice; kept for every circuit until Readable Defaults."));
    emit styleChanged(style());
}

}  // namespace lamina::ui
