#include "runtime/memory_estimate.h"

#include "gguf/gguf_file.h"
#include "runtime/kv_cache.h"
#include "runtime/scratch.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace realm {

MemoryEstimate estimateMemory(const HParams& hp, uint64_t weightBytes, int64_t contextLength,
                              const MemoryEstimateOptions& options) {
    MemoryEstimate e;
    e.contextLength = contextLength > 0 ? std::min(contextLength, hp.nCtxTrain) : hp.nCtxTrain;
    e.weightBytes = weightBytes;
    e.kvCacheBytes = KvCache::bytesFor(hp.nLayer, e.contextLength, hp.kvDim(), options.kvType);
    // Session's buffers after a full prompt batch: the batch rows (scratchWidths), the hidden
    // state and positions of the batch, the attention scores, the final norm and logits of the
    // last token.
    const auto batch = static_cast<uint64_t>(std::clamp<int64_t>(options.batchSize, 1, e.contextLength));
    const auto u = [](int64_t v) { return static_cast<uint64_t>(v); };
    const uint64_t perToken =
        u(scratchWidths(hp).total()) + u(hp.nEmbd) /* hidden */ + 1 /* position */ +
        // MoE: router logits, ids/weights/slots, weighted outputs per slot, one expert's gathered rows
        (hp.nExpert > 0
             ? u(hp.nExpert) + u(hp.nExpertUsed) * (3 + u(hp.nEmbd)) + 2 * u(hp.nEmbd) + 2 * u(hp.nFfExp)
             : 0);
    const uint64_t floats = batch * perToken +
                            u(attentionScoreFloats(hp, e.contextLength, std::max(1, options.threads))) +
                            u(hp.nEmbd) + u(hp.nVocab);
    e.scratchBytes = floats * 4;
    return e;
}

MemoryEstimate estimateMemory(const GgufFile& file, int64_t contextLength,
                              const MemoryEstimateOptions& options) {
    uint64_t weights = 0;
    for (const GgufTensorInfo& t : file.tensors())
        weights += t.bytes;
    return estimateMemory(HParams::fromGguf(file), weights, contextLength, options);
}

int64_t largestFittingContext(const HParams& hp, uint64_t weightBytes, int64_t contextLength,
                              uint64_t available, const MemoryEstimateOptions& options, int64_t step) {
    const int64_t top = contextLength > 0 ? std::min(contextLength, hp.nCtxTrain) : hp.nCtxTrain;
    if (estimateMemory(hp, weightBytes, top, options).total() <= available) return top;
    // The estimate grows with the context: binary search over multiples of step.
    int64_t lo = 0, hi = top / step; // answer in [lo, hi) × step
    while (lo < hi) {
        const int64_t mid = (lo + hi + 1) / 2;
        if (mid * step < top && estimateMemory(hp, weightBytes, mid * step, options).total() <= available)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo * step;
}

std::optional<uint64_t> parseMemAvailable(const std::string& meminfo) {
    std::istringstream in(meminfo);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("MemAvailable:", 0) != 0) continue;
        std::istringstream fields(line.substr(13));
        uint64_t kb = 0;
        std::string unit;
        if (!(fields >> kb >> unit) || unit != "kB") return std::nullopt;
        return kb * 1024;
    }
    return std::nullopt;
}

std::optional<uint64_t> availableMemory() {
    std::ifstream f("/proc/meminfo");
    if (!f) return std::nullopt;
    std::ostringstream text;
    text << f.rdbuf();
    return parseMemAvailable(text.str());
}

} // namespace realm
