// Dequantizers against llama.cpp's references (ggml's own to_float output) for every
// conformance tensor, and the scalar float conversions against the CPU's F16C unit.
#include "conformance.h"
#include "gguf/gguf_file.h"
#include "quant/dequantize.h"
#include "quant/ggml_type.h"
#include "quant/random_blocks.h"
#include "util/error.h"

#include <QTest>

#include <immintrin.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string_view>
#include <vector>

using namespace realm;

namespace {
const std::string kConformance = REALM_CONFORMANCE_DIR;

// Distance in representable floats (0 = bit-identical).
int64_t ulpDistance(float a, float b) {
    auto key = [](float f) {
        int32_t i;
        std::memcpy(&i, &f, 4);
        return i < 0 ? int64_t(INT32_MIN) - i : int64_t(i);
    };
    return std::llabs(key(a) - key(b));
}

__attribute__((target("f16c"))) float hardwareHalfToFloat(uint16_t h) {
    return _cvtsh_ss(h);
}
__attribute__((target("f16c"))) uint16_t hardwareFloatToHalf(float f) {
    return static_cast<uint16_t>(_cvtss_sh(f, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}
bool isNanHalf(uint16_t h) {
    return (h & 0x7c00) == 0x7c00 && (h & 0x3ff);
}
} // namespace

class TestQuantDequant : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void conformanceReferences_data();
    void conformanceReferences();
    void everyTypeHasADequantizer();
    void scaleOffsetPointsAtTheScale();
    void halfToFloatAllHalves();
    void floatToHalfRoundsToNearestEven();
    void bf16Conversions();
    void rejectsPartialBlocks();
};

void TestQuantDequant::conformanceReferences_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<QString>("tensor");
    QTest::addColumn<qint64>("refOffset");
    QTest::addColumn<qint64>("count");
    if (!std::filesystem::exists(kConformance + "/types")) {
        QTest::newRow("conformance data missing")
            << QString() << QString() << QString() << qint64(0) << qint64(0);
        return;
    }
    for (const char* dir : {"/models", "/types"}) {
        for (const auto& e : std::filesystem::directory_iterator(kConformance + dir)) {
            const std::string path = e.path().string();
            if (!path.ends_with(".dequant.json")) continue;
            std::ifstream in(path);
            const auto j = nlohmann::json::parse(in);
            const std::string base = path.substr(0, path.size() - std::string(".dequant.json").size());
            const QString model = QString::fromStdString(base + ".gguf");
            const QString ref = QString::fromStdString(base + ".dequant.f32");
            for (const auto& t : j.at("tensors")) {
                const std::string name = t.at("tensor").get<std::string>();
                const std::string row = e.path().filename().string() + ":" + name;
                QTest::newRow(row.c_str()) << model << ref << QString::fromStdString(name)
                                           << qint64(t.at("ref_offset_bytes").get<int64_t>())
                                           << qint64(t.at("ref_count_floats").get<int64_t>());
            }
        }
    }
}

void TestQuantDequant::conformanceReferences() {
    REALM_NEED_CONFORMANCE("types");
    REALM_NEED_CONFORMANCE("models");
    QFETCH(QString, model);
    QFETCH(QString, ref);
    QFETCH(QString, tensor);
    QFETCH(qint64, refOffset);
    QFETCH(qint64, count);
    auto file = GgufFile::open(model.toStdString());
    const GgufTensorInfo* t = file->findTensor(tensor.toStdString());
    QVERIFY(t);
    const int64_t rows = count / t->rowLength();
    std::vector<float> want(static_cast<size_t>(count)), got(static_cast<size_t>(count));
    std::ifstream in(ref.toStdString(), std::ios::binary);
    in.seekg(refOffset);
    in.read(reinterpret_cast<char*>(want.data()), count * 4);
    QVERIFY(in.good());
    dequantizeRows(t->type, t->data, got.data(), t->rowLength(), rows);
    int64_t worst = 0;
    for (size_t i = 0; i < got.size(); ++i)
        worst = std::max(worst, ulpDistance(got[i], want[i]));
    QCOMPARE(worst, int64_t(0)); // bit-identical (README allows 1 ulp; we match exactly)
}

// Every type a GGUF can hold has an f32 meaning, and a dequantizer for it.
void TestQuantDequant::everyTypeHasADequantizer() {
    int n = 0;
    for (uint32_t id = 0; id < 64; ++id)
        if (const TypeTraits* t = findTypeTraits(id)) {
            QVERIFY2(t->dequantize, t->name);
            ++n;
        }
    QCOMPARE(n, 33);
}

// Zeroing the fp16 scale the type table names (and the min beside it, for types with one)
// zeroes the whole block: the offset is the scale's, not some other field's.
void TestQuantDequant::scaleOffsetPointsAtTheScale() {
    std::mt19937 rng(5);
    int checked = 0;
    for (uint32_t id = 0; id < 64; ++id) {
        const TypeTraits* t = findTypeTraits(id);
        if (!t || t->scaleOffset < 0) continue;
        QVERIFY2(t->quantized, t->name);
        std::vector<uint8_t> block = randomWeightBytes(t->type, 1, t->blockSize, rng);
        std::vector<float> values(size_t(t->blockSize));
        t->dequantize(block.data(), values.data(), t->blockSize);
        QVERIFY2(std::any_of(values.begin(), values.end(), [](float v) { return v != 0; }), t->name);
        const std::string_view name = t->name;
        const bool hasMin =
            name == "Q4_1" || name == "Q5_1" || name == "Q2_K" || name == "Q4_K" || name == "Q5_K";
        std::memset(block.data() + t->scaleOffset, 0, hasMin ? 4 : 2);
        t->dequantize(block.data(), values.data(), t->blockSize);
        for (float v : values)
            QVERIFY2(v == 0, t->name);
        ++checked;
    }
    QCOMPARE(checked, 21);
}

void TestQuantDequant::halfToFloatAllHalves() {
    if (!__builtin_cpu_supports("f16c")) QSKIP("no F16C on this CPU to compare with");
    for (uint32_t h = 0; h < 65536; ++h) {
        const float ours = halfToFloat(uint16_t(h)), hw = hardwareHalfToFloat(uint16_t(h));
        if (isNanHalf(uint16_t(h))) {
            QVERIFY(std::isnan(ours));
            continue;
        }
        uint32_t a, b;
        std::memcpy(&a, &ours, 4);
        std::memcpy(&b, &hw, 4);
        QCOMPARE(a, b);
        // And back: every half survives the round trip.
        QCOMPARE(floatToHalf(ours), uint16_t(h));
    }
}

// 67 M floats spread over the whole bit range, plus the halfway points between
// adjacent halves (where ties-to-even matters), against F16C.
void TestQuantDequant::floatToHalfRoundsToNearestEven() {
    if (!__builtin_cpu_supports("f16c")) QSKIP("no F16C on this CPU to compare with");
    auto check = [](uint32_t bits) {
        float f;
        std::memcpy(&f, &bits, 4);
        const uint16_t ours = floatToHalf(f), hw = hardwareFloatToHalf(f);
        if (std::isnan(f)) return isNanHalf(ours);
        return ours == hw;
    };
    for (uint64_t bits = 0; bits < (1ull << 32); bits += 61)
        if (!check(uint32_t(bits))) QFAIL(qPrintable(QStringLiteral("mismatch at 0x%1").arg(bits, 8, 16)));
    for (uint32_t h = 0; h < 0x7c00; ++h) {
        const float lo = halfToFloat(uint16_t(h)), hi = halfToFloat(uint16_t(h + 1));
        const float mid = lo + (hi - lo) / 2; // exact: halves have 11 significant bits
        uint32_t bits;
        std::memcpy(&bits, &mid, 4);
        QVERIFY(check(bits) && check(bits | 0x80000000u) && check(bits + 1) && check(bits - 1));
    }
}

void TestQuantDequant::bf16Conversions() {
    QCOMPARE(floatToBf16(1.0f), uint16_t(0x3f80));
    QCOMPARE(bf16ToFloat(0x3f80), 1.0f);
    // Ties go to even: 1 + 2^-8 lies halfway between 1 and 1 + 2^-7.
    QCOMPARE(floatToBf16(1.0f + 0x1.0p-8f), uint16_t(0x3f80));
    QCOMPARE(floatToBf16(1.0f + 0x1.0p-7f + 0x1.0p-8f), uint16_t(0x3f82));
    QCOMPARE(floatToBf16(1.0f + 0x1.0p-8f + 0x1.0p-20f), uint16_t(0x3f81));
    QVERIFY(std::isnan(bf16ToFloat(floatToBf16(std::nanf("")))));
    QCOMPARE(floatToBf16(-INFINITY), uint16_t(0xff80));
    for (uint32_t b = 0; b < 65536; ++b) {
        const float f = bf16ToFloat(uint16_t(b));
        if (!std::isnan(f)) QCOMPARE(floatToBf16(f), uint16_t(b));
    }
}

void TestQuantDequant::rejectsPartialBlocks() {
    std::vector<uint8_t> src(1024);
    std::vector<float> dst(1024);
    QVERIFY_THROWS_EXCEPTION(Error, dequantizeRows(GgmlType::Q4_K, src.data(), dst.data(), 100, 1));
    QVERIFY_THROWS_EXCEPTION(Error, quantizeRows(GgmlType::Q8_0, dst.data(), src.data(), 33, 1));
    QVERIFY_THROWS_EXCEPTION(Error, quantizeRows(GgmlType::IQ2_XXS, dst.data(), src.data(), 256, 1));
}

QTEST_GUILESS_MAIN(TestQuantDequant)
#include "tst_quant_dequant.moc"
