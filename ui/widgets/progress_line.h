#pragma once
#include <QProgressBar>

namespace realm::ui {

// A thin progress bar for long jobs that report often. QProgressBar::setValue repaints at once
// and the style's bar costs 3–20 ms to draw (more on a busy machine), on every report;
// setValueLater() waits for the next regular paint and the bar is two filled rectangles.
class ProgressLine : public QProgressBar {
    Q_OBJECT
  public:
    explicit ProgressLine(QWidget* parent = nullptr);
    void setValueLater(int value);

  protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace realm::ui
