#include "jobs/job_queue.h"

#include "jobs/background_pool.h"

#include <algorithm>
#include <chrono>

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

JobQueue::JobQueue(int workers, QObject* parent) : QObject(parent), longSlots_(std::max(1, workers - 1)) {
    for (int i = 0; i < std::max(2, workers); ++i)
        workers_.emplace_back([this] { workerLoop(); });
}

JobQueue::~JobQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (const auto& job : running_)
            job->control->cancel();
        queued_.clear();
    }
    wake_.notify_all();
    for (std::thread& t : workers_)
        t.join();
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
        std::lock_guard lock(mutex_);
        if (stopping_) {
            job->control->cancel();
            return job->control;
        }
        if (!spec.replaces.isEmpty()) {
            std::erase_if(queued_, [&](const auto& q) { return q->spec.replaces == spec.replaces; });
            for (const auto& r : running_)
                if (r->spec.replaces == spec.replaces) r->control->cancel();
        }
        queued_.push_back(job);
    }
    wake_.notify_all();
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

bool JobQueue::strandFreeLocked(const Job& job) const {
    if (!job.spec.strand) return true;
    for (const auto& r : running_)
        if (r->spec.strand == job.spec.strand) return false;
    // An earlier job of the strand still queued goes first.
    for (const auto& q : queued_) {
        if (q.get() == &job) return true;
        if (q->spec.strand == job.spec.strand) return false;
    }
    return true;
}

std::shared_ptr<JobQueue::Job> JobQueue::takeLocked() {
    int longRunning = 0;
    for (const auto& r : running_)
        longRunning += r->spec.priority == JobPriority::Long;
    auto pick = [&](JobPriority priority) -> std::shared_ptr<Job> {
        for (auto it = queued_.begin(); it != queued_.end(); ++it)
            if ((*it)->spec.priority == priority && strandFreeLocked(**it)) {
                std::shared_ptr<Job> job = *it;
                queued_.erase(it);
                return job;
            }
        return nullptr;
    };
    if (auto job = pick(JobPriority::Interactive)) return job;
    if (longRunning < longSlots_) return pick(JobPriority::Long);
    return nullptr;
}

void JobQueue::workerLoop() {
    runBelowTheUiThread();
    std::unique_lock lock(mutex_);
    for (;;) {
        std::shared_ptr<Job> job;
        wake_.wait(lock, [&] { return stopping_ || (job = takeLocked()); });
        if (!job) return; // stopping
        running_.push_back(job);
        lock.unlock();
        job->task(*job->control,
                  [this, job](std::function<void()> fn, bool isError) { post(job, std::move(fn), isError); });
        lock.lock();
        std::erase(running_, job);
        // A finished job frees its strand and maybe a long slot.
        wake_.notify_all();
        idle_.notify_all();
    }
}

void JobQueue::cancelStrand(const void* strand) {
    std::unique_lock lock(mutex_);
    std::erase_if(queued_, [&](const auto& q) { return q->spec.strand == strand; });
    for (const auto& r : running_)
        if (r->spec.strand == strand) r->control->cancel();
    idle_.wait(lock, [&] {
        return std::none_of(running_.begin(), running_.end(),
                            [&](const auto& r) { return r->spec.strand == strand; });
    });
}

int JobQueue::pending() const {
    std::lock_guard lock(mutex_);
    return int(queued_.size() + running_.size());
}

} // namespace realm::ui
