// realm-cli kl against llama-perplexity --kl-divergence on the conformance fixtures, the
// per-token JSON, a file against itself, and one-line errors for bad input.
#include "cli_run.h"
#include "conformance.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using realm::test::runCli;

namespace {
QString model(const char* name) {
    return realm::test::conformancePath("models/") + QString::fromUtf8(name) + QStringLiteral(".gguf");
}

QString dataFile(const char* name) {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/quantlab/") + QString::fromUtf8(name);
}

QJsonObject runKl(const char* reference, const char* test) {
    const auto r =
        runCli({QStringLiteral("kl"), model(reference), model(test), QStringLiteral("--text-file"),
                dataFile("text.txt"), QStringLiteral("-c"), QStringLiteral("128"), QStringLiteral("--json")});
    if (r.exitCode != 0) qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

// A figure of the summary: the value itself, or the "value" of a value with uncertainty.
double figure(const QJsonObject& summary, const char* key) {
    const QJsonValue v = summary.value(QString::fromUtf8(key));
    return v.isObject() ? v.toObject().value(QStringLiteral("value")).toDouble() : v.toDouble();
}
} // namespace

class TestCliKl : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void init() { REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf"); }
    void matchesLlamaKlDivergence();
    void perTokenFigures();
    void fileAgainstItself();
    void badInput();
};

// tests/data/quantlab/kl-F32-Q4_0.txt: what llama-perplexity --kl-divergence prints for the
// same two files and text; every figure within 1 % relative.
void TestCliKl::matchesLlamaKlDivergence() {
    QFile f(dataFile("kl-F32-Q4_0.txt"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString reference = QString::fromUtf8(f.readAll());
    const auto llama = [&](const QString& label) {
        const QRegularExpressionMatch m =
            QRegularExpression(QRegularExpression::escape(label) + QStringLiteral("\\s*:\\s*(-?[0-9.]+)"))
                .match(reference);
        return m.hasMatch() ? m.captured(1).toDouble() : std::nan("");
    };
    const QJsonObject summary =
        runKl("llama-s64-tied-F32", "llama-s64-tied-Q4_0").value(QStringLiteral("summary")).toObject();
    QCOMPARE(summary.value(QStringLiteral("tokens")).toInt(), 9 * 63);
    const std::pair<const char*, const char*> figures[] = {
        {"Mean PPL(Q)", "ppl_test"},  {"Mean PPL(base)", "ppl_reference"},
        {"Mean    KLD", "kl_mean"},   {"Maximum KLD", "kl_max"},
        {"99.9%   KLD", "kl_p99_9"},  {"99.0%   KLD", "kl_p99"},
        {"95.0%   KLD", "kl_p95"},    {"90.0%   KLD", "kl_p90"},
        {"Median  KLD", "kl_median"}, {"10.0%   KLD", "kl_p10"},
        {" 1.0%   KLD", "kl_p1"},     {"Minimum KLD", "kl_min"}};
    for (const auto& [label, key] : figures) {
        const double theirs = llama(QString::fromUtf8(label)), ours = figure(summary, key);
        QVERIFY2(
            std::abs(ours - theirs) <= 0.01 * std::abs(theirs),
            qPrintable(
                QStringLiteral("%1: %2 vs llama.cpp %3").arg(QString::fromUtf8(key)).arg(ours).arg(theirs)));
    }
    // Printed in percent with three decimals.
    QVERIFY(std::abs(100 * figure(summary, "same_top") - llama(QStringLiteral("Same top p"))) <= 0.01 * 38.4);
    QVERIFY(std::abs(100 * figure(summary, "delta_p_rms") - llama(QStringLiteral("RMS Δp    "))) <= 0.0015);
    QVERIFY(std::abs(100 * figure(summary, "delta_p_p99") - llama(QStringLiteral("99.0%   Δp"))) <= 0.0015);
}

void TestCliKl::perTokenFigures() {
    const QJsonObject o = runKl("llama-s64-tied-F32", "llama-s64-tied-Q4_0");
    const QJsonArray tokens = o.value(QStringLiteral("tokens")).toArray();
    QCOMPARE(tokens.size(), 9 * 63);
    double sum = 0;
    int same = 0;
    for (const QJsonValue& v : tokens) {
        const QJsonObject t = v.toObject();
        QVERIFY(t.value(QStringLiteral("kl")).toDouble() >= 0);
        QVERIFY(std::abs(t.value(QStringLiteral("delta_p")).toDouble()) < 1);
        sum += t.value(QStringLiteral("kl")).toDouble();
        same += t.value(QStringLiteral("same_top")).toBool() ? 1 : 0;
        const int referenceTop = t.value(QStringLiteral("reference_top")).toInt();
        QCOMPARE(t.value(QStringLiteral("same_top")).toBool(),
                 referenceTop == t.value(QStringLiteral("test_top")).toInt());
        QVERIFY(std::abs(t.value(QStringLiteral("delta_p_top")).toDouble()) < 1);
    }
    const QJsonObject summary = o.value(QStringLiteral("summary")).toObject();
    QVERIFY(std::abs(sum / tokens.size() - figure(summary, "kl_mean")) < 1e-6);
    QCOMPARE(figure(summary, "same_top"), double(same) / tokens.size());
    QCOMPARE(o.value(QStringLiteral("chunks")).toInt(), 9);
}

void TestCliKl::fileAgainstItself() {
    const QJsonObject o = runKl("llama-s64-tied-Q4_0", "llama-s64-tied-Q4_0");
    const QJsonObject summary = o.value(QStringLiteral("summary")).toObject();
    for (const QJsonValue& v : o.value(QStringLiteral("tokens")).toArray()) {
        const QJsonObject t = v.toObject();
        QCOMPARE(t.value(QStringLiteral("test_top")).toInt(),
                 t.value(QStringLiteral("reference_top")).toInt());
        QCOMPARE(t.value(QStringLiteral("delta_p_top")).toDouble(), 0.0);
    }
    QVERIFY(std::abs(figure(summary, "kl_max")) < 1e-6);
    QCOMPARE(figure(summary, "same_top"), 1.0);
    QCOMPARE(figure(summary, "ppl_ratio"), 1.0);
}

void TestCliKl::badInput() {
    REALM_NEED_CONFORMANCE("models/qwen3-s64-tied-Q8_0.gguf");
    REALM_EXPECT_ONE_LINE_ERROR(runCli({QStringLiteral("kl"), model("llama-s64-tied-F32"),
                                        model("qwen3-s64-tied-Q8_0"), QStringLiteral("--text-file"),
                                        dataFile("text.txt"), QStringLiteral("-c"), QStringLiteral("128")}),
                                "different vocabularies");
    REALM_EXPECT_ONE_LINE_ERROR(runCli({QStringLiteral("kl"), model("llama-s64-tied-F32"),
                                        model("llama-s64-tied-Q4_0"), QStringLiteral("--text-file"),
                                        dataFile("text.txt"), QStringLiteral("-c"), QStringLiteral("1024")}),
                                "needs at least 2048");
}

QTEST_GUILESS_MAIN(TestCliKl)
#include "tst_cli_kl.moc"
