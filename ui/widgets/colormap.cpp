#include "widgets/colormap.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace realm::ui {

namespace {
QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}
} // namespace

bool darkApplication() {
    // Without a QGuiApplication (a headless QCoreApplication) there is no palette to follow.
    return qobject_cast<QGuiApplication*>(QCoreApplication::instance()) && isDark(QGuiApplication::palette());
}

bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

QColor divergingColor(double t) {
    t = std::clamp(t, -1.0, 1.0);
    static const QColor blue(33, 102, 172), white(247, 247, 247), red(178, 24, 43);
    // Brighter ends on black keep the same contrast against the middle.
    static const QColor lightBlue(92, 160, 235), black(30, 30, 32), lightRed(240, 96, 80);
    if (darkApplication()) return t < 0 ? mix(black, lightBlue, -t) : mix(black, lightRed, t);
    return t < 0 ? mix(white, blue, -t) : mix(white, red, t);
}

QColor sequentialColor(double t) {
    t = std::clamp(t, 0.0, 1.0);
    static const QColor lo(247, 251, 255), mid(107, 174, 214), hi(8, 48, 107);
    static const QColor darkLo(30, 30, 32), darkMid(33, 102, 172), darkHi(170, 215, 250);
    if (darkApplication()) return t < 0.5 ? mix(darkLo, darkMid, t * 2) : mix(darkMid, darkHi, (t - 0.5) * 2);
    return t < 0.5 ? mix(lo, mid, t * 2) : mix(mid, hi, (t - 0.5) * 2);
}

QColor textColorOn(const QColor& background) {
    // Relative luminance (sRGB weights, no gamma): above the middle, dark text reads better.
    const double y = 0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return y > 0.5 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace realm::ui
