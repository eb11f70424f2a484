#include "document/chat_store.h"

#include "document/save_file.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace realm::ui::chat_store {

QString fileFor(const QString& modelPath) {
    // A hash of the path names the file: model paths contain characters file names cannot.
    const QByteArray key = QCryptographicHash::hash(modelPath.toUtf8(), QCryptographicHash::Sha1).toHex();
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/conversations/") + QString::fromLatin1(key) + QStringLiteral(".json");
}

namespace {
// Compact arrays: a reply holds ten alternatives per token.
QJsonArray tokensToJson(const QList<ChatToken>& tokens) {
    QJsonArray list;
    for (const ChatToken& t : tokens) {
        QJsonArray top;
        for (const ChatAlternative& a : t.top)
            top.append(QJsonArray{a.id, double(a.probability), a.survived, a.piece});
        QJsonArray token{t.id, double(t.probability), t.text, top};
        if (t.endOfGeneration) token.append(true);
        list.append(token);
    }
    return list;
}

QList<ChatToken> tokensFromJson(const QJsonArray& list) {
    QList<ChatToken> tokens;
    for (const QJsonValue& v : list) {
        const QJsonArray t = v.toArray();
        ChatToken token{
            t.at(0).toInt(-1), float(t.at(1).toDouble()), t.at(2).toString(), {}, t.at(4).toBool()};
        for (const QJsonValue& a : t.at(3).toArray()) {
            const QJsonArray alt = a.toArray();
            token.top.append(
                {alt.at(0).toInt(-1), float(alt.at(1).toDouble()), alt.at(2).toBool(), alt.at(3).toString()});
        }
        tokens.append(token);
    }
    return tokens;
}

// Nodes in id order, each after its parent; anything else makes the file unreadable.
ChatTree treeFromJson(const QJsonArray& nodes, int rootShown) {
    ChatTree tree;
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        const QJsonObject o = nodes.at(i).toObject();
        const int parent = o.value(QStringLiteral("parent")).toInt(-1);
        if (parent < 0 || parent >= tree.size()) return {};
        ChatNode n;
        n.fromUser = o.value(QStringLiteral("role")).toString() == QLatin1String("user");
        n.text = o.value(QStringLiteral("text")).toString();
        n.stats = o.value(QStringLiteral("stats")).toString();
        n.tokens = tokensFromJson(o.value(QStringLiteral("tokens")).toArray());
        tree.add(parent, n);
    }
    // Which branch each message shows (add() showed the newest).
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        ChatNode& n = tree.node(int(i) + 1);
        const int shown = nodes.at(i).toObject().value(QStringLiteral("shown")).toInt(-1);
        if (shown >= 0 && shown < n.children.size()) n.shown = shown;
    }
    if (rootShown >= 0 && rootShown < tree.node(0).children.size()) tree.node(0).shown = rootShown;
    return tree;
}
} // namespace

bool save(const QString& modelPath, const QString& systemPrompt, const ChatTree& conversation) {
    const QString path = fileFor(modelPath);
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) return false;
    QJsonArray nodes;
    for (int id = 1; id < conversation.size(); ++id) {
        const ChatNode& n = conversation.node(id);
        QJsonObject o{
            {QStringLiteral("parent"), n.parent},
            {QStringLiteral("role"), n.fromUser ? QStringLiteral("user") : QStringLiteral("assistant")},
            {QStringLiteral("text"), n.text},
            {QStringLiteral("shown"), n.shown}};
        if (!n.stats.isEmpty()) o.insert(QStringLiteral("stats"), n.stats);
        if (!n.tokens.isEmpty()) o.insert(QStringLiteral("tokens"), tokensToJson(n.tokens));
        nodes.append(o);
    }
    const QJsonObject root{{QStringLiteral("model"), modelPath},
                           {QStringLiteral("system"), systemPrompt},
                           {QStringLiteral("shown"), conversation.node(0).shown},
                           {QStringLiteral("nodes"), nodes}};
    return saveFileAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

ChatTree load(const QString& modelPath) {
    QFile f(fileFor(modelPath));
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    // A hash collision or a hand-edited file must not show another model's chat.
    if (root.value(QStringLiteral("model")).toString() != modelPath) return {};
    if (root.contains(QStringLiteral("nodes")))
        return treeFromJson(root.value(QStringLiteral("nodes")).toArray(),
                            root.value(QStringLiteral("shown")).toInt(-1));
    QList<ChatTurn> turns;
    for (const QJsonValue& v : root.value(QStringLiteral("turns")).toArray()) {
        const QJsonObject o = v.toObject();
        turns.append({o.value(QStringLiteral("user")).toString(), o.value(QStringLiteral("reply")).toString(),
                      o.value(QStringLiteral("stats")).toString()});
    }
    return ChatTree::fromTurns(turns);
}

} // namespace realm::ui::chat_store
