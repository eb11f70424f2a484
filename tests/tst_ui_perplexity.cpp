// The Perplexity page against realm-cli perplexity (the same core): the final and running
// values on the demo model, llama.cpp's reference on a conformance fixture, Cancel, and the
// core's message for a text shorter than two chunks.
#include "cli_run.h"
#include "conformance.h"

#include "pages/perplexity_page.h"
#include "window/main_window.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace realm::ui;

class TestPerplexityPage : public QObject {
    Q_OBJECT
  private:
    static QString demoModel() { return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"); }
    static QString textFile() { return QStringLiteral(REALM_SOURCE_DIR "/tests/data/quantlab/text.txt"); }
    static QByteArray readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static PerplexityPage* open(MainWindow& w, const QString& model) {
        w.openFile(model);
        if (!QTest::qWaitFor([&] { return w.document() != nullptr; }, 20000)) return nullptr;
        w.showPage(QStringLiteral("perplexity"));
        return w.page<PerplexityPage>();
    }
    // The page with text.txt in chunks of 128, as tests/data/quantlab's references were made.
    static PerplexityPage* openWithStory(MainWindow& w, const QString& model) {
        PerplexityPage* page = open(w, model);
        if (!page || !page->loadTextFile(textFile())) return nullptr;
        page->setContextLength(128);
        page->setMaxChunks(0);
        return page;
    }
    // Runs the page and waits for its outcome.
    static PerplexityOutcome measure(PerplexityPage* page) {
        QSignalSpy done(page, &PerplexityPage::finished);
        page->run();
        if (!done.wait(120000)) return {};
        return done.at(0).at(0).value<PerplexityOutcome>();
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_perplexity"));
    }

    // Same file, text and context: the page's figures are realm-cli perplexity --json's.
    void matchesCli() {
        if (!QFile::exists(QStringLiteral(REALM_BIN_DIR "/realm-cli")))
            QSKIP("realm-cli not built in this build tree");
        const auto cli = realm::test::runCli({QStringLiteral("perplexity"), demoModel(),
                                              QStringLiteral("--text-file"), textFile(), QStringLiteral("-c"),
                                              QStringLiteral("128"), QStringLiteral("--json")});
        QCOMPARE(cli.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(cli.out).object();

        MainWindow w;
        PerplexityPage* page = openWithStory(w, demoModel());
        QVERIFY(page);
        const PerplexityOutcome r = measure(page);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(!r.cancelled);
        QCOMPARE(r.contextLength, 128);
        QCOMPARE(r.textTokens, o.value(QStringLiteral("text_tokens")).toInteger());
        QCOMPARE(r.scoredTokens, o.value(QStringLiteral("scored_tokens")).toInteger());
        const QJsonArray chunks = o.value(QStringLiteral("per_chunk")).toArray();
        QCOMPARE(r.chunks, chunks.size());
        QVERIFY(r.chunks >= 2);
        QCOMPARE(r.perplexity, o.value(QStringLiteral("perplexity")).toDouble());
        QCOMPARE(r.uncertainty, o.value(QStringLiteral("uncertainty")).toDouble());
        // The chart: one point per chunk, its perplexity and the running value.
        QCOMPARE(page->chunkSeries()->count(), chunks.size());
        for (int c = 0; c < chunks.size(); ++c) {
            const QJsonObject chunk = chunks[c].toObject();
            QCOMPARE(page->chunkSeries()->at(c).x(), double(c + 1));
            QCOMPARE(page->chunkSeries()->at(c).y(), chunk.value(QStringLiteral("perplexity")).toDouble());
            QCOMPARE(page->runningSeries()->at(c).y(), chunk.value(QStringLiteral("running")).toDouble());
        }
        QVERIFY2(page->resultText().contains(QString::number(r.perplexity, 'f', 4)),
                 qPrintable(page->resultText()));
    }

    // tests/data/quantlab/perplexity-llama-s64-tied-F32.txt: llama-perplexity's final estimate.
    void matchesLlamaPerplexity() {
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
        const QRegularExpressionMatch final =
            QRegularExpression(QStringLiteral("PPL = ([0-9.]+) \\+/- ([0-9.]+)"))
                .match(QString::fromUtf8(readAll(QStringLiteral(
                    REALM_SOURCE_DIR "/tests/data/quantlab/perplexity-llama-s64-tied-F32.txt"))));
        QVERIFY(final.hasMatch());
        MainWindow w;
        PerplexityPage* page =
            openWithStory(w, realm::test::conformancePath("models/llama-s64-tied-F32.gguf"));
        QVERIFY(page);
        const PerplexityOutcome r = measure(page);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        const double theirs = final.captured(1).toDouble();
        QVERIFY2(std::abs(r.perplexity - theirs) <= 0.005 * theirs,
                 qPrintable(QString::number(r.perplexity)));
    }

    // Six tokens cannot make two chunks of 128: the core's message, naming the text.
    void textShorterThanTwoChunks() {
        MainWindow w;
        PerplexityPage* page = open(w, demoModel());
        QVERIFY(page);
        page->setText(QStringLiteral("Too short."));
        page->setContextLength(128);
        PerplexityOutcome r = measure(page);
        QVERIFY(r.error.contains(QStringLiteral("a context of 128 needs at least 256")));
        QVERIFY2(
            page->statusMessage().contains(QStringLiteral("pasted text: the text tokenizes to 6 tokens")),
            qPrintable(page->statusMessage()));
        // The same page measures a long enough text next.
        QVERIFY(page->loadTextFile(textFile()));
        page->setContextLength(512);
        r = measure(page);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error)); // 2230 tokens: 4 chunks of 512
        QCOMPARE(r.chunks, 4);
    }

    // Cancel right after the start: the run ends cancelled, with fewer chunks than the text has.
    void cancelStops() {
        MainWindow w;
        PerplexityPage* page = open(w, demoModel());
        QVERIFY(page);
        QByteArray text;
        for (int i = 0; i < 8; ++i)
            text += readAll(textFile());
        page->setText(QString::fromUtf8(text));
        page->setContextLength(64);
        page->setMaxChunks(0);
        QSignalSpy done(page, &PerplexityPage::finished);
        page->run();
        QVERIFY(page->isRunning());
        page->cancel();
        QVERIFY(done.wait(60000));
        const auto r = done.at(0).at(0).value<PerplexityOutcome>();
        QVERIFY(r.error.isEmpty());
        QVERIFY(r.cancelled);
        QVERIFY(r.chunks < 17841 / 64);
        QVERIFY(!page->isRunning());
        QVERIFY2(page->statusMessage().startsWith(QStringLiteral("Cancelled")),
                 qPrintable(page->statusMessage()));
    }
};

QTEST_MAIN(TestPerplexityPage)
#include "tst_ui_perplexity.moc"
