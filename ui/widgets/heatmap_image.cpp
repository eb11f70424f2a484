#include "widgets/heatmap_image.h"

#include <algorithm>
#include <cmath>

namespace realm::ui {

HeatmapColors::HeatmapColors(ColorScale scale) : lo_(scale == ColorScale::Diverging ? -1.0 : 0.0) {
    // A lookup table: a full-size grid has ~10^6 cells and computing each colour through QColor
    // cost ~40 ms.
    const double span = 1.0 - lo_;
    for (int i = 0; i <= Steps; ++i)
        table_[size_t(i)] = scaleColor(scale, lo_ + span * i / Steps).rgb();
}

QImage HeatmapColors::image(const QVector<float>& cells, int width, int height, double range) const {
    if (!(range > 0 && std::isfinite(range))) range = 1.0;
    const double span = 1.0 - lo_;
    const double toIndex = Steps / span / range; // value → table position
    const double offset = -lo_ * Steps / span;
    QImage image(std::max(width, 1), std::max(height, 1), QImage::Format_RGB32);
    image.fill(qRgb(255, 255, 255)); // only a 0-sized grid leaves any of it
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        const float* row = cells.constData() + qsizetype(y) * width;
        for (int x = 0; x < width; ++x) {
            const float v = row[x];
            if (!std::isfinite(v)) {
                line[x] = qRgb(0, 200, 0); // NaN/Inf stand out in green, outside both maps
                continue;
            }
            const double pos = std::clamp(v * toIndex + offset, 0.0, double(Steps)); // clamps like the scale
            line[x] = table_[size_t(pos + 0.5)];
        }
    }
    return image;
}

QImage heatmapImage(const QVector<float>& cells, int width, int height, ColorScale scale, double range) {
    return HeatmapColors(scale).image(cells, width, height, range);
}

} // namespace realm::ui
