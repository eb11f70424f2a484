#pragma once
#include "model/hparams.h"
#include "runtime/session_options.h"

#include <cstdint>
#include <optional>
#include <string>

namespace realm {

class GgufFile;

// What running a model at a given context costs, before anything is allocated: the mapped
// weights, the KV cache a Session allocates, and its work buffers after a full prompt batch
// (computed with the size functions Session allocates with: KvCache::bytesFor, scratchWidths,
// attentionScoreFloats).
struct MemoryEstimate {
    int64_t contextLength = 0;
    uint64_t weightBytes = 0;  // tensor data in the mapping
    uint64_t kvCacheBytes = 0; // K + V: layers × kvHeads × headDim × 2 × context × element size
    uint64_t scratchBytes = 0; // activations of one prompt batch, attention scores, logits
    uint64_t total() const { return weightBytes + kvCacheBytes + scratchBytes; }
};

struct MemoryEstimateOptions {
    KvType kvType = KvType::F16;
    int64_t batchSize = 512; // SessionOptions::batchSize: prompt tokens per forward
    int threads = 1;         // the Session's pool size: attention keeps scores per thread
};

// contextLength ≤ 0 means the model's own; larger values are capped by it (like Session).
MemoryEstimate estimateMemory(const HParams& hp, uint64_t weightBytes, int64_t contextLength,
                              const MemoryEstimateOptions& options = {});
// Weights = every tensor's bytes; throws realm::Error when the hyperparameters are unusable.
MemoryEstimate estimateMemory(const GgufFile& file, int64_t contextLength,
                              const MemoryEstimateOptions& options = {});

// The largest context, a multiple of `step` (or the model's own if smaller) up to
// `contextLength`, whose estimate fits in `available` bytes; 0 when not even `step` fits.
int64_t largestFittingContext(const HParams& hp, uint64_t weightBytes, int64_t contextLength,
                              uint64_t available, const MemoryEstimateOptions& options = {},
                              int64_t step = 256);

// MemAvailable from /proc/meminfo (memory the kernel can give without swapping).
std::optional<uint64_t> availableMemory();
// Parses the text of /proc/meminfo; nullopt when MemAvailable is missing or malformed.
std::optional<uint64_t> parseMemAvailable(const std::string& meminfo);

} // namespace realm
