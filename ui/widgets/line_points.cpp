#include "widgets/line_points.h"

#include <algorithm>

namespace realm::ui {

QList<QPointF> linePoints(const float* values, qsizetype n, qsizetype maxPoints) {
    QList<QPointF> points;
    // Buckets of `step` values each give their lowest and highest point, in index order.
    const qsizetype step = n <= maxPoints ? 1 : (n + maxPoints / 2 - 1) / (maxPoints / 2);
    points.reserve(std::min(n, maxPoints));
    for (qsizetype b = 0; b < n; b += step) {
        if (step == 1) {
            points.append(QPointF(double(b), double(values[b])));
            continue;
        }
        const qsizetype end = std::min(n, b + step);
        qsizetype lo = b, hi = b;
        for (qsizetype i = b + 1; i < end; ++i) {
            if (values[i] < values[lo]) lo = i;
            if (values[i] > values[hi]) hi = i;
        }
        for (qsizetype i : {std::min(lo, hi), std::max(lo, hi)}) {
            points.append(QPointF(double(i), double(values[i])));
            if (lo == hi) break;
        }
    }
    return points;
}

} // namespace realm::ui
