#pragma once
#include "document/intervention_types.h"
#include "pages/page.h"

#include <QPointer>

class QPushButton;

namespace realm::ui {

class InterventionEngine;
class JobStatusRow;

// What the intervention pages share: the document's InterventionEngine (taken when the
// engines start, let go when they stop), a status line that shows progress or a clear error,
// and a busy state that keeps the Run button off while a request runs on the engine's jobs.
class InterventionPage : public Page {
    Q_OBJECT
  public:
    using Page::Page;
    InterventionEngine* engine() const;
    bool isBusy() const { return busy_; }
    QString statusMessage() const; // plain text of the status line

  protected:
    // The status line and progress bar, for the page's layout; made on first use.
    QWidget* statusRow();
    void setBusy(bool busy, const QString& message = {});
    void showError(const QString& message);
    void showStatus(const QString& message);
    void setProgress(double fraction); // < 0: busy without a fraction
    // The Run button the busy state disables (and enables again once the engine is ready).
    void setRunButton(QPushButton* button);

    // The engine is ready (called again for each newly opened model); connect to its signals here.
    virtual void onEngineReady(InterventionEngine* engine, const InterventionShape& shape) = 0;

  private:
    void onEnginesStarted() override;
    void onEnginesStopping() override;
    void updateRun();

    QPointer<InterventionEngine> engine_;
    JobStatusRow* status_ = nullptr;
    QPushButton* run_ = nullptr;
    bool busy_ = false;
};

} // namespace realm::ui
