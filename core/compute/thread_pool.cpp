#include "compute/thread_pool.h"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace realm {

namespace {
// How long a thread busy-waits for the next job or for stragglers before it sleeps. The
// engine issues a matmul every few tens of µs while decoding, so this keeps workers hot
// across one token's ops without burning a core when the pool is idle.
constexpr auto kSpinTime = std::chrono::microseconds(300);

constexpr uint64_t kJoinedMask = 0xffff;
constexpr uint64_t kClosed = uint64_t{1} << 16;
constexpr int kGenShift = 17;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
}

// The pool whose job the current thread is executing: nested calls run inline.
thread_local const ThreadPool* tlsActivePool = nullptr;
thread_local int tlsThreadIndex = 0;

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
    for (int i = 1; i < threads; ++i)
        workers_.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(dispatchMutex_);
        stop_ = true;
        state_.fetch_add(uint64_t{1} << kGenShift, std::memory_order_seq_cst);
        state_.notify_all();
    }
    for (auto& t : workers_)
        t.join();
}

void ThreadPool::execute(int index) {
    const ThreadPool* outer = tlsActivePool;
    const int outerIndex = tlsThreadIndex;
    tlsActivePool = this;
    tlsThreadIndex = index;
    try {
        call_(ctx_, index);
    } catch (...) {
        std::lock_guard lock(errorMutex_);
        if (!error_) error_ = std::current_exception();
    }
    tlsActivePool = outer;
    tlsThreadIndex = outerIndex;
}

void ThreadPool::workerLoop(int index) {
    uint64_t seenGen = 0;
    for (;;) {
        uint64_t s = state_.load(std::memory_order_acquire);
        if ((s >> kGenShift) == seenGen) {
            if (!spinUntil(
                    [&] { return (state_.load(std::memory_order_acquire) >> kGenShift) != seenGen; })) {
                // Announce the sleep before the futex re-checks the word: the caller reads
                // sleepers_ after publishing a job, so one of the two always sees the other.
                sleepers_.fetch_add(1, std::memory_order_seq_cst);
                s = state_.load(std::memory_order_seq_cst);
                while ((s >> kGenShift) == seenGen) {
                    state_.wait(s, std::memory_order_seq_cst);
                    s = state_.load(std::memory_order_seq_cst);
                }
                sleepers_.fetch_sub(1, std::memory_order_relaxed);
            }
            continue;
        }
        seenGen = s >> kGenShift;
        if (stop_) return;
        // Join only while the job is open; a late worker skips it (the caller did its share).
        bool joined = false;
        while (!(s & kClosed) && (s >> kGenShift) == seenGen) {
            if (state_.compare_exchange_weak(s, s + 1, std::memory_order_seq_cst)) {
                joined = true;
                break;
            }
        }
        if (!joined) continue;
        execute(index);
        const uint64_t before = state_.fetch_sub(1, std::memory_order_seq_cst);
        if ((before & kJoinedMask) == 1 && (before & kClosed)) state_.notify_all();
    }
}

bool ThreadPool::steal(std::vector<RangeSlot>& slots, RangeSlot& own) {
    for (;;) {
        RangeSlot* victim = nullptr;
        uint64_t seen = 0;
        int64_t most = 0;
        for (RangeSlot& slot : slots) {
            const uint64_t r = slot.range.load(std::memory_order_acquire);
            if (rangeEnd(r) - rangeBegin(r) > most) {
                most = rangeEnd(r) - rangeBegin(r);
                victim = &slot;
                seen = r;
            }
        }
        if (!victim) return false;
        const int64_t b = rangeBegin(seen), e = rangeEnd(seen), mid = e - (e - b + 1) / 2;
        if (victim->range.compare_exchange_strong(seen, packRange(b, mid), std::memory_order_acq_rel)) {
            // Only this thread writes its own empty slot; others may steal from it from now on.
            own.range.store(packRange(mid, e), std::memory_order_release);
            return true;
        }
    }
}

void ThreadPool::dispatch(CallFn call, void* ctx, int64_t chunks) {
    if (nThreads_ == 1 || chunks <= 1 || tlsActivePool == this) {
        // Inline: nothing to share, or a job that calls back into its own pool (keeping
        // this thread's index so per-thread scratch stays private).
        call(ctx, tlsActivePool == this ? tlsThreadIndex : 0);
        return;
    }
    std::lock_guard lock(dispatchMutex_);
    call_ = call;
    ctx_ = ctx;
    error_ = nullptr;
    const uint64_t gen = (state_.load(std::memory_order_relaxed) >> kGenShift) + 1;
    state_.store(gen << kGenShift, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) != 0) state_.notify_all();

    execute(0);

    // All chunks are claimed now; close the job and wait only for workers inside it.
    uint64_t s = state_.fetch_or(kClosed, std::memory_order_seq_cst) | kClosed;
    if (s & kJoinedMask) {
        if (!spinUntil([&] { return (state_.load(std::memory_order_acquire) & kJoinedMask) == 0; })) {
            for (s = state_.load(std::memory_order_seq_cst); s & kJoinedMask;
                 s = state_.load(std::memory_order_seq_cst))
                state_.wait(s, std::memory_order_seq_cst);
        }
    }
    if (error_) {
        std::exception_ptr e = error_;
        error_ = nullptr;
        std::rethrow_exception(e);
    }
}

} // namespace realm
