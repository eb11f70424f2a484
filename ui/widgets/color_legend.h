#pragma once
#include "widgets/colormap.h"

#include <QWidget>

namespace realm::ui {

// A vertical colour bar with its end values, for views (tables) coloured with a colour map.
class ColorLegend : public QWidget {
    Q_OBJECT
  public:
    explicit ColorLegend(ColorScale scale, double lo, double hi, QString title = {},
                         QWidget* parent = nullptr);
    QSize sizeHint() const override { return {64, 160}; }
    void setRange(double lo, double hi);

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    ColorScale scale_;
    double lo_, hi_;
    QString title_;
};

} // namespace realm::ui
