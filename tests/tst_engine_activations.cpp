// Activation capture through the forward hooks: the residual after each layer against
// llama.cpp's l_out-N tensors (tests/data/activations, see its README), the shapes and
// consistency of the other sites, the .npy files, and that hooks change nothing by watching.
#include "conformance.h"
#include "eval_callback_trace.h"

#include "interp/activation_export.h"
#include "interp/npy_file.h"
#include "interp/scoped_hook.h"
#include "runtime/session.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace realm;

namespace {
const std::vector<int32_t> kPrompt = {1, 450, 7483, 310, 3444, 338}; // "The capital of France is"

} // namespace

class TestEngineActivations : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void residualMatchesLlamaCpp_data();
    void residualMatchesLlamaCpp();
    void sitesAddUp();
    void watchingChangesNothing();
    void npyRoundTrip();
    void badLayers();
};

void TestEngineActivations::residualMatchesLlamaCpp_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("tolerance");
    // The conformance README's logits tolerances: 1e-4 for F32 against llama.cpp with an F32
    // KV cache, 0.5 (max) for quantized files, whose activations llama.cpp quantizes to Q8_K.
    QTest::newRow("F32") << "llama-s64-tied-F32" << 1e-4;
    QTest::newRow("Q4_K_M") << "llama-s256-untied-Q4_K_M" << 0.5;
}

void TestEngineActivations::residualMatchesLlamaCpp() {
    QFETCH(QString, model);
    QFETCH(double, tolerance);
    const QString gguf = QStringLiteral("models/%1.gguf").arg(model);
    REALM_NEED_CONFORMANCE(gguf.toUtf8().constData());

    SessionOptions o;
    o.kvType = KvType::F32;
    o.contextLength = 64;
    Session session(Model::load(realm::test::conformancePath(gguf.toUtf8().constData()).toStdString()), o);
    const int64_t nLayer = session.hparams().nLayer;
    const auto recorded = recordActivations(session, kPrompt, {HookSite::Residual}, 0, nLayer - 1);
    QCOMPARE(static_cast<int64_t>(recorded.size()), nLayer);
    session.clear();
    const std::vector<float> logits = session.evaluate(kPrompt);

    std::vector<std::vector<float>> residual;
    for (const RecordedActivation& r : recorded)
        residual.push_back(r.values);
    const auto c = realm::test::compareWithTrace(
        QStringLiteral(REALM_SOURCE_DIR "/tests/data/activations/%1.l_out.json").arg(model), residual, logits,
        static_cast<int64_t>(kPrompt.size()), tolerance);
    QVERIFY2(c.failure.isEmpty(), qPrintable(c.failure));
    QVERIFY(c.compared >= 6 * 2 * 3);
    qInfo("%s: %d values, worst |difference| %.3g", qPrintable(model), c.compared, c.worst);
}

// residual[L] = residual[L-1] + attn_out[L] + ffn_out[L], exactly (same float operations);
// the heads before Wo, the attention rows and their shapes.
void TestEngineActivations::sitesAddUp() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session(
        Model::load(realm::test::conformancePath("models/llama-s64-tied-F32.gguf").toStdString()));
    const HParams& hp = session.hparams();
    const auto rec = recordActivations(
        session, kPrompt,
        {HookSite::Residual, HookSite::AttnOut, HookSite::FfnOut, HookSite::AttnHeads, HookSite::AttnWeights},
        0, 1);
    QCOMPARE(rec.size(), size_t(10));
    const int64_t n = static_cast<int64_t>(kPrompt.size());
    const RecordedActivation &res0 = rec[0], &res1 = rec[1], &attn1 = rec[3], &ffn1 = rec[5];
    QCOMPARE(res1.shape, (std::vector<int64_t>{n, hp.nEmbd}));
    for (size_t i = 0; i < res1.values.size(); ++i)
        QCOMPARE(res1.values[i], (res0.values[i] + attn1.values[i]) + ffn1.values[i]);
    QCOMPARE(rec[6].site, HookSite::AttnHeads);
    QCOMPARE(rec[6].shape, (std::vector<int64_t>{n, hp.nHead, hp.headDim}));
    const RecordedActivation& probs = rec[8];
    QCOMPARE(probs.shape, (std::vector<int64_t>{hp.nHead, n, n}));
    for (int64_t h = 0; h < hp.nHead; ++h)
        for (int64_t t = 0; t < n; ++t) {
            double sum = 0;
            for (int64_t k = 0; k < n; ++k) {
                const float p = probs.values[static_cast<size_t>((h * n + t) * n + k)];
                if (k > t) QCOMPARE(p, 0.0f); // causal
                sum += p;
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
}

void TestEngineActivations::watchingChangesNothing() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session(
        Model::load(realm::test::conformancePath("models/llama-s64-tied-F32.gguf").toStdString()));
    const std::vector<float> plain = session.evaluate(kPrompt);
    ActivationRecorder all(
        {HookSite::AttnHeads, HookSite::AttnWeights, HookSite::AttnOut, HookSite::FfnOut, HookSite::Residual},
        0, 1, 0);
    session.clear();
    {
        ScopedHook installed(session, all);
        QCOMPARE(session.evaluate(kPrompt), plain);
    }
    QCOMPARE(session.evaluate(std::vector<int32_t>{3444}).size(), plain.size());
    const std::vector<float> next = session.evaluate(std::vector<int32_t>{310});
    // Rows of later calls are appended (attention weights excepted: they need one call).
    ActivationRecorder residual({HookSite::Residual}, 1, 1, 0);
    session.truncate(static_cast<int64_t>(kPrompt.size()) + 1);
    {
        ScopedHook installed(session, residual);
        QCOMPARE(session.evaluate(std::vector<int32_t>{310}), next);
        session.evaluate(std::vector<int32_t>{338});
    }
    const auto rec = residual.take();
    QCOMPARE(rec.size(), size_t(1));
    QCOMPARE(rec[0].shape, (std::vector<int64_t>{2, session.hparams().nEmbd}));
    ScopedHook weights(session, all);
    QVERIFY_THROWS_EXCEPTION(Error, session.evaluate(std::vector<int32_t>{310}));
}

void TestEngineActivations::npyRoundTrip() {
    QTemporaryDir dir;
    const std::vector<float> v = {1.5f, -2.0f, 3.25f, 0.0f, 1e-30f, -7.0f};
    const std::string path = dir.filePath(QStringLiteral("a.npy")).toStdString();
    writeNpy(path, {2, 3}, v.data());
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("\x93NUMPY\x01\x00"));
    QCOMPARE((bytes.size() - 24) % 64, 0); // data starts 64-aligned
    QVERIFY(bytes.contains("'shape': (2, 3)"));
    const NpyArray back = readNpy(path);
    QCOMPARE(back.shape, (std::vector<int64_t>{2, 3}));
    QCOMPARE(back.values, v);
    writeNpy(path, {6}, v.data());
    QCOMPARE(readNpy(path).shape, std::vector<int64_t>{6});
    f.close();
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes.left(70));
    f.close();
    QVERIFY_THROWS_EXCEPTION(Error, readNpy(path));
}

void TestEngineActivations::badLayers() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session(
        Model::load(realm::test::conformancePath("models/llama-s64-tied-F32.gguf").toStdString()));
    QVERIFY_THROWS_EXCEPTION(Error, recordActivations(session, kPrompt, {HookSite::Residual}, 0, 2));
    QVERIFY_THROWS_EXCEPTION(Error, recordActivations(session, kPrompt, {HookSite::Residual}, -1, 0));
}

QTEST_GUILESS_MAIN(TestEngineActivations)
#include "tst_engine_activations.moc"
