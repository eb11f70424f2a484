#pragma once
#include "document/chat_tree.h"
#include "document/intervention_types.h"
#include "jobs/job_queue.h"
#include "runtime/sampler_settings.h"

#include <QMetaType>
#include <QObject>
#include <QVector>

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
    qint64 promptEvaluated = 0; // prompt tokens not taken from the KV cache
    int node = -1;              // the reply's message in the conversation tree
    // The distribution the reply's last token was drawn from, and the text it followed (for the
    // Logits page); empty when nothing was generated.
    QVector<float> lastLogits;
    QString logitsContext;
};

// The engine side of one open model: Model, Tokenizer, Session and ChatSession, used only by
// this engine's jobs on the model's JobQueue (one strand: the Session is not reentrant).
// send() streams pieces through `streamed` (emitted on the worker); stop() ends the reply
// before the next token; the UI never touches the core objects.
// The engine owns the conversation, a tree of branches: conversation() is changed only by the
// calls below and by the reply as it streams; pages show its shown branch, the chat store saves
// and restores it. Each reply's job gets the messages before it, so the ChatSession follows
// whatever branch it answers (the KV cache keeps what the branches share).
class ChatEngine : public QObject {
    Q_OBJECT
  public:
    // contextLength ≤ 0: the model's own (Session caps larger values by it).
    ChatEngine(JobQueue* jobs, std::shared_ptr<const GgufFile> file, MemorySampler* sampler,
               QObject* parent = nullptr, qint64 contextLength = 0);
    ~ChatEngine() override; // cancels its jobs and waits for the running one

    bool isReady() const { return ready_; }
    bool hasFailed() const { return !error_.isEmpty(); }
    QString error() const { return error_; }
    bool isBusy() const { return busy_; }
    // Each returns the id of the reply it starts in conversation() (-1 if there is nothing to do).
    int send(const QString& userText, const ChatSettings& settings);
    // Answers the last user message again: a new branch beside the last reply.
    int regenerate(const ChatSettings& settings);
    // A new branch beside `reply` that keeps its first `tokenIndex` tokens, takes `alternative`
    // in place of the next one and continues from there.
    int branch(int reply, int tokenIndex, qint32 alternative, const ChatSettings& settings);
    // `userText` in place of the user message `message`, answered: a new branch beside it.
    int edit(int message, const QString& userText, const ChatSettings& settings);
    // Shows the branch `step` places from message `id` among its siblings (not while busy).
    bool showSibling(int id, int step);
    // Ends every reply asked for so far (running or still queued) before its next token;
    // safe from any thread. Later sends are unaffected.
    void stop();
    void newChat();
    // Adds a control vector to later replies (empty path: removes it); steeringApplied reports
    // what is applied or why nothing changed.
    void setSteering(const SteeringSettings& settings);
    // The expert load of everything this engine ran (MoE models); answered by expertLoad.
    void requestExpertLoad();
    // Replaces the conversation, e.g. one restored from disk.
    void restore(const ChatTree& conversation);
    const ChatTree& conversation() const { return conversation_; }

  Q_SIGNALS:
    void ready(qint64 contextLength);
    void failed(const QString& error);
    // A token of reply `node` (token.id -1: text held back until a cancelled reply ended).
    void streamed(const QString& piece, int index, const realm::ui::ChatToken& token, int node);
    void replyFinished(const realm::ui::ChatReply& reply);
    void steeringApplied(const QString& applied, const QString& error);
    void expertLoad(const realm::ui::RoutingResult& load);

  private:
    struct State;
    // Generates reply `node` (already in the tree, under its user message) on the strand.
    int start(int node, const ChatSettings& settings, std::vector<int32_t> continueFrom = {},
              std::vector<int32_t> forced = {});
    // A streamed piece into reply `node` of conversation number `epoch` (UI thread).
    void append(int epoch, int node, const QString& piece, const ChatToken& token);

    JobQueue* jobs_;
    std::shared_ptr<State> state_;
    // Every reply asked for and not yet finished: stop() cancels them all, queued or running.
    std::mutex repliesMutex_;
    std::vector<std::weak_ptr<JobControl>> replies_;
    MemorySampler* sampler_ = nullptr;
    bool ready_ = false;
    QString error_;
    bool busy_ = false;
    ChatTree conversation_;
    int epoch_ = 0; // counts newChat()/restore(): replies of an older conversation are dropped
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::ChatReply)
