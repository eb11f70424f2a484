#pragma once
#include "util/job_control.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <exception>
#include <functional>
#include <memory>
#include <type_traits>

namespace realm::ui {

enum class JobPriority {
    Interactive, // a row, the visible heatmap, a token step, tokenizing: someone is waiting
    Long,        // whole-tensor statistics, a prompt run, a reply, loading
};

struct JobSpec {
    JobPriority priority = JobPriority::Long;
    // Jobs that share a strand run one at a time in the order they were submitted: the key is
    // the core object they use that is not reentrant (a Session). nullptr: no strand.
    const void* strand = nullptr;
    // A newer job with the same non-empty key removes an older one still queued and cancels
    // one running (a newer row request for the same view).
    QString replaces;
    // A cancelled job's result is dropped unless it reports the cancel itself (a reply that
    // ends "cancelled"). Errors always arrive: a truncated file should say why nothing came.
    bool deliverCancelled = false;
};

using JobHandle = std::shared_ptr<JobControl>;

// The one way the UI runs work off its thread. Workers take jobs by priority: interactive
// ones first, and long ones may occupy all workers but one, so a row request never waits
// behind whole-tensor statistics. Results, errors and throttled progress reach the receiver
// on the queue's (UI) thread, and only while the receiver lives. Deleting the queue cancels
// every job and waits for those running; the idle workers exit on their own.
class JobQueue : public QObject {
    Q_OBJECT
  public:
    explicit JobQueue(int workers = 4, QObject* parent = nullptr);
    ~JobQueue() override;

    // work(const JobControl&) runs on a worker and returns the result handed to done(result).
    // failed(message) gets an exception's text; progress(fraction) what the job reports
    // through its control, at most every 50 ms.
    template <typename Work, typename Done>
    JobHandle run(const JobSpec& spec, QObject* receiver, Work work, Done done,
                  std::function<void(const QString&)> failed = {}, std::function<void(double)> progress = {});

    // Cancels every job of the strand, drops the queued ones and returns once none runs: after
    // it, the strand's core objects may be deleted.
    void cancelStrand(const void* strand);
    // Jobs queued or running (for tests and progress displays).
    int pending() const;

  private:
    struct Job;
    struct Shared;
    // Hands a closure to the queue's thread; errors pass even when the job was cancelled.
    using Post = std::function<void(std::function<void()> onQueueThread, bool isError)>;
    using Task = std::function<void(const JobControl&, const Post&)>;
    JobHandle submit(const JobSpec& spec, QObject* receiver, Task task, std::function<void(double)> progress);
    void post(const std::shared_ptr<Job>& job, std::function<void()> fn, bool isError);
    static void workerLoop(const std::shared_ptr<Shared>& shared, JobQueue* queue);

    // Shared with the workers, which outlive the queue by the moment they take to wake and
    // exit: the queue waits for running jobs, not for idle threads to be scheduled.
    std::shared_ptr<Shared> shared_;
};

template <typename Work, typename Done>
JobHandle JobQueue::run(const JobSpec& spec, QObject* receiver, Work work, Done done,
                        std::function<void(const QString&)> failed, std::function<void(double)> progress) {
    using Result = std::invoke_result_t<Work&, const JobControl&>;
    Task task = [work = std::move(work), done = std::move(done),
                 failed = std::move(failed)](const JobControl& control, const Post& post) mutable {
        try {
            if constexpr (std::is_void_v<Result>) {
                work(control);
                post([done] { done(); }, false);
            } else {
                auto result = std::make_shared<Result>(work(control));
                post([done, result] { done(std::move(*result)); }, false);
            }
        } catch (const std::exception& e) {
            if (failed) post([failed, message = QString::fromUtf8(e.what())] { failed(message); }, true);
        }
    };
    return submit(spec, receiver, std::move(task), std::move(progress));
}

} // namespace realm::ui
