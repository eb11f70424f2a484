#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace realm {

// A persistent pool for the engine's data-parallel loops. Threads are created once;
// the calling thread always works too, so a pool of N uses N-1 workers.
// Workers spin briefly after each job (dispatch then costs a few µs, not a futex
// wake-up) and then sleep on a futex, so an idle pool costs nothing.
//
// Work is handed out in grain-aligned, shrinking chunks from an atomic counter, and a worker only
// joins a job that is still open: when the machine is oversubscribed and a worker is not
// scheduled, the caller finishes the chunks itself instead of waiting for it.
//
// One job runs at a time: concurrent callers are serialised. A job that calls back into
// the same pool runs the inner loop inline on that thread.
class ThreadPool {
  public:
    // threads <= 0: one per hardware thread.
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return nThreads_; }

    // fn(begin, end, threadIndex) over disjoint chunks covering [0, n) exactly once.
    // Chunk boundaries are multiples of `grain` (except n itself), so neighbouring chunks
    // never share a tile; threadIndex < size() identifies the thread (for per-thread
    // scratch). The first exception thrown is rethrown here once all threads are done.
    template <class F> void parallelFor(int64_t n, F&& fn, int64_t grain = 1) {
        if (n <= 0) return;
        if (grain < 1) grain = 1;
        const int64_t units = (n + grain - 1) / grain;
        // Each claim takes a share of what is left, so chunks shrink as the work runs out:
        // few claims while there is plenty, and the threads finish within a small chunk of
        // each other (a one-token matmul ends in a meeting every few hundred µs). A thread
        // that is not scheduled leaves its share to the others.
        const int64_t shareOfRest = int64_t{2} * nThreads_;
        std::atomic<int64_t> next{0};
        auto body = [&](int index) {
            int64_t b = next.load(std::memory_order_relaxed);
            while (b < units) {
                const int64_t take = std::max<int64_t>(1, (units - b) / shareOfRest);
                if (!next.compare_exchange_weak(b, b + take, std::memory_order_relaxed)) continue;
                fn(b * grain, std::min(n, (b + take) * grain), index);
                b = next.load(std::memory_order_relaxed);
            }
        };
        auto call = [](void* ctx, int index) { (*static_cast<decltype(body)*>(ctx))(index); };
        dispatch(call, &body, units);
    }

  private:
    using CallFn = void (*)(void* ctx, int index);
    void dispatch(CallFn call, void* ctx, int64_t chunks);
    void workerLoop(int index);
    void execute(int index);

    int nThreads_ = 1;
    std::vector<std::thread> workers_;
    std::mutex dispatchMutex_;

    // The job: written by the caller before the state's generation is bumped (seq_cst),
    // read by workers after they join it.
    CallFn call_ = nullptr;
    void* ctx_ = nullptr;
    std::atomic<bool> stop_{false}; // read by workers outside the dispatch mutex
    std::mutex errorMutex_;
    std::exception_ptr error_;

    // state_ = generation << kGenShift | closed bit | number of workers inside the job.
    // On its own cache line: workers poll it between jobs.
    alignas(64) std::atomic<uint64_t> state_{0};
    alignas(64) std::atomic<int> sleepers_{0};
};

} // namespace realm
