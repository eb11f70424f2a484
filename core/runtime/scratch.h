#pragma once
#include "model/hparams.h"
#include "runtime/moe.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace realm {

// Floats per prompt token of each batch buffer below. Session::ensureScratch sizes the buffers
// from it and estimateMemory adds it up, so the estimate cannot drift from the allocation.
struct ScratchWidths {
    int64_t norm, q, k, v, attnOut, proj, gate, up, rope;
    int64_t total() const { return norm + q + k + v + attnOut + proj + gate + up + rope; }
};
inline ScratchWidths scratchWidths(const HParams& hp) {
    return {hp.nEmbd, hp.qDim(), hp.kvDim(), hp.kvDim(), hp.qDim(), hp.nEmbd, hp.nFf, hp.nFf, hp.nRot};
}

// Floats of the attention scores buffer, allocated once with the Session: a context row per
// head, or per thread for the largest block of query heads attention() scores together (at
// least 8, what vec::groupAttention writes), whichever is more.
inline int64_t attentionScoreFloats(const HParams& hp, int64_t contextLength, int threads) {
    const int64_t group = hp.nHead / std::max<int64_t>(1, hp.nHeadKv);
    return std::max<int64_t>(hp.nHead, int64_t(threads) * std::max<int64_t>(group, 8)) * contextLength;
}

// Work buffers of a Session, sized for the largest batch seen; decode reuses them so a
// generated token allocates nothing.
struct Scratch {
    int64_t capacity = 0; // tokens
    std::vector<float> norm, q, k, v, attnOut, proj, gate, up, ropeTable, finalNorm;
    std::vector<float> scores; // [nHead × contextLength]: one row per head, so heads run in parallel
    std::vector<int32_t> positions;
    MoeScratch moe;

    uint64_t bytes() const {
        uint64_t b = 0;
        for (const auto* v :
             {&norm, &q, &k, &v, &attnOut, &proj, &gate, &up, &ropeTable, &finalNorm, &scores})
            b += v->capacity() * sizeof(float);
        return b + positions.capacity() * sizeof(int32_t) + moe.bytes();
    }
};

} // namespace realm
