#pragma once
#include "window/main_window.h"

#include <QObject>

#include <functional>

namespace realm::ui {

// `realm-studio --screenshot FILE.png --page NAME MODEL`: opens the model, shows the page, waits
// until the page has finished its work, grabs the window and saves the PNG. finished(ok, message).
class ScreenshotRunner : public QObject {
    Q_OBJECT
  public:
    // page: a registry id; tab: the title of a tab to show on it ("" leaves the default).
    ScreenshotRunner(MainWindow* window, QString output, QString page, QString tab = {},
                     QObject* parent = nullptr);
    void start(const QString& model);

  Q_SIGNALS:
    void finished(bool ok, const QString& message);

  private:
    void onLoaded();
    // Runs `go` once the intervention engine has loaded the model (fails with its error).
    void whenInterventionsReady(const std::function<void()>& go);
    // Makes the tab titled tab_ current in whichever tab widget of the page has one.
    bool showTab();
    // The compare and kl pages: both need the reference file (realm-studio --reference FILE).
    void fillQuantLabPage();
    void capture();
    void fail(const QString& message);

    MainWindow* window_;
    QString output_;
    QString page_;
    QString tab_;
    QString note_; // what the page reported about its work
    bool done_ = false;
};

} // namespace realm::ui
