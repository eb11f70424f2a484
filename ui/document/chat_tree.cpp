#include "document/chat_tree.h"

namespace realm::ui {

ChatTree::ChatTree() {
    ChatNode root;
    root.fromUser = false; // a user message comes first: the root stands where a reply would
    nodes_.push_back(root);
}

ChatTree ChatTree::fromTurns(const QList<ChatTurn>& turns) {
    ChatTree tree;
    for (const ChatTurn& t : turns) {
        const int user = tree.add(tree.last(), userMessage(t.user));
        tree.add(user, modelReply(t.reply, t.stats));
    }
    return tree;
}

int ChatTree::add(int parent, ChatNode node) {
    const int id = size();
    node.parent = parent;
    node.children.clear();
    node.shown = -1;
    nodes_.push_back(std::move(node));
    ChatNode& p = nodes_.at(size_t(parent));
    p.children.append(id);
    p.shown = int(p.children.size()) - 1;
    return id;
}

QList<int> ChatTree::path() const {
    QList<int> ids;
    for (const ChatNode* n = &nodes_.front(); n->shown >= 0;) {
        const int next = n->children.at(n->shown);
        ids.append(next);
        n = &nodes_.at(size_t(next));
    }
    return ids;
}

int ChatTree::last() const {
    const QList<int> p = path();
    return p.isEmpty() ? 0 : p.last();
}

QList<ChatTurn> ChatTree::turns() const {
    QList<ChatTurn> out;
    for (int id : path()) {
        const ChatNode& n = node(id);
        if (n.fromUser)
            out.append({n.text, {}, {}});
        else if (!out.isEmpty()) {
            out.last().reply = n.text;
            out.last().stats = n.stats;
        }
    }
    return out;
}

std::pair<int, int> ChatTree::siblings(int id) const {
    const ChatNode& n = node(id);
    if (n.parent < 0) return {0, 1};
    const QList<int>& all = node(n.parent).children;
    return {int(all.indexOf(id)), int(all.size())};
}

bool ChatTree::showSibling(int id, int step) {
    const auto [position, count] = siblings(id);
    const int target = position + step;
    if (node(id).parent < 0 || target < 0 || target >= count) return false;
    node(node(id).parent).shown = target;
    return true;
}

} // namespace realm::ui
