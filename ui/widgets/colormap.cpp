#include "widgets/colormap.h"

#include <algorithm>

namespace realm::ui {

namespace {
QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}
} // namespace

QColor divergingColor(double t) {
    t = std::clamp(t, -1.0, 1.0);
    static const QColor blue(33, 102, 172), white(247, 247, 247), red(178, 24, 43);
    return t < 0 ? mix(white, blue, -t) : mix(white, red, t);
}

QColor sequentialColor(double t) {
    t = std::clamp(t, 0.0, 1.0);
    static const QColor lo(247, 251, 255), mid(107, 174, 214), hi(8, 48, 107);
    return t < 0.5 ? mix(lo, mid, t * 2) : mix(mid, hi, (t - 0.5) * 2);
}

} // namespace realm::ui
