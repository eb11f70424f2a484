#pragma once
#include <QWidget>

class QLabel;
class QPushButton;

namespace realm::ui {

// "Reference: FILE [Open Reference…]": the second file the open model is measured against.
// picked() when the person chooses one in the file dialog; setPath() shows the current one.
class ReferencePicker : public QWidget {
    Q_OBJECT
  public:
    explicit ReferencePicker(QWidget* parent = nullptr);
    void setPath(const QString& path);
    QString path() const { return path_; }
    QPushButton* openButton() const { return open_; }

  Q_SIGNALS:
    void picked(const QString& path);

  private:
    void choose();

    QString path_;
    QLabel* label_;
    QPushButton* open_;
};

} // namespace realm::ui
