#include "jobs/job_queue.h"

#include "jobs/background_pool.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace realm::ui {

namespace {
constexpr auto ProgressInterval = std::chrono::milliseconds(50);
} // namespace

struct JobQueue::Job {
    JobSpec spec;
    QPointer<QObject> receiver; // read on the queue's thread only
    Task task;
    std::shared_ptr<JobControl> control;
};

struct JobQueue::Shared {
    std::mutex mutex;
    std::condition_variable wake, idle;
    std::deque<std::shared_ptr<Job>> queued;
    std::vector<std::shared_ptr<Job>> running;
    int longSlots = 1;
    bool stopping = false;

    bool strandFreeLocked(const Job& job) const;
    std::shared_ptr<Job> takeLocked();
};

JobQueue::JobQueue(int workers, QObject* parent) : QObject(parent), shared_(std::make_shared<Shared>()) {
    shared_->longSlots = std::max(1, workers - 1);
    for (int i = 0; i < std::max(2, workers); ++i)
        std::thread(workerLoop, shared_, this).detach();
}

JobQueue::~JobQueue() {
    std::unique_lock lock(shared_->mutex);
    shared_->stopping = true;
    for (const auto& job : shared_->running)
        job->control->cancel();
    shared_->queued.clear();
    shared_->wake.notify_all();
    // A running job may still post to this queue and use its document's objects.
    shared_->idle.wait(lock, [&] { return shared_->running.empty(); });
}

JobHandle JobQueue::submit(const JobSpec& spec, QObject* receiver, Task task,
                           std::function<void(double)> progress) {
    auto job = std::make_shared<Job>();
    job->spec = spec;
    job->receiver = receiver ? receiver : this;
    job->task = std::move(task);
    std::function<void(double)> report;
    if (progress) {
        // Runs on the worker that runs the job: the clock is only touched there.
        auto last = std::make_shared<std::chrono::steady_clock::time_point>();
        std::weak_ptr<Job> weak = job;
        report = [this, weak, last, progress = std::move(progress)](double fraction) {
            const auto now = std::chrono::steady_clock::now();
            if (now - *last < ProgressInterval && fraction < 1.0) return;
            *last = now;
            if (const auto job = weak.lock())
                post(
                    job, [progress, fraction] { progress(fraction); }, false);
        };
    }
    job->control = std::make_shared<JobControl>(std::move(report));
    {
        std::lock_guard lock(shared_->mutex);
        if (shared_->stopping) {
            job->control->cancel();
            return job->control;
        }
        if (!spec.replaces.isEmpty()) {
            std::erase_if(shared_->queued, [&](const auto& q) { return q->spec.replaces == spec.replaces; });
            for (const auto& r : shared_->running)
                if (r->spec.replaces == spec.replaces) r->control->cancel();
        }
        shared_->queued.push_back(job);
    }
    // One worker is enough for one job, and each woken thread can take the UI thread's core
    // for a scheduler tick (1-4 ms seen when all four were woken).
    shared_->wake.notify_one();
    return job->control;
}

void JobQueue::post(const std::shared_ptr<Job>& job, std::function<void()> fn, bool isError) {
    QMetaObject::invokeMethod(
        this,
        [job, fn = std::move(fn), isError] {
            if (!job->receiver) return; // the page or document is gone
            if (!isError && job->control->cancelled() && !job->spec.deliverCancelled) return;
            fn();
        },
        Qt::QueuedConnection);
}

bool JobQueue::Shared::strandFreeLocked(const Job& job) const {
    if (!job.spec.strand) return true;
    for (const auto& r : running)
        if (r->spec.strand == job.spec.strand) return false;
    // An earlier job of the strand still queued goes first.
    for (const auto& q : queued) {
        if (q.get() == &job) return true;
        if (q->spec.strand == job.spec.strand) return false;
    }
    return true;
}

std::shared_ptr<JobQueue::Job> JobQueue::Shared::takeLocked() {
    int longRunning = 0;
    for (const auto& r : running)
        longRunning += r->spec.priority == JobPriority::Long;
    auto pick = [&](JobPriority priority) -> std::shared_ptr<Job> {
        for (auto it = queued.begin(); it != queued.end(); ++it)
            if ((*it)->spec.priority == priority && strandFreeLocked(**it)) {
                std::shared_ptr<Job> job = *it;
                queued.erase(it);
                return job;
            }
        return nullptr;
    };
    if (auto job = pick(JobPriority::Interactive)) return job;
    if (longRunning < longSlots) return pick(JobPriority::Long);
    return nullptr;
}

void JobQueue::workerLoop(const std::shared_ptr<Shared>& shared, JobQueue* queue) {
    runBelowTheUiThread();
    std::unique_lock lock(shared->mutex);
    for (;;) {
        std::shared_ptr<Job> job;
        shared->wake.wait(lock, [&] { return shared->stopping || (job = shared->takeLocked()); });
        if (!job) return; // stopping
        shared->running.push_back(job);
        lock.unlock();
        // The queue lives while one of its jobs runs (its destructor waits for them).
        job->task(*job->control, [queue, job](std::function<void()> fn, bool isError) {
            queue->post(job, std::move(fn), isError);
        });
        lock.lock();
        std::erase(shared->running, job);
        // A finished job frees its strand and maybe a long slot.
        shared->wake.notify_all();
        shared->idle.notify_all();
    }
}

void JobQueue::cancelStrand(const void* strand) {
    std::unique_lock lock(shared_->mutex);
    std::erase_if(shared_->queued, [&](const auto& q) { return q->spec.strand == strand; });
    for (const auto& r : shared_->running)
        if (r->spec.strand == strand) r->control->cancel();
    shared_->idle.wait(lock, [&] {
        return std::none_of(shared_->running.begin(), shared_->running.end(),
                            [&](const auto& r) { return r->spec.strand == strand; });
    });
}

int JobQueue::pending() const {
    std::lock_guard lock(shared_->mutex);
    return int(shared_->queued.size() + shared_->running.size());
}

} // namespace realm::ui
