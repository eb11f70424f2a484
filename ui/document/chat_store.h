#pragma once
#include "document/chat_tree.h"

#include <QString>

namespace realm::ui {

// Conversations on disk, one JSON file per model file path under AppDataLocation, each
// written to a temporary file and renamed over the old one so a crash never leaves half a file.
// Every branch is kept, with each reply token's probability and alternatives.
namespace chat_store {
QString fileFor(const QString& modelPath);
// Returns false (and leaves the old file) if it could not be written.
bool save(const QString& modelPath, const QString& systemPrompt, const ChatTree& conversation);
// Empty when there is no saved conversation or the file is unreadable; files from before
// branches ("turns") load as one branch.
ChatTree load(const QString& modelPath);
} // namespace chat_store

} // namespace realm::ui
