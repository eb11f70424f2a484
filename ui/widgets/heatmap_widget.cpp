#include "widgets/heatmap_widget.h"

#include "text/format.h"
#include "widgets/heatmap_image.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <array>
#include <cmath>

namespace realm::ui {

namespace {
constexpr int LegendWidth = 70;
constexpr int Margin = 6;
} // namespace

HeatmapWidget::HeatmapWidget(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(200, 120);
}

void HeatmapWidget::setData(const QVector<float>& cells, int width, int height, ColorScale scale,
                            double range) {
    setData(cells, width, height, scale, range, heatmapImage(cells, width, height, scale, range));
}

void HeatmapWidget::setData(const QVector<float>& cells, int width, int height, ColorScale scale,
                            double range, const QImage& image) {
    cells_ = cells;
    width_ = width;
    height_ = height;
    scale_ = scale;
    range_ = range > 0 && std::isfinite(range) ? range : 1.0;
    message_.clear();
    if (sourceRows_ == 0 || regionRows_ == 0) setRegion(height, width, 0, 0, height, width);
    image_ = image;
    update();
}

void HeatmapWidget::setRegion(int64_t sourceRows, int64_t sourceCols, int64_t row0, int64_t col0,
                              int64_t regionRows, int64_t regionCols) {
    sourceRows_ = sourceRows;
    sourceCols_ = sourceCols;
    row0_ = row0;
    col0_ = col0;
    regionRows_ = regionRows;
    regionCols_ = regionCols;
}

void HeatmapWidget::setAxisTitles(const QString& rows, const QString& cols) {
    rowTitle_ = rows;
    colTitle_ = cols;
}

void HeatmapWidget::setRowNames(const QStringList& names) {
    rowNames_ = names;
}

void HeatmapWidget::setCellTexts(const QStringList& texts) {
    cellTexts_ = texts;
    update();
}

void HeatmapWidget::setMessage(const QString& message) {
    message_ = message;
    update();
}

void HeatmapWidget::clear() {
    cells_.clear();
    cellTexts_.clear();
    width_ = height_ = 0;
    sourceRows_ = regionRows_ = 0;
    image_ = {};
    update();
}

QRect HeatmapWidget::plotRect() const {
    return QRect(Margin, Margin, std::max(10, width() - LegendWidth - 2 * Margin),
                 std::max(10, height() - 2 * Margin));
}

void HeatmapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window));
    const QRect plot = plotRect();
    if (!message_.isEmpty() || width_ == 0 || height_ == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, message_.isEmpty() ? tr("No data") : message_);
        return;
    }
    p.drawImage(plot, image_); // nearest-neighbour: each cell stays a crisp block
    // Cell texts when the cells are big enough to read them.
    const double cw = double(plot.width()) / width_, ch = double(plot.height()) / height_;
    if (!cellTexts_.isEmpty() && cw >= 28 && ch >= 14) {
        QFont f = font();
        f.setPointSizeF(std::max(6.0, std::min(9.0, ch * 0.45)));
        p.setFont(f);
        for (int y = 0; y < height_; ++y)
            for (int x = 0; x < width_; ++x) {
                const int i = y * width_ + x;
                if (i >= cellTexts_.size() || cellTexts_.at(i).isEmpty()) continue;
                const QRectF r(plot.left() + x * cw, plot.top() + y * ch, cw, ch);
                const float v = cells_.at(i);
                p.setPen(textColorOn(scaleColor(
                    scale_, scale_ == ColorScale::Diverging ? v / range_ : std::fabs(v / range_))));
                p.drawText(r.adjusted(2, 0, -2, 0), Qt::AlignCenter,
                           p.fontMetrics().elidedText(cellTexts_.at(i), Qt::ElideRight, int(cw) - 4));
            }
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(plot.adjusted(0, 0, -1, -1));

    // Legend: the colour scale with its numbers.
    const QRect bar(plot.right() + 12, plot.top() + 8, 14, std::max(20, plot.height() - 16));
    for (int i = 0; i < bar.height(); ++i) {
        const double f = 1.0 - double(i) / std::max(1, bar.height() - 1); // top = max
        const double t = scale_ == ColorScale::Diverging ? 2 * f - 1 : f;
        p.setPen(scaleColor(scale_, t));
        p.drawLine(bar.left(), bar.top() + i, bar.right(), bar.top() + i);
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() - 1.5));
    p.setFont(small);
    const double lo = scale_ == ColorScale::Diverging ? -range_ : 0.0;
    p.drawText(bar.right() + 3, bar.top() + 4, formatValue(range_));
    p.drawText(bar.right() + 3, bar.bottom() + 4, formatValue(lo));
    if (scale_ == ColorScale::Diverging)
        p.drawText(bar.right() + 3, bar.center().y() + 4, QStringLiteral("0"));
}

bool HeatmapWidget::cellAt(const QPoint& pos, int& x, int& y) const {
    const QRect plot = plotRect();
    if (width_ == 0 || height_ == 0 || !plot.contains(pos)) return false;
    x = std::clamp(int((pos.x() - plot.left()) * double(width_) / plot.width()), 0, width_ - 1);
    y = std::clamp(int((pos.y() - plot.top()) * double(height_) / plot.height()), 0, height_ - 1);
    return true;
}

void HeatmapWidget::sourceOf(int x, int y, int64_t& row, int64_t& col) const {
    row = row0_ + (int64_t(y) * regionRows_ + height_ - 1) / height_;
    col = col0_ + (int64_t(x) * regionCols_ + width_ - 1) / width_;
    row = std::min(row, row0_ + regionRows_ - 1);
    col = std::min(col, col0_ + regionCols_ - 1);
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent* event) {
    if (dragging_ && zoomable_) return; // the pan happens on release
    int x, y;
    if (!cellAt(event->position().toPoint(), x, y)) {
        QToolTip::hideText();
        return;
    }
    int64_t row, col;
    sourceOf(x, y, row, col);
    QString rowText = QStringLiteral("%1 %2").arg(rowTitle_).arg(row);
    if (row < rowNames_.size()) rowText += QStringLiteral(" (%1)").arg(rowNames_.at(static_cast<int>(row)));
    QString text = QStringLiteral("%1, %2 %3: %4")
                       .arg(rowText, colTitle_)
                       .arg(col)
                       .arg(formatValue(cells_.at(y * width_ + x)));
    if (regionRows_ > height_ || regionCols_ > width_) text += tr("\n(max-abs of the pooled cell)");
    const int i = y * width_ + x;
    if (i < cellTexts_.size() && !cellTexts_.at(i).isEmpty()) text += QStringLiteral("\n") + cellTexts_.at(i);
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void HeatmapWidget::mousePressEvent(QMouseEvent* event) {
    dragging_ = true;
    dragStart_ = event->position().toPoint();
}

void HeatmapWidget::mouseReleaseEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const bool wasDrag = dragging_ && (pos - dragStart_).manhattanLength() > 6;
    dragging_ = false;
    if (wasDrag && zoomable_) {
        const QRect plot = plotRect();
        const int64_t dr = int64_t(-(pos.y() - dragStart_.y()) * double(regionRows_) / plot.height());
        const int64_t dc = int64_t(-(pos.x() - dragStart_.x()) * double(regionCols_) / plot.width());
        const int64_t r0 =
            std::clamp<int64_t>(row0_ + dr, 0, std::max<int64_t>(0, sourceRows_ - regionRows_));
        const int64_t c0 =
            std::clamp<int64_t>(col0_ + dc, 0, std::max<int64_t>(0, sourceCols_ - regionCols_));
        Q_EMIT regionRequested(r0, c0, regionRows_, regionCols_);
        return;
    }
    int x, y;
    if (cellAt(pos, x, y)) {
        int64_t row, col;
        sourceOf(x, y, row, col);
        Q_EMIT cellClicked(row, col);
    }
}

void HeatmapWidget::mouseDoubleClickEvent(QMouseEvent*) {
    if (zoomable_) Q_EMIT regionRequested(0, 0, sourceRows_, sourceCols_);
}

void HeatmapWidget::wheelEvent(QWheelEvent* event) {
    int x, y;
    if (!zoomable_ || !cellAt(event->position().toPoint(), x, y)) return;
    int64_t row, col;
    sourceOf(x, y, row, col);
    const bool in = event->angleDelta().y() > 0;
    const int64_t rows = std::clamp<int64_t>(in ? regionRows_ / 2 : regionRows_ * 2, 1, sourceRows_);
    const int64_t cols = std::clamp<int64_t>(in ? regionCols_ / 2 : regionCols_ * 2, 1, sourceCols_);
    // Keep the point under the cursor where it is.
    const double fy = double(y) / height_, fx = double(x) / width_;
    const int64_t r0 = std::clamp<int64_t>(row - int64_t(fy * rows), 0, sourceRows_ - rows);
    const int64_t c0 = std::clamp<int64_t>(col - int64_t(fx * cols), 0, sourceCols_ - cols);
    Q_EMIT regionRequested(r0, c0, rows, cols);
    event->accept();
}

} // namespace realm::ui
