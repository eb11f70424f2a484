#include "jobs/chat_backend.h"

#include <algorithm>

namespace realm::ui {

int ChatBackend::send(const QString& userText, const ChatSettings& settings) {
    const int user = conversation_.add(conversation_.last(), userMessage(userText));
    busy_ = true;
    return startReply(conversation_.add(user, modelReply()), settings);
}

int ChatBackend::regenerate(const ChatSettings& settings) {
    const int last = conversation_.last();
    if (last == 0 || conversation_.node(last).fromUser) return -1;
    busy_ = true;
    return startReply(conversation_.add(conversation_.node(last).parent, modelReply()), settings);
}

int ChatBackend::edit(int message, const QString& userText, const ChatSettings& settings) {
    if (message <= 0 || message >= conversation_.size() || !conversation_.node(message).fromUser) return -1;
    const int user = conversation_.add(conversation_.node(message).parent, userMessage(userText));
    busy_ = true;
    return startReply(conversation_.add(user, modelReply()), settings);
}

int ChatBackend::branch(int, int, qint32, const ChatSettings&) {
    return -1;
}

bool ChatBackend::showSibling(int id, int step) {
    return !busy_ && id > 0 && id < conversation_.size() && conversation_.showSibling(id, step);
}

void ChatBackend::newChat() {
    restore({});
}

void ChatBackend::restore(const ChatTree& conversation) {
    stop(); // replies still streaming belong to the old conversation
    ++epoch_;
    conversation_ = conversation;
}

void ChatBackend::append(int epoch, int node, const QString& piece, const ChatToken& token) {
    if (epoch != epoch_) return; // a reply of a conversation since replaced
    ChatNode& reply = conversation_.node(node);
    reply.text += piece;
    if (token.id >= 0)
        reply.tokens.append(token);
    else if (!reply.tokens.isEmpty())
        reply.tokens.last().text += piece;
}

void ChatBackend::finish(int epoch, const ChatReply& r) {
    if (epoch == epoch_) {
        ChatNode& reply = conversation_.node(r.node);
        if (!r.text.isEmpty()) reply.text = r.text; // empty after an error: keep what streamed
        reply.stats = tr("%1 tokens · %2 tok/s · first token %3 s · %4")
                          .arg(r.tokens)
                          .arg(r.tokensPerSecond, 0, 'f', 1)
                          .arg(r.timeToFirstToken, 0, 'f', 2)
                          .arg(r.stopReason);
    }
    busy_ = false;
    Q_EMIT replyFinished(r);
}

QList<std::pair<bool, QString>> ChatBackend::messagesBefore(int id) const {
    QList<std::pair<bool, QString>> out;
    for (int n = conversation_.node(id).parent; n > 0; n = conversation_.node(n).parent)
        out.append({conversation_.node(n).fromUser, conversation_.node(n).text});
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace realm::ui
