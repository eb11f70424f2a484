#include "widgets/download_panel.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "remote/download.h"
#include "remote/remote_file.h"
#include "text/format.h"
#include "widgets/job_status_row.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace realm::ui {

namespace {
const QString DirKey = QStringLiteral("remote/downloadDir");
}

DownloadPanel::DownloadPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    text_ = new QLabel;
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    layout->addWidget(text_);
    auto* row = new QHBoxLayout;
    download_ = new QPushButton(tr("Download…"));
    cancel_ = new QToolButton;
    cancel_->setText(tr("Cancel"));
    status_ = new JobStatusRow;
    alternative_ = new QPushButton;
    alternative_->hide();
    row->addWidget(download_);
    row->addWidget(alternative_);
    row->addWidget(cancel_);
    row->addWidget(status_, 1);
    layout->addLayout(row);
    layout->addStretch(1);
    cancel_->hide();
    connect(download_, &QPushButton::clicked, this, &DownloadPanel::askWhere);
    connect(cancel_, &QToolButton::clicked, this, &DownloadPanel::cancelDownload);
    connect(alternative_, &QPushButton::clicked, this, &DownloadPanel::alternativeChosen);
}

DownloadPanel::~DownloadPanel() {
    cancelDownload();
}

void DownloadPanel::setDocument(ModelDocument* document) {
    cancelDownload();
    document_ = document;
    status_->showStatus({});
    updateText();
}

void DownloadPanel::setPageTitle(const QString& title) {
    title_ = title;
    updateText();
}

void DownloadPanel::setAlternative(const QString& label) {
    alternative_->setText(label);
    alternative_->setVisible(!label.isEmpty());
}

QString DownloadPanel::explanation() const {
    return text_->text();
}

void DownloadPanel::updateText() {
    if (!document_) {
        text_->clear();
        return;
    }
    const ModelSummary& s = document_->summary();
    text_->setText(tr("<h3>%1 needs the model on this computer</h3><p>%2 is read over HTTP: the metadata, "
                      "tensors and tokenizer pages read its header, and the tensor inspector fetches only "
                      "the bytes of the rows and statistics it shows (kept in a cache of at most %3). "
                      "Running the model needs every weight in memory: download the file (%4) first, and "
                      "the downloaded copy opens in its place.</p>")
                       .arg(title_.toHtmlEscaped(), s.path.toHtmlEscaped(),
                            formatBytes(s.remote ? s.remote->cacheLimit() : 0), formatBytes(s.fileSize)));
}

void DownloadPanel::askWhere() {
    if (!document_) return;
    QString dir = QSettings().value(DirKey).toString();
    if (dir.isEmpty()) dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Download model"),
                                                      QDir(dir).filePath(document_->summary().fileName),
                                                      tr("GGUF models (*.gguf)"));
    if (path.isEmpty()) return;
    QSettings().setValue(DirKey, QFileInfo(path).absolutePath());
    startDownload(path);
}

void DownloadPanel::startDownload(const QString& path) {
    if (!document_ || job_) return;
    const QUrl url(document_->summary().path);
    status_->showStatus(tr("Downloading to %1…").arg(path));
    status_->setProgress(0);
    download_->setEnabled(false);
    cancel_->show();
    JobSpec spec;
    spec.priority = JobPriority::Long;
    spec.deliverCancelled = true;
    job_ = document_->session()->jobs()->run(
        spec, this, [url, path](const JobControl& control) { return downloadFile(url, path, control); },
        [this, path](bool complete) {
            finish();
            if (!complete) {
                status_->showStatus(tr("Download cancelled; nothing was written."));
                return;
            }
            status_->showStatus(tr("Downloaded to %1.").arg(path));
            Q_EMIT downloaded(path);
        },
        [this](const QString& error) {
            finish();
            status_->showError(tr("Download failed: %1").arg(error));
            Q_EMIT downloadFailed(error);
        },
        [this](double fraction) { status_->setProgress(fraction); });
}

void DownloadPanel::cancelDownload() {
    if (job_) job_->cancel();
}

void DownloadPanel::finish() {
    job_.reset();
    download_->setEnabled(true);
    status_->hideProgress();
    cancel_->hide();
}

} // namespace realm::ui
