#include "widgets/chart_helpers.h"

#include "text/format.h"
#include "widgets/colormap.h"

#include <QApplication>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPalette>
#include <QValueAxis>

#include <algorithm>

namespace realm::ui {

QChartView* makeChartView(const QString& title) {
    auto* chart = new QChart;
    const QPalette pal = QApplication::palette();
    chart->setTheme(isDark(pal) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->setBackgroundBrush(pal.color(QPalette::Base));
    chart->setTitleBrush(pal.color(QPalette::WindowText));
    if (!title.isEmpty()) chart->setTitle(title);
    // English number formatting: group separators in every locale, like formatCount.
    chart->setLocalizeNumbers(true);
    chart->setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    return view;
}

void setHistogram(QChart* chart, const QVector<quint64>& bins, double lo, double hi, const QString& xTitle) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    auto* area = new QAreaSeries;
    auto* upper = new QLineSeries(area); // owned by the area series
    const int n = static_cast<int>(bins.size());
    const double width = n ? (hi - lo) / n : 1;
    quint64 top = 1;
    QList<QPointF> outline; // one replace() instead of an append (and a relayout) per point
    outline.reserve(2 * n);
    for (int i = 0; i < n; ++i) {
        // Step outline: each bin is a flat segment.
        outline.append(QPointF(lo + i * width, double(bins[i])));
        outline.append(QPointF(lo + (i + 1) * width, double(bins[i])));
        top = std::max(top, bins[i]);
    }
    upper->replace(outline);
    area->setUpperSeries(upper);
    area->setColor(QColor(70, 130, 180));
    area->setBorderColor(QColor(40, 80, 130));
    chart->addSeries(area);
    auto* x = new QValueAxis;
    x->setRange(lo, hi > lo ? hi : lo + 1);
    x->setTitleText(xTitle);
    x->setLabelFormat(QStringLiteral("%.3g"));
    auto* y = new QValueAxis;
    y->setRange(0, double(top) * 1.05);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTitleText(QCoreApplication::translate("Charts", "count"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    area->attachAxis(x);
    area->attachAxis(y);
}

} // namespace realm::ui
