#include "runtime/moe.h"

#include "model/model.h"
#include "runtime/ops.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace realm {

void routeTopK(const float* logits, int64_t nExpert, int64_t k, bool normalize, int32_t* ids,
               float* weights) {
    if (nExpert <= 0 || nExpert > 512 || k <= 0 || k > nExpert)
        throw Error("routeTopK: " + std::to_string(k) + " of " + std::to_string(nExpert) +
                    " experts (1 ≤ k ≤ n ≤ 512)");
    float maxLogit = logits[0];
    for (int64_t e = 1; e < nExpert; ++e)
        maxLogit = std::max(maxLogit, logits[e]);
    // Selection on the probabilities, not the logits, as llama.cpp does (same order unless
    // they round to equal values).
    float probs[512];
    double sum = 0.0;
    for (int64_t e = 0; e < nExpert; ++e) {
        probs[e] = std::exp(logits[e] - maxLogit);
        sum += probs[e];
    }
    for (int64_t e = 0; e < nExpert; ++e)
        probs[e] = static_cast<float>(probs[e] / sum);
    int32_t order[512];
    std::iota(order, order + nExpert, 0);
    std::partial_sort(order, order + k, order + nExpert, [&](int32_t a, int32_t b) {
        return probs[a] > probs[b] || (probs[a] == probs[b] && a < b);
    });
    float picked = 0.0f;
    for (int64_t i = 0; i < k; ++i) {
        ids[i] = order[i];
        weights[i] = probs[order[i]];
        picked += weights[i];
    }
    if (normalize) {
        const float denom = std::max(picked, 6.103515625e-5f);
        for (int64_t i = 0; i < k; ++i)
            weights[i] /= denom;
    }
}

uint64_t MoeScratch::bytes() const {
    uint64_t b = (ids.capacity() + slots.capacity()) * sizeof(int32_t);
    for (const auto* v : {&logits, &weights, &x, &gate, &up, &y, &perSlot})
        b += v->capacity() * sizeof(float);
    return b;
}

void moeFeedForward(const MoeWeights& w, const float* x, int64_t n, int64_t E, float* out, MoeScratch& s,
                    ThreadPool* pool) {
    moeRoute(w, x, n, s, pool);
    moeExperts(w, x, n, E, s, pool);
    moeCombine(w.nExpertUsed, n, E, out, s);
}

void moeRoute(const MoeWeights& w, const float* x, int64_t n, MoeScratch& s, ThreadPool* pool) {
    const int64_t nExp = w.nExpert, k = w.nExpertUsed;
    const auto sz = [](int64_t v) { return static_cast<size_t>(v); };
    s.logits.resize(sz(n * nExp));
    s.ids.resize(sz(n * k));
    s.weights.resize(sz(n * k));
    matmul(*w.gateInp, x, n, s.logits.data(), pool);
    for (int64_t t = 0; t < n; ++t)
        routeTopK(s.logits.data() + t * nExp, nExp, k, true, s.ids.data() + t * k, s.weights.data() + t * k);
}

void moeExperts(const MoeWeights& w, const float* x, int64_t n, int64_t E, MoeScratch& s, ThreadPool* pool) {
    const int64_t nExp = w.nExpert, k = w.nExpertUsed, F = w.gateExps->rows;
    const auto sz = [](int64_t v) { return static_cast<size_t>(v); };
    s.perSlot.resize(sz(n * k * E));

    // Group the (token, slot) pairs by expert: a counting sort keeps tokens in order.
    std::vector<int32_t> start(sz(nExp + 1), 0);
    for (int64_t i = 0; i < n * k; ++i)
        ++start[sz(s.ids[sz(i)] + 1)];
    for (int64_t e = 0; e < nExp; ++e)
        start[sz(e + 1)] += start[sz(e)];
    s.slots.resize(sz(n * k));
    {
        std::vector<int32_t> fill(start.begin(), start.end() - 1);
        for (int64_t i = 0; i < n * k; ++i)
            s.slots[sz(fill[sz(s.ids[sz(i)])]++)] = static_cast<int32_t>(i);
    }

    for (int64_t e = 0; e < nExp; ++e) {
        const int64_t m = start[sz(e + 1)] - start[sz(e)];
        if (m == 0) continue;
        const int32_t* pairs = s.slots.data() + start[sz(e)];
        s.x.resize(sz(m * E));
        s.gate.resize(sz(m * F));
        s.up.resize(sz(m * F));
        s.y.resize(sz(m * E));
        for (int64_t j = 0; j < m; ++j) {
            const int64_t t = pairs[j] / k;
            std::copy(x + t * E, x + (t + 1) * E, s.x.data() + j * E);
        }
        matmul(expertOf(*w.gateExps, e), s.x.data(), m, s.gate.data(), pool);
        matmul(expertOf(*w.upExps, e), s.x.data(), m, s.up.data(), pool);
        ops::gatedActivation(Activation::Silu, s.gate.data(), s.up.data(), m * F);
        matmul(expertOf(*w.downExps, e), s.gate.data(), m, s.y.data(), pool);
        for (int64_t j = 0; j < m; ++j) {
            const float* src = s.y.data() + j * E;
            std::copy(src, src + E, s.perSlot.data() + static_cast<int64_t>(pairs[j]) * E);
        }
    }
}

void moeCombine(int64_t k, int64_t n, int64_t E, float* out, MoeScratch& s) {
    // Weighted in place, then summed: the same roundings as weighting each output as it is made.
    for (int64_t i = 0; i < n * k; ++i) {
        const float wt = s.weights[static_cast<size_t>(i)];
        float* slot = s.perSlot.data() + i * E;
        for (int64_t c = 0; c < E; ++c)
            slot[c] *= wt;
    }
    for (int64_t t = 0; t < n; ++t) {
        const float* slot = s.perSlot.data() + t * k * E;
        std::copy(slot, slot + E, out + t * E);
        for (int64_t i = 1; i < k; ++i)
            ops::add(out + t * E, slot + i * E, E);
    }
}

} // namespace realm
