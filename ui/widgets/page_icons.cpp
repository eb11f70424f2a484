#include "widgets/page_icons.h"

#include "widgets/colormap.h"
#include "window/app_identity.h"

#include <QGuiApplication>
#include <QPalette>

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace realm::ui {

namespace {
QPixmap draw(PageIcon which, int size) {
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 32.0, size / 32.0);
    // Outlines in a blue-grey that stands out from the palette's window colour, light or dark.
    const bool dark = isDark(QGuiApplication::palette());
    const QColor ink = dark ? QColor(160, 185, 220) : QColor(50, 80, 120), accent(178, 24, 43),
                 blue = dark ? QColor(90, 150, 225) : QColor(33, 102, 172);
    p.setPen(QPen(ink, 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    switch (which) {
    case PageIcon::Overview: // an info disc
        p.drawEllipse(QRectF(4, 4, 24, 24));
        p.drawLine(QPointF(16, 14), QPointF(16, 23));
        p.setBrush(ink);
        p.drawEllipse(QPointF(16, 9.5), 1.3, 1.3);
        break;
    case PageIcon::Metadata: // key = value lines
        for (int i = 0; i < 4; ++i) {
            p.drawLine(QPointF(5, 7 + i * 6), QPointF(12, 7 + i * 6));
            p.setPen(QPen(blue, 2.2, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(15, 7 + i * 6), QPointF(27 - (i % 2) * 5, 7 + i * 6));
            p.setPen(QPen(ink, 2.2, Qt::SolidLine, Qt::RoundCap));
        }
        break;
    case PageIcon::Tensors: // a grid of cells
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 3; ++x) {
                p.setBrush((x + y) % 2 ? QColor(33, 102, 172) : QColor(230, 230, 240));
                p.drawRect(QRectF(4 + x * 8, 4 + y * 8, 8, 8));
            }
        break;
    case PageIcon::Tokenizer: // coloured token spans
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(120, 170, 220));
        p.drawRoundedRect(QRectF(3, 10, 9, 12), 2, 2);
        p.setBrush(QColor(240, 170, 120));
        p.drawRoundedRect(QRectF(13, 10, 7, 12), 2, 2);
        p.setBrush(QColor(150, 210, 150));
        p.drawRoundedRect(QRectF(21, 10, 8, 12), 2, 2);
        break;
    case PageIcon::Layers: // stacked layers
        for (int i = 0; i < 3; ++i) {
            QPainterPath path;
            path.moveTo(16, 6 + i * 6);
            path.lineTo(28, 11 + i * 6);
            path.lineTo(16, 16 + i * 6);
            path.lineTo(4, 11 + i * 6);
            path.closeSubpath();
            p.setBrush(i == 0 ? QColor(33, 102, 172) : QColor(220, 228, 240));
            p.drawPath(path);
        }
        break;
    case PageIcon::Logits: // bars
        p.setPen(Qt::NoPen);
        p.setBrush(blue);
        p.drawRect(QRectF(4, 6, 5, 22));
        p.drawRect(QRectF(11, 14, 5, 14));
        p.drawRect(QRectF(18, 19, 5, 9));
        p.drawRect(QRectF(25, 24, 4, 4));
        break;
    case PageIcon::Chat: { // a speech bubble
        QPainterPath path;
        path.addRoundedRect(QRectF(3, 5, 26, 17), 5, 5);
        path.moveTo(9, 21);
        path.lineTo(8, 28);
        path.lineTo(15, 21);
        p.drawPath(path.simplified());
        p.drawLine(QPointF(9, 11), QPointF(23, 11));
        p.drawLine(QPointF(9, 16), QPointF(19, 16));
        break;
    }
    case PageIcon::Memory: // a rising line chart
        p.drawLine(QPointF(4, 28), QPointF(28, 28));
        p.setPen(QPen(accent, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(
            QPolygonF({QPointF(5, 23), QPointF(11, 18), QPointF(16, 20), QPointF(21, 10), QPointF(27, 7)}));
        break;
    case PageIcon::App: // a blue tile with a heatmap
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(33, 102, 172));
        p.drawRoundedRect(QRectF(1, 1, 30, 30), 6, 6);
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 3; ++x) {
                p.setBrush((x * 2 + y) % 3 == 0 ? QColor(178, 24, 43) : QColor(247, 247, 247));
                p.drawRect(QRectF(6 + x * 7, 6 + y * 7, 6, 6));
            }
        break;
    }
    return pm;
}

// Freedesktop icon names, then names common themes (Breeze, Adwaita) have, best first; indexed
// by PageIcon (App: the application id).
QStringList themeNames(PageIcon which) {
    static const char* const names[] = {"dialog-information help-about",
                                        "document-properties",
                                        "view-grid view-table",
                                        "format-text-code text-x-generic",
                                        "layer-visible-on view-list-details",
                                        "view-statistics office-chart-bar",
                                        "dialog-messages internet-chat",
                                        "utilities-system-monitor memory"};
    if (which == PageIcon::App) return {appId()};
    return QString::fromLatin1(names[int(which)]).split(QLatin1Char(' '));
}
} // namespace

QIcon pageIcon(PageIcon which) {
    for (const QString& name : themeNames(which))
        if (QIcon::hasThemeIcon(name)) return QIcon::fromTheme(name);
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64})
        icon.addPixmap(draw(which, size));
    return icon;
}

} // namespace realm::ui
