// The chat page against realm-cli: one greedy message gives the same reply as
// `realm-cli generate --chat`; Stop ends a reply within one token whenever it arrives;
// Regenerate replaces the last reply; conversations survive a new window.
#include "conformance.h"
#include "document/chat_store.h"
#include "jobs/chat_engine.h"
#include "models/memory_sample_model.h"
#include "pages/chat_page.h"
#include "window/main_window.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextDocument>

using namespace realm::ui;

class TestChat : public QObject {
    Q_OBJECT
  private:
    static QString model() {
        return QStringLiteral(REALM_CONFORMANCE_DIR "/models/llama-s64-tied-Q8_0.gguf");
    }

    bool openAndWait(MainWindow& w) {
        w.openFile(model());
        if (!QTest::qWaitFor(
                [&] { return w.chatEngine() && (w.chatEngine()->isReady() || w.chatEngine()->hasFailed()); },
                20000))
            return false;
        return w.chatEngine()->isReady();
    }

    static ChatSettings greedy(ChatSettings s, int maxTokens) {
        s.sampler.temperature = 0;
        s.maxTokens = maxTokens;
        return s;
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_chat"));
        QStandardPaths::setTestModeEnabled(true); // saved conversations go to a test location
        QFile::remove(chat_store::fileFor(model()));
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-Q8_0.gguf");
    }

    void greedyReplyEqualsCli() {
        const QString cli = QStringLiteral(REALM_BIN_DIR "/realm-cli");
        if (!QFile::exists(cli)) QSKIP("realm-cli not built in this build tree");
        const QString prompt = QStringLiteral("Tell me about the sea.");
        QProcess p;
        p.start(cli,
                {QStringLiteral("generate"), model(), QStringLiteral("--chat"), QStringLiteral("--prompt"),
                 prompt, QStringLiteral("-n"), QStringLiteral("24"), QStringLiteral("--temp"),
                 QStringLiteral("0"), QStringLiteral("--json"), QStringLiteral("-t"), QStringLiteral("1")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject ref = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY(ref.contains(QStringLiteral("text")));

        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        ChatPage* chat = w.page<ChatPage>();
        ChatSettings s = chat->settings();
        s.systemPrompt.clear();
        s.sampler.temperature = 0;
        s.maxTokens = 24;
        s.sampler.repeatPenalty = 1.0;
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
        const auto atIndex3 = connect(
            engine, &ChatEngine::streamed, engine,
            [engine](const QString&, int index) {
                if (index == 3) engine->stop();
            },
            Qt::DirectConnection);
        ChatSettings s;
        s.sampler.temperature = 0;
        s.maxTokens = 400;
        QSignalSpy done(engine, &ChatEngine::replyFinished);
        engine->send(QStringLiteral("Count to a thousand."), s);
        // replyFinished comes from the engine thread straight into the spy and may arrive
        // before wait() starts (a cancelled reply is quick): count first, then wait.
        ChatPage* chat = w.page<ChatPage>();
        QSignalSpy pageSeen(chat, &ChatPage::replyDone);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
        // Let the page take this reply too (queued to the UI thread) before it sends its own.
        QTRY_COMPARE_WITH_TIMEOUT(pageSeen.count(), 1, 5000);
        const ChatReply reply = done.first().first().value<ChatReply>();
        QCOMPARE(reply.stopReason, QStringLiteral("cancelled"));
        QVERIFY2(reply.tokens <= 4 + 1,
                 qPrintable(QStringLiteral("%1 tokens after stop at index 3").arg(reply.tokens)));

        disconnect(atIndex3);

        // Stop from the UI (Esc / the Stop button) right after sending: whether the worker has
        // started or not, the reply ends cancelled (a lost stop would run to 400 tokens).
        ChatSettings slow = chat->settings();
        slow.sampler.temperature = 0;
        slow.maxTokens = 400;
        chat->setSettings(slow);
        QSignalSpy pageDone(chat, &ChatPage::replyDone);
        chat->sendMessage(QStringLiteral("Again."));
        chat->stop();
        QVERIFY(pageDone.wait(20000));
        QVERIFY(!chat->isGenerating());
        const ChatReply stopped = pageDone.first().first().value<ChatReply>();
        QCOMPARE(stopped.stopReason, QStringLiteral("cancelled"));
        QVERIFY2(stopped.tokens < 400, qPrintable(QString::number(stopped.tokens)));

        // A stop issued before a queued request runs still ends it; the next send is unaffected.
        QSignalSpy both(engine, &ChatEngine::replyFinished);
        engine->send(QStringLiteral("One."), s);
        engine->send(QStringLiteral("Two."), s);
        engine->stop();
        QTRY_VERIFY_WITH_TIMEOUT(both.count() == 2, 20000);
        QCOMPARE(both.at(0).first().value<ChatReply>().stopReason, QStringLiteral("cancelled"));
        QCOMPARE(both.at(1).first().value<ChatReply>().stopReason, QStringLiteral("cancelled"));
        s.maxTokens = 3;
        engine->send(QStringLiteral("Three."), s);
        QTRY_VERIFY_WITH_TIMEOUT(both.count() == 3, 20000);
        QVERIFY(both.at(2).first().value<ChatReply>().stopReason != QStringLiteral("cancelled"));
    }

    void regenerateReplacesLastReply() {
        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        ChatPage* chat = w.page<ChatPage>();
        chat->newChat();
        ChatSettings s = chat->settings();
        s.systemPrompt.clear();
        s.sampler.temperature = 0;
        s.maxTokens = 12;
        chat->setSettings(s);
        QSignalSpy done(chat, &ChatPage::replyDone);
        QSignalSpy speed(chat, &ChatPage::speedChanged);
        chat->sendMessage(QStringLiteral("Tell me about the sea."));
        QVERIFY(done.wait(60000));
        const ChatReply first = done.takeFirst().first().value<ChatReply>();
        chat->sendMessage(QStringLiteral("And the sky?"));
        QVERIFY(done.wait(60000));
        const ChatReply second = done.takeFirst().first().value<ChatReply>();
        QVERIFY(!second.text.isEmpty());

        w.showPage(QStringLiteral("chat"));
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w)); // Ctrl+R is a window shortcut
        QTest::keyClick(chat, Qt::Key_R, Qt::ControlModifier);
        QVERIFY(chat->isGenerating());
        QVERIFY(done.wait(60000));
        const ChatReply again = done.takeFirst().first().value<ChatReply>();
        // Greedy: the same reply, in place of the old one, and the cache ends where it did.
        QCOMPARE(again.text, second.text);
        QCOMPARE(again.contextUsed, second.contextUsed);
        QCOMPARE(chat->turns().size(), 2);
        QCOMPARE(chat->turns().last().user, QStringLiteral("And the sky?"));
        QCOMPARE(chat->turns().last().reply, second.text);
        QCOMPARE(chat->turns().first().reply, first.text);

        // The status bar got live figures while tokens streamed, and the final rate after.
        bool live = false;
        for (const QList<QVariant>& args : std::as_const(speed))
            live = live || args.first().toString().startsWith(QStringLiteral("Generating · "));
        QVERIFY(live);
        QVERIFY(speed.last().first().toString().contains(QStringLiteral("tok/s")));
    }

    void conversationRestoredInNewWindow() {
        QList<ChatTurn> saved;
        {
            MainWindow w;
            w.show();
            QVERIFY(openAndWait(w));
            ChatPage* chat = w.page<ChatPage>();
            chat->newChat();
            chat->setSettings(greedy(chat->settings(), 10));
            QSignalSpy done(chat, &ChatPage::replyDone);
            chat->sendMessage(QStringLiteral("Hello there."));
            // On disk before the first token: a crash mid-reply keeps the question.
            const QList<ChatTurn> early = chat_store::load(model());
            QCOMPARE(early.size(), 1);
            QCOMPARE(early.first().user, QStringLiteral("Hello there."));
            QVERIFY(done.wait(60000));
            saved = chat->turns();
            QCOMPARE(saved.size(), 1);
            QVERIFY(!saved.first().reply.isEmpty());
        }
        QVERIFY(QFile::exists(chat_store::fileFor(model())));
        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        QCOMPARE(w.page<ChatPage>()->turns(), saved);
        // The engine continues the restored conversation: the next prompt holds the old turn.
        QSignalSpy done(w.page<ChatPage>(), &ChatPage::replyDone);
        w.page<ChatPage>()->sendMessage(QStringLiteral("More."));
        QVERIFY(done.wait(60000));
        QCOMPARE(w.page<ChatPage>()->turns().size(), 2);
        QCOMPARE(chat_store::load(model()), w.page<ChatPage>()->turns());
    }

    // A streamed token is appended at the end of the transcript (no re-render of the whole
    // conversation), and what streaming built reads the same as the full render at the end.
    void transcriptAppendsWhileStreaming() {
        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        ChatPage* chat = w.page<ChatPage>();
        chat->newChat();
        chat->setSettings(greedy(chat->settings(), 24));
        chat->sendMessage(QStringLiteral("First question."));
        QSignalSpy done(chat, &ChatPage::replyDone);
        QVERIFY(done.wait(60000));
        const QTextDocument* doc = chat->transcript();
        int changes = 0, rewrites = 0;
        QString streamed;
        connect(doc, &QTextDocument::contentsChange, this, [&](int position, int removed, int added) {
            if (!chat->isGenerating()) return; // the full render when the reply is done
            ++changes;
            if (removed != 0 || position + added != doc->characterCount() - 1) ++rewrites;
            streamed = doc->toPlainText();
        });
        const int before = doc->characterCount();
        chat->sendMessage(QStringLiteral("Second question, with  two spaces."));
        changes = rewrites = 0; // sendMessage renders the new turn once
        QVERIFY(done.wait(60000));
        QVERIFY(chat->streamedPieces() > 1);
        QVERIFY(changes > 1 && changes <= chat->streamedPieces()); // an incomplete UTF-8 piece adds nothing
        QCOMPARE(rewrites, 0);
        QVERIFY(doc->characterCount() > before);
        QVERIFY(!streamed.isEmpty());
        QVERIFY2(doc->toPlainText().startsWith(streamed),
                 qPrintable(streamed + QStringLiteral(" | ") + doc->toPlainText()));
        QVERIFY(
            doc->toPlainText().mid(streamed.size()).contains(QStringLiteral("tok/s"))); // then the stats line
    }

    void closingWhileGeneratingIsClean() {
        auto* w = new MainWindow;
        w->show();
        QVERIFY(openAndWait(*w));
        ChatSettings s;
        s.sampler.temperature = 0.8f;
        s.maxTokens = 4000;
        w->page<ChatPage>()->setSettings(s);
        w->page<ChatPage>()->sendMessage(QStringLiteral("Write a long story."));
        QTest::qWait(50);
        w->close();
        delete w; // must cancel and join the engine thread without hanging or crashing
        QVERIFY(true);
    }
};

QTEST_MAIN(TestChat)
#include "tst_ui_chat.moc"
