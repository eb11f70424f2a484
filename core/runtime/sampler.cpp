#include "runtime/sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace realm {

int32_t argmax(const float* logits, int64_t n) {
    int64_t best = 0;
    for (int64_t i = 1; i < n; ++i)
        if (logits[i] > logits[best]) best = i; // strict: ties keep the lower id
    return static_cast<int32_t>(best);
}

Sampler::Sampler(const SamplerSettings& settings) : settings_(settings), rng_(settings.seed) {}

void Sampler::reset() {
    recent_.clear();
    rng_.seed(settings_.seed);
}

void Sampler::accept(int32_t token) {
    if (settings_.repeatLastN <= 0) return;
    recent_.push_back(token);
    while (static_cast<int32_t>(recent_.size()) > settings_.repeatLastN) recent_.pop_front();
}

int32_t Sampler::sample(const float* logits, int64_t nVocab) {
    work_.assign(logits, logits + nVocab);
    if (settings_.repeatPenalty != 1.0f && settings_.repeatPenalty > 0) {
        // Each distinct recent token is penalised once, as llama.cpp does.
        ids_.assign(recent_.begin(), recent_.end());
        std::sort(ids_.begin(), ids_.end());
        ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
        for (int32_t id : ids_) {
            if (id < 0 || id >= nVocab) continue;
            float& l = work_[static_cast<size_t>(id)];
            l = l > 0 ? l / settings_.repeatPenalty : l * settings_.repeatPenalty;
        }
    }
    if (settings_.temperature <= 0) return argmax(work_.data(), nVocab);

    // Candidates sorted by logit (ties → lower id), cut to top-k first so the rest is cheap.
    ids_.resize(static_cast<size_t>(nVocab));
    std::iota(ids_.begin(), ids_.end(), 0);
    const auto better = [this](int32_t a, int32_t b) {
        const float la = work_[static_cast<size_t>(a)], lb = work_[static_cast<size_t>(b)];
        return la > lb || (la == lb && a < b);
    };
    size_t k = ids_.size();
    if (settings_.topK > 0) k = std::min(k, static_cast<size_t>(settings_.topK));
    std::partial_sort(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(k), ids_.end(), better);
    ids_.resize(k);

    // Softmax with temperature over the candidates (into probs_ = work_'s tail would alias;
    // a separate small buffer keeps it simple).
    probs_.resize(k);
    const float mx = work_[static_cast<size_t>(ids_[0])];
    double sum = 0;
    for (size_t i = 0; i < k; ++i) {
        probs_[i] = std::exp((work_[static_cast<size_t>(ids_[i])] - mx) / settings_.temperature);
        sum += probs_[i];
    }
    for (auto& p : probs_) p = static_cast<float>(p / sum);

    size_t keep = k;
    if (settings_.topP < 1.0f) {
        // Smallest prefix whose mass reaches top_p (at least one token).
        double cum = 0;
        for (size_t i = 0; i < k; ++i) {
            cum += probs_[i];
            if (cum >= settings_.topP) {
                keep = i + 1;
                break;
            }
        }
    }
    if (settings_.minP > 0) {
        const float floor = settings_.minP * probs_[0];
        size_t i = 1;
        while (i < keep && probs_[i] >= floor) ++i;
        keep = i;
    }

    double mass = 0;
    for (size_t i = 0; i < keep; ++i) mass += probs_[i];
    std::uniform_real_distribution<double> uniform(0.0, mass);
    const double r = uniform(rng_);
    double cum = 0;
    for (size_t i = 0; i < keep; ++i) {
        cum += probs_[i];
        if (r < cum) return ids_[i];
    }
    return ids_[keep - 1];
}

} // namespace realm
