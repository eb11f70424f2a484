#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace realm {

// One of the most likely tokens at a step, before the sampling chain.
struct TokenAlternative {
    int32_t id = -1;
    float probability = 0; // softmax of the raw logits (temperature 1, no penalty)
    bool survived = false; // still a candidate after the chain (penalty, top-k, top-p, min-p)
};

// What a generated token was chosen from: its own probability and the alternatives.
struct TokenProbabilities {
    int32_t id = -1;                   // the token taken
    float probability = 0;             // its probability before the chain
    std::vector<TokenAlternative> top; // the `count` most likely, best first (ties → lower id)
};

// `survivors` are the ids the chain kept (Sampler::survivors()); `chosen` may be any id (a
// forced token need not be among them).
TokenProbabilities tokenProbabilities(const float* logits, int64_t nVocab, int32_t chosen,
                                      std::span<const int32_t> survivors, size_t count);

} // namespace realm
