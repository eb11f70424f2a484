#pragma once
#include "runtime/moe.h"

#include <cstdint>
#include <vector>

namespace realm {

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
