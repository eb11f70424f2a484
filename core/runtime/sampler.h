#pragma once
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

namespace realm {

struct SamplerSettings {
    float temperature = 0.8f;   // <= 0: greedy (argmax, ties → lower id)
    int32_t topK = 40;          // <= 0: off
    float topP = 0.95f;         // >= 1: off
    float minP = 0.05f;         // <= 0: off (relative to the most likely token)
    float repeatPenalty = 1.0f; // 1: off; divides positive / multiplies negative logits
    int32_t repeatLastN = 64;   // window of the repetition penalty
    uint64_t seed = 0;          // same seed + settings + logits → same choices
};

// Chain: repetition penalty → (greedy if temperature <= 0) → top-k → softmax with
// temperature → top-p → min-p → draw from the rest with a seeded mt19937_64.
// Keeps its own buffers so sampling allocates nothing after the first call.
class Sampler {
public:
    explicit Sampler(const SamplerSettings& settings = {});
    const SamplerSettings& settings() const { return settings_; }

    int32_t sample(const float* logits, int64_t nVocab);
    // Records a token for the repetition penalty (prompt tokens too).
    void accept(int32_t token);
    void reset(); // forget history and reseed

private:
    SamplerSettings settings_;
    std::mt19937_64 rng_;
    std::deque<int32_t> recent_;
    std::vector<float> work_, probs_;
    std::vector<int32_t> ids_;
};

// argmax with ties broken by the lower id (as llama.cpp's greedy).
int32_t argmax(const float* logits, int64_t n);

} // namespace realm
