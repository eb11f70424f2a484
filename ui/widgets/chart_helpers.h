#pragma once
#include <QString>
#include <QVector>

class QChart;
class QChartView;

namespace realm::ui {

// A chart view with the app's look: no animation, antialiasing, compact margins, numbers with
// thousands separators ("128,256", as formatCount writes them), and the light or dark chart
// theme after the application palette (axes and series added later take it too).
QChartView* makeChartView(const QString& title = {});

// Replace the chart's content by a histogram of `bins` over [lo, hi] (bars drawn as an area).
void setHistogram(QChart* chart, const QVector<quint64>& bins, double lo, double hi, const QString& xTitle);

} // namespace realm::ui
