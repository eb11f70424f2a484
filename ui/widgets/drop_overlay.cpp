#include "widgets/drop_overlay.h"

#include <QPainter>

namespace realm::ui {

DropOverlay::DropOverlay(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    hide();
}

void DropOverlay::showMessage(const QString& message, bool acceptable) {
    message_ = message;
    acceptable_ = acceptable;
    setGeometry(parentWidget()->rect());
    raise();
    show();
    update();
}

void DropOverlay::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), QColor(0, 0, 0, 110));
    const QRectF box =
        QRectF(rect()).adjusted(width() * 0.25, height() * 0.38, -width() * 0.25, -height() * 0.38);
    p.setBrush(acceptable_ ? QColor(33, 102, 172, 235) : QColor(178, 24, 43, 235));
    p.setPen(QPen(Qt::white, 2, Qt::DashLine));
    p.drawRoundedRect(box, 12, 12);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, message_);
}

} // namespace realm::ui
