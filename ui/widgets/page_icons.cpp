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
    case PageIcon::Ablation: { // stacked layers, the middle one struck out
        for (int i = 0; i < 3; ++i) {
            p.setBrush(i == 1 ? Qt::NoBrush : QBrush(QColor(220, 228, 240)));
            p.drawRoundedRect(QRectF(5, 4 + i * 9, 22, 6), 2, 2);
        }
        p.setPen(QPen(accent, 2.6, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(3, 21), QPointF(29, 11));
        break;
    }
    case PageIcon::Patching: // a cell moved from one grid into another
        p.drawRect(QRectF(3, 4, 11, 11));
        p.drawRect(QRectF(18, 17, 11, 11));
        p.setPen(Qt::NoPen);
        p.setBrush(blue);
        p.drawRect(QRectF(8.5, 9.5, 5.5, 5.5));
        p.setBrush(accent);
        p.drawRect(QRectF(18, 17, 5.5, 5.5));
        p.setPen(QPen(ink, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(QPolygonF({QPointF(15, 8), QPointF(22, 8), QPointF(22, 14)}));
        p.drawPolyline(QPolygonF({QPointF(19.5, 11.5), QPointF(22, 14), QPointF(24.5, 11.5)}));
        break;
    case PageIcon::Steering: // an arrow turned off its course
        p.setPen(QPen(ink, 2.2, Qt::DashLine, Qt::RoundCap));
        p.drawLine(QPointF(4, 28), QPointF(16, 16));
        p.drawLine(QPointF(16, 16), QPointF(26, 6));
        p.setPen(QPen(accent, 2.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawLine(QPointF(16, 16), QPointF(28, 18));
        p.drawPolyline(QPolygonF({QPointF(23.5, 13.5), QPointF(28, 18), QPointF(22.5, 21.5)}));
        break;
    case PageIcon::Routing: // one input fanning out to experts, one taken
        p.drawLine(QPointF(4, 16), QPointF(12, 16));
        p.drawLine(QPointF(12, 16), QPointF(24, 6));
        p.drawLine(QPointF(12, 16), QPointF(24, 26));
        p.setPen(QPen(blue, 2.6, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(12, 16), QPointF(24, 16));
        p.setPen(Qt::NoPen);
        for (int i = 0; i < 3; ++i) {
            p.setBrush(i == 1 ? blue : QColor(220, 228, 240));
            p.drawEllipse(QPointF(26, 6 + i * 10), 3.5, 3.5);
        }
        break;
    case PageIcon::Perplexity: // a curve falling towards a floor
        p.drawLine(QPointF(4, 4), QPointF(4, 28));
        p.drawLine(QPointF(4, 28), QPointF(28, 28));
        p.setPen(QPen(blue, 2.4, Qt::SolidLine, Qt::RoundCap));
        {
            QPainterPath curve(QPointF(7, 6));
            curve.cubicTo(QPointF(10, 20), QPointF(16, 22), QPointF(28, 22));
            p.drawPath(curve);
        }
        break;
    case PageIcon::Importance: // columns of a weight, a few of them heavy
        p.setPen(Qt::NoPen);
        for (int i = 0; i < 6; ++i) {
            const double h = (i == 2 || i == 4) ? 22 : 6 + (i % 3) * 2;
            p.setBrush(i == 2 || i == 4 ? accent : blue);
            p.drawRect(QRectF(4 + i * 4.2, 28 - h, 3.2, h));
        }
        break;
    case PageIcon::Compare: // two grids side by side, one cell differing
        for (int g = 0; g < 2; ++g)
            for (int y = 0; y < 2; ++y)
                for (int x = 0; x < 2; ++x) {
                    const bool differs = g == 1 && x == 1 && y == 0;
                    p.setBrush(differs ? accent : (x + y) % 2 ? blue : QColor(230, 230, 240));
                    p.drawRect(QRectF(3 + g * 14 + x * 6, 10 + y * 6, 6, 6));
                }
        break;
    case PageIcon::Divergence: { // two distributions that disagree
        QPainterPath a(QPointF(3, 27)), b(QPointF(3, 27));
        a.cubicTo(QPointF(9, 27), QPointF(10, 6), QPointF(14, 6));
        a.cubicTo(QPointF(18, 6), QPointF(19, 27), QPointF(29, 27));
        b.cubicTo(QPointF(14, 27), QPointF(16, 12), QPointF(20, 12));
        b.cubicTo(QPointF(24, 12), QPointF(25, 27), QPointF(29, 27));
        p.setPen(QPen(blue, 2.2, Qt::SolidLine, Qt::RoundCap));
        p.drawPath(a);
        p.setPen(QPen(accent, 2.2, Qt::SolidLine, Qt::RoundCap));
        p.drawPath(b);
        break;
    }
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
    static const char* const names[] = {"dialog-information help-about", "document-properties",
                                        "view-grid view-table", "format-text-code text-x-generic",
                                        "layer-visible-on view-list-details",
                                        "view-statistics office-chart-bar", "dialog-messages internet-chat",
                                        "utilities-system-monitor memory",
                                        // No common theme icon says these: always drawn.
                                        "", "", "", "", "", "", "", ""};
    if (which == PageIcon::App) return {appId()};
    return QString::fromLatin1(names[int(which)]).split(QLatin1Char(' '), Qt::SkipEmptyParts);
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
