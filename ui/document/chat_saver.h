#pragma once
#include "document/chat_tree.h"

#include <QObject>
#include <QString>

#include <condition_variable>
#include <map>
#include <mutex>

namespace realm::ui {

// Writes conversations to the chat store off the UI thread: with every reply token's
// alternatives a long conversation takes a noticeable time to write (tst_ui_chat's benchmark),
// too long for the UI thread. One write at a time, in order; per model file the newest snapshot
// wins (one still waiting is replaced).
class ChatSaver : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;
    ~ChatSaver() override; // waits for the last write

    void saveLater(const QString& modelPath, const QString& system, const ChatTree& conversation);
    // Returns once no background write is waiting or running.
    void flush();

  Q_SIGNALS:
    void failed(const QString& modelPath); // emitted on the writing thread

  private:
    struct Snapshot {
        QString system;
        ChatTree conversation;
    };
    void drain(); // on a pool thread, while anything is pending

    std::mutex mutex_;
    std::condition_variable idle_;
    std::map<QString, Snapshot> pending_;
    bool running_ = false;
};

} // namespace realm::ui
