#pragma once
#include "jobs/job_queue.h"
#include "pages/page.h"

class QPushButton;

namespace realm::ui {

class JobStatusRow;
class ReferencePicker;

// What the quantization lab's pages share: the file the open model is measured against (the
// document's reference, picked with a ReferencePicker and remembered), a Run button (F5) and
// Cancel (Esc), a status line with progress, and one background job at a time on the model's
// job queue. Subclasses place the widgets in their layout and start their job in run().
class ReferencePage : public Page {
    Q_OBJECT
  public:
    ReferencePage(const QString& runText, const QString& runToolTip, QWidget* parent = nullptr);
    ~ReferencePage() override;

    void setReference(const QString& path); // remembered; does not start a run
    virtual void run() = 0;
    void cancel();
    bool isBusy() const { return job_ != nullptr; }
    QString statusMessage() const;

  protected:
    ReferencePicker* picker() const { return picker_; }
    QPushButton* runButton() const { return run_; }
    QPushButton* cancelButton() const { return cancel_; }
    JobStatusRow* status() const { return status_; }
    // Whether run() can start now (a document, a reference, nothing running).
    bool canRun() const;
    // The page's job: long, replacing the page's previous one, its partial result kept on Cancel.
    JobSpec jobSpec(const QString& key) const;
    JobQueue* jobs() const;
    // A progress receiver that moves the status line's bar.
    std::function<void(double)> showProgress();
    void began(JobHandle job); // busy: Run off, Cancel on
    void ended();              // the job's result or error arrived
    // The document changed (or closed): drop what was shown. hint says what to do next.
    virtual void reset(const QString& hint) = 0;
    virtual void cancelMore() {} // other jobs of the page

  private:
    void onDocumentChanged() override;
    void updateButtons();

    ReferencePicker* picker_;
    QPushButton* run_;
    QPushButton* cancel_;
    JobStatusRow* status_;
    JobHandle job_;
};

} // namespace realm::ui
