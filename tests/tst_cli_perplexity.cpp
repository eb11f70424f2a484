// realm-cli perplexity against llama-perplexity on the conformance fixtures, the chunking rule
// it follows, cancellation in the core, and one-line errors for bad input.
#include "cli_run.h"
#include "conformance.h"

#include "model/model.h"
#include "quantlab/perplexity.h"
#include "util/error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

using realm::test::runCli;

namespace {
QString model(const QString& name) {
    return realm::test::conformancePath("models/") + name + QStringLiteral(".gguf");
}

QString dataFile(const char* name) {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/quantlab/") + QString::fromUtf8(name);
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool near(double ours, double theirs, double relative) {
    return std::abs(ours - theirs) <= relative * std::abs(theirs);
}
} // namespace

class TestCliPerplexity : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void chunksAsLlamaPerplexity();
    void matchesLlamaPerplexity_data();
    void matchesLlamaPerplexity();
    void cancelBetweenChunks();
    void badInput();
};

// Chunk c is tokens [c·n, (c+1)·n) with BOS in front, scored from n/2 on.
void TestCliPerplexity::chunksAsLlamaPerplexity() {
    const realm::TextChunks chunks({1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, 4, 1);
    QCOMPARE(chunks.count(), int64_t(2));
    QCOMPARE(chunks.first(), int64_t(2));
    QCOMPARE(chunks.scoredPerChunk(), int64_t(1));
    QCOMPARE(chunks.input(1), (std::vector<int32_t>{1, 14, 15, 16}));
    QCOMPARE(std::vector<int32_t>(chunks.targets(1).begin(), chunks.targets(1).end()),
             std::vector<int32_t>{16});
    QCOMPARE(realm::TextChunks({5, 6, 7, 8, 9, 10, 11, 12}, 4, -1).input(0),
             (std::vector<int32_t>{5, 6, 7, 8}));
    bool refused = false;
    try {
        realm::TextChunks({1, 2, 3, 4, 5, 6, 7}, 4, 1); // fewer than two chunks
    } catch (const realm::Error&) {
        refused = true;
    }
    QVERIFY(refused);
}

void TestCliPerplexity::matchesLlamaPerplexity_data() {
    QTest::addColumn<QString>("name");
    for (const char* name : {"llama-s64-tied-F32", "llama-s256-untied-Q4_K_M", "qwen3-s64-tied-Q8_0"})
        QTest::newRow(name) << QString::fromUtf8(name);
}

// tests/data/quantlab/perplexity-*.txt: llama-perplexity's running values and final estimate.
void TestCliPerplexity::matchesLlamaPerplexity() {
    QFETCH(QString, name);
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    const QString reference =
        QString::fromUtf8(readAll(dataFile("perplexity-") + name + QStringLiteral(".txt")));
    const QRegularExpressionMatch final =
        QRegularExpression(QStringLiteral("PPL = ([0-9.]+) \\+/- ([0-9.]+)")).match(reference);
    QVERIFY(final.hasMatch());
    std::vector<double> running;
    auto it = QRegularExpression(QStringLiteral("\\[\\d+\\]([0-9.]+),")).globalMatch(reference);
    while (it.hasNext())
        running.push_back(it.next().captured(1).toDouble());

    const auto r =
        runCli({QStringLiteral("perplexity"), model(name), QStringLiteral("--text-file"),
                dataFile("text.txt"), QStringLiteral("-c"), QStringLiteral("128"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("context")).toInt(), 128);
    const QJsonArray chunks = o.value(QStringLiteral("per_chunk")).toArray();
    QCOMPARE(size_t(chunks.size()), running.size());
    QCOMPARE(o.value(QStringLiteral("scored_tokens")).toInt(), chunks.size() * 63);
    const double ppl = o.value(QStringLiteral("perplexity")).toDouble();
    QVERIFY2(near(ppl, final.captured(1).toDouble(), 0.005), qPrintable(QString::number(ppl)));
    QVERIFY(near(o.value(QStringLiteral("uncertainty")).toDouble(), final.captured(2).toDouble(), 0.01));
    for (size_t c = 0; c < running.size(); ++c)
        QVERIFY2(
            near(chunks[int(c)].toObject().value(QStringLiteral("running")).toDouble(), running[c], 0.005),
            qPrintable(QStringLiteral("chunk %1").arg(c + 1)));
}

void TestCliPerplexity::cancelBetweenChunks() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    auto m = realm::Model::load(model(QStringLiteral("llama-s64-tied-F32")).toStdString());
    std::vector<int32_t> tokens(512, 450);
    const realm::TextChunks chunks(tokens, 64, 1);
    realm::JobControl* self = nullptr;
    realm::JobControl control([&](double) { self->cancel(); }); // cancel once the first chunk is done
    self = &control;
    const realm::PerplexityReport r = realm::measurePerplexity(m, chunks, {}, &control);
    QVERIFY(r.cancelled);
    QCOMPARE(r.chunks.size(), size_t(1));
    QCOMPARE(r.scoredTokens, int64_t(31));
    QVERIFY(r.perplexity > 0);
}

void TestCliPerplexity::badInput() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    const QString f32 = model(QStringLiteral("llama-s64-tied-F32"));
    // 1192 tokens: too few for two chunks of 1024.
    REALM_EXPECT_ONE_LINE_ERROR(runCli({QStringLiteral("perplexity"), f32, QStringLiteral("--text-file"),
                                        dataFile("text.txt"), QStringLiteral("-c"), QStringLiteral("1024")}),
                                "tokenizes to 1192 tokens; a context of 1024 needs at least 2048");
    QTemporaryDir dir;
    QFile longText(dir.filePath(QStringLiteral("long.txt")));
    QVERIFY(longText.open(QIODevice::WriteOnly));
    for (int i = 0; i < 3; ++i)
        longText.write(readAll(dataFile("text.txt")));
    longText.close();
    REALM_EXPECT_ONE_LINE_ERROR(runCli({QStringLiteral("perplexity"), f32, QStringLiteral("--text-file"),
                                        longText.fileName(), QStringLiteral("-c"), QStringLiteral("1024")}),
                                "longer than the model's context length 512");
    REALM_EXPECT_ONE_LINE_ERROR(runCli({QStringLiteral("perplexity"), f32, QStringLiteral("--text-file"),
                                        dir.filePath(QStringLiteral("missing.txt"))}),
                                "missing.txt: cannot open text file");
}

QTEST_GUILESS_MAIN(TestCliPerplexity)
#include "tst_cli_perplexity.moc"
