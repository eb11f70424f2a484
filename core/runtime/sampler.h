#pragma once
#include "runtime/sampler_settings.h"

#include <array>
#include <cstdint>
#include <deque>
#include <random>
#include <span>
#include <vector>

namespace realm {

// Chain: repetition penalty → (greedy if temperature <= 0) → top-k → softmax with
// temperature → top-p → min-p → draw from the rest with a seeded mt19937_64.
// Keeps its own buffers so sampling allocates nothing after the first call.
class Sampler {
  public:
    explicit Sampler(const SamplerSettings& settings = {});
    const SamplerSettings& settings() const { return settings_; }

    int32_t sample(const float* logits, int64_t nVocab);
    // The tokens the last sample() drew from: those the chain kept, most likely first
    // (the one token when greedy). Valid until the next sample().
    std::span<const int32_t> survivors() const { return {ids_.data(), kept_}; }
    // Records a token for the repetition penalty (prompt tokens too).
    void accept(int32_t token);
    void reset(); // forget history and reseed

  private:
    SamplerSettings settings_;
    std::mt19937_64 rng_;
    std::deque<int32_t> recent_;
    std::vector<float> work_, probs_;
    std::vector<int32_t> ids_;
    size_t kept_ = 0;
};

// argmax with ties broken by the lower id (as llama.cpp's greedy).
int32_t argmax(const float* logits, int64_t n);

// Every id by logit, highest first, ties → lower id (the sampler's candidate order).
std::vector<int32_t> rankByLogit(const float* logits, int64_t nVocab);
// The first `count` of that order (a partial sort).
std::vector<int32_t> topByLogit(const float* logits, int64_t nVocab, size_t count);

// The distribution after each stage of the chain, as Sampler::sample cuts it (without the
// repetition penalty, which needs a history), for showing it. Every stage keeps a prefix
// of `ranked`.
enum class SamplerStage { Temperature, TopK, TopP, MinP };
struct SamplerStages {
    std::vector<int32_t> ids;     // every id by logit, highest first
    std::vector<double> logProbs; // by rank: softmax with temperature (1 when greedy) over all ids
    std::array<size_t, 4> kept{}; // by SamplerStage: tokens left after it (1 after each when greedy)
    double entropyBits = 0;       // of the final distribution (after min-p)

    // Probabilities of the `kept[stage]` most likely tokens, renormalised.
    std::vector<double> probabilities(SamplerStage stage) const;
};
// `ranked` is rankByLogit(logits, nVocab), computed once per set of logits.
SamplerStages samplerStages(const float* logits, const std::vector<int32_t>& ranked,
                            const SamplerSettings& settings);

} // namespace realm
