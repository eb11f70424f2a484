// (No raw string literals here: moc 6.4 loses the class after them.)
// The chat page with a remote backend, on loopback: against a real `realm-cli serve` (the greedy
// reply and every token's probability equal the local engine's for the same conversation; the
// Memory page says where the model runs; a wrong API key is a clear 401 and the key never
// reaches the settings file; the server killed mid-reply keeps the partial reply), and against a
// small fault injector (a QTcpServer that dribbles or garbles server-sent events): a slow server
// leaves the window responsive and Stop ends the request, a silent one times out, malformed
// streams end with a clear error.
#include "cli_run.h"
#include "serve_process.h"

#include "document/chat_store.h"
#include "jobs/chat_engine.h"
#include "jobs/remote_chat.h"
#include "pages/chat_page.h"
#include "pages/memory_page.h"
#include "widgets/chat_backend_panel.h"
#include "widgets/chat_transcript.h"
#include "window/main_window.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace realm::ui;
using realm::test::Server;

namespace {

// A fault injector, not a model: GET /v1/models lists one model, and each chat request gets the
// scripted bytes, each part after its delay (the connection stays open when the script ends
// without closing it).
class FaultServer : public QObject {
  public:
    struct Part {
        int delayMs;
        QByteArray bytes;
    };
    QList<Part> script;
    bool closeAtEnd = true;
    int partsSent = 0;
    bool clientLeft = false;

    bool listen() {
        connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = server_.nextPendingConnection())
                serve(s);
        });
        return server_.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort()); }

    static QByteArray eventStreamHead() {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
    }
    static QByteArray token(const QString& text) {
        const QJsonObject choice{{QStringLiteral("index"), 0},
                                 {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), text}}},
                                 {QStringLiteral("finish_reason"), QJsonValue()}};
        return "data: " +
               QJsonDocument(QJsonObject{{QStringLiteral("choices"), QJsonArray{choice}}})
                   .toJson(QJsonDocument::Compact) +
               "\n\n";
    }

  private:
    void serve(QTcpSocket* s) {
        auto request = std::make_shared<QByteArray>();
        connect(s, &QTcpSocket::readyRead, this, [this, s, request] {
            *request += s->readAll();
            const qsizetype end = request->indexOf("\r\n\r\n");
            if (end < 0) return;
            const qsizetype lengthAt = request->toLower().indexOf("content-length:");
            const int length =
                lengthAt < 0 ? 0 : request->mid(lengthAt + 15, 12).trimmed().split('\r').first().toInt();
            if (request->size() < end + 4 + length) return;
            s->disconnect(this);
            if (request->startsWith("GET /v1/models")) {
                const QByteArray body =
                    "{\"object\":\"list\",\"data\":[{\"id\":\"fault\",\"object\":\"model\"}]}";
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                s->disconnectFromHost();
                return;
            }
            connect(s, &QTcpSocket::disconnected, this, [this] { clientLeft = true; });
            play(s, 0);
        });
    }
    void play(QTcpSocket* s, int part) {
        QPointer<QTcpSocket> socket(s);
        if (part >= script.size()) {
            if (closeAtEnd) s->disconnectFromHost();
            return;
        }
        QTimer::singleShot(script.at(part).delayMs, this, [this, socket, part] {
            if (!socket || socket->state() != QAbstractSocket::ConnectedState) return;
            socket->write(script.at(part).bytes);
            socket->flush();
            ++partsSent;
            play(socket, part + 1);
        });
    }

    QTcpServer server_;
};

} // namespace

class TestRemoteChat : public QObject {
    Q_OBJECT
  private:
    // The window with the demo model open and its local engine ready.
    static bool openDemo(MainWindow& w) {
        w.show();
        w.openFile(realm::test::demoModel());
        return QTest::qWaitFor([&] { return w.chatEngine() && w.chatEngine()->isReady(); }, 30000);
    }

    // Points the chat page at a server and waits until it has listed its models.
    static bool useServer(ChatPage* chat, const QString& url) {
        ChatBackendPanel* panel = chat->backendPanel();
        QSignalSpy listed(panel, &ChatBackendPanel::modelsListed);
        panel->setRemote(true);
        panel->setServer(url);
        if (!listed.wait(15000)) return false;
        return chat->backend() == chat->remoteChat() && chat->remoteChat()->isReady();
    }

    static ChatSettings greedy(ChatSettings s, int maxTokens) {
        s.systemPrompt.clear();
        s.sampler.temperature = 0;
        s.sampler.repeatPenalty = 1;
        s.stop.clear();
        s.maxTokens = maxTokens;
        return s;
    }

    static ChatReply sendAndWait(ChatPage* chat, const QString& text, int timeoutMs = 60000) {
        QSignalSpy done(chat, &ChatPage::replyDone);
        chat->sendMessage(text);
        if (!done.wait(timeoutMs)) return {};
        return done.first().first().value<ChatReply>();
    }

    static QPushButton* button(QWidget* page, const QString& text) {
        for (QPushButton* b : page->findChildren<QPushButton*>())
            if (b->text() == text) return b;
        return nullptr;
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_remote_chat"));
        QStandardPaths::setTestModeEnabled(true); // conversations go to a test location
        QSettings().clear();                      // no server remembered from an earlier run
        QDir(QFileInfo(chat_store::fileFor(realm::test::demoModel())).absolutePath()).removeRecursively();
        if (!QFile::exists(realm::test::cli())) QSKIP("realm-cli is not built in this build tree");
    }

    void cleanup() { QSettings().clear(); }

    // The same conversation and settings give the same greedy reply and the same token
    // probabilities from realm-cli serve as from the local engine.
    void greedyReplyEqualsLocalEngine() {
        Server server;
        QVERIFY(server.start({}));
        MainWindow w;
        QVERIFY(openDemo(w));
        ChatPage* chat = w.page<ChatPage>();
        chat->setSettings(greedy(chat->settings(), 32));
        const QString prompt = QStringLiteral("What is the capital of France?");
        const ChatReply local = sendAndWait(chat, prompt);
        QVERIFY2(!local.text.isEmpty(), qPrintable(local.stopReason));
        QCOMPARE(chat->turns().size(), 1);
        const ChatTree localTree = w.chatEngine()->conversation();

        QVERIFY(useServer(chat, server.url()));
        QCOMPARE(chat->remoteChat()->model(), QStringLiteral("demo.gguf"));
        QVERIFY(chat->turns().isEmpty()); // a server's conversation of its own
        const ChatReply remote = sendAndWait(chat, prompt);
        QVERIFY2(remote.error.isEmpty(), qPrintable(remote.error));
        QCOMPARE(remote.text, local.text);
        QCOMPARE(chat->lastReply(), local.text);
        QCOMPARE(chat->turns().size(), 1);
        QCOMPARE(chat->turns().first().reply, local.text);
        QVERIFY(remote.tokensPerSecond > 0);

        // Every token's probability and alternatives, as the server reported them.
        const QList<ChatToken>& ours = localTree.node(localTree.last()).tokens;
        const ChatTree& tree = chat->backend()->conversation();
        const int reply = tree.last();
        const QList<ChatToken>& theirs = tree.node(reply).tokens;
        QVERIFY(!theirs.isEmpty());
        // The local engine also keeps the token that ended the reply (shown as [end]).
        QVERIFY2(theirs.size() == ours.size() || theirs.size() + 1 == ours.size(),
                 qPrintable(QStringLiteral("%1 vs %2 tokens").arg(theirs.size()).arg(ours.size())));
        for (int i = 0; i < theirs.size(); ++i) {
            const ChatToken& t = theirs.at(i);
            QCOMPARE(t.top.size(), 10);
            QVERIFY(qAbs(t.probability - ours.at(i).probability) < 1e-4f);
            for (int k = 0; k < 10; ++k) {
                QVERIFY(qAbs(t.top.at(k).probability - ours.at(i).top.at(k).probability) < 1e-4f);
                QCOMPARE(t.top.at(k).piece, ours.at(i).top.at(k).piece);
            }
            QCOMPARE(t.top.first().id, t.id); // greedy: the one taken is the most likely
        }
        ChatTranscript* view = chat->transcriptView();
        const QString tip = view->toolTipFor({reply, 0});
        QVERIFY2(tip.contains(QStringLiteral(" %")) && tip.contains(QStringLiteral("server")),
                 qPrintable(tip));

        // The Memory page says where the model runs, and stops saying it for the local model.
        MemoryPage* memory = w.page<MemoryPage>();
        QVERIFY2(memory->remoteNote().contains(server.url()), qPrintable(memory->remoteNote()));
        chat->backendPanel()->setRemote(false);
        QVERIFY(memory->remoteNote().isEmpty());
        QCOMPARE(chat->backend(), static_cast<ChatBackend*>(w.chatEngine()));
        QCOMPARE(chat->turns().first().reply, local.text); // the local conversation is back
    }

    // A wrong key is a 401 said plainly, the right one works, and neither is in the settings.
    void apiKey() {
        const QString secret = QStringLiteral("sesame-%1").arg(QCoreApplication::applicationPid());
        Server server;
        QVERIFY(server.start({QStringLiteral("--api-key"), secret}));
        MainWindow w;
        QVERIFY(openDemo(w));
        ChatPage* chat = w.page<ChatPage>();
        chat->setSettings(greedy(chat->settings(), 8));
        ChatBackendPanel* panel = chat->backendPanel();
        QSignalSpy listed(panel, &ChatBackendPanel::modelsListed);
        panel->setRemote(true);
        panel->setServer(server.url());
        QVERIFY(listed.wait(15000));
        QVERIFY2(listed.last().at(1).toString().contains(QStringLiteral("refused the API key (HTTP 401)")),
                 qPrintable(listed.last().at(1).toString()));
        QVERIFY(panel->note().contains(QStringLiteral("401")));

        // A model typed in, then a wrong key: the reply is the server's 401, said plainly.
        panel->modelBox()->setEditText(QStringLiteral("demo.gguf"));
        listed.clear();
        panel->setApiKey(QStringLiteral("wrong"));
        QVERIFY(listed.wait(15000));
        QVERIFY(listed.last().at(1).toString().contains(QStringLiteral("401")));
        QVERIFY(chat->remoteChat()->isReady());
        const ChatReply refused = sendAndWait(chat, QStringLiteral("Hello"));
        QVERIFY2(refused.error.contains(QStringLiteral("refused the API key (HTTP 401)")),
                 qPrintable(refused.error));
        QVERIFY2(chat->statusLine().contains(QStringLiteral("401")), qPrintable(chat->statusLine()));

        listed.clear();
        panel->setApiKey(secret);
        QVERIFY(listed.wait(15000));
        QCOMPARE(listed.last().at(0).toStringList(), QStringList{QStringLiteral("demo.gguf")});
        const ChatReply answered = sendAndWait(chat, QStringLiteral("Hello"));
        QVERIFY2(answered.error.isEmpty() && !answered.text.isEmpty(), qPrintable(answered.error));

        // The key is in the keychain or, without one, in memory only: never in the settings file.
        QSettings settings;
        settings.sync();
        for (const QString& key : settings.allKeys())
            QVERIFY2(!settings.value(key).toString().contains(secret), qPrintable(key));
        QFile file(settings.fileName());
        if (file.open(QIODevice::ReadOnly)) QVERIFY(!file.readAll().contains(secret.toUtf8()));
        if (panel->note().contains(QStringLiteral("keychain")))
            QVERIFY2(panel->note().contains(QStringLiteral("this session only")), qPrintable(panel->note()));
        qInfo("keychain: %s", qPrintable(panel->note()));
    }

    // realm-cli serve killed (SIGKILL) in the middle of a reply: a clear error, the tokens that
    // came before it kept. A zero-weight TinyLlama-shaped model streams a few tokens a second
    // and, sampling uniformly over 32000 tokens, practically never ends by itself.
    void serverKilledMidStream() {
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("zeros.gguf"));
        QCOMPARE(realm::test::runCli({QStringLiteral("synth"), QStringLiteral("--preset"),
                                      QStringLiteral("tinyllama-1.1b"), QStringLiteral("--type"),
                                      QStringLiteral("q4_0"), QStringLiteral("--sparse"),
                                      QStringLiteral("-o"), model})
                     .exitCode,
                 0);
        Server server;
        QVERIFY(server.start({}, model));
        ChatPage chat;
        QVERIFY(useServer(&chat, server.url()));
        ChatSettings s = greedy(chat.settings(), 400);
        s.sampler.temperature = 1;
        s.sampler.topK = 0;
        s.sampler.topP = 1;
        s.sampler.minP = 0;
        chat.setSettings(s);
        QSignalSpy done(&chat, &ChatPage::replyDone);
        int streamed = 0;
        connect(chat.backend(), &ChatBackend::streamed, this, [&] {
            if (++streamed == 3) server.kill();
        });
        chat.sendMessage(QStringLiteral("Say something long."));
        QVERIFY(done.wait(120000));
        const ChatReply r = done.first().first().value<ChatReply>();
        QVERIFY2(r.error.contains(QStringLiteral("broke off in the middle of the reply")),
                 qPrintable(r.error));
        const ChatNode& reply = chat.backend()->conversation().node(r.node);
        QVERIFY2(reply.tokens.size() >= 3, qPrintable(QString::number(reply.tokens.size())));
        QCOMPARE(reply.tokens.size(), streamed);
        QVERIFY(reply.stats.contains(QStringLiteral("error")));
        QVERIFY(chat.statusLine().contains(QStringLiteral("broke off")));
        QVERIFY(!chat.isGenerating());
    }

    // A server that dribbles a token every 200 ms: the window keeps its pace, Stop ends the
    // request at once (the server sees the client leave) and what came is kept.
    void slowServerStaysResponsive() {
        FaultServer fault;
        fault.script.append({0, FaultServer::eventStreamHead()});
        for (int i = 0; i < 50; ++i)
            fault.script.append({200, FaultServer::token(QStringLiteral("w%1 ").arg(i))});
        QVERIFY(fault.listen());
        ChatPage chat;
        chat.show();
        QVERIFY(useServer(&chat, fault.url()));
        QSignalSpy done(&chat, &ChatPage::replyDone);
        chat.sendMessage(QStringLiteral("Hello"));
        // The event loop's longest pause while four tokens arrive.
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0, worst = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, this, [&] {
            worst = std::max(worst, clock.elapsed() - last);
            last = clock.elapsed();
        });
        tick.start(10);
        QTRY_VERIFY_WITH_TIMEOUT(chat.streamedPieces() >= 4, 10000);
        tick.stop();
        QVERIFY2(worst < 150, qPrintable(QStringLiteral("the event loop stalled for %1 ms").arg(worst)));
        QVERIFY(chat.isGenerating());
        QPushButton* stop = button(&chat, ChatPage::tr("Stop"));
        QVERIFY(stop && stop->isEnabled());
        QElapsedTimer stopping;
        stopping.start();
        stop->click();
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 2000);
        QVERIFY(stopping.elapsed() < 1000);
        const ChatReply r = done.first().first().value<ChatReply>();
        QCOMPARE(r.stopReason, QStringLiteral("cancelled"));
        QVERIFY(r.error.isEmpty());
        QVERIFY(r.text.startsWith(QStringLiteral("w0 w1 w2 w3 ")));
        QCOMPARE(chat.lastReply(), r.text);
        QVERIFY(!chat.isGenerating());
        QTRY_VERIFY_WITH_TIMEOUT(fault.clientLeft, 2000);
        QVERIFY(fault.partsSent < 20);
    }

    // A server that accepts and then says nothing is given up after the idle timeout.
    void silentServerTimesOut() {
        FaultServer fault;
        fault.script.append({0, FaultServer::eventStreamHead()});
        fault.closeAtEnd = false;
        QVERIFY(fault.listen());
        ChatPage chat;
        QVERIFY(useServer(&chat, fault.url()));
        chat.remoteChat()->setIdleTimeout(1000);
        const ChatReply r = sendAndWait(&chat, QStringLiteral("Hello"), 10000);
        QVERIFY2(r.error.contains(QStringLiteral("sent nothing for 1 s")), qPrintable(r.error));
    }

    void malformedStreams_data() {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("kept");
        const QByteArray head = FaultServer::eventStreamHead();
        const QByteArray one = FaultServer::token(QStringLiteral("Hello"));
        QTest::newRow("not JSON") << head + one + "data: {\"choices\": [\n\n"
                                  << QStringLiteral("malformed event stream: event 2 (ending at byte")
                                  << QStringLiteral("Hello");
        QTest::newRow("neither choices nor usage")
            << head + one + "data: {\"text\": \"x\"}\n\n"
            << QStringLiteral("event 2 has neither") << QStringLiteral("Hello");
        QTest::newRow("cut off mid-event")
            << head + one + "data: {\"choi" << QStringLiteral("ended in the middle of an event")
            << QStringLiteral("Hello");
        QTest::newRow("no end") << head + one << QStringLiteral("ended before the reply was complete")
                                << QStringLiteral("Hello");
        QTest::newRow("error event") << head + one + "data: {\"error\": {\"message\": \"out of memory\"}}\n\n"
                                     << QStringLiteral("reported an error mid-reply: out of memory")
                                     << QStringLiteral("Hello");
        QTest::newRow("HTML page") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: "
                                                 "close\r\n\r\n<html><body>It works!</body></html>")
                                   << QStringLiteral("neither an event stream nor a chat completion: <html>")
                                   << QString();
        QTest::newRow("HTTP 500") << QByteArray("HTTP/1.1 500 Internal Server Error\r\nContent-Type: "
                                                "application/json\r\nConnection: close\r\n\r\n{\"error\": "
                                                "{\"message\": \"the model crashed\"}}")
                                  << QStringLiteral("answered HTTP 500: the model crashed") << QString();
    }

    void malformedStreams() {
        QFETCH(QByteArray, response);
        QFETCH(QString, error);
        QFETCH(QString, kept);
        FaultServer fault;
        fault.script.append({0, response});
        QVERIFY(fault.listen());
        ChatPage chat;
        QVERIFY(useServer(&chat, fault.url()));
        const ChatReply r = sendAndWait(&chat, QStringLiteral("Hello"), 10000);
        QVERIFY2(r.error.contains(error), qPrintable(r.error));
        QCOMPARE(chat.backend()->conversation().node(r.node).text, kept);
        QVERIFY(chat.statusLine().contains(error));
        QVERIFY(!chat.isGenerating());
    }

    // A server that does not stream (the whole reply as one JSON document) is read as well.
    void wholeReply() {
        FaultServer fault;
        const QByteArray body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                                "\"Paris.\"},\"finish_reason\":\"stop\"}]}";
        fault.script.append({0, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                    QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                    body});
        QVERIFY(fault.listen());
        ChatPage chat;
        QVERIFY(useServer(&chat, fault.url()));
        const ChatReply r = sendAndWait(&chat, QStringLiteral("Hello"), 10000);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.text, QStringLiteral("Paris."));
        QCOMPARE(r.stopReason, QStringLiteral("stop"));
    }

    // The base URL may be given with or without /v1.
    void endpoints() {
        QCOMPARE(
            RemoteChat::endpoint(QUrl(QStringLiteral("http://h:1")), QStringLiteral("/models")).toString(),
            QStringLiteral("http://h:1/v1/models"));
        QCOMPARE(RemoteChat::endpoint(QUrl(QStringLiteral("http://h:1/v1/")), QStringLiteral("/models"))
                     .toString(),
                 QStringLiteral("http://h:1/v1/models"));
        QCOMPARE(RemoteChat::endpoint(QUrl(QStringLiteral("https://h/api/v1")),
                                      QStringLiteral("/chat/completions"))
                     .toString(),
                 QStringLiteral("https://h/api/v1/chat/completions"));
    }
};

QTEST_MAIN(TestRemoteChat)
#include "tst_ui_remote_chat.moc"
