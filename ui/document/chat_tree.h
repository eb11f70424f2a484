#pragma once
#include <QList>
#include <QMetaType>
#include <QString>

#include <utility>
#include <vector>

namespace realm::ui {

// One of the most likely tokens at a step of a reply, before the sampling chain.
struct ChatAlternative {
    qint32 id = -1;
    float probability = 0;
    bool survived = false; // the sampling chain left it to draw from
    QString piece;
    bool operator==(const ChatAlternative&) const = default;
};

// A generated token of a reply: what it added to the text and what it was chosen from.
struct ChatToken {
    qint32 id = -1;
    float probability = 0; // before the sampling chain
    QString text;          // may be empty: a character split over tokens shows with the next one
    QList<ChatAlternative> top;
    bool endOfGeneration = false; // the token that ended the reply (no text; shown as a marker)
    bool operator==(const ChatToken&) const = default;
};

// A user message and its reply, as the shown branch reads (export, the Logits page, tests).
struct ChatTurn {
    QString user, reply, stats;
    bool operator==(const ChatTurn&) const = default;
};

// One message of the conversation tree. A message's children are the branches that follow it:
// the replies to a user message (regenerated, or continued from another token), the user
// messages after a reply (edited and sent again).
struct ChatNode {
    bool fromUser = true;
    QString text, stats;
    QList<ChatToken> tokens; // a reply's, in order; their texts concatenate to `text`
    int parent = -1;
    QList<int> children;
    int shown = -1; // position in `children` of the branch on the shown path
    bool operator==(const ChatNode&) const = default;
};

inline ChatNode userMessage(const QString& text) {
    return {true, text, {}, {}, -1, {}, -1};
}
inline ChatNode modelReply(const QString& text = {}, const QString& stats = {},
                           const QList<ChatToken>& tokens = {}) {
    return {false, text, stats, tokens, -1, {}, -1};
}

// The conversation with every branch. Node 0 is the root (no message); ids never change, so a
// streaming reply keeps its id while the person switches branches elsewhere.
class ChatTree {
  public:
    ChatTree();
    // A conversation without branches (e.g. from a store file written before there were any).
    static ChatTree fromTurns(const QList<ChatTurn>& turns);

    int size() const { return int(nodes_.size()); }
    const ChatNode& node(int id) const { return nodes_.at(size_t(id)); }
    ChatNode& node(int id) { return nodes_.at(size_t(id)); }
    bool isEmpty() const { return nodes_.size() == 1; }
    void clear() { *this = ChatTree(); }

    // Adds a message under `parent` and shows it; returns its id.
    int add(int parent, ChatNode node);
    // The shown branch from the first message on (root excluded), and its last message (0 if none).
    QList<int> path() const;
    int last() const;
    QList<ChatTurn> turns() const;
    // `id` among its parent's children: position (0-based) and count, for a ◀ 2/3 ▶ switcher.
    std::pair<int, int> siblings(int id) const;
    // Shows the sibling `step` places away from `id` (and whatever that branch shows below it).
    bool showSibling(int id, int step);

    bool operator==(const ChatTree&) const = default;

  private:
    std::vector<ChatNode> nodes_;
};

} // namespace realm::ui

Q_DECLARE_METATYPE(realm::ui::ChatToken)
