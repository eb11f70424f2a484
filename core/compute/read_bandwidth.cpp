#include "compute/read_bandwidth.h"

#include "compute/cpu_features.h"
#include "compute/read_lines.h"
#include "compute/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

namespace realm {

namespace {
// Sums 64-byte lines as eight independent 64-bit lanes, so the loop is bound by loads, not
// by a dependency chain. The widest loads the CPU has: how far ahead of the data a core
// can have reads in flight depends on how many load instructions it takes per line, and
// 16-byte loads read ~25% slower than 64-byte ones here (30 vs 40 GB/s, 2 threads, Zen 5),
// which would flatter every kernel measured against this bar.
uint64_t sumLines(const uint8_t* p, size_t bytes) {
    const size_t lines = bytes / 64;
    uint64_t total = 0;
    if (cpuHasAvx512Vnni())
        total = kernels::sumLinesAvx512(p, lines);
    else if (cpuHasAvx2())
        total = kernels::sumLinesAvx2(p, lines);
    else
        for (size_t i = 0; i < lines * 64; i += 8) {
            uint64_t word;
            std::memcpy(&word, p + i, 8);
            total += word;
        }
    for (size_t i = lines * 64; i < bytes; ++i)
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
