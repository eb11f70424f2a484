#include "runtime/memory_estimate.h"

#include "gguf/gguf_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace realm {

MemoryEstimate estimateMemory(const HParams& hp, uint64_t weightBytes, int64_t contextLength,
                              const MemoryEstimateOptions& options) {
    MemoryEstimate e;
    e.contextLength = contextLength > 0 ? std::min(contextLength, hp.nCtxTrain) : hp.nCtxTrain;
    e.weightBytes = weightBytes;
    const auto ctx = static_cast<uint64_t>(e.contextLength);
    const uint64_t elem = options.kvType == KvType::F16 ? 2 : 4;
    e.kvCacheBytes = static_cast<uint64_t>(hp.nLayer) * static_cast<uint64_t>(hp.kvDim()) * 2 * ctx * elem;
    // Session's buffers: per-token rows for a full prompt batch (norm, q, k, v, attention out,
    // projection, gate, up, rope table, hidden), attention scores of every head over the
    // context, the final norm and the logits of one token.
    const auto batch = static_cast<uint64_t>(std::clamp<int64_t>(options.batchSize, 1, e.contextLength));
    const auto u = [](int64_t v) { return static_cast<uint64_t>(v); };
    const uint64_t perToken =
        2 * u(hp.nEmbd) + 2 * u(hp.qDim()) + 2 * u(hp.kvDim()) + 2 * u(hp.nFf) + u(hp.nRot) +
        u(hp.nEmbd) /* hidden */ + 1 /* position */ +
        // MoE: router logits, ids/weights/slots, weighted outputs per slot, one expert's gathered rows
        (hp.nExpert > 0
             ? u(hp.nExpert) + u(hp.nExpertUsed) * (3 + u(hp.nEmbd)) + 2 * u(hp.nEmbd) + 2 * u(hp.nFfExp)
             : 0);
    const uint64_t floats = batch * perToken + u(hp.nHead) * ctx + u(hp.nEmbd) + u(hp.nVocab);
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
