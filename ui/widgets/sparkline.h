#pragma once
#include <QVector>
#include <QWidget>

namespace realm::ui {

// A tiny line of recent values for the status bar.
class Sparkline : public QWidget {
    Q_OBJECT
  public:
    explicit Sparkline(QWidget* parent = nullptr);
    void append(double value);
    QSize sizeHint() const override { return {90, 18}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QVector<double> values_;
};

} // namespace realm::ui
