#pragma once
#include "document/chat_tree.h"
#include "runtime/sampler_settings.h"

#include <QMetaType>
#include <QObject>
#include <QStringList>
#include <QVector>

namespace realm::ui {

struct ChatSettings {
    QString systemPrompt;
    SamplerSettings sampler; // the core's defaults
    int maxTokens = 256;
    QStringList stop; // the reply ends before the first of these
};

struct ChatReply {
    QString text;
    int tokens = 0;
    double tokensPerSecond = 0;
    double timeToFirstToken = 0;
    QString stopReason;
    QString error;                             // why the reply broke off (its text so far is kept)
    qint64 contextUsed = 0, contextLength = 0; // contextLength 0: unknown (a server's)
    qint64 promptEvaluated = 0;                // prompt tokens not taken from the KV cache
    int node = -1;                             // the reply's message in the conversation tree
    // The distribution the reply's last token was drawn from, and the text it followed (for the
    // Logits page); empty when nothing was generated.
    QVector<float> lastLogits;
    QString logitsContext;
};

// Where the chat page's replies come from: the local engine (ChatEngine) or a server that speaks
// the OpenAI API (RemoteChat). The backend owns the conversation, a tree of branches:
// conversation() is changed only by the calls below and by the reply as it streams; pages show
// its shown branch, the chat store saves and restores it. Each reply gets the messages before it.
class ChatBackend : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

    bool isReady() const { return ready_; }
    bool hasFailed() const { return !error_.isEmpty(); }
    QString error() const { return error_; }
    bool isBusy() const { return busy_; }
    // Each returns the id of the reply it starts in conversation() (-1 if there is nothing to do).
    int send(const QString& userText, const ChatSettings& settings);
    // Answers the last user message again: a new branch beside the last reply.
    int regenerate(const ChatSettings& settings);
    // `userText` in place of the user message `message`, answered: a new branch beside it.
    int edit(int message, const QString& userText, const ChatSettings& settings);
    // Continuing a reply from another token needs the model's own token ids (the local engine).
    virtual bool canBranch() const { return false; }
    // A new branch beside `reply` that keeps its first `tokenIndex` tokens, takes `alternative`
    // in place of the next one and continues from there.
    virtual int branch(int reply, int tokenIndex, qint32 alternative, const ChatSettings& settings);
    // Shows the branch `step` places from message `id` among its siblings (not while busy).
    bool showSibling(int id, int step);
    // Ends every reply asked for so far before its next token. Later sends are unaffected.
    virtual void stop() = 0;
    void newChat();
    // Replaces the conversation, e.g. one restored from disk.
    void restore(const ChatTree& conversation);
    const ChatTree& conversation() const { return conversation_; }

  Q_SIGNALS:
    void ready(qint64 contextLength);
    void failed(const QString& error);
    // A token of reply `node` (token.id -1: text that belongs to the token before).
    void streamed(const QString& piece, int index, const realm::ui::ChatToken& token, int node);
    void replyFinished(const realm::ui::ChatReply& reply);

  protected:
    // Generates reply `node` (already in the tree, under its user message).
    virtual int startReply(int node, const ChatSettings& settings) = 0;
    // A streamed piece into reply `node` of conversation number `epoch`.
    void append(int epoch, int node, const QString& piece, const ChatToken& token);
    // Writes the reply's figures under it (if its conversation is still the one shown) and emits
    // replyFinished.
    void finish(int epoch, const ChatReply& reply);
    // The messages before `id`, from the first on.
    QList<std::pair<bool, QString>> messagesBefore(int id) const;

    ChatTree conversation_;
    int epoch_ = 0; // counts newChat()/restore(): replies of an older conversation are dropped
    bool busy_ = false;
    bool ready_ = false;
    QString error_;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::ChatReply)
