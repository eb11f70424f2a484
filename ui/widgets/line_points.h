#pragma once
#include <QList>
#include <QPointF>

namespace realm::ui {

// What a line chart of `n` values draws: every value (x = index) when there are at most
// maxPoints, else the smallest and largest of each stretch in index order, so that spikes stay
// visible (a line series of 4096 points took ~50 ms to lay out).
QList<QPointF> linePoints(const float* values, qsizetype n, qsizetype maxPoints);

} // namespace realm::ui
