#pragma once
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace realm::ui {

// A non-modal strip at the top of the window: the reason in one line, the full core message
// (file, offset, key) behind "Details", an optional action button (e.g. "Reload") and a close button.
class ErrorBanner : public QWidget {
    Q_OBJECT
  public:
    explicit ErrorBanner(QWidget* parent = nullptr);
    void showError(const QString& summary, const QString& details);
    // Like showError, with a button that emits actionTriggered().
    void showAction(const QString& summary, const QString& details, const QString& actionText);
    QString summary() const;
    QString details() const;
    QString actionText() const; // empty when the banner shows no action

  Q_SIGNALS:
    void actionTriggered();

  private:
    QLabel* summary_;
    QPlainTextEdit* details_;
    QToolButton* toggle_;
    QToolButton* action_;
};

} // namespace realm::ui
