#include "pages/reference_page.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "widgets/job_status_row.h"
#include "widgets/reference_picker.h"

#include <QPushButton>
#include <QShortcut>

namespace realm::ui {

ReferencePage::ReferencePage(const QString& runText, const QString& runToolTip, QWidget* parent)
    : Page(parent), picker_(new ReferencePicker), run_(new QPushButton(runText)),
      cancel_(new QPushButton(tr("Cancel"))), status_(new JobStatusRow) {
    run_->setToolTip(runToolTip);
    connect(picker_, &ReferencePicker::picked, this, &ReferencePage::setReference);
    connect(run_, &QPushButton::clicked, this, &ReferencePage::run);
    connect(cancel_, &QPushButton::clicked, this, &ReferencePage::cancel);
    connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this), &QShortcut::activated, this,
            &ReferencePage::run);
    connect(new QShortcut(QKeySequence(Qt::Key_Escape), this), &QShortcut::activated, this,
            &ReferencePage::cancel);
    connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), this), &QShortcut::activated,
            picker_->openButton(), &QPushButton::click);
    updateButtons();
}

ReferencePage::~ReferencePage() {
    cancel();
}

void ReferencePage::setReference(const QString& path) {
    if (document()) document()->setReferencePath(path);
}

QString ReferencePage::statusMessage() const {
    return status_->text();
}

bool ReferencePage::canRun() const {
    return document() && !isBusy() && !picker_->path().isEmpty();
}

JobSpec ReferencePage::jobSpec(const QString& key) const {
    JobSpec spec;
    spec.replaces = key;
    spec.deliverCancelled = true; // a cancelled run shows what it got to
    return spec;
}

JobQueue* ReferencePage::jobs() const {
    return document()->session()->jobs();
}

std::function<void(double)> ReferencePage::showProgress() {
    return [this](double f) {
        if (isBusy()) status_->setProgress(f);
    };
}

void ReferencePage::began(JobHandle job) {
    job_ = std::move(job);
    status_->setProgress(0);
    updateButtons();
}

void ReferencePage::ended() {
    job_.reset();
    status_->hideProgress();
    updateButtons();
}

void ReferencePage::cancel() {
    if (job_) job_->cancel();
    cancelMore();
}

void ReferencePage::updateButtons() {
    run_->setEnabled(canRun());
    picker_->openButton()->setEnabled(document() && !isBusy());
    cancel_->setEnabled(isBusy());
}

void ReferencePage::onDocumentChanged() {
    cancel();
    job_.reset();
    status_->hideProgress();
    picker_->setPath(document() ? document()->referencePath() : QString());
    if (document())
        connect(document(), &ModelDocument::referenceChanged, this, [this](const QString& path) {
            picker_->setPath(path);
            updateButtons();
        });
    const QString hint =
        document() && !document()->referencePath().isEmpty()
            ? tr("Press %1 (Ctrl+Return) to measure the open model against the reference").arg(run_->text())
            : tr("Open a reference file to measure the open model against");
    status_->showStatus(hint);
    reset(hint);
    updateButtons();
}

} // namespace realm::ui
