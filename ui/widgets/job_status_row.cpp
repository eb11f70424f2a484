#include "widgets/job_status_row.h"

#include "widgets/progress_line.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTextDocumentFragment>

#include <cmath>

namespace realm::ui {

JobStatusRow::JobStatusRow(QWidget* parent) : QWidget(parent) {
    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    label_ = new QLabel;
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new ProgressLine;
    progress_->setMaximumWidth(160);
    progress_->hide();
    l->addWidget(label_, 1);
    l->addWidget(progress_);
}

void JobStatusRow::showStatus(const QString& message) {
    label_->setText(message.toHtmlEscaped());
}

void JobStatusRow::showError(const QString& message) {
    label_->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(message.toHtmlEscaped()));
}

void JobStatusRow::setProgress(double fraction) {
    progress_->show();
    if (fraction < 0) {
        progress_->setRange(0, 0);
    } else {
        progress_->setRange(0, 1000);
        progress_->setValueLater(int(std::lround(fraction * 1000)));
    }
}

void JobStatusRow::hideProgress() {
    progress_->hide();
}

QString JobStatusRow::text() const {
    return QTextDocumentFragment::fromHtml(label_->text()).toPlainText();
}

} // namespace realm::ui
