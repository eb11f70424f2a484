#include "widgets/reference_picker.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace realm::ui {

ReferencePicker::ReferencePicker(QWidget* parent) : QWidget(parent) {
    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    label_ = new QLabel;
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    open_ = new QPushButton(tr("Open Reference…"));
    open_->setToolTip(tr("The file to measure the open model against, usually the unquantized one "
                         "(same architecture and tensor shapes)"));
    l->addWidget(new QLabel(tr("Reference:")));
    l->addWidget(label_, 1);
    l->addWidget(open_);
    connect(open_, &QPushButton::clicked, this, &ReferencePicker::choose);
    setPath({});
}

void ReferencePicker::setPath(const QString& path) {
    path_ = path;
    if (path.isEmpty()) {
        label_->setText(tr("none: open one to compare with"));
        label_->setToolTip({});
    } else {
        label_->setText(QFileInfo(path).fileName());
        label_->setToolTip(path);
    }
}

void ReferencePicker::choose() {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open Reference Model"), QFileInfo(path_).path(), tr("GGUF models (*.gguf);;All files (*)"));
    if (!file.isEmpty()) Q_EMIT picked(file);
}

} // namespace realm::ui
