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
// the calling thread is thread 0 and does its share, so a pool of N uses N-1 workers.
// Workers spin briefly after each job (dispatch then costs a few µs, not a futex
// wake-up) and then sleep on a futex, so an idle pool costs nothing.
//
// One job runs at a time: concurrent callers are serialised. A job must not call back
// into the same pool (it would deadlock); nested calls run inline instead.
class ThreadPool {
public:
    // threads <= 0: one per hardware thread.
    explicit ThreadPool(int threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return nThreads_; }

    // fn(threadIndex, threadCount) on every thread of the pool, including the caller.
    // The first exception thrown by any thread is rethrown here after all have finished.
    template <class F> void run(F&& fn) {
        auto call = [](void* ctx, int index, int count) { (*static_cast<std::remove_reference_t<F>*>(ctx))(index, count); };
        dispatch(call, const_cast<void*>(static_cast<const void*>(&fn)));
    }

    // fn(begin, end, threadIndex) over an even static split of [0, n); split points are
    // multiples of `grain` (except n itself) so that neighbours never share a tile.
    template <class F> void parallelFor(int64_t n, F&& fn, int64_t grain = 1) {
        if (n <= 0) return;
        if (grain < 1) grain = 1;
        const int64_t units = (n + grain - 1) / grain;
        run([&](int index, int count) {
            const int64_t b = units * index / count * grain;
            const int64_t e = std::min(n, units * (index + 1) / count * grain);
            if (b < e) fn(b, e, index);
        });
    }

private:
    using CallFn = void (*)(void* ctx, int index, int count);
    void dispatch(CallFn call, void* ctx);
    void workerLoop(int index);
    void execute(int index);

    int nThreads_ = 1;
    std::vector<std::thread> workers_;
    std::mutex dispatchMutex_;

    // The job: written by the caller before the generation is bumped (release), read by
    // workers after they observe it (acquire).
    CallFn call_ = nullptr;
    void* ctx_ = nullptr;
    bool stop_ = false;
    std::mutex errorMutex_;
    std::exception_ptr error_;

    // Each on its own cache line: workers poll generation_ while the caller polls pending_.
    alignas(64) std::atomic<uint64_t> generation_{0};
    alignas(64) std::atomic<int> pending_{0};
    alignas(64) std::atomic<int> sleepers_{0};
    alignas(64) std::atomic<int> callerSleeping_{0};
};

} // namespace realm
