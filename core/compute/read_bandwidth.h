#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace realm {

class ThreadPool;

struct ByteRange {
    const uint8_t* data;
    size_t bytes;
};

// The speed (bytes/s) at which the pool's threads read every byte of `ranges` once, with
// nothing to compute: the bar for a decode step that streams the same bytes (pass it the
// weights decoding reads). Best of `passes` passes (the machine may be shared).
double measureReadBandwidth(const std::vector<ByteRange>& ranges, ThreadPool* pool, int passes = 2);

} // namespace realm
