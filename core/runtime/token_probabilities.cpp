#include "runtime/token_probabilities.h"

#include "runtime/sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace realm {

TokenProbabilities tokenProbabilities(const float* logits, int64_t nVocab, int32_t chosen,
                                      std::span<const int32_t> survivors, size_t count) {
    TokenProbabilities out;
    out.id = chosen;
    if (nVocab <= 0) return out;
    const std::vector<int32_t> top = topByLogit(logits, nVocab, count);
    const double mx = logits[top[0]];
    double z = 0;
    for (int64_t i = 0; i < nVocab; ++i)
        if (!std::isnan(logits[i])) z += std::exp(logits[i] - mx);
    const auto probability = [&](int32_t id) {
        return id >= 0 && id < nVocab && !std::isnan(logits[id])
                   ? static_cast<float>(std::exp(logits[id] - mx) / z)
                   : 0.0f;
    };
    out.probability = probability(chosen);
    out.top.reserve(top.size());
    for (int32_t id : top)
        out.top.push_back(
            {id, probability(id), std::find(survivors.begin(), survivors.end(), id) != survivors.end()});
    return out;
}

} // namespace realm
