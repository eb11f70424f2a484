// The chat page against realm-cli: one greedy message gives the same reply as
// `realm-cli generate --chat`; Stop ends a reply within one token whenever it arrives;
// Regenerate answers again beside the last reply; conversations survive a new window; reply
// tokens show their alternatives and branch from them, switchers and edits work, branches persist.
#include "conformance.h"
#include "document/chat_saver.h"
#include "document/chat_store.h"
#include "document/model_session.h"
#include "jobs/chat_engine.h"
#include "models/memory_sample_model.h"
#include "pages/chat_page.h"
#include "pages/logits_page.h"
#include "widgets/chat_transcript.h"
#include "window/main_window.h"

#include <QAbstractTextDocumentLayout>
#include <QCheckBox>
#include <QFile>
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolTip>

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

    // Where the first `text` at or after `from` is drawn in the transcript's viewport.
    static QPoint pointOfText(ChatTranscript* view, const QString& text, int from = 0) {
        const QTextCursor found = view->document()->find(text, from);
        if (found.isNull()) return {-1, -1};
        QTextCursor at(view->document());
        at.setPosition(found.selectionStart());
        const QRect r = view->cursorRect(at);
        return {r.left() + 4, r.center().y()};
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
        // The Logits page follows the chat: the distribution the reply's last token was drawn
        // from, after the reply's text without that token.
        LogitsPage* logits = w.page<LogitsPage>();
        QVERIFY(QTest::qWaitFor([&] { return !logits->isShaping(); }, 20000)); // ranked in a job
        QCOMPARE(logits->distribution().vocabSize(), int(w.session()->summary().vocabSize));
        QCOMPARE(logits->distribution().logits(), second.lastLogits);
        QVERIFY(second.text.startsWith(second.logitsContext));
        QVERIFY(second.logitsContext.size() < second.text.size() ||
                second.stopReason == QStringLiteral("end_of_generation"));
        QCOMPARE(logits->promptEdit()->text(), second.logitsContext);

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
        // The old reply stays as a branch beside the new one.
        const ChatTree& tree = w.chatEngine()->conversation();
        QCOMPARE(tree.siblings(tree.last()), std::make_pair(1, 2));

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
            // Saved at once (in the background): a crash mid-reply keeps the question.
            QTRY_COMPARE(chat_store::load(model()).turns().size(), 1);
            QCOMPARE(chat_store::load(model()).turns().first().user, QStringLiteral("Hello there."));
            // QTRY_COMPARE spun the event loop: the reply may already have come.
            QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 60000);
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
        QTRY_COMPARE(chat_store::load(model()).turns(),
                     w.page<ChatPage>()->turns()); // saved in the background
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

    // Every reply token keeps its probability and ten alternatives; hovering shows them, the colour
    // toggle paints them, clicking one branches (the KV cache keeps the prefix), ◀ ▶ switch,
    // editing a message branches too, every branch survives a restart, export writes the shown one.
    void branchesFromTokensAndEdits() {
        ChatTree saved;
        QString shownReply;
        {
            MainWindow w;
            w.resize(1200, 900);
            w.show();
            QVERIFY(openAndWait(w));
            w.showPage(QStringLiteral("chat"));
            ChatPage* chat = w.page<ChatPage>();
            chat->newChat();
            chat->setColouredByProbability(false); // remembered from an earlier run otherwise
            ChatSettings s = greedy(chat->settings(), 12);
            s.systemPrompt.clear();
            s.sampler.repeatPenalty = 1;
            chat->setSettings(s);
            QSignalSpy done(chat, &ChatPage::replyDone);
            chat->sendMessage(QStringLiteral("Tell me about the sea."));
            QVERIFY(done.wait(60000));
            const ChatReply first = done.takeFirst().first().value<ChatReply>();
            const ChatTree& tree = w.chatEngine()->conversation();
            const int reply = tree.last();
            const ChatNode& answer = tree.node(reply);
            QCOMPARE(answer.tokens.size(), first.tokens);
            QVERIFY(answer.tokens.size() >= 3);
            QString joined;
            for (const ChatToken& t : answer.tokens) {
                joined += t.text;
                QCOMPARE(t.top.size(), 10);
                QCOMPARE(t.top.first().id, t.id); // greedy: the top alternative, the only one kept
                QCOMPARE(t.probability, t.top.first().probability);
                double sum = 0;
                for (qsizetype a = 0; a < t.top.size(); ++a) {
                    QCOMPARE(t.top.at(a).survived, a == 0);
                    if (a > 0) QVERIFY(t.top.at(a).probability <= t.top.at(a - 1).probability);
                    sum += t.top.at(a).probability;
                }
                QVERIFY(sum <= 1.000001);
            }
            QCOMPARE(joined, answer.text);
            // The token that ended the reply is marked, so it can be replaced too.
            QCOMPARE(answer.tokens.last().endOfGeneration,
                     first.stopReason == QLatin1String("end_of_generation"));
            QCOMPARE(chat->transcript()->toPlainText().contains(ChatTranscript::tr(" [end]")),
                     answer.tokens.last().endOfGeneration);

            // Hover: the tooltip of the token under the mouse.
            ChatTranscript* view = chat->transcriptView();
            const ChatTranscript::TokenRef third{reply, 2};
            const QPoint at = view->pointOf(third);
            QVERIFY(view->viewport()->rect().contains(at));
            QCOMPARE(view->tokenAt(at).node, reply);
            QCOMPARE(view->tokenAt(at).index, 2);
            QHelpEvent hover(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
            QCoreApplication::sendEvent(view->viewport(), &hover);
            QTRY_VERIFY(QToolTip::isVisible());
            QCOMPARE(QToolTip::text(), view->toolTipFor(third));
            QCOMPARE(QToolTip::text().count(QStringLiteral("<tr>")), 10);
            QVERIFY(QToolTip::text().contains(ChatTranscript::tr("kept")));

            // The toggle colours the reply, token by token.
            const auto backgroundAt = [&](QPoint p) {
                QTextCursor c(view->document());
                c.setPosition(view->document()->documentLayout()->hitTest(
                    QPointF(p) + QPointF(0, view->verticalScrollBar()->value()), Qt::ExactHit));
                c.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
                return c.charFormat().background();
            };
            QCOMPARE(backgroundAt(view->pointOf(third)).style(), Qt::NoBrush);
            QCheckBox* colour = nullptr;
            for (QCheckBox* box : chat->findChildren<QCheckBox*>())
                if (box->text() == ChatPage::tr("Colour by probability")) colour = box;
            QVERIFY(colour);
            colour->click();
            QVERIFY(view->colouredByProbability());
            QCOMPARE(backgroundAt(view->pointOf(third)).style(), Qt::SolidPattern);

            // From the keyboard: the caret on the token, Shift+F10 offers the same alternatives.
            {
                QTextCursor caret(view->document());
                caret.setPosition(view->document()->documentLayout()->hitTest(
                    QPointF(view->pointOf(third)) + QPointF(0, view->verticalScrollBar()->value()),
                    Qt::ExactHit));
                view->setTextCursor(caret);
                QCOMPARE(view->tokenAtPosition(caret.position()).index, 2);
                QTest::keyClick(view, Qt::Key_F10, Qt::ShiftModifier);
                QMenu* keyMenu = view->alternativesMenu();
                QVERIFY(keyMenu && keyMenu->isVisible());
                QCOMPARE(keyMenu->actions().size(), 11); // the section title and the ten alternatives
                keyMenu->close();
            }

            // Click the token, take its second alternative: a new branch beside the reply.
            const qint32 alternative = answer.tokens.at(2).top.at(1).id;
            const QList<ChatToken> kept = answer.tokens.mid(0, 2);
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->pointOf(third));
            QMenu* menu = view->alternativesMenu();
            QVERIFY(menu && menu->isVisible());
            QAction* pick = nullptr;
            for (QAction* a : menu->actions())
                if (a->data().toInt() == alternative && a->isEnabled()) pick = a;
            QVERIFY(pick);
            pick->trigger();
            QVERIFY(chat->isGenerating());
            QVERIFY(done.wait(60000));
            const ChatReply branched = done.takeFirst().first().value<ChatReply>();
            QCOMPARE(branched.promptEvaluated, qint64(1)); // the rest of the prompt came from the cache
            const int branch = tree.last();
            QCOMPARE(branch, branched.node);
            QCOMPARE(tree.siblings(branch), std::make_pair(1, 2));
            QCOMPARE(tree.node(branch).tokens.mid(0, 2), kept);
            QCOMPARE(tree.node(branch).tokens.at(2).id, alternative);
            QVERIFY(tree.node(branch).text.startsWith(kept.at(0).text + kept.at(1).text));
            QCOMPARE(chat->turns().last().reply, tree.node(branch).text);
            QVERIFY(tree.node(branch).text != first.text);
            QVERIFY(chat->transcript()->toPlainText().contains(QStringLiteral("◀ 2/2 ▶")));

            // ◀ shows the first reply again.
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pointOfText(view, QStringLiteral("◀")));
            QCOMPARE(chat->turns().last().reply, first.text);
            QVERIFY(chat->transcript()->toPlainText().contains(QStringLiteral("◀ 1/2 ▶")));

            // Edit the question: a branch of the user message, answered.
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                              pointOfText(view, ChatTranscript::tr("Edit")));
            const int question = tree.path().first();
            QCOMPARE(chat->editing(), question);
            chat->sendMessage(QStringLiteral("Tell me about the sky."));
            QVERIFY(done.wait(60000));
            QCOMPARE(chat->turns().size(), 1);
            QCOMPARE(chat->turns().first().user, QStringLiteral("Tell me about the sky."));
            QCOMPARE(tree.siblings(tree.path().first()), std::make_pair(1, 2));
            QCOMPARE(tree.node(question).children.size(), 2); // the old question keeps both replies
            shownReply = chat->turns().first().reply;

            // Export writes the shown branch only.
            QTemporaryDir dir;
            const QString md = dir.filePath(QStringLiteral("chat.md"));
            QVERIFY(chat->exportMarkdown(md));
            QFile f(md);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString exported = QString::fromUtf8(f.readAll());
            QVERIFY(exported.contains(QStringLiteral("Tell me about the sky.")));
            QVERIFY(exported.contains(shownReply));
            QVERIFY(!exported.contains(QStringLiteral("Tell me about the sea.")));
            saved = tree;
        }
        // Every branch, token and alternative comes back in a new window, the same branch shown.
        QVERIFY(chat_store::load(model()) == saved);
        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        QVERIFY(w.chatEngine()->conversation() == saved);
        QCOMPARE(w.page<ChatPage>()->turns().first().reply, shownReply);
        QVERIFY(w.page<ChatPage>()->transcript()->toPlainText().contains(QStringLiteral("◀ 2/2 ▶")));
    }

    // Editing a message in the middle answers it as a fresh conversation up to there would (the
    // reply sees only the messages before it), and the old continuation stays one ◀ away.
    void editingAPastMessageBranchesThere() {
        MainWindow w;
        w.show();
        QVERIFY(openAndWait(w));
        ChatPage* chat = w.page<ChatPage>();
        ChatSettings s = greedy(chat->settings(), 10);
        s.systemPrompt.clear();
        s.sampler.repeatPenalty = 1;
        chat->setSettings(s);
        QSignalSpy done(chat, &ChatPage::replyDone);
        chat->newChat();
        chat->sendMessage(QStringLiteral("Where is the sea?"));
        QVERIFY(done.wait(60000));
        const QString alone = chat->turns().first().reply; // the reply with nothing before it
        chat->newChat();
        chat->sendMessage(QStringLiteral("Tell me a story."));
        QVERIFY(done.wait(60000));
        chat->sendMessage(QStringLiteral("And another one."));
        QVERIFY(done.wait(60000));
        const QList<ChatTurn> before = chat->turns();
        QCOMPARE(before.size(), 2);

        const ChatTree& tree = w.chatEngine()->conversation();
        const int first = tree.path().first();
        chat->startEditing(first);
        QCOMPARE(chat->editing(), first);
        chat->sendMessage(QStringLiteral("Where is the sea?"));
        QVERIFY(done.wait(60000));
        QCOMPARE(chat->turns().size(), 1);
        QCOMPARE(chat->turns().first().reply, alone);
        chat->showSibling(tree.path().first(), -1);
        QCOMPARE(chat->turns(), before);
    }

    // A store file from before branches (a list of turns) still loads, as one branch.
    void storeFromBeforeBranchesLoads() {
        const QString path = QStringLiteral("/models/old-chat.gguf");
        QFile f(chat_store::fileFor(path));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QJsonDocument(
                QJsonObject{{QStringLiteral("model"), path},
                            {QStringLiteral("system"), QString()},
                            {QStringLiteral("turns"),
                             QJsonArray{QJsonObject{{QStringLiteral("user"), QStringLiteral("Hi")},
                                                    {QStringLiteral("reply"), QStringLiteral("Hello!")},
                                                    {QStringLiteral("stats"), QStringLiteral("2 tokens")}},
                                        QJsonObject{{QStringLiteral("user"), QStringLiteral("More")},
                                                    {QStringLiteral("reply"), QStringLiteral("Sure.")},
                                                    {QStringLiteral("stats"), QString()}}}}})
                .toJson());
        f.close();
        const ChatTree tree = chat_store::load(path);
        QCOMPARE(
            tree.turns(),
            (QList<ChatTurn>{{QStringLiteral("Hi"), QStringLiteral("Hello!"), QStringLiteral("2 tokens")},
                             {QStringLiteral("More"), QStringLiteral("Sure."), QString()}}));
        QCOMPARE(tree.size(), 5);
        // A node whose parent comes after it is a broken file: nothing loads, nothing crashes.
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(
                    QJsonObject{{QStringLiteral("model"), path},
                                {QStringLiteral("nodes"),
                                 QJsonArray{QJsonObject{{QStringLiteral("parent"), 7},
                                                        {QStringLiteral("role"), QStringLiteral("user")}}}}})
                    .toJson());
        f.close();
        QVERIFY(chat_store::load(path).isEmpty());
        QFile::remove(chat_store::fileFor(path));
    }

    // Eight turns whose replies have 500 tokens, each with ten alternatives.
    static ChatTree longConversation() {
        ChatTree tree;
        for (int turn = 0; turn < 8; ++turn) {
            QList<ChatToken> tokens;
            QString text;
            for (int i = 0; i < 500; ++i) {
                ChatToken t{i, 0.5f, QStringLiteral(" word"), {}, false};
                for (int a = 0; a < 10; ++a)
                    t.top.append({i + a, 0.05f * float(a), a < 3, QStringLiteral(" piece")});
                tokens.append(t);
                text += t.text;
            }
            tree.add(tree.add(tree.last(), userMessage(QStringLiteral("Question %1").arg(turn))),
                     modelReply(text, QStringLiteral("500 tokens"), tokens));
        }
        return tree;
    }

    // Showing a conversation (a reply ends, one is restored or recoloured) changes the document
    // once: laid out again after each token, a 1500-token reply took 2 s of UI thread.
    void transcriptLaysOutAConversationOnce() {
        const ChatTree tree = longConversation();
        ChatTranscript view;
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        int changes = 0;
        connect(view.document(), &QTextDocument::contentsChange, this, [&] { ++changes; });
        view.render(&tree);
        // Two for clearing the document, one for the whole conversation (not one per token).
        QVERIFY2(changes <= 3, qPrintable(QStringLiteral("%1 document changes").arg(changes)));
        QVERIFY(view.toPlainText().startsWith(ChatTranscript::tr("You")));
        QVERIFY(view.toPlainText().contains(QStringLiteral("Question 7")));
        QVERIFY(view.toPlainText().endsWith(QStringLiteral("500 tokens")));
        // Each token still names itself for hovering and the alternatives menu.
        const int last = tree.last();
        const ChatTranscript::TokenRef token = view.tokenAtPosition(int(view.toPlainText().size()) - 20);
        QCOMPARE(token.node, last);
        QCOMPARE(token.index, 498); // " word" x 500, a line break, "500 tokens"
    }

    // What showing that conversation costs on the UI thread (render and layout).
    void renderLongConversationBenchmark() {
        const ChatTree tree = longConversation();
        ChatTranscript view;
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QBENCHMARK {
            view.render(&tree);
            view.document()->documentLayout()->documentSize(); // laid out to the end
        }
    }

    // What a save costs on the UI thread (it runs every 500 ms while a reply streams): a
    // conversation of 4000 reply tokens, each with ten alternatives.
    void saveLongConversationBenchmark() {
        const ChatTree tree = longConversation();
        const QString path = QStringLiteral("/models/benchmark.gguf");
        QBENCHMARK {
            QVERIFY(chat_store::save(path, {}, tree));
        }
        QVERIFY(chat_store::load(path) == tree);
        QFile::remove(chat_store::fileFor(path));
    }

    // Background saves: the newest snapshot of each model's conversation ends on disk.
    void saverKeepsTheNewest() {
        const QString a = QStringLiteral("/models/saver-a.gguf"), b = QStringLiteral("/models/saver-b.gguf");
        const auto conversation = [](int n) {
            return ChatTree::fromTurns({{QStringLiteral("Question %1").arg(n), QStringLiteral("Reply"), {}}});
        };
        {
            ChatSaver saver;
            for (int n = 0; n < 50; ++n) {
                saver.saveLater(a, {}, conversation(n));
                saver.saveLater(b, {}, conversation(1000 + n));
            }
            saver.flush();
            QVERIFY(chat_store::load(a) == conversation(49));
            QVERIFY(chat_store::load(b) == conversation(1049));
            saver.saveLater(b, {}, conversation(7));
        } // the destructor waits for the write
        QVERIFY(chat_store::load(b) == conversation(7));
        QFile::remove(chat_store::fileFor(a));
        QFile::remove(chat_store::fileFor(b));
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
