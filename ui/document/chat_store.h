#pragma once
#include <QList>
#include <QString>

namespace realm::ui {

struct ChatTurn {
    QString user, reply, stats;
    bool operator==(const ChatTurn&) const = default;
};

// Conversations on disk, one JSON file per model file path under AppDataLocation, each
// written to a temporary file and renamed over the old one so a crash never leaves half a file.
namespace chat_store {
QString fileFor(const QString& modelPath);
// Returns false (and leaves the old file) if it could not be written.
bool save(const QString& modelPath, const QString& systemPrompt, const QList<ChatTurn>& turns);
// Empty when there is no saved conversation or the file is unreadable.
QList<ChatTurn> load(const QString& modelPath);
} // namespace chat_store

} // namespace realm::ui
