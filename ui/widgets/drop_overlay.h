#pragma once
#include <QWidget>

namespace realm::ui {

// Covers the window while a drag hovers over it: "Drop to open" or why the file cannot be opened.
class DropOverlay : public QWidget {
    Q_OBJECT
  public:
    explicit DropOverlay(QWidget* parent);
    void showMessage(const QString& message, bool acceptable);
    QString message() const { return message_; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QString message_;
    bool acceptable_ = true;
};

} // namespace realm::ui
