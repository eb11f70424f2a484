#pragma once
#include <QString>
#include <QVector>

class QChart;
class QChartView;

namespace realm::ui {

// A chart view with the app's look: no animation, antialiasing, compact margins, system palette.
QChartView* makeChartView(const QString& title = {});
// Replace the chart's content by a histogram of `bins` over [lo, hi] (bars drawn as an area).
void setHistogram(QChart* chart, const QVector<quint64>& bins, double lo, double hi, const QString& xTitle);

} // namespace realm::ui
