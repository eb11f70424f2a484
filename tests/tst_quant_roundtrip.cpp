// Quantizers against llama-quantize: the fixtures in conformance/models were made by
// llama-quantize from the F32 master we also have, so for the deterministic formats
// our bytes must be identical, and the quantize -> dequantize error no worse.
#include "conformance.h"
#include "gguf/gguf_file.h"
#include "quant/dequantize.h"
#include "quant/ggml_type.h"
#include "quant/quantize.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

using namespace realm;

namespace {
const std::string kModels = std::string(REALM_CONFORMANCE_DIR) + "/models/";

std::vector<float> tensorValues(const GgufTensorInfo& t) {
    std::vector<float> v(static_cast<size_t>(t.elements()));
    dequantizeRows(t.type, t.data, v.data(), t.rowLength(), t.rows());
    return v;
}

std::vector<uint8_t> quantize(GgmlType type, const std::vector<float>& x, int64_t rowLength) {
    const int64_t rows = static_cast<int64_t>(x.size()) / rowLength;
    std::vector<uint8_t> q(static_cast<size_t>(rowBytes(type, rowLength) * rows));
    quantizeRows(type, x.data(), q.data(), rowLength, rows);
    return q;
}

std::vector<float> dequantize(GgmlType type, const std::vector<uint8_t>& q, int64_t rowLength, int64_t rows) {
    std::vector<float> y(static_cast<size_t>(rowLength * rows));
    dequantizeRows(type, q.data(), y.data(), rowLength, rows);
    return y;
}

double rmse(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i)
        s += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
    return std::sqrt(s / double(a.size()));
}

// Deterministic N(0,1) test data (own generator: identical on every platform).
std::vector<float> gaussian(size_t n, uint64_t seed) {
    std::vector<float> v(n);
    uint64_t s = seed;
    auto next = [&] {
        s += 0x9e3779b97f4a7c15ull;
        uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return double((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    };
    for (size_t i = 0; i < n; ++i)
        v[i] = float(std::sqrt(-2 * std::log(1 - next())) * std::cos(6.283185307179586 * next()));
    return v;
}
} // namespace

class TestQuantRoundtrip : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void byteIdenticalToLlamaQuantize_data();
    void byteIdenticalToLlamaQuantize();
    void kQuantsReproduceTheirOwnGrid_data();
    void kQuantsReproduceTheirOwnGrid();
    void errorShrinksWithBits();
    void zerosAndConstants();
};

void TestQuantRoundtrip::byteIdenticalToLlamaQuantize_data() {
    QTest::addColumn<QString>("file");
    for (const char* f : {"F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0"})
        QTest::newRow(f) << QStringLiteral("llama-s64-tied-%1.gguf").arg(QLatin1String(f));
}

// Every 2-D tensor of the llama-quantize output, re-made from the F32 master: bytes
// identical, and (so also) the same RMSE against the master.
void TestQuantRoundtrip::byteIdenticalToLlamaQuantize() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    QFETCH(QString, file);
    auto master = GgufFile::open(kModels + "llama-s64-tied-F32.gguf");
    auto quant = GgufFile::open(kModels + file.toStdString());
    int checked = 0;
    for (const auto& t : quant->tensors()) {
        if (t.type == GgmlType::F32) continue;
        const GgufTensorInfo* m = master->findTensor(t.name);
        QVERIFY2(m, t.name.c_str());
        const auto x = tensorValues(*m);
        const auto ours = quantize(t.type, x, t.rowLength());
        QCOMPARE(ours.size(), size_t(t.bytes));
        size_t firstDiff = ours.size();
        for (size_t i = 0; i < ours.size() && firstDiff == ours.size(); ++i)
            if (ours[i] != t.data[i]) firstDiff = i;
        QVERIFY2(firstDiff == ours.size(), qPrintable(QStringLiteral("%1: first differing byte at %2")
                                                          .arg(QString::fromStdString(t.name))
                                                          .arg(firstDiff)));
        const double ourErr = rmse(dequantize(t.type, ours, t.rowLength(), t.rows()), x);
        const double theirErr = rmse(tensorValues(t), x);
        QVERIFY(ourErr <= theirErr * 1.001 + 1e-12);
        ++checked;
    }
    QCOMPARE(checked, 15); // tied: token_embd + 7 matrices in each of 2 layers
}

void TestQuantRoundtrip::kQuantsReproduceTheirOwnGrid_data() {
    QTest::addColumn<QString>("file");
    for (const char* f : {"Q2_K", "Q5_K_M"})
        QTest::newRow(f) << QStringLiteral("llama-s256-tied-%1.gguf").arg(QLatin1String(f));
    QTest::newRow("Q4_K_M") << QStringLiteral("llama-s256-untied-Q4_K_M.gguf");
}

// The s256 masters are not shipped, so K-quant bytes cannot be compared with
// llama-quantize's directly. Instead: llama's output already lies on a grid the
// format can express; quantizing its dequantized values again must land (nearly)
// on the same grid.
void TestQuantRoundtrip::kQuantsReproduceTheirOwnGrid() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    QFETCH(QString, file);
    auto f = GgufFile::open(kModels + file.toStdString());
    for (const auto& t : f->tensors()) {
        if (t.type == GgmlType::F32) continue;
        const auto d = tensorValues(t);
        const auto again = quantize(t.type, d, t.rowLength());
        size_t same = 0;
        const int64_t bb = typeTraits(t.type).blockBytes;
        for (size_t b = 0; b < again.size() / bb; ++b)
            same += std::memcmp(&again[b * bb], t.data + b * bb, bb) == 0;
        const double err = rmse(dequantize(t.type, again, t.rowLength(), t.rows()), d);
        double rms = 0;
        for (float v : d)
            rms += double(v) * v;
        rms = std::sqrt(rms / d.size());
        const double identical = double(same) / double(again.size() / bb);
        qInfo("%s %s: %.1f%% blocks identical, requantization rmse %.3g (rms %.3g)", t.name.c_str(),
              typeName(t.type), 100.0 * identical, err, rms);
        // Q4_K's search finds llama's grid exactly; the others may pick an equivalent or
        // neighbouring scale, far below their own quantization error (>= 10% of rms).
        if (t.type == GgmlType::Q4_K) QVERIFY(identical >= 0.99);
        QVERIFY2(err <= 0.05 * rms, t.name.c_str());
    }
}
// On N(0,1) data every format's error lies where its bits put it, in order.
void TestQuantRoundtrip::errorShrinksWithBits() {
    const auto x = gaussian(256 * 512, 42);
    double previous = 1.0;
    for (GgmlType type : {GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q4_K,
                          GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K,
                          GgmlType::Q8_0, GgmlType::BF16, GgmlType::F16, GgmlType::F32}) {
        const double err = rmse(dequantize(type, quantize(type, x, 256), 256, 512), x);
        qInfo("%-5s rmse %.5f", typeName(type), err);
        if (type == GgmlType::Q4_1 ||
            type == GgmlType::Q5_1) // asymmetric: close to the K-quant of the same bits
            QVERIFY(err < previous * 1.2);
        else
            QVERIFY2(err < previous, typeName(type));
        previous = err;
    }
    QCOMPARE(previous, 0.0); // F32 is exact
}

// Degenerate blocks must not produce NaN/Inf or garbage: zeros stay zeros, constants stay near.
void TestQuantRoundtrip::zerosAndConstants() {
    for (const auto& t :
         {GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0, GgmlType::Q8_1,
          GgmlType::Q2_K, GgmlType::Q3_K, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::Q8_K}) {
        std::vector<float> zeros(512, 0.0f), constant(512, 0.75f);
        for (float v : dequantize(t, quantize(t, zeros, 512), 512, 1))
            QCOMPARE(v, 0.0f);
        for (float v : dequantize(t, quantize(t, constant, 512), 512, 1))
            QVERIFY2(std::fabs(v - 0.75f) < 0.08f, typeName(t));
    }
}

QTEST_GUILESS_MAIN(TestQuantRoundtrip)
#include "tst_quant_roundtrip.moc"
