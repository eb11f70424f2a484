#include "pages/intervention_page.h"

#include "document/model_document.h"
#include "jobs/intervention_engine.h"
#include "widgets/job_status_row.h"

#include <QPushButton>

namespace realm::ui {

InterventionEngine* InterventionPage::engine() const {
    return engine_;
}

QWidget* InterventionPage::statusRow() {
    if (!status_) status_ = new JobStatusRow;
    return status_;
}

QString InterventionPage::statusMessage() const {
    return status_ ? status_->text() : QString();
}

void InterventionPage::setBusy(bool busy, const QString& message) {
    statusRow();
    busy_ = busy;
    if (busy) {
        setProgress(-1);
        showStatus(message);
    } else {
        status_->hideProgress();
    }
    updateRun();
}

void InterventionPage::setProgress(double fraction) {
    statusRow();
    status_->setProgress(fraction);
}

void InterventionPage::showError(const QString& message) {
    statusRow();
    status_->showError(message);
}

void InterventionPage::showStatus(const QString& message) {
    statusRow();
    status_->showStatus(message);
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
