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

bool save(const QString& modelPath, const QString& systemPrompt, const QList<ChatTurn>& turns) {
    const QString path = fileFor(modelPath);
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) return false;
    QJsonArray list;
    for (const ChatTurn& t : turns)
        list.append(QJsonObject{{QStringLiteral("user"), t.user},
                                {QStringLiteral("reply"), t.reply},
                                {QStringLiteral("stats"), t.stats}});
    const QJsonObject root{{QStringLiteral("model"), modelPath},
                           {QStringLiteral("system"), systemPrompt},
                           {QStringLiteral("turns"), list}};
    return saveFileAtomically(path, QJsonDocument(root).toJson(QJsonDocument::Compact));
}

QList<ChatTurn> load(const QString& modelPath) {
    QFile f(fileFor(modelPath));
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    // A hash collision or a hand-edited file must not show another model's chat.
    if (root.value(QStringLiteral("model")).toString() != modelPath) return {};
    QList<ChatTurn> turns;
    for (const QJsonValue& v : root.value(QStringLiteral("turns")).toArray()) {
        const QJsonObject o = v.toObject();
        turns.append({o.value(QStringLiteral("user")).toString(), o.value(QStringLiteral("reply")).toString(),
                      o.value(QStringLiteral("stats")).toString()});
    }
    return turns;
}

} // namespace realm::ui::chat_store
