#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace realm {

// The k largest logits' ids, largest first (ties: lower id first, as llama.cpp sorts).
std::vector<int32_t> topTokens(std::span<const float> logits, size_t k);
// KL(softmax(p) ‖ softmax(q)) in nats, computed in double.
double klDivergence(std::span<const float> p, std::span<const float> q);

} // namespace realm
