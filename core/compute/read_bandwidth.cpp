#include "compute/read_bandwidth.h"

#include "compute/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

namespace realm {

namespace {
// Sums 64-byte lines as eight independent 64-bit lanes (the compiler vectorises it), so the
// loop is bound by loads, not by a dependency chain.
uint64_t sumLines(const uint8_t* p, size_t bytes) {
    uint64_t acc[8] = {};
    size_t i = 0;
    for (; i + 64 <= bytes; i += 64) {
        uint64_t line[8];
        std::memcpy(line, p + i, 64);
        for (int k = 0; k < 8; ++k)
            acc[k] += line[k];
    }
    uint64_t total = 0;
    for (uint64_t a : acc)
        total += a;
    for (; i < bytes; ++i)
        total += p[i];
    return total;
}
} // namespace

double measureReadBandwidth(const std::vector<ByteRange>& ranges, ThreadPool* pool, int passes) {
    // Cut every range into chunks of at most 1 MiB so the threads share the work evenly.
    constexpr size_t kChunk = size_t{1} << 20;
    std::vector<ByteRange> chunks;
    size_t total = 0;
    for (const ByteRange& r : ranges)
        for (size_t off = 0; off < r.bytes; off += kChunk)
            chunks.push_back({r.data + off, std::min(kChunk, r.bytes - off)});
    for (const ByteRange& c : chunks)
        total += c.bytes;
    if (total == 0) return 0;
    std::atomic<uint64_t> sink{0}; // keeps the reads from being optimised away
    double best = 0;
    for (int pass = 0; pass < std::max(1, passes); ++pass) {
        const auto start = std::chrono::steady_clock::now();
        auto work = [&](int64_t c0, int64_t c1, int) {
            uint64_t sum = 0;
            for (int64_t c = c0; c < c1; ++c)
                sum += sumLines(chunks[static_cast<size_t>(c)].data, chunks[static_cast<size_t>(c)].bytes);
            sink.fetch_add(sum, std::memory_order_relaxed);
        };
        if (pool)
            pool->parallelFor(static_cast<int64_t>(chunks.size()), work);
        else
            work(0, static_cast<int64_t>(chunks.size()), 0);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, static_cast<double>(total) / s);
    }
    return best;
}

} // namespace realm
