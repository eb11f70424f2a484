#include "widgets/sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace realm::ui {

Sparkline::Sparkline(QWidget* parent) : QWidget(parent) {
    setFixedSize(sizeHint());
}

void Sparkline::append(double value) {
    values_.push_back(value);
    if (values_.size() > 120) values_.remove(0, values_.size() - 120);
    update();
}

void Sparkline::paintEvent(QPaintEvent*) {
    if (values_.size() < 2) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const auto [lo, hi] = std::minmax_element(values_.cbegin(), values_.cend());
    const double span = std::max(1e-9, *hi - *lo);
    QPainterPath path;
    const double dx = double(width() - 2) / double(values_.size() - 1);
    for (int i = 0; i < values_.size(); ++i) {
        const QPointF pt(1 + i * dx, height() - 2 - (values_[i] - *lo) / span * (height() - 4));
        if (i == 0)
            path.moveTo(pt);
        else
            path.lineTo(pt);
    }
    p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    p.drawPath(path);
}

} // namespace realm::ui
