#pragma once
#include <QColor>

class QPalette;

namespace realm::ui {

// The colour maps follow the application palette: in a light one they fade to near-white at
// zero, in a dark one to near-black, so that "nothing" always looks like the background.
// Signed values: blue (-1) – background (0) – red (+1). Input is clamped to [-1, 1].
QColor divergingColor(double t);
// Magnitudes/probabilities: background (0) to strong blue (1). Input is clamped to [0, 1].
QColor sequentialColor(double t);

enum class ColorScale { Diverging, Sequential };
inline QColor scaleColor(ColorScale s, double t) {
    return s == ColorScale::Diverging ? divergingColor(t) : sequentialColor(t);
}

// Black or white, whichever reads better on `background`.
QColor textColorOn(const QColor& background);
// Whether a palette is a dark one (light text on a dark window).
bool isDark(const QPalette& palette);
// Whether the application's palette is (UI thread; false without a QGuiApplication).
bool darkApplication();

} // namespace realm::ui
