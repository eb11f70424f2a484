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
// Work is handed out in grain-aligned pieces (each thread a contiguous share, taken over by the
// others when it lags), and a worker only joins a job that is still open: when the machine is
// oversubscribed and a worker is not scheduled, the caller finishes its share instead of
// waiting for it.
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
        // Ranges are packed as two 32-bit unit indices; a loop of more units gets coarser.
        if ((n + grain - 1) / grain > kMaxUnits)
            grain *= ((n + grain - 1) / grain + kMaxUnits - 1) / kMaxUnits;
        const int64_t units = (n + grain - 1) / grain;
        // Thread i owns the i-th contiguous share of the units and works through it from the
        // front in shrinking pieces; a thread whose share is done takes the back half of the
        // largest share left. So each thread reads its rows as one stream in address order (the
        // hardware prefetchers start over at every jump: over the 8B file's FFN weights, 16-row
        // chunks alternating between two threads read 23-25 GB/s, contiguous halves 31-36), they
        // still finish within a small piece of each other, and a thread that is never scheduled
        // leaves its whole share to the rest.
        std::vector<RangeSlot> slots(static_cast<size_t>(nThreads_));
        for (int i = 0; i < nThreads_; ++i)
            slots[static_cast<size_t>(i)].range.store(
                packRange(units * i / nThreads_, units * (i + 1) / nThreads_), std::memory_order_relaxed);
        auto body = [&](int index) {
            RangeSlot& own = slots[static_cast<size_t>(index)];
            for (;;) {
                uint64_t r = own.range.load(std::memory_order_acquire);
                int64_t b = rangeBegin(r), e = rangeEnd(r);
                if (b < e) {
                    const int64_t take = std::max<int64_t>(1, (e - b) / 8);
                    if (!own.range.compare_exchange_weak(r, packRange(b + take, e),
                                                         std::memory_order_acq_rel))
                        continue;
                    fn(b * grain, std::min(n, (b + take) * grain), index);
                    continue;
                }
                if (!steal(slots, own)) return;
            }
        };
        auto call = [](void* ctx, int index) { (*static_cast<decltype(body)*>(ctx))(index); };
        dispatch(call, &body, units);
    }

  private:
    static constexpr int64_t kMaxUnits = 0x7fffffff;
    struct alignas(64) RangeSlot {
        std::atomic<uint64_t> range{0}; // begin << 32 | end, in units
    };
    static uint64_t packRange(int64_t begin, int64_t end) {
        return static_cast<uint64_t>(begin) << 32 | static_cast<uint64_t>(end);
    }
    static int64_t rangeBegin(uint64_t r) { return static_cast<int64_t>(r >> 32); }
    static int64_t rangeEnd(uint64_t r) { return static_cast<int64_t>(r & 0xffffffffu); }
    // Moves the back half of the largest range left into `own` (empty); false when none is left.
    static bool steal(std::vector<RangeSlot>& slots, RangeSlot& own);

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
