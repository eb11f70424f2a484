// Causal multi-head attention of the new tokens over a layer's KV cache.
#include "compute/thread_pool.h"
#include "runtime/ops.h"
#include "runtime/scratch.h"
#include "runtime/session.h"
#include "runtime/vec.h"

#include <cmath>
#include <cstring>

namespace realm {

void Session::attention(int64_t layer, int64_t n, int64_t first, LayerCapture* capture) {
    const HParams& hp = model_->hparams();
    Scratch& s = *s_;
    const int64_t D = hp.headDim, Q = hp.qDim(), group = hp.nHead / hp.nHeadKv;
    const int64_t nKeysTotal = first + n;
    const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(D)));
    const bool half = kv_.type() == KvType::F16;
    if (capture) capture->attnProbs.assign(static_cast<size_t>(hp.nHead * n * nKeysTotal), 0.0f);

    // Heads are independent: each owns its row of scores and its slice of attnOut.
    const auto heads = [&](int64_t hBegin, int64_t hEnd, int) {
        for (int64_t h = hBegin; h < hEnd; ++h) {
            const int64_t g = h / group;
            float* scores = s.scores.data() + h * ctx_;
            for (int64_t t = 0; t < n; ++t) {
                const float* q = s.q.data() + t * Q + h * D;
                const int64_t nKeys = first + t + 1; // causal: keys at positions ≤ this token's
                for (int64_t j = 0; j < nKeys; ++j) {
                    const void* k = static_cast<const uint8_t*>(kv_.keyRow(layer, j)) + g * D * (half ? 2 : 4);
                    scores[j] = scale * (half ? vec::dotHalf(q, static_cast<const uint16_t*>(k), D)
                                              : vec::dot(q, static_cast<const float*>(k), D));
                }
                ops::softmax(scores, nKeys);
                float* out = s.attnOut.data() + t * Q + h * D;
                std::memset(out, 0, static_cast<size_t>(D) * sizeof(float));
                for (int64_t j = 0; j < nKeys; ++j) {
                    const void* v = static_cast<const uint8_t*>(kv_.valueRow(layer, j)) + g * D * (half ? 2 : 4);
                    if (half)
                        vec::axpyHalf(scores[j], static_cast<const uint16_t*>(v), out, D);
                    else
                        vec::axpy(scores[j], static_cast<const float*>(v), out, D);
                }
                if (capture)
                    std::memcpy(capture->attnProbs.data() + (h * n + t) * nKeysTotal, scores,
                                static_cast<size_t>(nKeys) * sizeof(float));
            }
        }
    };
    if (options_.pool && options_.pool->size() > 1)
        options_.pool->parallelFor(hp.nHead, heads);
    else
        heads(0, hp.nHead, 0);
}

} // namespace realm
