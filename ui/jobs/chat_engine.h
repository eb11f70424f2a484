#pragma once
#include "runtime/sampler_settings.h"

#include <QMetaType>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace realm {
class GgufFile;
}

namespace realm::ui {

class MemorySampler;

struct ChatSettings {
    QString systemPrompt;
    SamplerSettings sampler; // the core's defaults
    int maxTokens = 256;
};

struct ChatReply {
    QString text;
    int tokens = 0;
    double tokensPerSecond = 0;
    double timeToFirstToken = 0;
    QString stopReason;
    qint64 contextUsed = 0, contextLength = 0;
};

// The engine side of one open model: Model, Tokenizer, Session and ChatSession live on this
// object's own thread. send() streams pieces through `streamed`; stop() ends the reply before
// the next token; the UI never touches the core objects.
class ChatEngine : public QObject {
    Q_OBJECT
  public:
    // contextLength ≤ 0: the model's own (Session caps larger values by it).
    ChatEngine(std::shared_ptr<const GgufFile> file, MemorySampler* sampler, QObject* parent = nullptr,
               qint64 contextLength = 0);
    ~ChatEngine() override; // cancels and joins

    bool isReady() const { return ready_; }
    bool hasFailed() const { return !error_.isEmpty(); }
    QString error() const { return error_; }
    bool isBusy() const { return busy_; }
    void send(const QString& userText, const ChatSettings& settings);
    // Drops the last reply and answers the same user message again.
    void regenerate(const ChatSettings& settings);
    // Ends every reply asked for so far (running or still queued) before its next token;
    // safe from any thread. Later sends are unaffected.
    void stop();
    void newChat();
    // Replaces the conversation (user/assistant pairs), e.g. one restored from disk.
    void restore(const QList<QPair<QString, QString>>& turns);

  Q_SIGNALS:
    void ready(qint64 contextLength);
    void failed(const QString& error);
    void streamed(const QString& piece, int index);
    void replyFinished(const realm::ui::ChatReply& reply);
    // Worker → UI thread; `ready`/`failed` are re-emitted on the UI thread so that
    // isReady() and a connection made after checking it cannot miss the event.
    void readyOnWorker(qint64 contextLength);
    void failedOnWorker(const QString& error);

  private:
    struct State;
    QThread thread_;
    QObject* worker_ = nullptr;
    std::shared_ptr<State> state_;
    using Flag = std::shared_ptr<std::atomic<bool>>;
    void start(const QString& userText, const ChatSettings& settings, bool regenerate);
    // One cancel flag per request, so that resetting for a new reply can never swallow a
    // stop meant for one that is still queued or running.
    std::mutex flagsMutex_;
    std::vector<Flag> flags_;
    bool stopping_ = false; // set in the destructor: later requests start cancelled
    MemorySampler* sampler_ = nullptr;
    bool ready_ = false;
    QString error_;
    bool busy_ = false;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::ChatReply)
