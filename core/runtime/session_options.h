#pragma once
#include <cstdint>

namespace realm {

class ThreadPool;

enum class KvType { F16, F32 };

struct SessionOptions {
    int64_t contextLength = 0; // 0: the model's context_length; always capped by it
    KvType kvType = KvType::F16;
    int64_t batchSize = 512;    // prompt tokens processed together (bounds scratch memory)
    ThreadPool* pool = nullptr; // shared, not owned; nullptr: single-threaded
};

// Memory the session owns (the weights stay in the file mapping). Safe to read from
// another thread while the session runs.
struct MemoryStats {
    uint64_t weightBytes = 0;  // mapped tensor bytes (shared, not owned)
    uint64_t kvCacheBytes = 0; // allocated K + V
    uint64_t kvUsedBytes = 0;  // part of it holding tokens
    uint64_t scratchBytes = 0; // activations and work buffers
    int64_t nPast = 0;
    int64_t contextLength = 0;
};

} // namespace realm
