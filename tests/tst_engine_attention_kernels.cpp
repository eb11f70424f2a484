// The attention kernels of compute/vec.h: the AVX2 group kernels and the AVX2 and AVX-512
// whole-attention kernels against the portable ones (f16 and f32 K/V, head dims with and
// without a tail, group sizes beyond one register block, soft-capping), and the vectorised
// softmax's accuracy.
#include "compute/cpu_features.h"
#include "compute/vec.h"
#include "quant/float_formats.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using namespace realm;

namespace {
// A query block and nKeys K/V rows `stride` apart, N(0, 1) (queries times qScale), in f32 and f16.
struct RandomAttention {
    std::vector<float> q, kf, vf;
    std::vector<uint16_t> kh, vh;
    RandomAttention(int64_t G, int64_t D, int64_t nKeys, int64_t stride, float qScale, unsigned seed) {
        std::mt19937 rng(seed);
        std::normal_distribution<float> dist(0.0f, 1.0f);
        q.resize(static_cast<size_t>(G * D));
        kf.resize(static_cast<size_t>(nKeys * stride));
        vf.resize(kf.size());
        for (auto& x : q)
            x = qScale * dist(rng);
        for (auto* rows : {&kf, &vf})
            for (auto& x : *rows)
                x = dist(rng);
        for (size_t i = 0; i < kf.size(); ++i) {
            kh.push_back(floatToHalf(kf[i]));
            vh.push_back(floatToHalf(vf[i]));
        }
    }
    const void* keys(bool half) const { return half ? static_cast<const void*>(kh.data()) : kf.data(); }
    const void* values(bool half) const { return half ? static_cast<const void*>(vh.data()) : vf.data(); }
};
} // namespace

class TestAttentionKernels : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void groupKernels_data();
    void groupKernels();
    void groupAttention_data();
    void groupAttention();
    void softmaxAccuracy();
    void siluMulAccuracy();
};

void TestAttentionKernels::groupKernels_data() {
    QTest::addColumn<int>("G");
    QTest::addColumn<int>("D");
    QTest::addColumn<int>("nKeys");
    QTest::addColumn<bool>("half");
    for (bool half : {true, false}) {
        const char* kind = half ? "f16" : "f32";
        QTest::addRow("%s G8 D64 n1900", kind) << 8 << 64 << 1900 << half;
        QTest::addRow("%s G1 D128 n37", kind) << 1 << 128 << 37 << half;
        QTest::addRow("%s G3 D80 n5", kind) << 3 << 80 << 5 << half;
        QTest::addRow("%s G11 D13 n300", kind) << 11 << 13 << 300 << half;
        QTest::addRow("%s G4 D64 n1", kind) << 4 << 64 << 1 << half;
    }
}

void TestAttentionKernels::groupKernels() {
    QFETCH(int, G);
    QFETCH(int, D);
    QFETCH(int, nKeys);
    QFETCH(bool, half);
    const vec::Kernels* fast = vec::avx2Kernels();
    if (!fast || !cpuHasAvx2()) QSKIP("AVX2 kernels not available on this CPU/build");
    const vec::Kernels& ref = vec::portableKernels();

    const int64_t stride = D * 3 + 5; // rows of a wider KV cache, head slice not aligned
    const RandomAttention in(G, D, nKeys, stride, 1.0f, 1234);
    const std::vector<float>& q = in.q;
    const void* k = in.keys(half);
    const void* v = in.values(half);
    const int64_t ld = nKeys + 3;
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));

    std::vector<float> sRef(static_cast<size_t>(G * ld)), sFast(sRef.size());
    ref.groupScores(q.data(), G, D, k, stride, half, nKeys, scale, sRef.data(), ld);
    fast->groupScores(q.data(), G, D, k, stride, half, nKeys, scale, sFast.data(), ld);
    for (int64_t g = 0; g < G; ++g)
        for (int64_t j = 0; j < nKeys; ++j) {
            const float a = sRef[g * ld + j], b = sFast[g * ld + j];
            if (std::fabs(a - b) > 1e-4f * (1.0f + std::fabs(a)))
                QFAIL(qPrintable(QStringLiteral("score g=%1 j=%2: %3 vs %4").arg(g).arg(j).arg(a).arg(b)));
        }

    for (int64_t g = 0; g < G; ++g) {
        ref.softmax(sRef.data() + g * ld, nKeys);
        fast->softmax(sFast.data() + g * ld, nKeys);
    }
    for (int64_t g = 0; g < G; ++g)
        for (int64_t j = 0; j < nKeys; ++j)
            QVERIFY(std::fabs(sRef[g * ld + j] - sFast[g * ld + j]) <= 1e-6f + 1e-5f * sRef[g * ld + j]);

    // Same probabilities into both mixes so only the mix is compared.
    std::vector<float> oRef(static_cast<size_t>(G * D), -1.0f), oFast(oRef.size(), 7.0f);
    ref.groupMix(sRef.data(), ld, G, D, v, stride, half, nKeys, oRef.data());
    fast->groupMix(sRef.data(), ld, G, D, v, stride, half, nKeys, oFast.data());
    for (size_t i = 0; i < oRef.size(); ++i)
        if (std::fabs(oRef[i] - oFast[i]) > 1e-5f * (1.0f + std::fabs(oRef[i])))
            QFAIL(qPrintable(QStringLiteral("mix %1: %2 vs %3").arg(i).arg(oRef[i]).arg(oFast[i])));
}

void TestAttentionKernels::groupAttention_data() {
    QTest::addColumn<QString>("isa");
    QTest::addColumn<int>("G");
    QTest::addColumn<int>("D");
    QTest::addColumn<int>("nKeys");
    QTest::addColumn<bool>("half");
    QTest::addColumn<float>("softcap");
    for (const char* isa : {"avx2", "avx512"})
        for (bool half : {true, false}) {
            const char* kind = half ? "f16" : "f32";
            QTest::addRow("%s %s G8 D64 n1900", isa, kind) << isa << 8 << 64 << 1900 << half << 0.0f;
            QTest::addRow("%s %s G4 D128 n37", isa, kind) << isa << 4 << 128 << 37 << half << 0.0f;
            QTest::addRow("%s %s G3 D80 n5", isa, kind) << isa << 3 << 80 << 5 << half << 0.0f;
            QTest::addRow("%s %s G11 D64 n300", isa, kind) << isa << 11 << 64 << 300 << half << 0.0f;
            QTest::addRow("%s %s G16 D32 n9", isa, kind) << isa << 16 << 32 << 9 << half << 0.0f;
            QTest::addRow("%s %s G2 D256 n1 softcap", isa, kind) << isa << 2 << 256 << 1 << half << 0.5f;
            QTest::addRow("%s %s G8 D64 n23 softcap", isa, kind) << isa << 8 << 64 << 23 << half << 0.5f;
        }
}

// Whole attention of one token: each ISA's kernel against the portable one.
void TestAttentionKernels::groupAttention() {
    QFETCH(QString, isa);
    QFETCH(int, G);
    QFETCH(int, D);
    QFETCH(int, nKeys);
    QFETCH(bool, half);
    QFETCH(float, softcap);
    const bool wide = isa == QLatin1String("avx512");
    const vec::Kernels* fast = wide ? vec::avx512Kernels() : vec::avx2Kernels();
    if (!fast || !(wide ? cpuHasAvx512Vnni() : cpuHasAvx2()))
        QSKIP(qPrintable(isa + QStringLiteral(" kernels not available on this CPU/build")));

    const int64_t stride = D * 3 + 16;                       // rows of a wider KV cache
    const RandomAttention in(G, D, nKeys, stride, 2.0f, 99); // peaked probabilities as well as flat ones
    const std::vector<float>& q = in.q;
    const void* k = in.keys(half);
    const void* v = in.values(half);
    const float scale = 1.0f / std::sqrt(static_cast<float>(D));
    std::vector<float> scratch(static_cast<size_t>(std::max(G, 8) * nKeys), NAN);
    std::vector<float> want(static_cast<size_t>(G * D), -1.0f), got(want.size(), 7.0f);
    vec::portableKernels().groupAttention(q.data(), G, D, k, v, stride, half, nKeys, scale, softcap,
                                          scratch.data(), want.data());
    std::fill(scratch.begin(), scratch.end(), NAN);
    fast->groupAttention(q.data(), G, D, k, v, stride, half, nKeys, scale, softcap, scratch.data(),
                         got.data());
    for (size_t i = 0; i < want.size(); ++i)
        if (!(std::fabs(want[i] - got[i]) <= 2e-5f * (1.0f + std::fabs(want[i]))))
            QFAIL(qPrintable(QStringLiteral("out %1: %2 vs %3").arg(i).arg(want[i]).arg(got[i])));
}

void TestAttentionKernels::softmaxAccuracy() {
    const vec::Kernels* fast = vec::avx2Kernels();
    if (!fast || !cpuHasAvx2()) QSKIP("AVX2 kernels not available on this CPU/build");
    // Wide range of logits, including ones far below the max (underflow to ~0) and a tail.
    std::vector<float> x;
    for (int i = 0; i < 1003; ++i)
        x.push_back(-100.0f + 0.13f * static_cast<float>(i % 997));
    std::vector<float> y = x;
    fast->softmax(y.data(), static_cast<int64_t>(y.size()));
    float mx = -INFINITY;
    for (float v : x)
        mx = std::max(mx, v);
    double sum = 0;
    for (float v : x)
        sum += std::exp(static_cast<double>(v) - mx);
    double total = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double want = std::exp(static_cast<double>(x[i]) - mx) / sum;
        QVERIFY2(std::fabs(y[i] - want) <= 1e-7 + 2e-6 * want, qPrintable(QString::number(i)));
        total += y[i];
    }
    QVERIFY(std::fabs(total - 1.0) < 1e-5);
}

// SwiGLU over the whole range real gates take, and far beyond (the exp saturates).
void TestAttentionKernels::siluMulAccuracy() {
    const vec::Kernels* fast = vec::avx2Kernels();
    if (!fast || !cpuHasAvx2()) QSKIP("AVX2 kernels not available on this CPU/build");
    std::vector<float> gate, up;
    for (int i = 0; i < 2011; ++i) {
        gate.push_back(-120.0f + 0.12f * static_cast<float>(i));
        up.push_back(0.5f + 0.001f * static_cast<float>(i));
    }
    std::vector<float> got = gate;
    fast->siluMul(got.data(), up.data(), static_cast<int64_t>(got.size()));
    for (size_t i = 0; i < gate.size(); ++i) {
        const double g = gate[i];
        const double want = g / (1.0 + std::exp(-g)) * up[i];
        QVERIFY2(std::fabs(got[i] - want) <= 1e-30 + 1e-6 * std::fabs(want),
                 qPrintable(QStringLiteral("gate %1: %2 vs %3").arg(g).arg(got[i]).arg(want)));
    }
}

QTEST_GUILESS_MAIN(TestAttentionKernels)
#include "tst_engine_attention_kernels.moc"
