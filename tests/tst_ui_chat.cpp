// The chat page against realm-cli: one greedy message gives the same reply as
// `realm-cli generate --chat`; Stop ends a reply within one token.
#include "chat_engine.h"
#include "chat_page.h"
#include "main_window.h"
#include "memory_sample_model.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace realm::ui;

class TestChat : public QObject {
    Q_OBJECT
private:
    static QString model() { return QStringLiteral(REALM_CONFORMANCE_DIR "/models/llama-s64-tied-Q8_0.gguf"); }

    bool openAndWait(MainWindow& w) {
        w.openFile(model());
        if (!QTest::qWaitFor([&] { return w.chatEngine() && (w.chatEngine()->isReady() || w.chatEngine()->hasFailed()); }, 20000))
            return false;
        return w.chatEngine()->isReady();
    }

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_chat"));
        if (!QFile::exists(model())) QSKIP("conformance data missing (REALM_CONFORMANCE_DIR)");
    }

    void greedyReplyEqualsCli() {
        const QString cli = QStringLiteral(REALM_BIN_DIR "/realm-cli");
        if (!QFile::exists(cli)) QSKIP("realm-cli not built in this build tree");
        const QString prompt = QStringLiteral("Tell me about the sea.");
        QProcess p;
        p.start(cli, {QStringLiteral("generate"), model(), QStringLiteral("--chat"), QStringLiteral("--prompt"), prompt,
                      QStringLiteral("-n"), QStringLiteral("24"), QStringLiteral("--temp"), QStringLiteral("0"),
                      QStringLiteral("--json"), QStringLiteral("-t"), QStringLiteral("1")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject ref = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY(ref.contains(QStringLiteral("text")));

        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        ChatPage* chat = w.chatPage();
        ChatSettings s = chat->settings();
        s.systemPrompt.clear();
        s.temperature = 0;
        s.maxTokens = 24;
        s.repeatPenalty = 1.0;
        chat->setSettings(s);
        QSignalSpy done(chat, &ChatPage::replyDone);
        const int samplesBefore = w.memoryModel()->totalReceived();
        chat->sendMessage(prompt);
        QVERIFY(done.wait(60000));
        QCOMPARE(chat->lastReply(), ref.value(QStringLiteral("text")).toString());
        QVERIFY(chat->streamedPieces() > 0);
        QVERIFY(w.memoryModel()->totalReceived() >= samplesBefore);
    }

    void stopWithinOneToken() {
        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        ChatEngine* engine = w.chatEngine();
        // Stop from inside the stream (the worker thread), right after token index 3: the
        // generator checks the flag before every token, so exactly 4 tokens may exist.
        connect(engine, &ChatEngine::streamed, engine, [engine](const QString&, int index) {
            if (index == 3) engine->stop();
        }, Qt::DirectConnection);
        ChatSettings s;
        s.temperature = 0;
        s.maxTokens = 400;
        QSignalSpy done(engine, &ChatEngine::replyFinished);
        engine->send(QStringLiteral("Count to a thousand."), s);
        QVERIFY(done.wait(60000));
        const ChatReply reply = done.first().first().value<ChatReply>();
        QCOMPARE(reply.stopReason, QStringLiteral("cancelled"));
        QVERIFY2(reply.tokens <= 4 + 1, qPrintable(QStringLiteral("%1 tokens after stop at index 3").arg(reply.tokens)));

        // Stop from the UI (Esc / the Stop button) also ends the reply promptly.
        ChatPage* chat = w.chatPage();
        ChatSettings slow = chat->settings();
        slow.temperature = 0;
        slow.maxTokens = 400;
        chat->setSettings(slow);
        QSignalSpy pageDone(chat, &ChatPage::replyDone);
        chat->sendMessage(QStringLiteral("Again."));
        chat->stop();
        QVERIFY(pageDone.wait(20000));
        QVERIFY(!chat->isGenerating());
    }

    void closingWhileGeneratingIsClean() {
        auto* w = new MainWindow;
        w->show();
        QVERIFY(openAndWait(*w));
        ChatSettings s;
        s.temperature = 0.8;
        s.maxTokens = 4000;
        w->chatPage()->setSettings(s);
        w->chatPage()->sendMessage(QStringLiteral("Write a long story."));
        QTest::qWait(50);
        w->close();
        delete w; // must cancel and join the engine thread without hanging or crashing
        QVERIFY(true);
    }
};

QTEST_MAIN(TestChat)
#include "tst_ui_chat.moc"
