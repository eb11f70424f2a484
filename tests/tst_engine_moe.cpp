// Mixture-of-experts pieces: the router (softmax, top-k, renormalisation) and the grouped expert
// FFN, each against straightforward double-precision code written from llama.cpp's
// build_moe_ffn; and the hyperparameter checks of MoE files.
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "model/model.h"
#include "quant/ggml_type.h"
#include "runtime/moe.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace realm;
using namespace Qt::StringLiterals;

namespace {
struct Route {
    std::vector<int32_t> ids;
    std::vector<double> weights;
};

// softmax in double, experts sorted by probability (stable: lower index first on ties), top k,
// optionally divided by their sum.
Route referenceRoute(const std::vector<float>& logits, int64_t k, bool normalize) {
    const double mx = *std::max_element(logits.begin(), logits.end());
    std::vector<double> p(logits.size());
    double sum = 0;
    for (size_t e = 0; e < p.size(); ++e)
        sum += p[e] = std::exp(double(logits[e]) - mx);
    for (double& v : p)
        v /= sum;
    std::vector<int32_t> order(p.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int32_t a, int32_t b) { return p[size_t(a)] > p[size_t(b)]; });
    Route r;
    double picked = 0;
    for (int64_t i = 0; i < k; ++i) {
        r.ids.push_back(order[size_t(i)]);
        r.weights.push_back(p[size_t(order[size_t(i)])]);
        picked += r.weights.back();
    }
    if (normalize)
        for (double& w : r.weights)
            w /= picked;
    return r;
}

std::vector<float> randomVector(std::mt19937& rng, size_t n, double sd) {
    std::normal_distribution<double> d(0.0, sd);
    std::vector<float> v(n);
    for (float& x : v)
        x = static_cast<float>(d(rng));
    return v;
}

double silu(double x) {
    return x / (1.0 + std::exp(-x));
}
} // namespace

class TestEngineMoe : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void routerMatchesReference_data() {
        QTest::addColumn<int>("nExpert");
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("normalize");
        QTest::newRow("8 experts, top 2, renormalised") << 8 << 2 << true;
        QTest::newRow("8 experts, top 2, raw") << 8 << 2 << false;
        QTest::newRow("128 experts, top 8 (Qwen3-30B-A3B)") << 128 << 8 << true;
        QTest::newRow("60 experts, top 4") << 60 << 4 << true;
        QTest::newRow("4 experts, top 1") << 4 << 1 << true;
        QTest::newRow("4 experts, all used") << 4 << 4 << false;
    }
    void routerMatchesReference() {
        QFETCH(int, nExpert);
        QFETCH(int, k);
        QFETCH(bool, normalize);
        std::mt19937 rng(1234 + nExpert * 10 + k);
        for (int trial = 0; trial < 200; ++trial) {
            const std::vector<float> logits = randomVector(rng, size_t(nExpert), 2.0);
            const Route want = referenceRoute(logits, k, normalize);
            std::vector<int32_t> ids(static_cast<size_t>(k));
            std::vector<float> w(static_cast<size_t>(k));
            routeTopK(logits.data(), nExpert, k, normalize, ids.data(), w.data());
            double sum = 0;
            for (int i = 0; i < k; ++i) {
                QCOMPARE(ids[size_t(i)], want.ids[size_t(i)]);
                QVERIFY2(std::abs(w[size_t(i)] - want.weights[size_t(i)]) < 1e-6,
                         qPrintable(QStringLiteral("trial %1 slot %2: %3 vs %4")
                                        .arg(trial)
                                        .arg(i)
                                        .arg(w[size_t(i)])
                                        .arg(want.weights[size_t(i)])));
                sum += w[size_t(i)];
            }
            if (normalize) QVERIFY(std::abs(sum - 1.0) < 1e-6);
            // Ranked: most probable first.
            for (int i = 1; i < k; ++i)
                QVERIFY(w[size_t(i - 1)] >= w[size_t(i)]);
        }
    }

    void routerTiesPickLowerIndex() {
        const std::vector<float> logits(6, 0.5f);
        int32_t ids[3];
        float w[3];
        routeTopK(logits.data(), 6, 3, true, ids, w);
        QCOMPARE(ids[0], 0);
        QCOMPARE(ids[1], 1);
        QCOMPARE(ids[2], 2);
        for (float v : w)
            QVERIFY(std::abs(v - 1.0f / 3.0f) < 1e-7f);
        routeTopK(logits.data(), 6, 3, false, ids, w);
        for (float v : w)
            QVERIFY(std::abs(v - 1.0f / 6.0f) < 1e-7f);
    }

    void routerLargeLogitsStayFinite() {
        // A softmax without the max subtraction would overflow here.
        const std::vector<float> logits{1000.f, 999.f, -1000.f, 998.f};
        int32_t ids[2];
        float w[2];
        routeTopK(logits.data(), 4, 2, true, ids, w);
        QCOMPARE(ids[0], 0);
        QCOMPARE(ids[1], 1);
        QVERIFY(std::abs(w[0] - 1.0 / (1.0 + std::exp(-1.0))) < 1e-6);
        QVERIFY(std::isfinite(w[1]));
    }

    void routerRejectsBadArguments() {
        const std::vector<float> logits(8, 0.f);
        int32_t ids[9];
        float w[9];
        QVERIFY_THROWS_EXCEPTION(Error, routeTopK(logits.data(), 8, 9, true, ids, w));
        QVERIFY_THROWS_EXCEPTION(Error, routeTopK(logits.data(), 8, 0, true, ids, w));
        QVERIFY_THROWS_EXCEPTION(Error, routeTopK(logits.data(), 0, 1, true, ids, w));
    }

    // The grouped computation (each expert once over its tokens) against a per-token loop in
    // double, for F32 and Q8_0 experts; and a batch against the same tokens one at a time.
    void feedForwardMatchesPerTokenReference_data() {
        QTest::addColumn<bool>("q8");
        QTest::newRow("F32") << false;
        QTest::newRow("Q8_0") << true;
    }
    void feedForwardMatchesPerTokenReference() {
        QFETCH(bool, q8);
        const int64_t E = 64, F = 32, nExp = 6, k = 2, n = 9;
        std::mt19937 rng(77);
        const std::vector<float> router = randomVector(rng, size_t(nExp * E), 1.0 / std::sqrt(double(E)));
        std::vector<float> gate = randomVector(rng, size_t(nExp * F * E), 1.0 / std::sqrt(double(E)));
        std::vector<float> up = randomVector(rng, size_t(nExp * F * E), 1.0 / std::sqrt(double(E)));
        std::vector<float> down = randomVector(rng, size_t(nExp * E * F), 1.0 / std::sqrt(double(F)));
        const std::vector<float> x = randomVector(rng, size_t(n * E), 1.0);

        std::vector<std::vector<uint8_t>> storage;
        const auto view = [&](std::vector<float>& m, int64_t rows, int64_t cols) {
            // rows = one expert's rows; the stack holds nExp of them.
            if (!q8) return WeightView{GgmlType::F32, m.data(), rows, cols};
            auto& q = storage.emplace_back(size_t(nExp * rows * rowBytes(GgmlType::Q8_0, cols)));
            quantizeRows(GgmlType::Q8_0, m.data(), q.data(), cols, nExp * rows);
            // The reference then uses the weights the kernel sees.
            dequantizeRows(GgmlType::Q8_0, q.data(), m.data(), cols, nExp * rows);
            return WeightView{GgmlType::Q8_0, q.data(), rows, cols};
        };
        const WeightView wInp{GgmlType::F32, router.data(), nExp, E};
        const WeightView wGate = view(gate, F, E), wUp = view(up, F, E), wDown = view(down, E, F);
        const MoeWeights w{nExp, k, &wInp, &wGate, &wUp, &wDown};

        MoeScratch scratch;
        std::vector<float> out(static_cast<size_t>(n * E));
        moeFeedForward(w, x.data(), n, E, out.data(), scratch, nullptr);

        std::vector<int> used(size_t(nExp), 0);
        double maxDiff = 0, maxRef = 0;
        for (int64_t t = 0; t < n; ++t) {
            const float* xt = x.data() + t * E;
            std::vector<float> logits(static_cast<size_t>(nExp));
            for (int64_t e = 0; e < nExp; ++e) {
                double s = 0;
                for (int64_t c = 0; c < E; ++c)
                    s += double(router[size_t(e * E + c)]) * xt[c];
                logits[size_t(e)] = float(s);
            }
            const Route r = referenceRoute(logits, k, true);
            std::vector<double> ref(size_t(E), 0.0);
            for (int64_t i = 0; i < k; ++i) {
                const int64_t e = r.ids[size_t(i)];
                ++used[size_t(e)];
                std::vector<double> act(static_cast<size_t>(F));
                for (int64_t f = 0; f < F; ++f) {
                    double g = 0, u = 0;
                    for (int64_t c = 0; c < E; ++c) {
                        g += double(gate[size_t((e * F + f) * E + c)]) * xt[c];
                        u += double(up[size_t((e * F + f) * E + c)]) * xt[c];
                    }
                    act[size_t(f)] = silu(g) * u;
                }
                for (int64_t o = 0; o < E; ++o) {
                    double s = 0;
                    for (int64_t f = 0; f < F; ++f)
                        s += double(down[size_t((e * E + o) * F + f)]) * act[size_t(f)];
                    ref[size_t(o)] += r.weights[size_t(i)] * s;
                }
            }
            for (int64_t o = 0; o < E; ++o) {
                maxDiff = std::max(maxDiff, std::abs(ref[size_t(o)] - out[size_t(t * E + o)]));
                maxRef = std::max(maxRef, std::abs(ref[size_t(o)]));
            }
        }
        qInfo("max |out - reference| %.3g (max |reference| %.3g)", maxDiff, maxRef);
        // Q8_0 kernels round the activations to 8 bits as ggml does: ~1% of the output scale.
        QVERIFY(maxDiff < (q8 ? 0.02 * maxRef : 1e-5 * maxRef));
        // The test only means something if tokens share experts and more than k experts run.
        QVERIFY(std::count_if(used.begin(), used.end(), [](int c) { return c > 1; }) >= 2);
        QVERIFY(std::count_if(used.begin(), used.end(), [](int c) { return c > 0; }) > k);

        // One token at a time (decode) gives the prompt's results.
        std::vector<float> single(static_cast<size_t>(E));
        for (int64_t t = 0; t < n; ++t) {
            moeFeedForward(w, x.data() + t * E, 1, E, single.data(), scratch, nullptr);
            for (int64_t o = 0; o < E; ++o)
                QVERIFY(std::abs(single[size_t(o)] - out[size_t(t * E + o)]) <= 1e-5f * float(maxRef));
        }
    }

    void denseFamilyIgnoresExpertKeys() {
        // llama.cpp reads expert_count for every family but only MoE graphs use it.
        QTemporaryDir dir;
        const std::string path = dir.filePath(u"m.gguf"_s).toStdString();
        GgufWriter g;
        g.addString("general.architecture", "qwen3");
        g.addUInt32("qwen3.embedding_length", 64);
        g.addUInt32("qwen3.feed_forward_length", 64);
        g.addUInt32("qwen3.block_count", 1);
        g.addUInt32("qwen3.attention.head_count", 4);
        g.addUInt32("qwen3.vocab_size", 16);
        g.addUInt32("qwen3.expert_count", 4);
        g.addUInt32("qwen3.expert_used_count", 2);
        g.write(path);
        const HParams hp = HParams::fromGguf(*GgufFile::open(path));
        QCOMPARE(hp.nExpert, int64_t(0));
        QCOMPARE(hp.nExpertUsed, int64_t(0));
    }

    void hyperparameterChecks_data() {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<int>("nExpert");
        QTest::addColumn<int>("nUsed");
        QTest::addColumn<QString>("error");
        QTest::newRow("qwen3moe without experts")
            << u"qwen3moe"_s << 0 << 0 << u"expert_count and expert_used_count"_s;
        QTest::newRow("used > count") << u"llama"_s << 4 << 5 << u"expert_used_count 5 must be in 1..4"_s;
        QTest::newRow("count without used")
            << u"llama"_s << 4 << 0 << u"expert_used_count 0 must be in 1..4"_s;
    }
    void hyperparameterChecks() {
        QFETCH(QString, arch);
        QFETCH(int, nExpert);
        QFETCH(int, nUsed);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const std::string a = arch.toStdString(), path = dir.filePath(u"m.gguf"_s).toStdString();
        GgufWriter g;
        g.addString("general.architecture", a);
        g.addUInt32(a + ".embedding_length", 64);
        g.addUInt32(a + ".feed_forward_length", 64);
        g.addUInt32(a + ".block_count", 1);
        g.addUInt32(a + ".attention.head_count", 4);
        g.addUInt32(a + ".vocab_size", 16);
        if (nExpert) g.addUInt32(a + ".expert_count", uint32_t(nExpert));
        if (nUsed) g.addUInt32(a + ".expert_used_count", uint32_t(nUsed));
        g.write(path);
        try {
            Model::load(path);
            QFAIL("loaded");
        } catch (const Error& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(error), e.what());
            QVERIFY2(QString::fromStdString(e.what()).contains(QString::fromStdString(path)), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineMoe)
#include "tst_engine_moe.moc"
