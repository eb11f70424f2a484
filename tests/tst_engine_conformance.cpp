// The forward pass against llama.cpp's golden outputs (../shared/conformance/models, README §4):
// every model, prompt tokens, last-position logits, top-10, teacher-forced and free greedy.
#include "conformance.h"
#include "runtime/generator.h"
#include "runtime/sampler.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace realm;

namespace {
QString modelsDir() {
    return QStringLiteral(REALM_CONFORMANCE_DIR "/models");
}

nlohmann::json readJson(const QString& path) {
    std::ifstream in(path.toStdString());
    return nlohmann::json::parse(in);
}

std::vector<float> readF32(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray b = f.readAll();
    std::vector<float> v(static_cast<size_t>(b.size()) / 4);
    std::memcpy(v.data(), b.constData(), v.size() * 4);
    return v;
}

struct Diff {
    double max = 0, rms = 0;
};
Diff diff(const float* a, const float* b, size_t n) {
    Diff d;
    double ss = 0;
    for (size_t i = 0; i < n; ++i) {
        const double x = std::abs(static_cast<double>(a[i]) - b[i]);
        d.max = std::max(d.max, x);
        ss += x * x;
    }
    d.rms = std::sqrt(ss / static_cast<double>(n));
    return d;
}

std::vector<int32_t> topK(const std::vector<float>& l, size_t k) {
    std::vector<int32_t> ids(l.size());
    std::iota(ids.begin(), ids.end(), 0);
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(),
                      [&](int32_t a, int32_t b) {
                          return l[static_cast<size_t>(a)] > l[static_cast<size_t>(b)] ||
                                 (l[static_cast<size_t>(a)] == l[static_cast<size_t>(b)] && a < b);
                      });
    ids.resize(k);
    return ids;
}

QString kindOf(const QString& base) {
    return base.section(QLatin1Char('-'), -1).toUpper();
}
} // namespace

class TestEngineConformance : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void models_data();
    void models();
    void allPositionsF32();
};

void TestEngineConformance::models_data() {
    QTest::addColumn<QString>("base");
    const QDir dir(modelsDir());
    if (!dir.exists()) {
        QTest::newRow("conformance data missing") << QString(); // models() says so
        return;
    }
    const QStringList refs = dir.entryList({QStringLiteral("*.ref-f32kv.json")}, QDir::Files, QDir::Name);
    for (const QString& r : refs) {
        const QString base = r.left(r.size() - int(strlen(".ref-f32kv.json")));
        QTest::newRow(base.toUtf8().constData()) << base;
    }
}

void TestEngineConformance::models() {
    REALM_NEED_CONFORMANCE("models");
    QFETCH(QString, base);
    const QString stem = modelsDir() + QLatin1Char('/') + base;
    const nlohmann::json ref = readJson(QString(stem + QStringLiteral(".ref-f32kv.json")));
    const nlohmann::json refDefault = readJson(QString(stem + QStringLiteral(".ref.json")));
    const std::vector<int32_t> tokens = ref["tokens"].get<std::vector<int32_t>>();
    const QString kind = kindOf(base);

    auto model = Model::load(QString(stem + QStringLiteral(".gguf")).toStdString());
    // 1. prompt tokens
    auto tok = Tokenizer::fromGguf(model->file());
    QCOMPARE(tok->tokenize("The capital of France is", true, false), tokens);

    // 3-5. last-position logits with an F32 cache (the f32kv reference, else the default one).
    Session session(model, SessionOptions{0, KvType::F32, 512, nullptr});
    const std::vector<float> logits = session.evaluate(tokens);
    QCOMPARE(static_cast<int64_t>(logits.size()), model->hparams().nVocab);
    std::vector<float> want = ref["last_logits"]["file"].is_string()
                                  ? readF32(QString(stem + QStringLiteral(".ref-f32kv.logits.f32")))
                                  : readF32(QString(stem + QStringLiteral(".ref.logits.f32")));
    QCOMPARE(want.size(), logits.size());
    const Diff d = diff(logits.data(), want.data(), want.size());
    qInfo("%s: max %.3g rms %.3g", qPrintable(base), d.max, d.rms);
    double tol = 0.5;
    if (kind == QStringLiteral("F32")) {
        tol = 1e-4;
        QVERIFY2(d.max <= 1e-4, qPrintable(QStringLiteral("max %1").arg(d.max)));
    } else if (kind == QStringLiteral("F16")) {
        tol = 2e-2;
        QVERIFY(d.max <= 2e-2);
    } else if (kind == QStringLiteral("BF16")) {
        tol = 0.1;
        QVERIFY(d.max <= 0.1);
    } else {
        QVERIFY2(d.rms <= 0.15 && d.max <= 0.5,
                 qPrintable(QStringLiteral("max %1 rms %2").arg(d.max).arg(d.rms)));
    }

    // top-10 overlap, top-1 where the reference gap is clear
    std::vector<int32_t> refTop;
    for (const auto& e : refDefault["top10"])
        refTop.push_back(e["id"].get<int32_t>());
    const std::vector<int32_t> mine = topK(logits, 10);
    int overlap = 0;
    for (int32_t id : mine)
        overlap += std::count(refTop.begin(), refTop.end(), id) ? 1 : 0;
    QVERIFY2(overlap >= 8, qPrintable(QStringLiteral("top-10 overlap %1").arg(overlap)));
    const double gap =
        refDefault["top10"][0]["logit"].get<double>() - refDefault["top10"][1]["logit"].get<double>();
    if (gap > 0.5) QCOMPARE(mine[0], refTop[0]);

    // 6. teacher-forced greedy: feed llama.cpp's tokens one at a time (KV cache reused).
    const nlohmann::json& g = refDefault["greedy"];
    const std::vector<int32_t> greedy = g["tokens"].get<std::vector<int32_t>>();
    const std::vector<float>* step = &logits;
    std::vector<float> current = logits;
    for (size_t i = 0; i < greedy.size(); ++i) {
        const double gapI = g["steps"][i]["gap"].get<double>();
        if (gapI > 2 * tol)
            QVERIFY2(argmax(current.data(), static_cast<int64_t>(current.size())) == greedy[i],
                     qPrintable(QStringLiteral("teacher-forced step %1").arg(i)));
        step = &session.evaluate(std::span<const int32_t>(&greedy[i], 1));
        current = *step;
    }

    // Free-running greedy equality for the float and Q8_0 files (default F16 cache).
    if (kind == QStringLiteral("F32") || kind == QStringLiteral("F16") || kind == QStringLiteral("BF16") ||
        kind == QStringLiteral("Q8_0")) {
        Session fresh(model);
        GenerationSettings gs;
        gs.maxTokens = static_cast<int64_t>(greedy.size());
        gs.sampler.temperature = 0;
        gs.stopAtEndOfGeneration = false;
        const GenerationResult r = generate(fresh, tok.get(), tokens, gs);
        QCOMPARE(r.tokens, greedy);
    }
}

void TestEngineConformance::allPositionsF32() {
    const QString stem = modelsDir() + QStringLiteral("/llama-s64-tied-F32");
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    const std::vector<float> want = readF32(QString(stem + QStringLiteral(".ref-f32kv.all-logits.f32")));
    const std::vector<int32_t> tokens{1, 450, 7483, 310, 3444, 338};
    auto model = Model::load(QString(stem + QStringLiteral(".gguf")).toStdString());
    Session session(model, SessionOptions{0, KvType::F32, 512, nullptr});
    const std::vector<float> all = session.evaluate(tokens, true);
    QCOMPARE(all.size(), want.size());
    const size_t nVocab = static_cast<size_t>(model->hparams().nVocab);
    for (size_t row = 0; row < tokens.size(); ++row) {
        const Diff d = diff(all.data() + row * nVocab, want.data() + row * nVocab, nVocab);
        QVERIFY2(d.max <= 1e-4, qPrintable(QStringLiteral("position %1: max %2").arg(row).arg(d.max)));
    }
}

QTEST_GUILESS_MAIN(TestEngineConformance)
#include "tst_engine_conformance.moc"
