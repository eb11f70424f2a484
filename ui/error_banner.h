#pragma once
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace realm::ui {

// A non-modal strip at the top of the window: the reason in one line, the full core message
// (file, offset, key) behind "Details", and a close button.
class ErrorBanner : public QWidget {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);
    void showError(const QString& summary, const QString& details);
    QString summary() const;
    QString details() const;

private:
    QLabel* summary_;
    QPlainTextEdit* details_;
    QToolButton* toggle_;
};

} // namespace realm::ui
