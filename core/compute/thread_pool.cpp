#include "compute/thread_pool.h"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace realm {

namespace {
// How long a thread busy-waits for the next job or for job completion before it sleeps.
// The engine issues a matmul every few tens of µs while decoding, so this keeps workers
// hot across one token's ops without burning a core when the pool is idle.
constexpr auto kSpinTime = std::chrono::microseconds(300);

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}

// Which pool (if any) the current thread is executing a job of: nested calls run inline.
thread_local const ThreadPool* tlsActivePool = nullptr;

// Spin on `pred` for up to kSpinTime; true if it became true.
template <class Pred> bool spinUntil(Pred pred) {
    const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
    for (;;) {
        for (int i = 0; i < 64; ++i) {
            if (pred()) return true;
            cpuRelax();
        }
        if (std::chrono::steady_clock::now() > deadline) return pred();
    }
}
} // namespace

ThreadPool::ThreadPool(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    nThreads_ = threads;
    workers_.reserve(static_cast<size_t>(threads - 1));
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(dispatchMutex_);
        stop_ = true;
        generation_.fetch_add(1, std::memory_order_seq_cst);
        generation_.notify_all();
    }
    for (auto& t : workers_) t.join();
}

void ThreadPool::execute(int index) {
    const ThreadPool* outer = tlsActivePool;
    tlsActivePool = this;
    try {
        call_(ctx_, index, nThreads_);
    } catch (...) {
        std::lock_guard lock(errorMutex_);
        if (!error_) error_ = std::current_exception();
    }
    tlsActivePool = outer;
}

void ThreadPool::workerLoop(int index) {
    uint64_t seen = 0;
    for (;;) {
        if (!spinUntil([&] { return generation_.load(std::memory_order_acquire) != seen; })) {
            // Announce the sleep before re-checking (inside wait): the caller reads sleepers_
            // after bumping generation_, so one of the two always sees the other.
            sleepers_.fetch_add(1, std::memory_order_seq_cst);
            generation_.wait(seen, std::memory_order_seq_cst);
            sleepers_.fetch_sub(1, std::memory_order_relaxed);
            continue;
        }
        seen = generation_.load(std::memory_order_acquire);
        if (stop_) return;
        execute(index);
        if (pending_.fetch_sub(1, std::memory_order_seq_cst) == 1 &&
            callerSleeping_.load(std::memory_order_seq_cst) != 0)
            pending_.notify_one();
    }
}

void ThreadPool::dispatch(CallFn call, void* ctx) {
    if (nThreads_ == 1 || tlsActivePool == this) {
        // Inline: a single-thread pool, or a job that calls back into its own pool.
        const int count = tlsActivePool == this ? 1 : nThreads_;
        call(ctx, 0, count);
        return;
    }
    std::lock_guard lock(dispatchMutex_);
    call_ = call;
    ctx_ = ctx;
    error_ = nullptr;
    pending_.store(nThreads_ - 1, std::memory_order_relaxed);
    generation_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) != 0) generation_.notify_all();

    execute(0);

    if (!spinUntil([&] { return pending_.load(std::memory_order_acquire) == 0; })) {
        callerSleeping_.store(1, std::memory_order_seq_cst);
        for (int p = pending_.load(std::memory_order_seq_cst); p != 0; p = pending_.load(std::memory_order_seq_cst))
            pending_.wait(p, std::memory_order_seq_cst);
        callerSleeping_.store(0, std::memory_order_relaxed);
    }
    if (error_) {
        std::exception_ptr e = error_;
        error_ = nullptr;
        std::rethrow_exception(e);
    }
}

} // namespace realm
