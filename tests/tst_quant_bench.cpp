// Dequantization throughput of whole K-quant tensors on one core, next to memcpy of the
// same output bytes in the same run. A benchmark: it prints figures, it asserts none.
#include "quant/ggml_type.h"

#include <QTest>

#include <chrono>
#include <cstring>
#include <vector>

using namespace realm;

namespace {
// A tinyllama-sized ffn matrix: 5632 rows of 2048.
constexpr int64_t kRowLength = 2048, kRows = 5632;

std::vector<uint8_t> randomTensor(GgmlType type) {
    std::vector<float> x(static_cast<size_t>(kRowLength * 64));
    uint32_t s = 12345;
    for (auto& v : x) {
        s = s * 1664525u + 1013904223u;
        v = (static_cast<float>(s >> 8) / 16777216.0f - 0.5f) * 0.1f;
    }
    const int64_t chunk = rowBytes(type, kRowLength) * 64;
    std::vector<uint8_t> q(static_cast<size_t>(rowBytes(type, kRowLength) * kRows));
    quantizeRows(type, x.data(), q.data(), kRowLength, 64);
    for (int64_t off = chunk; off < static_cast<int64_t>(q.size()); off += chunk) std::memcpy(&q[off], q.data(), chunk);
    return q;
}

// Best of 5 runs, in GB/s of f32 output.
template <typename F> double bestGbPerSecond(F&& f, double bytes) {
    double best = 0;
    for (int i = 0; i < 5; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::max(best, bytes / s / 1e9);
    }
    return best;
}
} // namespace

class TestQuantBench : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dequantizeThroughput_data();
    void dequantizeThroughput();
};

void TestQuantBench::dequantizeThroughput_data() {
    QTest::addColumn<int>("type");
    for (GgmlType t : {GgmlType::Q4_K, GgmlType::Q6_K, GgmlType::Q5_K, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::F16})
        QTest::newRow(typeName(t)) << static_cast<int>(t);
}

void TestQuantBench::dequantizeThroughput() {
    QFETCH(int, type);
    const auto t = static_cast<GgmlType>(type);
    const auto q = randomTensor(t);
    std::vector<float> out(static_cast<size_t>(kRowLength * kRows)), copy(out.size());
    const double bytes = static_cast<double>(out.size() * sizeof(float));
    const double deq = bestGbPerSecond([&] { dequantizeRows(t, q.data(), out.data(), kRowLength, kRows); }, bytes);
    const double mem = bestGbPerSecond([&] { std::memcpy(copy.data(), out.data(), out.size() * sizeof(float)); }, bytes);
    qInfo("%s: dequantize %.2f GB/s of f32 output, memcpy of the same %.0f MB %.2f GB/s", typeName(t), deq, bytes / 1e6,
          mem);
    QVERIFY(out[12345] == out[12345]); // finite values were produced (not NaN)
}

QTEST_GUILESS_MAIN(TestQuantBench)
#include "tst_quant_bench.moc"
