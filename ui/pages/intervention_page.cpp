#include "pages/intervention_page.h"

#include "document/model_document.h"
#include "jobs/intervention_engine.h"
#include "widgets/progress_line.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextDocumentFragment>

#include <cmath>

namespace realm::ui {

InterventionEngine* InterventionPage::engine() const {
    return engine_;
}

QWidget* InterventionPage::statusRow() {
    if (statusRow_) return statusRow_;
    statusRow_ = new QWidget;
    auto* l = new QHBoxLayout(statusRow_);
    l->setContentsMargins(0, 0, 0, 0);
    status_ = new QLabel;
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new ProgressLine;
    progress_->setMaximumWidth(160);
    progress_->setRange(0, 1000);
    progress_->hide();
    l->addWidget(status_, 1);
    l->addWidget(progress_);
    return statusRow_;
}

QString InterventionPage::statusMessage() const {
    return status_ ? QTextDocumentFragment::fromHtml(status_->text()).toPlainText() : QString();
}

void InterventionPage::setBusy(bool busy, const QString& message) {
    statusRow();
    busy_ = busy;
    if (busy) {
        setProgress(-1);
        showStatus(message);
    } else {
        progress_->hide();
    }
    updateRun();
}

void InterventionPage::setProgress(double fraction) {
    statusRow();
    progress_->show();
    if (fraction < 0) {
        progress_->setRange(0, 0);
    } else {
        progress_->setRange(0, 1000);
        progress_->setValueLater(int(std::lround(fraction * 1000)));
    }
}

void InterventionPage::showError(const QString& message) {
    statusRow();
    status_->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(message.toHtmlEscaped()));
}

void InterventionPage::showStatus(const QString& message) {
    statusRow();
    status_->setText(message.toHtmlEscaped());
}

void InterventionPage::setRunButton(QPushButton* button) {
    run_ = button;
    updateRun();
}

void InterventionPage::updateRun() {
    if (run_) run_->setEnabled(engine_ && engine_->isReady() && !busy_);
}

void InterventionPage::onEnginesStarted() {
    engine_ = document()->interventions();
    if (!engine_) return;
    auto start = [this] {
        updateRun();
        onEngineReady(engine_, engine_->shape());
    };
    if (engine_->isReady())
        start();
    else
        connect(engine_, &InterventionEngine::ready, this, start, Qt::SingleShotConnection);
    connect(engine_, &InterventionEngine::failed, this,
            [this](const QString& e) { showError(tr("The model cannot run: %1").arg(e)); });
    updateRun();
}

void InterventionPage::onEnginesStopping() {
    if (engine_) disconnect(engine_, nullptr, this, nullptr);
    engine_ = nullptr;
    if (busy_) setBusy(false);
    updateRun();
}

} // namespace realm::ui
