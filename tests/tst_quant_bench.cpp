// Dequantization throughput of whole tensors on one core (QBENCHMARK; run with -iterations N
// or -minimumvalue for steadier figures), with memcpy of the same output bytes as the
// baseline. Each benchmark also checks what it measured: the output is the source values
// within the type's quantization error, in every repetition of the source block of rows.
#include "quant/ggml_type.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <vector>

using namespace realm;

namespace {
// A tinyllama-sized ffn matrix: 5632 rows of 2048, made of one quantized 64-row chunk repeated.
constexpr int64_t kRowLength = 2048, kRows = 5632, kChunkRows = 64;

std::vector<float> sourceValues() {
    std::vector<float> x(static_cast<size_t>(kRowLength * kChunkRows));
    uint32_t s = 12345;
    for (auto& v : x) {
        s = s * 1664525u + 1013904223u;
        v = (static_cast<float>(s >> 8) / 16777216.0f - 0.5f) * 0.1f;
    }
    return x;
}

std::vector<uint8_t> quantizedTensor(GgmlType type, const std::vector<float>& x) {
    const auto chunk = static_cast<size_t>(rowBytes(type, kRowLength) * kChunkRows);
    std::vector<uint8_t> q(static_cast<size_t>(rowBytes(type, kRowLength) * kRows));
    quantizeRows(type, x.data(), q.data(), kRowLength, kChunkRows);
    for (size_t off = chunk; off < q.size(); off += chunk)
        std::memcpy(&q[off], q.data(), chunk);
    return q;
}
} // namespace

class TestQuantBench : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void dequantize_data();
    void dequantize();
    void memcpyBaseline();
};

void TestQuantBench::dequantize_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<double>(
        "maxRelativeError"); // RMS error / RMS of the values, about twice what each type gives
    QTest::newRow("Q4_K") << int(GgmlType::Q4_K) << 0.12;
    QTest::newRow("Q6_K") << int(GgmlType::Q6_K) << 0.03;
    QTest::newRow("Q5_K") << int(GgmlType::Q5_K) << 0.06;
    QTest::newRow("Q8_0") << int(GgmlType::Q8_0) << 0.01;
    QTest::newRow("Q4_0") << int(GgmlType::Q4_0) << 0.15;
    QTest::newRow("F16") << int(GgmlType::F16) << 1e-3;
}

void TestQuantBench::dequantize() {
    QFETCH(int, type);
    QFETCH(double, maxRelativeError);
    const auto t = static_cast<GgmlType>(type);
    const std::vector<float> x = sourceValues();
    const std::vector<uint8_t> q = quantizedTensor(t, x);
    std::vector<float> out(static_cast<size_t>(kRowLength * kRows));
    QBENCHMARK {
        dequantizeRows(t, q.data(), out.data(), kRowLength, kRows);
    }
    double err = 0, norm = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        err += (double(out[i]) - x[i]) * (double(out[i]) - x[i]);
        norm += double(x[i]) * x[i];
    }
    const double relative = std::sqrt(err / norm);
    QVERIFY2(relative < maxRelativeError, qPrintable(QStringLiteral("relative RMS error %1").arg(relative)));
    for (size_t off = x.size(); off < out.size(); off += x.size())
        QVERIFY2(
            std::memcmp(&out[off], out.data(), x.size() * sizeof(float)) == 0,
            qPrintable(
                QStringLiteral("rows from %1 differ from the first chunk").arg(off / size_t(kRowLength))));
}

void TestQuantBench::memcpyBaseline() {
    const std::vector<float> src(static_cast<size_t>(kRowLength * kRows), 0.5f);
    std::vector<float> dst(src.size());
    QBENCHMARK {
        std::memcpy(dst.data(), src.data(), src.size() * sizeof(float));
    }
    QCOMPARE(dst[dst.size() - 1], 0.5f);
}

QTEST_GUILESS_MAIN(TestQuantBench)
#include "tst_quant_bench.moc"
