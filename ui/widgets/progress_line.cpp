#include "widgets/progress_line.h"

#include <QPainter>

#include <algorithm>

namespace realm::ui {

ProgressLine::ProgressLine(QWidget* parent) : QProgressBar(parent) {
    setTextVisible(false);
}

void ProgressLine::setValueLater(int value) {
    // repaint() does nothing while updates are off; turning them on again schedules update().
    setUpdatesEnabled(false);
    setValue(value);
    setUpdatesEnabled(true);
}

void ProgressLine::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window).darker(115));
    const int span = maximum() - minimum();
    if (span <= 0) {
        // Busy (range 0..0): a band that moves with every repaint is not worth a timer; a
        // half-filled bar says "working" without one.
        p.fillRect(QRect(0, 0, width() / 2, height()), palette().color(QPalette::Highlight));
        return;
    }
    const double done = double(value() - minimum()) / span;
    p.fillRect(QRect(0, 0, int(width() * std::clamp(done, 0.0, 1.0)), height()),
               palette().color(QPalette::Highlight));
}

} // namespace realm::ui
