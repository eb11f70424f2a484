#include "widgets/color_legend.h"

#include "text/explanations.h"
#include "text/format.h"

#include <QPainter>

namespace realm::ui {

ColorLegend::ColorLegend(ColorScale scale, double lo, double hi, QString title, QWidget* parent)
    : QWidget(parent), scale_(scale), lo_(lo), hi_(hi), title_(std::move(title)) {
    setFixedWidth(64);
    setWhatsThis(scale == ColorScale::Diverging ? explain::divergingScale() : explain::sequentialScale());
}

void ColorLegend::setRange(double lo, double hi) {
    lo_ = lo;
    hi_ = hi;
    update();
}

void ColorLegend::paintEvent(QPaintEvent*) {
    QPainter p(this);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 1.5));
    p.setFont(small);
    const int top = title_.isEmpty() ? 8 : 22;
    const QRect bar(6, top, 14, std::max(20, height() - top - 8));
    for (int i = 0; i < bar.height(); ++i) {
        const double f = 1.0 - double(i) / std::max(1, bar.height() - 1);
        p.setPen(scaleColor(scale_, scale_ == ColorScale::Diverging ? 2 * f - 1 : f));
        p.drawLine(bar.left(), bar.top() + i, bar.right(), bar.top() + i);
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    if (!title_.isEmpty()) p.drawText(QRect(0, 2, width(), 16), Qt::AlignLeft, title_);
    p.drawText(bar.right() + 3, bar.top() + 4, formatValue(hi_));
    p.drawText(bar.right() + 3, bar.bottom() + 4, formatValue(lo_));
}

} // namespace realm::ui
