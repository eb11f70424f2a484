#pragma once
#include <QWidget>

class QListWidget;
class QPushButton;

namespace realm::ui {

// Shown when no model is open: open a file, a recent file, or the bundled demo model.
class StartPage : public QWidget {
    Q_OBJECT
  public:
    explicit StartPage(QWidget* parent = nullptr);
    void setRecentFiles(const QStringList& files);
    void setDemoModel(const QString& path); // empty: the button explains why it is disabled

  Q_SIGNALS:
    void openRequested(const QString& path); // empty: ask with a file dialog

  private:
    QListWidget* recent_;
    QPushButton* demo_;
    QString demoPath_;
};

} // namespace realm::ui
