#include "jobs/next_turn.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <deque>
#include <utility>

namespace realm::ui {

namespace {
// Owned by the application object, so it goes before Qt does.
class TurnQueue : public QObject {
  public:
    explicit TurnQueue(QObject* parent) : QObject(parent) {
        timer_.setSingleShot(true);
        timer_.setInterval(0);
        QObject::connect(&timer_, &QTimer::timeout, [this] { runOne(); });
    }
    void add(QObject* context, std::function<void()> fn) {
        steps_.push_back({context, std::move(fn)});
        if (!timer_.isActive()) timer_.start();
    }

  private:
    struct Step {
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    void runOne() {
        while (!steps_.empty()) {
            Step step = std::move(steps_.front());
            steps_.pop_front();
            if (!step.context) continue;         // its page or window is gone
            if (!steps_.empty()) timer_.start(); // before fn: a step that adds steps queues them behind
            step.fn();
            return;
        }
    }
    QTimer timer_;
    std::deque<Step> steps_;
};
} // namespace

void runNextTurn(QObject* context, std::function<void()> fn) {
    thread_local QPointer<TurnQueue> queue;
    if (!queue) {
        QCoreApplication* app = QCoreApplication::instance();
        queue = new TurnQueue(app && app->thread() == QThread::currentThread() ? app : nullptr);
    }
    queue->add(context, std::move(fn));
}

} // namespace realm::ui
