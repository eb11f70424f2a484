#include "document/chat_saver.h"

#include "document/chat_store.h"
#include "jobs/background_pool.h"

#include <QThreadPool>

namespace realm::ui {

ChatSaver::~ChatSaver() {
    flush();
}

void ChatSaver::saveLater(const QString& modelPath, const QString& system, const ChatTree& conversation) {
    std::lock_guard lock(mutex_);
    pending_[modelPath] = {system, conversation};
    if (running_) return;
    running_ = true;
    backgroundPool()->start([this] { drain(); });
}

void ChatSaver::flush() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return !running_; });
}

void ChatSaver::drain() {
    runBelowTheUiThread();
    for (;;) {
        QString path;
        Snapshot s;
        {
            std::lock_guard lock(mutex_);
            if (pending_.empty()) {
                running_ = false;
                idle_.notify_all();
                return;
            }
            path = pending_.begin()->first;
            s = std::move(pending_.begin()->second);
            pending_.erase(pending_.begin());
        }
        if (!chat_store::save(path, s.system, s.conversation)) Q_EMIT failed(path);
    }
}

} // namespace realm::ui
