#pragma once
#include "jobs/job_queue.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

namespace realm::ui {

class JobStatusRow;
class ModelDocument;

// Shown instead of a page that runs the model while the model is read over HTTP: says why the
// page needs the file on this computer and downloads it (to a chosen path, with progress and
// Cancel; a cancelled or failed download leaves no file), then asks for the local copy to open.
class DownloadPanel : public QWidget {
    Q_OBJECT
  public:
    explicit DownloadPanel(QWidget* parent = nullptr);
    ~DownloadPanel() override;

    // The remote document (nullptr: none; a running download is cancelled).
    void setDocument(ModelDocument* document);
    void setPageTitle(const QString& title);
    // A way to use the page without downloading, offered beside the download ("": none).
    void setAlternative(const QString& label);
    // Downloads to path without asking (the button asks where first).
    void startDownload(const QString& path);
    void cancelDownload();
    bool isDownloading() const { return job_ != nullptr; }
    QString explanation() const;

  Q_SIGNALS:
    void downloaded(const QString& path);
    void downloadFailed(const QString& error);
    void alternativeChosen();

  private:
    void askWhere();
    void finish();
    void updateText();

    ModelDocument* document_ = nullptr;
    QString title_;
    QLabel* text_;
    QPushButton* download_;
    QPushButton* alternative_;
    QToolButton* cancel_;
    JobStatusRow* status_;
    JobHandle job_;
};

} // namespace realm::ui
