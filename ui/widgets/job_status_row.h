#pragma once
#include <QWidget>

class QLabel;

namespace realm::ui {

class ProgressLine;

// One line under a page's controls: what a background job is doing or why it failed (in red,
// selectable, the core's whole message), and a thin progress bar while it runs.
class JobStatusRow : public QWidget {
    Q_OBJECT
  public:
    explicit JobStatusRow(QWidget* parent = nullptr);
    void showStatus(const QString& message);
    void showError(const QString& message);
    void setProgress(double fraction); // < 0: busy without a fraction
    void hideProgress();
    QString text() const; // the plain text shown

  private:
    QLabel* label_;
    ProgressLine* progress_;
};

} // namespace realm::ui
