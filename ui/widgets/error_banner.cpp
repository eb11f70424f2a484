#include "widgets/error_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace realm::ui {

ErrorBanner::ErrorBanner(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, QColor(253, 226, 226));
    pal.setColor(QPalette::WindowText, QColor(110, 10, 20));
    setPalette(pal);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    auto* row = new QHBoxLayout;
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(summary_, 1);
    action_ = new QToolButton;
    action_->hide();
    row->addWidget(action_);
    toggle_ = new QToolButton;
    toggle_->setText(tr("Details"));
    toggle_->setCheckable(true);
    row->addWidget(toggle_);
    auto* close = new QToolButton;
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    row->addWidget(close);
    layout->addLayout(row);
    details_ = new QPlainTextEdit;
    details_->setReadOnly(true);
    details_->setMaximumHeight(90);
    details_->hide();
    layout->addWidget(details_);
    connect(toggle_, &QToolButton::toggled, details_, &QWidget::setVisible);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    connect(action_, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT actionTriggered();
    });
    hide();
}

void ErrorBanner::showError(const QString& summary, const QString& details) {
    summary_->setText(summary);
    details_->setPlainText(details);
    toggle_->setVisible(!details.isEmpty());
    action_->hide();
    action_->setText({});
    show();
}

void ErrorBanner::showAction(const QString& summary, const QString& details, const QString& actionText) {
    showError(summary, details);
    action_->setText(actionText);
    action_->show();
}

QString ErrorBanner::actionText() const {
    return action_->isVisibleTo(this) ? action_->text() : QString();
}

QString ErrorBanner::summary() const {
    return summary_->text();
}
QString ErrorBanner::details() const {
    return details_->toPlainText();
}

} // namespace realm::ui
