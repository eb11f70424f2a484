#pragma once
// Compares activations with a reduced llama-eval-callback trace (tests/data/activations and
// tests/data/steering: l_out-N and result_output, the first and last 3 printed values per row).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <algorithm>
#include <cmath>
#include <vector>

namespace realm::test {

struct TraceComparison {
    QString failure; // empty when every value is within the tolerance
    int compared = 0;
    double worst = 0;
};

// residual[layer] is [nTokens × width] row-major; logits is the last position's.
inline TraceComparison compareWithTrace(const QString& path, const std::vector<std::vector<float>>& residual,
                                        const std::vector<float>& logits, int64_t nTokens, double tolerance) {
    TraceComparison c;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {QStringLiteral("cannot read %1").arg(path)};
    // The trace prints 4 decimals: half a unit of the last digit on top of the tolerance.
    const double tol = tolerance + 5e-5;
    for (const QJsonValue& tv :
         QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("tensors")).toArray()) {
        const QJsonObject t = tv.toObject();
        const QString name = t.value(QStringLiteral("name")).toString();
        const QJsonArray rows = t.value(QStringLiteral("rows")).toArray();
        const bool isLogits = name == QStringLiteral("result_output");
        const size_t layer = isLogits ? 0 : name.mid(6).toULongLong();
        if (!isLogits && layer >= residual.size()) return {QStringLiteral("no residual for %1").arg(name)};
        // llama.cpp keeps only the last position after the last layer's attention.
        const int64_t firstRow = nTokens - rows.size();
        for (int r = 0; r < rows.size(); ++r) {
            const std::vector<float>& all = isLogits ? logits : residual[layer];
            const int64_t w = static_cast<int64_t>(all.size()) / (isLogits ? 1 : nTokens);
            const float* ours = all.data() + (isLogits ? 0 : (firstRow + r) * w);
            const QJsonObject row = rows[r].toObject();
            for (int i = 0; i < 3; ++i) {
                const double d = std::max(
                    std::abs(ours[i] - row.value(QStringLiteral("first")).toArray()[i].toDouble()),
                    std::abs(ours[w - 3 + i] - row.value(QStringLiteral("last")).toArray()[i].toDouble()));
                c.worst = std::max(c.worst, d);
                c.compared += 2;
                if (d > tol && c.failure.isEmpty())
                    c.failure = QStringLiteral("%1 row %2: off by %3 (tolerance %4)")
                                    .arg(name)
                                    .arg(firstRow + r)
                                    .arg(d)
                                    .arg(tol);
            }
        }
    }
    if (c.compared == 0) c.failure = QStringLiteral("%1 holds no values").arg(path);
    return c;
}

} // namespace realm::test
