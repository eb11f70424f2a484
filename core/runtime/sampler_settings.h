#pragma once
#include <cstdint>

namespace realm {

// The sampler chain's settings and their defaults: the one place they are written (the CLI,
// the chat page and the logits page start from these).
struct SamplerSettings {
    float temperature = 0.8f;   // <= 0: greedy (argmax, ties → lower id)
    int32_t topK = 40;          // <= 0: off
    float topP = 0.95f;         // >= 1: off
    float minP = 0.05f;         // <= 0: off (relative to the most likely token)
    float repeatPenalty = 1.0f; // 1: off; divides positive / multiplies negative logits
    int32_t repeatLastN = 64;   // window of the repetition penalty
    uint64_t seed = 0;          // same seed + settings + logits → same choices
};

} // namespace realm
