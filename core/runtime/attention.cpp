// Causal multi-head attention of the new tokens over a layer's KV cache.
#include "compute/thread_pool.h"
#include "compute/vec.h"
#include "runtime/scratch.h"
#include "runtime/session.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace realm {

void Session::attention(int64_t layer, int64_t n, int64_t first, float* probs) {
    const HParams& hp = model_->hparams();
    Scratch& s = *s_;
    const int64_t D = hp.headDim, Q = hp.qDim(), group = hp.nHead / hp.nHeadKv;
    const int64_t nKeysTotal = first + n;
    const float scale = hp.attnScale;
    const float cap = hp.attnSoftcap;
    const bool half = kv_.type() == KvType::F16;
    const int64_t stride = kv_.headDim(); // elements from one position's key to the next

    // A work unit is (token, KV head, block of the query heads sharing it): the block's heads
    // read each K/V row once between them. Blocks are halved only when there would be too few
    // units to keep every thread busy (decode with few KV heads).
    ThreadPool* pool = options_.pool && options_.pool->size() > 1 ? options_.pool : nullptr;
    const int threads = pool ? pool->size() : 1;
    int64_t block = group;
    while (block % 2 == 0 && n * hp.nHeadKv * (group / block) < 2 * threads)
        block /= 2;
    const int64_t blocksPerKv = group / block;
    const int64_t units = n * hp.nHeadKv * blocksPerKv;

    // Scores of a block's heads, per thread (vec::groupAttention wants room for 8 heads).
    const int64_t perThread = std::max<int64_t>(block, 8) * ctx_;
    const size_t need = static_cast<size_t>(threads * perThread);
    if (s.scores.size() < need) {
        s.scores.resize(need);
        countScratch();
    }

    const auto work = [&](int64_t uBegin, int64_t uEnd, int thread) {
        float* scores = s.scores.data() + static_cast<int64_t>(thread) * perThread;
        for (int64_t u = uBegin; u < uEnd; ++u) {
            const int64_t t = u / (hp.nHeadKv * blocksPerKv);
            const int64_t rest = u % (hp.nHeadKv * blocksPerKv);
            const int64_t g = rest / blocksPerKv;
            const int64_t h0 = g * group + (rest % blocksPerKv) * block; // first query head of the block
            // Causal: keys at positions ≤ this token's; a sliding-window layer also drops the
            // keys `window` or more positions back.
            const int64_t k0 = hp.firstVisibleKey(layer, first + t);
            const int64_t nKeys = first + t + 1 - k0;
            const void* k = kv_.key(layer, g, k0);
            const void* v = kv_.value(layer, g, k0);
            const float* q = s.q.data() + t * Q + h0 * D;
            float* out = s.attnOut.data() + t * Q + h0 * D;
            if (!probs) {
                vec::groupAttention(q, block, D, k, v, stride, half, nKeys, scale, cap, scores, out);
                continue;
            }
            // The composed kernels leave the probabilities head by head in `scores`.
            vec::groupAttentionComposed(vec::activeKernels(), q, block, D, k, v, stride, half, nKeys, scale,
                                        cap, scores, out);
            for (int64_t b = 0; b < block; ++b)
                std::memcpy(probs + ((h0 + b) * n + t) * nKeysTotal + k0, scores + b * nKeys,
                            static_cast<size_t>(nKeys) * sizeof(float));
        }
    };
    if (pool)
        pool->parallelFor(units, work);
    else
        work(0, units, 0);
}

} // namespace realm
