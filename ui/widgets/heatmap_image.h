#pragma once
#include "widgets/colormap.h"

#include <QImage>
#include <QRgb>
#include <QVector>

#include <array>

namespace realm::ui {

// A colour scale as a table, its colours taken from the application palette when it is made:
// on the UI thread (QGuiApplication::palette is not thread-safe). A copy then colours grids on
// any thread, so a job can make a large heatmap's picture.
class HeatmapColors {
  public:
    explicit HeatmapColors(ColorScale scale);
    // One pixel per cell (height × width, row-major) over [-range, range] (diverging) or
    // [0, range]; NaN/Inf in green.
    QImage image(const QVector<float>& cells, int width, int height, double range) const;

  private:
    // 2048 steps keep every channel within one level of the exact colour.
    static constexpr int Steps = 2048;
    std::array<QRgb, Steps + 1> table_;
    double lo_; // the scale's domain: [-1, 1] diverging, [0, 1] sequential
};

// The picture of a heatmap grid with the palette's colours (UI thread).
QImage heatmapImage(const QVector<float>& cells, int width, int height, ColorScale scale, double range);

} // namespace realm::ui
