// (No raw string literals here: moc 6.4 loses the class after them.)
// realm-cli serve against real clients on loopback: the OpenAI endpoints (whole and streamed),
// logprobs and usage, its refusals (4xx, 401, 503), a client leaving mid-stream, 100 requests at
// once, greedy output equal to realm-cli generate, shutdown, and the official OpenAI Node client.
#include "serve_process.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/prctl.h>
#include <vector>

namespace {

using realm::test::cli;
using realm::test::demoModel;
using realm::test::Server;

struct HttpReply {
    int status = 0;
    QByteArray head, body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    // The payloads of the server-sent events ("data: …" lines).
    QList<QByteArray> events() const {
        QList<QByteArray> out;
        for (const QByteArray& line : body.split('\n'))
            if (line.startsWith("data: ")) out.append(line.mid(6));
        return out;
    }
};

QByteArray requestBytes(const QByteArray& method, const QByteArray& path, const QByteArray& body,
                        const QByteArray& extraHeaders) {
    return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
           "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" +
           extraHeaders + "\r\n" + body;
}

QByteArray dechunk(const QByteArray& data) {
    QByteArray out;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype eol = data.indexOf("\r\n", pos);
        if (eol < 0) break;
        bool ok = false;
        const qsizetype size = data.mid(pos, eol - pos).toLongLong(&ok, 16);
        if (!ok || size == 0) break;
        out += data.mid(eol + 2, size);
        pos = eol + 2 + size + 2;
    }
    return out;
}

HttpReply parseReply(const QByteArray& data) {
    HttpReply r;
    const qsizetype split = data.indexOf("\r\n\r\n");
    if (split < 0) return r;
    r.head = data.left(split);
    r.status = r.head.mid(9, 3).toInt();
    r.body = data.mid(split + 4);
    if (r.head.toLower().contains("transfer-encoding: chunked")) r.body = dechunk(r.body);
    return r;
}

// One request on its own connection, read until the server closes it.
HttpReply http(int port, const QByteArray& method, const QByteArray& path, const QByteArray& body = {},
               const QByteArray& extraHeaders = {}, int timeoutMs = 60000) {
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port));
    if (!s.waitForConnected(timeoutMs)) return {};
    s.write(requestBytes(method, path, body, extraHeaders));
    QElapsedTimer t;
    t.start();
    QByteArray data;
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < timeoutMs)
        if (s.waitForReadyRead(100)) data += s.readAll();
    data += s.readAll();
    return parseReply(data);
}

HttpReply post(int port, const QByteArray& path, const QJsonObject& body,
               const QByteArray& extraHeaders = {}) {
    return http(port, "POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), extraHeaders);
}

// The first of a reply's choices (an empty object when there is none).
QJsonObject firstChoice(const QJsonObject& reply) {
    const QJsonArray choices = reply.value(QStringLiteral("choices")).toArray();
    return choices.isEmpty() ? QJsonObject() : choices.first().toObject();
}

QJsonObject userMessage(const QString& text) {
    return {{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), text}};
}

// What `realm-cli generate --json` writes for the same prompt.
QJsonObject generateJson(const QStringList& args) {
    QProcess p;
    p.start(cli(), QStringList{QStringLiteral("generate"), demoModel(), QStringLiteral("--json"),
                               QStringLiteral("-t"), QStringLiteral("1")} +
                       args);
    p.waitForFinished(60000);
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

} // namespace

class TestCliServe : public QObject {
    Q_OBJECT

    Server server_; // --parallel 2 --queue 4, shared by the tests that need no special server

    int port() const { return server_.port(); }

    QJsonObject greedyChat(int maxTokens, bool logprobs = false) {
        QJsonObject body{{QStringLiteral("messages"),
                          QJsonArray{userMessage(QStringLiteral("What is the capital of France?"))}},
                         {QStringLiteral("temperature"), 0},
                         {QStringLiteral("max_tokens"), maxTokens}};
        if (logprobs) {
            body[QStringLiteral("logprobs")] = true;
            body[QStringLiteral("top_logprobs")] = 3;
        }
        const HttpReply r = post(port(), "/v1/chat/completions", body);
        [&] { QCOMPARE(r.status, 200); }();
        return r.json();
    }

    static void checkError(const HttpReply& r, int status, const QString& param = {},
                           const QString& code = {}) {
        QCOMPARE(r.status, status);
        const QJsonObject error = r.json().value(QStringLiteral("error")).toObject();
        QVERIFY2(!error.value(QStringLiteral("message")).toString().isEmpty(), r.body.constData());
        QVERIFY(!error.value(QStringLiteral("type")).toString().isEmpty());
        if (!param.isEmpty()) QCOMPARE(error.value(QStringLiteral("param")).toString(), param);
        if (!code.isEmpty()) QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(QFile::exists(cli()), "build realm-cli first");
        QVERIFY2(server_.start({QStringLiteral("--parallel"), QStringLiteral("2"), QStringLiteral("--queue"),
                                QStringLiteral("4")}),
                 "realm-cli serve did not print its address");
    }

    void cleanupTestCase() {
        QCOMPARE(server_.stop(), 0); // SIGTERM: a clean exit
        QVERIFY(server_.log().contains("serve: stopped"));
    }

    void modelsAndHealth() {
        const HttpReply models = http(port(), "GET", "/v1/models");
        QCOMPARE(models.status, 200);
        const QJsonArray data = models.json().value(QStringLiteral("data")).toArray();
        QCOMPARE(data.size(), 1);
        QCOMPARE(data[0].toObject().value(QStringLiteral("id")).toString(), QStringLiteral("demo.gguf"));
        const HttpReply health = http(port(), "GET", "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(health.json().value(QStringLiteral("slots")).toInt(), 2);
    }

    // Greedy decoding through the server gives what `realm-cli generate` gives on the same prompt.
    void greedyChatEqualsGenerate() {
        const QJsonObject reply = greedyChat(48);
        const QJsonObject choice = firstChoice(reply);
        const QString content =
            choice.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
        const QJsonObject generated =
            generateJson({QStringLiteral("--chat"), QStringLiteral("--prompt"),
                          QStringLiteral("What is the capital of France?"), QStringLiteral("--temp"),
                          QStringLiteral("0"), QStringLiteral("-n"), QStringLiteral("48")});
        QVERIFY(!content.isEmpty());
        QCOMPARE(content, generated.value(QStringLiteral("text")).toString());
        QVERIFY(content.contains(QStringLiteral("Paris")));
        QCOMPARE(reply.value(QStringLiteral("object")).toString(), QStringLiteral("chat.completion"));
        QCOMPARE(choice.value(QStringLiteral("finish_reason")).toString(),
                 QStringLiteral("stop")); // EOS before 48
        const QJsonObject usage = reply.value(QStringLiteral("usage")).toObject();
        QCOMPARE(usage.value(QStringLiteral("prompt_tokens")).toInt(),
                 generated.value(QStringLiteral("prompt_tokens")).toArray().size());
        QCOMPARE(usage.value(QStringLiteral("completion_tokens")).toInt(),
                 generated.value(QStringLiteral("tokens")).toArray().size());
        QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInt(),
                 usage.value(QStringLiteral("prompt_tokens")).toInt() +
                     usage.value(QStringLiteral("completion_tokens")).toInt());
    }

    void greedyCompletionEqualsGenerate() {
        const HttpReply r = post(port(), "/v1/completions",
                                 {{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                                  {QStringLiteral("temperature"), 0},
                                  {QStringLiteral("max_tokens"), 5}});
        QCOMPARE(r.status, 200);
        const QJsonObject choice = firstChoice(r.json());
        const QJsonObject generated = generateJson(
            {QStringLiteral("--prompt"), QStringLiteral("Once upon a time"), QStringLiteral("--temp"),
             QStringLiteral("0"), QStringLiteral("-n"), QStringLiteral("5")});
        QCOMPARE(choice.value(QStringLiteral("text")).toString(),
                 generated.value(QStringLiteral("text")).toString());
        QCOMPARE(r.json().value(QStringLiteral("object")).toString(), QStringLiteral("text_completion"));
        QCOMPARE(r.json()
                     .value(QStringLiteral("usage"))
                     .toObject()
                     .value(QStringLiteral("completion_tokens"))
                     .toInt(),
                 generated.value(QStringLiteral("tokens")).toArray().size());
    }

    // The streamed deltas add up to the whole reply; the stream ends with the finish reason,
    // the usage chunk and [DONE].
    void streamedChatEqualsWhole() {
        const QString whole = firstChoice(greedyChat(48))
                                  .value(QStringLiteral("message"))
                                  .toObject()
                                  .value(QStringLiteral("content"))
                                  .toString();
        const HttpReply r =
            post(port(), "/v1/chat/completions",
                 {{QStringLiteral("messages"),
                   QJsonArray{userMessage(QStringLiteral("What is the capital of France?"))}},
                  {QStringLiteral("temperature"), 0},
                  {QStringLiteral("max_tokens"), 48},
                  {QStringLiteral("stream"), true},
                  {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.head.contains("text/event-stream"));
        const QList<QByteArray> events = r.events();
        QVERIFY(events.size() >= 4);
        QCOMPARE(events.last(), QByteArray("[DONE]"));
        QString text, finish;
        int usageChunks = 0;
        for (qsizetype i = 0; i + 1 < events.size(); ++i) {
            const QJsonObject chunk = QJsonDocument::fromJson(events[i]).object();
            QCOMPARE(chunk.value(QStringLiteral("object")).toString(),
                     QStringLiteral("chat.completion.chunk"));
            if (chunk.contains(QStringLiteral("usage"))) {
                ++usageChunks;
                QVERIFY(chunk.value(QStringLiteral("usage"))
                            .toObject()
                            .value(QStringLiteral("completion_tokens"))
                            .toInt() > 0);
                continue;
            }
            const QJsonObject choice = firstChoice(chunk);
            text +=
                choice.value(QStringLiteral("delta")).toObject().value(QStringLiteral("content")).toString();
            if (choice.value(QStringLiteral("finish_reason")).isString())
                finish = choice.value(QStringLiteral("finish_reason")).toString();
        }
        QCOMPARE(text, whole);
        QCOMPARE(finish, QStringLiteral("stop"));
        QCOMPARE(usageChunks, 1);
    }

    void logprobs() {
        const QJsonObject reply = greedyChat(8, true);
        const QJsonObject choice = firstChoice(reply);
        const QJsonArray content =
            choice.value(QStringLiteral("logprobs")).toObject().value(QStringLiteral("content")).toArray();
        QCOMPARE(content.size(), reply.value(QStringLiteral("usage"))
                                     .toObject()
                                     .value(QStringLiteral("completion_tokens"))
                                     .toInt());
        QString joined;
        for (const QJsonValue& v : content) {
            const QJsonObject t = v.toObject();
            const double lp = t.value(QStringLiteral("logprob")).toDouble();
            QVERIFY(lp <= 0);
            const QJsonArray top = t.value(QStringLiteral("top_logprobs")).toArray();
            QCOMPARE(top.size(), 3);
            // Greedy: the token taken is the most likely one, and the list is sorted.
            QCOMPARE(top[0].toObject().value(QStringLiteral("token")).toString(),
                     t.value(QStringLiteral("token")).toString());
            QCOMPARE(top[0].toObject().value(QStringLiteral("logprob")).toDouble(), lp);
            QVERIFY(top[1].toObject().value(QStringLiteral("logprob")).toDouble() <= lp);
            QVERIFY(top[2].toObject().value(QStringLiteral("logprob")).toDouble() <=
                    top[1].toObject().value(QStringLiteral("logprob")).toDouble());
            QVERIFY(!t.value(QStringLiteral("bytes")).toArray().isEmpty());
            joined += t.value(QStringLiteral("token")).toString();
        }
        QCOMPARE(
            joined,
            choice.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString());

        // Completions: the legacy shape, streamed, one token per chunk.
        const HttpReply r = post(port(), "/v1/completions",
                                 {{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                                  {QStringLiteral("temperature"), 0},
                                  {QStringLiteral("max_tokens"), 4},
                                  {QStringLiteral("logprobs"), 2},
                                  {QStringLiteral("stream"), true}});
        QCOMPARE(r.status, 200);
        int tokens = 0;
        for (const QByteArray& e : r.events()) {
            const QJsonObject lp =
                firstChoice(QJsonDocument::fromJson(e).object()).value(QStringLiteral("logprobs")).toObject();
            if (lp.isEmpty()) continue;
            ++tokens;
            QCOMPARE(lp.value(QStringLiteral("tokens")).toArray().size(), 1);
            QVERIFY(lp.value(QStringLiteral("token_logprobs")).toArray()[0].toDouble() <= 0);
            QCOMPARE(lp.value(QStringLiteral("top_logprobs")).toArray()[0].toObject().size(), 2);
        }
        QCOMPARE(tokens, 4);
    }

    void stopAndMaxTokens() {
        const auto complete = [&](const QJsonObject& extra) {
            QJsonObject body{{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                             {QStringLiteral("temperature"), 0}};
            for (auto it = extra.begin(); it != extra.end(); ++it)
                body[it.key()] = it.value();
            return firstChoice(post(port(), "/v1/completions", body).json());
        };
        const QJsonObject longer = complete({{QStringLiteral("max_tokens"), 5}});
        const QString text = longer.value(QStringLiteral("text")).toString();
        QCOMPARE(longer.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("length"));
        // Stopping at the second word of the greedy text keeps only the first.
        const QString secondWord = text.section(QLatin1Char(' '), 2, 2);
        QVERIFY(!secondWord.isEmpty());
        const QJsonObject stopped =
            complete({{QStringLiteral("max_tokens"), 5},
                      {QStringLiteral("stop"), QJsonArray{QStringLiteral("zzz"), secondWord}}});
        QCOMPARE(stopped.value(QStringLiteral("finish_reason")).toString(), QStringLiteral("stop"));
        QCOMPARE(stopped.value(QStringLiteral("text")).toString(), text.left(text.indexOf(secondWord)));
    }

    // A continued conversation goes to the slot that holds its beginning: only the new tokens
    // are evaluated (the server's log line says how many).
    void continuedChatReusesCache() {
        const QJsonObject question = userMessage(QStringLiteral("What is the capital of Japan?"));
        const QJsonObject first =
            post(port(), "/v1/chat/completions",
                 {{QStringLiteral("messages"), QJsonArray{question}}, {QStringLiteral("temperature"), 0}})
                .json();
        const QString answer = firstChoice(first)
                                   .value(QStringLiteral("message"))
                                   .toObject()
                                   .value(QStringLiteral("content"))
                                   .toString();
        QVERIFY(!answer.isEmpty());
        const int firstPrompt =
            first.value(QStringLiteral("usage")).toObject().value(QStringLiteral("prompt_tokens")).toInt();
        const QJsonArray conversation{question,
                                      QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                  {QStringLiteral("content"), answer}},
                                      userMessage(QStringLiteral("What is the capital of Peru?"))};
        const HttpReply second =
            post(port(), "/v1/chat/completions",
                 {{QStringLiteral("messages"), conversation}, {QStringLiteral("temperature"), 0}});
        QCOMPARE(second.status, 200);
        const int secondPrompt = second.json()
                                     .value(QStringLiteral("usage"))
                                     .toObject()
                                     .value(QStringLiteral("prompt_tokens"))
                                     .toInt();
        const QList<QByteArray> lines = server_.log().trimmed().split('\n');
        const QByteArray last = lines.last();
        const QByteArray expected = QByteArray::number(secondPrompt) + " prompt tokens (";
        QVERIFY2(last.contains(expected), last.constData());
        const qsizetype at = last.indexOf(expected) + expected.size();
        const int evaluated = last.mid(at, last.indexOf(' ', at) - at).toInt();
        QVERIFY2(evaluated > 0 && evaluated <= secondPrompt - firstPrompt, last.constData());
        qInfo("continued chat: %d of %d prompt tokens evaluated", evaluated, secondPrompt);
    }

    void seededSamplingRepeats() {
        const auto sample = [&] {
            return firstChoice(post(port(), "/v1/completions",
                                    {{QStringLiteral("prompt"), QStringLiteral("Once upon a time")},
                                     {QStringLiteral("temperature"), 1.5},
                                     {QStringLiteral("top_k"), 0},
                                     {QStringLiteral("top_p"), 1},
                                     {QStringLiteral("min_p"), 0},
                                     {QStringLiteral("seed"), 1234},
                                     {QStringLiteral("max_tokens"), 12}})
                                   .json())
                .value(QStringLiteral("text"))
                .toString();
        };
        const QString first = sample();
        QVERIFY(!first.isEmpty());
        QCOMPARE(sample(), first);
    }

    void badRequests_data() {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("param");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed JSON")
            << QByteArray("/v1/chat/completions") << QByteArray("{\"messages\": [") << 400 << QString()
            << QStringLiteral("invalid_json");
        QTest::newRow("not an object")
            << QByteArray("/v1/completions") << QByteArray("[1, 2]") << 400 << QString() << QString();
        QTest::newRow("temperature a string")
            << QByteArray("/v1/completions") << QByteArray("{\"prompt\": \"hi\", \"temperature\": \"hot\"}")
            << 400 << QStringLiteral("temperature") << QStringLiteral("invalid_type");
        QTest::newRow("max_tokens a float")
            << QByteArray("/v1/completions") << QByteArray("{\"prompt\": \"hi\", \"max_tokens\": 2.5}") << 400
            << QStringLiteral("max_tokens") << QStringLiteral("invalid_type");
        QTest::newRow("top_p out of range")
            << QByteArray("/v1/completions") << QByteArray("{\"prompt\": \"hi\", \"top_p\": 3}") << 400
            << QStringLiteral("top_p") << QString();
        QTest::newRow("stream not a boolean")
            << QByteArray("/v1/chat/completions") << QByteArray("{\"messages\": [], \"stream\": \"yes\"}")
            << 400 << QStringLiteral("stream") << QStringLiteral("invalid_type");
        QTest::newRow("messages not an array")
            << QByteArray("/v1/chat/completions") << QByteArray("{\"messages\": \"hello\"}") << 400
            << QStringLiteral("messages") << QStringLiteral("invalid_type");
        QTest::newRow("no messages") << QByteArray("/v1/chat/completions") << QByteArray("{}") << 400
                                     << QStringLiteral("messages")
                                     << QStringLiteral("missing_required_parameter");
        QTest::newRow("n > 1") << QByteArray("/v1/completions")
                               << QByteArray("{\"prompt\": \"hi\", \"n\": 2}") << 400 << QStringLiteral("n")
                               << QStringLiteral("unsupported_parameter");
        QTest::newRow("token id beyond the vocabulary")
            << QByteArray("/v1/completions") << QByteArray("{\"prompt\": [1, 99999]}") << 400
            << QStringLiteral("prompt") << QString();
        QByteArray words;
        for (int i = 0; i < 700; ++i)
            words += "capital ";
        QTest::newRow("prompt longer than the context")
            << QByteArray("/v1/chat/completions")
            << QByteArray("{\"messages\": [{\"role\": \"user\", \"content\": \"" + words + "\"}]}") << 400
            << QStringLiteral("messages") << QStringLiteral("context_length_exceeded");
        QTest::newRow("body too large")
            << QByteArray("/v1/completions")
            << QByteArray("{\"prompt\": \"") + QByteArray(9 << 20, 'a') + QByteArray("\"}") << 413
            << QString() << QString();
    }

    void badRequests() {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, param);
        QFETCH(QString, code);
        checkError(http(port(), "POST", path, body), status, param, code);
    }

    void unknownEndpoint() { checkError(http(port(), "GET", "/v1/nothing-here"), 404); }

    void apiKey() {
        Server keyed;
        QVERIFY(keyed.start({QStringLiteral("--api-key"), QStringLiteral("s3cret-key")}));
        const QByteArray body = "{\"prompt\": \"Once\", \"max_tokens\": 1}";
        checkError(http(keyed.port(), "POST", "/v1/completions", body), 401, {},
                   QStringLiteral("invalid_api_key"));
        checkError(
            http(keyed.port(), "POST", "/v1/completions", body, "Authorization: Bearer s3cret-kex\r\n"), 401);
        checkError(http(keyed.port(), "POST", "/v1/completions", body, "Authorization: Bearer s3cret\r\n"),
                   401);
        checkError(
            http(keyed.port(), "GET", "/v1/models", {}, "Authorization: Bearer s3cret-key-and-more\r\n"),
            401);
        QCOMPARE(http(keyed.port(), "POST", "/v1/completions", body, "Authorization: Bearer s3cret-key\r\n")
                     .status,
                 200);
        QCOMPARE(http(keyed.port(), "GET", "/health").status, 200); // health checks need no key
        QCOMPARE(keyed.stop(), 0);
    }

    // 100 requests at once against 2 slots and a queue of 4: each is answered (200) or refused
    // with OpenAI's error body (503), and the server lives on.
    void hundredConcurrentRequests() {
        constexpr int kClients = 100;
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        std::vector<QByteArray> received(kClients);
        const QByteArray request = requestBytes("POST", "/v1/chat/completions",
                                                "{\"messages\": [{\"role\": \"user\", \"content\": \"What is "
                                                "the capital of Peru?\"}], \"max_tokens\": 24}",
                                                {});
        for (int i = 0; i < kClients; ++i) {
            auto s = std::make_unique<QTcpSocket>();
            QTcpSocket* raw = s.get();
            connect(raw, &QTcpSocket::connected, raw, [raw, request] { raw->write(request); });
            connect(raw, &QTcpSocket::readyRead, raw,
                    [raw, &received, i] { received[static_cast<size_t>(i)] += raw->readAll(); });
            raw->connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port()));
            sockets.push_back(std::move(s));
        }
        const auto allClosed = [&] {
            for (const auto& s : sockets)
                if (s->state() != QAbstractSocket::UnconnectedState) return false;
            return true;
        };
        QVERIFY(QTest::qWaitFor(allClosed, 120000));
        int answered = 0, refused = 0;
        for (size_t i = 0; i < received.size(); ++i) {
            const HttpReply r = parseReply(received[i]);
            if (r.status == 0) qWarning("client %zu: %s", i, qPrintable(sockets[i]->errorString()));
            if (r.status == 200) {
                ++answered;
                QVERIFY(!r.json().value(QStringLiteral("choices")).toArray().isEmpty());
            } else {
                checkError(r, 503, {}, QStringLiteral("server_busy"));
                ++refused;
            }
        }
        qInfo("100 concurrent requests: %d answered, %d refused with 503", answered, refused);
        QCOMPARE(answered + refused, kClients);
        QVERIFY(answered >= 6); // at least the two slots and the four queue places
        QVERIFY(server_.running());
        const HttpReply health = http(port(), "GET", "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("slots_busy")).toInt(), 0);
        QCOMPARE(health.json().value(QStringLiteral("queued")).toInt(), 0);
    }

    // A random-weight model big enough that a 2000-token reply takes minutes (2 at 16 tokens/s alone in
    // Release): a client that leaves after the first token must free the slot within seconds, and SIGTERM
    // must end a running stream and the server cleanly.
    void disconnectStopsGeneration() {
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("slow.gguf"));
        QProcess synth;
        synth.start(cli(), {QStringLiteral("synth"), QStringLiteral("--preset"),
                            QStringLiteral("tinyllama-1.1b"), QStringLiteral("--type"),
                            QStringLiteral("q4_0"), QStringLiteral("--sparse"), QStringLiteral("-o"), model});
        QVERIFY(synth.waitForFinished(60000));
        QCOMPARE(synth.exitCode(), 0);
        Server slow;
        QVERIFY(slow.start({QStringLiteral("--parallel"), QStringLiteral("1"), QStringLiteral("--ctx"),
                            QStringLiteral("2048")},
                           model));
        const QByteArray longReply = "{\"prompt\": \"hello\", \"max_tokens\": 2000, \"ignore_eos\": true, "
                                     "\"logprobs\": 0, \"stream\": true}";
        // Opens a stream and waits for its first token.
        const auto startStream = [&](QTcpSocket& s) {
            s.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(slow.port()));
            if (!s.waitForConnected(10000)) return false;
            s.write(requestBytes("POST", "/v1/completions", longReply, {}));
            QByteArray data;
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < 120000 && !data.contains("\"text_offset\""))
                if (s.waitForReadyRead(100)) data += s.readAll();
            return data.contains("\"text_offset\"");
        };
        {
            QTcpSocket s;
            QVERIFY(startStream(s));
            QCOMPARE(http(slow.port(), "GET", "/health").json().value(QStringLiteral("slots_busy")).toInt(),
                     1);
            s.abort();
        }
        QElapsedTimer freed;
        freed.start();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return http(slow.port(), "GET", "/health")
                           .json()
                           .value(QStringLiteral("slots_busy"))
                           .toInt() == 0;
            },
            60000)); // Release: well under a second; the whole reply would take minutes

        qInfo("slot free %lld ms after the client left", static_cast<long long>(freed.elapsed()));
        QVERIFY(QTest::qWaitFor([&] { return slow.log().contains("stop: cancelled"); }, 5000));

        QTcpSocket s;
        QVERIFY(startStream(s));
        QElapsedTimer stopping;
        stopping.start();
        QCOMPARE(slow.stop(), 0);
        qInfo("SIGTERM during a stream: exited after %lld ms", static_cast<long long>(stopping.elapsed()));
        QByteArray rest;
        while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(1000))
            rest += s.readAll();
        rest += s.readAll();
        QVERIFY2(rest.contains("data: [DONE]"), "the stream was not ended properly at shutdown");
    }

    // The official OpenAI Node client (tests/openai-client, openai pinned in package-lock.json)
    // streams a chat with logprobs; installed with `npm ci` into the build directory.
    void openaiNodeClient() {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
        if (node.isEmpty() || npm.isEmpty())
            QSKIP("node and npm are not installed (setup.sh leaves them optional)");
        QProcess version;
        version.start(node, {QStringLiteral("--version")});
        version.waitForFinished(30000);
        const int major = version.readAllStandardOutput().mid(1).split('.').value(0).toInt();
        if (major < 20)
            QSKIP("the pinned openai package needs Node.js 20 or later (Debian 12's nodejs is 18)");
        const QString src = QStringLiteral(REALM_SOURCE_DIR "/tests/openai-client/");
        const QString dst = QStringLiteral(REALM_BUILD_DIR "/openai-client/");
        QDir().mkpath(dst);
        for (const char* f : {"package.json", "package-lock.json", "stream_chat.mjs"}) {
            const QString name = QString::fromLatin1(f);
            QFile::remove(dst + name);
            QVERIFY(QFile::copy(src + name, dst + name));
        }
        // npm ci again only when the pinned lock changed since the last install here.
        const auto contents = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QString installedLock = dst + QStringLiteral("node_modules/.installed-lock.json");
        if (contents(installedLock) != contents(src + QStringLiteral("package-lock.json"))) {
            QProcess install;
            install.setWorkingDirectory(dst);
            install.start(npm,
                          {QStringLiteral("ci"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund")});
            if (!install.waitForFinished(180000) || install.exitCode() != 0)
                QSKIP(qPrintable(
                    QStringLiteral("npm ci of the pinned openai package failed (no registry access?): ") +
                    QString::fromUtf8(install.readAllStandardError().left(300))));
            QVERIFY(QFile::copy(src + QStringLiteral("package-lock.json"), installedLock));
        }
        QProcess client;
        client.start(node,
                     {dst + QStringLiteral("stream_chat.mjs"),
                      QStringLiteral("http://127.0.0.1:%1/v1").arg(port()), QStringLiteral("unused-key")});
        QVERIFY(client.waitForFinished(120000));
        QVERIFY2(client.exitCode() == 0, client.readAllStandardError().constData());
        const QJsonObject got = QJsonDocument::fromJson(client.readAllStandardOutput()).object();
        const QString whole = firstChoice(greedyChat(32))
                                  .value(QStringLiteral("message"))
                                  .toObject()
                                  .value(QStringLiteral("content"))
                                  .toString();
        QCOMPARE(got.value(QStringLiteral("model")).toString(), QStringLiteral("demo.gguf"));
        QCOMPARE(got.value(QStringLiteral("text")).toString(), whole);
        QCOMPARE(got.value(QStringLiteral("finish")).toString(), QStringLiteral("stop"));
        const QJsonArray logprobs = got.value(QStringLiteral("logprobs")).toArray();
        QCOMPARE(
            logprobs.size(),
            got.value(QStringLiteral("usage")).toObject().value(QStringLiteral("completion_tokens")).toInt());
        for (const QJsonValue& v : logprobs) {
            QVERIFY(v.toObject().value(QStringLiteral("logprob")).toDouble() <= 0);
            QCOMPARE(v.toObject().value(QStringLiteral("top_logprobs")).toArray().size(), 2);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliServe)
#include "tst_cli_serve.moc"
