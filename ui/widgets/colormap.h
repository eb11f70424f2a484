#pragma once
#include <QColor>

namespace realm::ui {

// Signed values: blue (-1) – white (0) – red (+1). Input is clamped to [-1, 1].
QColor divergingColor(double t);
// Magnitudes/probabilities: white (0) to dark blue (1). Input is clamped to [0, 1].
QColor sequentialColor(double t);

enum class ColorScale { Diverging, Sequential };
inline QColor scaleColor(ColorScale s, double t) {
    return s == ColorScale::Diverging ? divergingColor(t) : sequentialColor(t);
}

} // namespace realm::ui
