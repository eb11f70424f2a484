// The forward pass of every architecture against llama.cpp on small random-weight fixtures
// (tests/data/architectures, see its README): one row per NAME-TYPE.gguf + NAME-TYPE.ref.json,
// so a new architecture is covered by dropping its fixture in.
#include "gguf/gguf_file.h"
#include "model/model.h"
#include "runtime/session.h"

#include <QDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace realm;

namespace {
QString fixturesDir() {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/architectures");
}

int32_t argmax(const std::vector<float>& v) {
    // ties → lower id, as the references were made
    return static_cast<int32_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

struct Tolerance {
    double max;
    double rms; // < 0: not checked
    double gap; // the absolute error the greedy check allows for (steps with a reference gap ≤ 2·gap are
                // skipped)
};

// ../shared/conformance/README.md §4 (F32 against the F32-KV reference).
Tolerance toleranceFor(const QString& kind) {
    if (kind == QStringLiteral("F32")) return {1e-4, -1, 1e-2};
    if (kind == QStringLiteral("F16")) return {2e-2, -1, 1e-2};
    if (kind == QStringLiteral("BF16")) return {0.1, -1, 0.1};
    return {0.5, 0.15, 0.5};
}
} // namespace

class TestEngineArchitectures : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void everyModelHasAReference();
    void fixtures_data();
    void fixtures();
};

void TestEngineArchitectures::everyModelHasAReference() {
    const QDir dir(fixturesDir());
    QVERIFY2(dir.exists(), qPrintable(fixturesDir()));
    const QStringList models = dir.entryList({QStringLiteral("*.gguf")}, QDir::Files, QDir::Name);
    QVERIFY(!models.isEmpty());
    for (const QString& m : models) {
        const QString ref = m.left(m.size() - 5) + QStringLiteral(".ref.json");
        QVERIFY2(dir.exists(ref), qPrintable(QStringLiteral("%1 has no %2").arg(m, ref)));
    }
}

void TestEngineArchitectures::fixtures_data() {
    QTest::addColumn<QString>("base");
    const QDir dir(fixturesDir());
    const QStringList refs = dir.entryList({QStringLiteral("*.ref.json")}, QDir::Files, QDir::Name);
    for (const QString& r : refs) {
        const QString base = r.left(r.size() - int(strlen(".ref.json")));
        QTest::addRow("%s", qPrintable(base)) << base;
    }
}

void TestEngineArchitectures::fixtures() {
    QFETCH(QString, base);
    const QString stem = fixturesDir() + QLatin1Char('/') + base;
    std::ifstream in(QString(stem + QStringLiteral(".ref.json")).toStdString());
    const nlohmann::json ref = nlohmann::json::parse(in);
    const std::vector<int32_t> tokens = ref["tokens"].get<std::vector<int32_t>>();
    const std::vector<float> want = ref["last_logits"].get<std::vector<float>>();
    const std::vector<int32_t> greedy = ref["greedy"]["tokens"].get<std::vector<int32_t>>();
    const std::vector<double> gaps = ref["greedy"]["gaps"].get<std::vector<double>>();
    QCOMPARE(gaps.size(), greedy.size());

    std::shared_ptr<const Model> model;
    try {
        model = Model::load(QString(stem + QStringLiteral(".gguf")).toStdString());
    } catch (const std::exception& e) {
        QFAIL(e.what()); // e.g. an architecture the engine does not run yet
    }
    QCOMPARE(model->file().architecture(), ref["architecture"].get<std::string>());
    QCOMPARE(model->hparams().nVocab, ref["n_vocab"].get<int64_t>());

    // The references use n_ctx 512 and an F32 KV cache; so does this session (the context length
    // matters: longrope models pick their short or long factors by it).
    Session session(model, SessionOptions{512, KvType::F32, 512, nullptr});
    std::vector<float> logits = session.evaluate(tokens);
    QCOMPARE(logits.size(), want.size());
    double mx = 0, ss = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        const double d = std::abs(static_cast<double>(logits[i]) - want[i]);
        mx = std::max(mx, d);
        ss += d * d;
    }
    const double rms = std::sqrt(ss / static_cast<double>(want.size()));
    qInfo("%s: max %.3g rms %.3g", qPrintable(base), mx, rms);
    const Tolerance tol = toleranceFor(base.section(QLatin1Char('-'), -1).toUpper());
    QVERIFY2(
        mx <= tol.max && (tol.rms < 0 || rms <= tol.rms),
        qPrintable(
            QStringLiteral("max %1 rms %2 (limits %3 / %4)").arg(mx).arg(rms).arg(tol.max).arg(tol.rms)));

    // Teacher-forced greedy: feed llama.cpp's tokens one at a time; check the argmax where its gap is clear.
    int checked = 0;
    for (size_t i = 0; i < greedy.size(); ++i) {
        if (gaps[i] > 2 * tol.gap) {
            QVERIFY2(argmax(logits) == greedy[i],
                     qPrintable(QStringLiteral("step %1: %2, llama.cpp %3 (gap %4)")
                                    .arg(i)
                                    .arg(argmax(logits))
                                    .arg(greedy[i])
                                    .arg(gaps[i])));
            ++checked;
        }
        logits = session.evaluate(std::span<const int32_t>(&greedy[i], 1));
    }
    qInfo("%s: %d of %zu greedy steps checked", qPrintable(base), checked, greedy.size());
}

QTEST_GUILESS_MAIN(TestEngineArchitectures)
#include "tst_engine_architectures.moc"
