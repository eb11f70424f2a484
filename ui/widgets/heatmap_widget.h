#pragma once
#include "widgets/colormap.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

namespace realm::ui {

// A grid of values painted with one colour map and a legend. The grid may stand for a larger
// source region (pooled); hover shows the source row/column and the value. Wheel zooms and
// drag pans by asking the owner for a new region (regionRequested); clicking a cell reports it.
class HeatmapWidget : public QWidget {
    Q_OBJECT
  public:
    explicit HeatmapWidget(QWidget* parent = nullptr);

    // cells: height × width, row-major. range: diverging shows [-range, range], sequential [0, range].
    void setData(const QVector<float>& cells, int width, int height, ColorScale scale, double range);
    // The same with the picture already made (heatmapImage, e.g. in a job).
    void setData(const QVector<float>& cells, int width, int height, ColorScale scale, double range,
                 const QImage& image);
    // The source region the grid covers (for tooltips and zoom); defaults to the grid itself.
    void setRegion(int64_t sourceRows, int64_t sourceCols, int64_t row0, int64_t col0, int64_t regionRows,
                   int64_t regionCols);
    void setAxisTitles(const QString& rows, const QString& cols);
    void setRowNames(const QStringList& names);  // one per source row (e.g. tokens), optional
    void setCellTexts(const QStringList& texts); // one per cell, drawn when the cell is large enough
    void setZoomable(bool zoomable) { zoomable_ = zoomable; }
    void setMessage(const QString& message); // shown instead of the grid ("computing…")
    void clear();

    int gridWidth() const { return width_; }
    int gridHeight() const { return height_; }
    const QVector<float>& cells() const { return cells_; }
    QRect plotRect() const;

  Q_SIGNALS:
    void cellClicked(qint64 row, qint64 col);
    void regionRequested(qint64 row0, qint64 col0, qint64 rows, qint64 cols);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

  private:
    bool cellAt(const QPoint& pos, int& x, int& y) const;
    void sourceOf(int x, int y, int64_t& row, int64_t& col) const;

    QVector<float> cells_;
    QStringList cellTexts_, rowNames_;
    int width_ = 0, height_ = 0;
    ColorScale scale_ = ColorScale::Diverging;
    double range_ = 1;
    int64_t sourceRows_ = 0, sourceCols_ = 0, row0_ = 0, col0_ = 0, regionRows_ = 0, regionCols_ = 0;
    QString rowTitle_ = QStringLiteral("row"), colTitle_ = QStringLiteral("column"), message_;
    QImage image_;
    bool zoomable_ = false;
    bool dragging_ = false;
    QPoint dragStart_;
};

} // namespace realm::ui
