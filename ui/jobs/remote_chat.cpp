#include "jobs/remote_chat.h"

#include "jobs/sse_reader.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

#include <cmath>

namespace realm::ui {

// The reply in flight.
struct RemoteChat::Stream {
    QPointer<QNetworkReply> reply;
    int node = -1, epoch = 0;
    SseReader sse;
    bool isEventStream = false; // else a whole JSON reply (a server that does not stream)
    QByteArray body;            // the whole reply, or an error's body
    ChatReply result;
    QElapsedTimer clock;
    qint64 firstTokenNs = -1, lastTokenNs = 0;
    int events = 0;
    bool done = false, stopped = false;
    QString finishReason;
};

namespace {
QString excerpt(const QByteArray& bytes) {
    QString s = QString::fromUtf8(bytes.left(120)).simplified();
    return bytes.size() > 120 ? s + QStringLiteral("…") : s;
}

// The message of OpenAI's error body {"error": {"message"}}, or the body itself.
QString errorMessage(const QByteArray& body) {
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QJsonValue e = o.value(QStringLiteral("error"));
    if (e.isObject()) return e.toObject().value(QStringLiteral("message")).toString();
    if (e.isString()) return e.toString();
    return excerpt(body);
}

// Why a request failed, naming the server: HTTP errors with the server's message, 401/403 as
// a refused key, anything else as the network's reason.
QString requestError(QNetworkReply* reply, const QByteArray& body, bool partial) {
    const QString where = reply->url().toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401 || status == 403)
        return RemoteChat::tr("%1 refused the API key (HTTP %2): %3")
            .arg(where)
            .arg(status)
            .arg(errorMessage(body));
    if (status >= 300)
        return RemoteChat::tr("%1 answered HTTP %2: %3").arg(where).arg(status).arg(errorMessage(body));
    if (partial)
        return RemoteChat::tr("the connection to %1 broke off in the middle of the reply: %2")
            .arg(where, reply->errorString());
    return RemoteChat::tr("could not reach %1: %2").arg(where, reply->errorString());
}

QNetworkRequest jsonRequest(const QUrl& url, const QString& apiKey, int idleTimeoutMs) {
    QNetworkRequest r(url);
    r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (!apiKey.isEmpty()) r.setRawHeader("Authorization", "Bearer " + apiKey.toUtf8());
    r.setTransferTimeout(idleTimeoutMs);
    return r;
}

// A token's text from its "bytes" (exact, also for a piece of a character) or its "token".
QString tokenText(const QJsonObject& o) {
    const QJsonArray bytes = o.value(QStringLiteral("bytes")).toArray();
    if (bytes.isEmpty()) return o.value(QStringLiteral("token")).toString();
    QByteArray raw;
    for (const QJsonValue& b : bytes)
        raw += char(b.toInt());
    return QString::fromUtf8(raw);
}

float probability(const QJsonObject& o) {
    return float(std::exp(o.value(QStringLiteral("logprob")).toDouble(-9999)));
}
} // namespace

RemoteChat::RemoteChat(QObject* parent) : ChatBackend(parent), net_(new QNetworkAccessManager(this)) {
    qRegisterMetaType<ChatReply>();
    qRegisterMetaType<ChatToken>();
}

RemoteChat::~RemoteChat() {
    if (stream_ && stream_->reply) stream_->reply->disconnect(this);
}

QUrl RemoteChat::endpoint(const QUrl& baseUrl, const QString& path) {
    QUrl url = baseUrl;
    QString p = url.path();
    while (p.endsWith(QLatin1Char('/')))
        p.chop(1);
    if (!p.endsWith(QLatin1String("/v1"))) p += QLatin1String("/v1");
    url.setPath(p + path);
    return url;
}

void RemoteChat::configure(const QUrl& baseUrl, const QString& model, const QString& apiKey) {
    base_ = baseUrl;
    model_ = model;
    key_ = apiKey;
    const bool wasReady = ready_;
    ready_ = base_.isValid() && !base_.isEmpty() && !model_.isEmpty();
    // Queued: whoever configured it (the chat page) takes the new server's conversation first.
    if (ready_ && !wasReady)
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (ready_) Q_EMIT ready(0);
            },
            Qt::QueuedConnection);
}

QString RemoteChat::describe() const {
    return QStringLiteral("%1 · %2").arg(base_.toString(QUrl::RemoveUserInfo), model_);
}

void RemoteChat::listModels(const QUrl& baseUrl, const QString& apiKey) {
    if (listing_) listing_->abort();
    QNetworkRequest request = jsonRequest(endpoint(baseUrl, QStringLiteral("/models")), apiKey, 15000);
    QNetworkReply* reply = net_->get(request);
    listing_ = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (listing_ == reply) listing_ = nullptr;
        const QByteArray body = reply->readAll();
        if (reply->error() == QNetworkReply::OperationCanceledError && listing_ != nullptr)
            return; // replaced
        if (reply->error() != QNetworkReply::NoError) {
            Q_EMIT modelsListed({}, requestError(reply, body, false));
            return;
        }
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
        const QJsonArray data = doc.object().value(QStringLiteral("data")).toArray();
        QStringList ids;
        for (const QJsonValue& m : data)
            if (const QString id = m.toObject().value(QStringLiteral("id")).toString(); !id.isEmpty())
                ids.append(id);
        if (ids.isEmpty())
            Q_EMIT modelsListed({}, tr("%1 lists no models (expected {\"data\": [{\"id\": …}]}, got: %2)")
                                        .arg(reply->url().toString(QUrl::RemoveUserInfo), excerpt(body)));
        else
            Q_EMIT modelsListed(ids, {});
    });
}

int RemoteChat::startReply(int node, const ChatSettings& settings) {
    if (stream_) return -1; // one reply at a time (the page waits for the last)
    busy_ = true;
    QJsonArray messages;
    if (!settings.systemPrompt.isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), settings.systemPrompt}});
    const int user = conversation_.node(node).parent;
    QList<std::pair<bool, QString>> history = messagesBefore(user);
    history.append({true, conversation_.node(user).text});
    for (const auto& [fromUser, text] : history)
        messages.append(QJsonObject{
            {QStringLiteral("role"), fromUser ? QStringLiteral("user") : QStringLiteral("assistant")},
            {QStringLiteral("content"), text}});
    const SamplerSettings& s = settings.sampler;
    QJsonObject body{{QStringLiteral("model"), model_},
                     {QStringLiteral("messages"), messages},
                     {QStringLiteral("stream"), true},
                     {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}},
                     {QStringLiteral("temperature"), double(s.temperature)},
                     {QStringLiteral("top_p"), double(s.topP)},
                     {QStringLiteral("seed"), qint64(s.seed)},
                     {QStringLiteral("max_tokens"), settings.maxTokens},
                     {QStringLiteral("logprobs"), true},
                     {QStringLiteral("top_logprobs"), 10}};
    // Not in OpenAI's own API, but llama.cpp, vLLM and realm-cli serve take them: sent only
    // when they do something, so that servers without them are not troubled.
    if (s.topK > 0) body.insert(QStringLiteral("top_k"), s.topK);
    if (s.minP > 0) body.insert(QStringLiteral("min_p"), double(s.minP));
    if (s.repeatPenalty != 1.0f) body.insert(QStringLiteral("repeat_penalty"), double(s.repeatPenalty));
    if (!settings.stop.isEmpty())
        body.insert(QStringLiteral("stop"), QJsonArray::fromStringList(settings.stop));

    stream_ = std::make_unique<Stream>();
    stream_->node = node;
    stream_->epoch = epoch_;
    stream_->result.node = node;
    stream_->clock.start();
    QNetworkRequest request =
        jsonRequest(endpoint(base_, QStringLiteral("/chat/completions")), key_, idleTimeoutMs_);
    request.setRawHeader("Accept", "text/event-stream");
    QNetworkReply* reply = net_->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    stream_->reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, &RemoteChat::readStream);
    connect(reply, &QNetworkReply::finished, this, &RemoteChat::finishStream);
    return node;
}

void RemoteChat::stop() {
    if (!stream_ || !stream_->reply) return;
    stream_->stopped = true;
    stream_->reply->abort(); // finished follows (at once or from the event loop)
}

void RemoteChat::breakOff(const QString& error) {
    if (!stream_->result.error.isEmpty()) return;
    stream_->result.error = error;
    if (stream_->reply) stream_->reply->abort();
}

void RemoteChat::readStream() {
    if (!stream_ || !stream_->reply || !stream_->result.error.isEmpty()) return;
    QNetworkReply* reply = stream_->reply;
    if (!reply->isOpen()) return; // aborted
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = reply->readAll();
    if (status != 200 || (stream_->events == 0 && stream_->sse.offset() == 0 && !stream_->isEventStream &&
                          !reply->header(QNetworkRequest::ContentTypeHeader)
                               .toString()
                               .startsWith(QLatin1String("text/event-stream")))) {
        stream_->body += bytes; // an error, or a whole reply: read when it is complete
        return;
    }
    stream_->isEventStream = true;
    for (const QByteArray& event : stream_->sse.feed(bytes)) {
        handleEvent(event);
        if (!stream_ || !stream_->result.error.isEmpty()) return;
    }
}

void RemoteChat::handleEvent(const QByteArray& data) {
    ++stream_->events;
    if (data.trimmed() == "[DONE]") {
        stream_->done = true;
        return;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        breakOff(tr("the server sent a malformed event stream: event %1 (ending at byte %2) is not a JSON "
                    "object (%3): %4")
                     .arg(stream_->events)
                     .arg(stream_->sse.offset())
                     .arg(parse.error != QJsonParseError::NoError ? parse.errorString() : tr("not an object"),
                          excerpt(data)));
        return;
    }
    const QJsonObject o = doc.object();
    if (o.contains(QStringLiteral("error"))) {
        breakOff(tr("the server reported an error mid-reply: %1").arg(errorMessage(data)));
        return;
    }
    if (!o.value(QStringLiteral("choices")).isArray() && !o.value(QStringLiteral("usage")).isObject()) {
        breakOff(tr("the server sent a malformed event stream: event %1 has neither \"choices\" nor "
                    "\"usage\": %2")
                     .arg(stream_->events)
                     .arg(excerpt(data)));
        return;
    }
    if (const QJsonObject usage = o.value(QStringLiteral("usage")).toObject(); !usage.isEmpty()) {
        stream_->result.tokens =
            usage.value(QStringLiteral("completion_tokens")).toInt(stream_->result.tokens);
        stream_->result.contextUsed = usage.value(QStringLiteral("total_tokens")).toInteger();
        stream_->result.promptEvaluated = usage.value(QStringLiteral("prompt_tokens")).toInteger();
    }
    const QJsonArray choices = o.value(QStringLiteral("choices")).toArray();
    if (!choices.isEmpty()) handleChoice(choices.first().toObject(), QStringLiteral("delta"));
}

void RemoteChat::handleChoice(const QJsonObject& choice, const QString& contentKey) {
    const QJsonValue content = choice.value(contentKey).toObject().value(QStringLiteral("content"));
    const QJsonArray logprobs =
        choice.value(QStringLiteral("logprobs")).toObject().value(QStringLiteral("content")).toArray();
    emitTokens(content.toString(), logprobs);
    if (const QString finish = choice.value(QStringLiteral("finish_reason")).toString(); !finish.isEmpty())
        stream_->finishReason = finish;
}

void RemoteChat::emitTokens(const QString& content, const QJsonArray& logprobs) {
    if (content.isEmpty() && logprobs.isEmpty()) return;
    Stream& s = *stream_;
    const qint64 now = s.clock.nsecsElapsed();
    if (s.firstTokenNs < 0) s.firstTokenNs = now;
    s.lastTokenNs = now;
    s.result.text += content;
    int index = int(conversation_.node(s.node).tokens.size());
    if (logprobs.isEmpty()) { // a server without token probabilities: text only
        ++s.result.tokens;
        const ChatToken none;
        append(s.epoch, s.node, content, none);
        Q_EMIT streamed(content, index, none, s.node);
        return;
    }
    // Each entry is one token. Their texts make up the content, unless the server held back part
    // of a character: then the content goes with the last token of the event.
    QStringList texts;
    for (const QJsonValue& v : logprobs)
        texts.append(tokenText(v.toObject()));
    if (texts.join(QString()) != content) {
        for (QString& t : texts)
            t.clear();
        texts.last() = content;
    }
    for (int i = 0; i < logprobs.size(); ++i, ++index) {
        const QJsonObject o = logprobs.at(i).toObject();
        // Token ids when the server gives them (llama.cpp does); else the entry's own numbering,
        // 0 being the token taken, enough to mark it among its alternatives.
        ChatToken token;
        token.id = o.value(QStringLiteral("id")).toInt(0);
        token.probability = probability(o);
        token.text = texts.at(i);
        const QString piece = tokenText(o);
        int next = 1;
        for (const QJsonValue& a : o.value(QStringLiteral("top_logprobs")).toArray()) {
            const QJsonObject alt = a.toObject();
            ChatAlternative c;
            c.piece = tokenText(alt);
            c.probability = probability(alt);
            c.id = alt.contains(QStringLiteral("id")) ? alt.value(QStringLiteral("id")).toInt()
                   : c.piece == piece                 ? token.id
                                                      : token.id + next++;
            token.top.append(c);
        }
        ++s.result.tokens;
        append(s.epoch, s.node, token.text, token);
        Q_EMIT streamed(token.text, index, token, s.node);
    }
}

void RemoteChat::finishStream() {
    if (!stream_ || sender() != stream_->reply) return;
    QNetworkReply* reply = stream_->reply;
    if (reply->error() == QNetworkReply::NoError || !stream_->stopped) readStream();
    if (!stream_) return; // readStream broke off and that finished the stream already
    Stream& s = *stream_;
    ChatReply& r = s.result;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (s.stopped) {
        r.stopReason = QStringLiteral("cancelled");
    } else if (!r.error.isEmpty()) {
        // broken off by what it sent
    } else if (reply->error() == QNetworkReply::OperationCanceledError) {
        r.error = tr("%1 sent nothing for %2 s; gave up")
                      .arg(reply->url().toString(QUrl::RemoveUserInfo))
                      .arg(idleTimeoutMs_ / 1000.0);
    } else if (reply->error() != QNetworkReply::NoError || status != 200) {
        r.error = requestError(reply, s.body, !r.text.isEmpty());
    } else if (!s.isEventStream) {
        QJsonParseError parse;
        const QJsonObject o = QJsonDocument::fromJson(s.body, &parse).object();
        const QJsonArray choices = o.value(QStringLiteral("choices")).toArray();
        if (choices.isEmpty())
            r.error = tr("the server's reply is neither an event stream nor a chat completion: %1")
                          .arg(excerpt(s.body));
        else
            handleChoice(choices.first().toObject(), QStringLiteral("message"));
    } else if (!s.done && s.finishReason.isEmpty()) {
        r.error =
            s.sse.midEvent()
                ? tr("the event stream ended in the middle of an event (byte %1)").arg(s.sse.offset())
                : tr("the event stream ended before the reply was complete (no finish_reason, no [DONE])");
    }
    if (!r.error.isEmpty())
        r.stopReason = tr("error: ") + r.error;
    else if (!s.stopped)
        r.stopReason = s.finishReason.isEmpty() ? QStringLiteral("stop") : s.finishReason;
    if (s.firstTokenNs >= 0) {
        r.timeToFirstToken = s.firstTokenNs / 1e9;
        // Rate over the tokens after the first, like the local engine's (prompt time excluded).
        const double seconds = (s.lastTokenNs - s.firstTokenNs) / 1e9;
        if (r.tokens > 1 && seconds > 0) r.tokensPerSecond = (r.tokens - 1) / seconds;
    }
    const int epoch = s.epoch;
    const ChatReply result = std::move(r); // the stream goes first: a slot may start the next reply
    reply->deleteLater();
    stream_.reset();
    finish(epoch, result);
}

} // namespace realm::ui
