#include "runtime/sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace realm {

namespace {
// The candidate order: higher logit first, ties → lower id. NaN ranks as -inf so that the
// order stays strict-weak (std::sort may read out of bounds otherwise).
struct ByLogit {
    const float* logits;
    static float key(float l) { return std::isnan(l) ? -std::numeric_limits<float>::infinity() : l; }
    bool operator()(int32_t a, int32_t b) const {
        const float la = key(logits[a]), lb = key(logits[b]);
        return la > lb || (la == lb && a < b);
    }
};

// Softmax with temperature over the candidates `ids` (sorted, best first) into `probs`.
void temperedSoftmax(const float* logits, const int32_t* ids, size_t k, float temperature,
                     std::vector<float>& probs) {
    probs.resize(k);
    const float mx = logits[ids[0]];
    double sum = 0;
    for (size_t i = 0; i < k; ++i) {
        probs[i] = std::exp((logits[ids[i]] - mx) / temperature);
        sum += probs[i];
    }
    for (auto& p : probs)
        p = static_cast<float>(p / sum);
}

// Top-p: the smallest prefix whose mass reaches topP (at least one token).
size_t keptAfterTopP(const std::vector<float>& probs, float topP) {
    if (topP >= 1.0f) return probs.size();
    double cum = 0;
    for (size_t i = 0; i < probs.size(); ++i) {
        cum += probs[i];
        if (cum >= topP) return i + 1;
    }
    return probs.size();
}

// Min-p: of the first `keep`, those at least minP times as likely as the best.
size_t keptAfterMinP(const std::vector<float>& probs, size_t keep, float minP) {
    if (minP <= 0) return keep;
    const float floor = minP * probs[0];
    size_t i = 1;
    while (i < keep && probs[i] >= floor)
        ++i;
    return i;
}
// Without top-k every token is a candidate, yet top-p and min-p keep only a prefix of the
// ranking: a growing prefix is sorted until the cut falls inside it (O(n log m), not the
// full sort of a 128k vocabulary that cost ~10 ms a token). probs are over every token, as if
// all were sorted; ids is cut to the sorted prefix.
void rankedPrefixHoldingCuts(const float* logits, const SamplerSettings& s, std::vector<int32_t>& ids,
                             std::vector<float>& probs) {
    const size_t n = ids.size();
    float mx = -std::numeric_limits<float>::infinity();
    for (int32_t id : ids)
        mx = std::max(mx, ByLogit::key(logits[id]));
    double sum = 0;
    for (int32_t id : ids)
        sum += std::exp((logits[id] - mx) / s.temperature);
    size_t sorted = 0;
    for (size_t m = std::min<size_t>(n, 64);; m = std::min(n, m * 8)) {
        std::partial_sort(ids.begin() + static_cast<std::ptrdiff_t>(sorted),
                          ids.begin() + static_cast<std::ptrdiff_t>(m), ids.end(), ByLogit{logits});
        sorted = m;
        probs.resize(m);
        for (size_t i = 0; i < m; ++i)
            probs[i] = static_cast<float>(std::exp((logits[ids[i]] - mx) / s.temperature) / sum);
        if (m == n || keptAfterMinP(probs, keptAfterTopP(probs, s.topP), s.minP) < m) break;
    }
    ids.resize(sorted);
}
} // namespace

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
    while (static_cast<int32_t>(recent_.size()) > settings_.repeatLastN)
        recent_.pop_front();
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
    if (settings_.temperature <= 0) {
        ids_.assign(1, argmax(work_.data(), nVocab));
        kept_ = 1;
        return ids_[0];
    }

    // Candidates sorted by logit, cut to top-k first so the rest is cheap.
    ids_.resize(static_cast<size_t>(nVocab));
    std::iota(ids_.begin(), ids_.end(), 0);
    if (settings_.topK > 0 && settings_.topK < nVocab) {
        const auto k = static_cast<size_t>(settings_.topK);
        std::partial_sort(ids_.begin(), ids_.begin() + static_cast<std::ptrdiff_t>(k), ids_.end(),
                          ByLogit{work_.data()});
        ids_.resize(k);
        temperedSoftmax(work_.data(), ids_.data(), k, settings_.temperature, probs_);
    } else {
        rankedPrefixHoldingCuts(work_.data(), settings_, ids_, probs_);
    }
    const size_t keep = keptAfterMinP(probs_, keptAfterTopP(probs_, settings_.topP), settings_.minP);
    kept_ = keep;

    double mass = 0;
    for (size_t i = 0; i < keep; ++i)
        mass += probs_[i];
    std::uniform_real_distribution<double> uniform(0.0, mass);
    const double r = uniform(rng_);
    double cum = 0;
    for (size_t i = 0; i < keep; ++i) {
        cum += probs_[i];
        if (r < cum) return ids_[i];
    }
    return ids_[keep - 1];
}

std::vector<int32_t> rankByLogit(const float* logits, int64_t nVocab) {
    std::vector<int32_t> ids(static_cast<size_t>(nVocab));
    std::iota(ids.begin(), ids.end(), 0);
    std::sort(ids.begin(), ids.end(), ByLogit{logits});
    return ids;
}

std::vector<int32_t> topByLogit(const float* logits, int64_t nVocab, size_t count) {
    std::vector<int32_t> ids(static_cast<size_t>(nVocab));
    std::iota(ids.begin(), ids.end(), 0);
    count = std::min(count, ids.size());
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(count), ids.end(),
                      ByLogit{logits});
    ids.resize(count);
    return ids;
}

SamplerStages samplerStages(const float* logits, const std::vector<int32_t>& ranked,
                            const SamplerSettings& settings) {
    SamplerStages out;
    const size_t n = ranked.size();
    if (n == 0) return out;
    out.ids = ranked;
    // The whole curve uses the temperature alone (greedy shows the raw distribution).
    const bool greedy = settings.temperature <= 0;
    const double t = greedy ? 1.0 : settings.temperature;
    const double top = logits[ranked[0]];
    double z = 0;
    for (int32_t id : ranked)
        z += std::exp((logits[id] - top) / t);
    const double logZ = std::log(z);
    out.logProbs.resize(n);
    for (size_t r = 0; r < n; ++r)
        out.logProbs[r] = (logits[ranked[r]] - top) / t - logZ;
    if (greedy) {
        out.kept = {1, 1, 1, 1};
        return out;
    }
    // The cuts are the sampler's own, on the probabilities it computes.
    const size_t k = settings.topK > 0 ? std::min(n, static_cast<size_t>(settings.topK)) : n;
    std::vector<float> probs;
    temperedSoftmax(logits, ranked.data(), k, settings.temperature, probs);
    const size_t afterTopP = keptAfterTopP(probs, settings.topP);
    out.kept = {n, k, afterTopP, keptAfterMinP(probs, afterTopP, settings.minP)};
    for (double p : out.probabilities(SamplerStage::MinP))
        if (p > 0) out.entropyBits -= p * std::log2(p);
    return out;
}

std::vector<double> SamplerStages::probabilities(SamplerStage stage) const {
    const size_t keep = std::min(kept[static_cast<size_t>(stage)], logProbs.size());
    std::vector<double> p(keep);
    double sum = 0;
    for (size_t r = 0; r < keep; ++r)
        sum += p[r] = std::exp(logProbs[r]);
    for (double& v : p)
        v /= sum;
    return p;
}

} // namespace realm
