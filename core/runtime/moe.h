#pragma once
#include "compute/matmul.h"

#include <cstdint>
#include <vector>

namespace realm {

class ThreadPool;

// Mixture-of-experts routing as llama.cpp's build_moe_ffn does it with softmax gating: the
// router logits of one token → softmax over all experts → the k most probable experts (ties:
// lower index first) → their probabilities, optionally divided by their sum (norm_w; the sum
// clamped to 2^-14 like there). Writes k ids (most probable first) and k weights.
void routeTopK(const float* logits, int64_t nExpert, int64_t k, bool normalize, int32_t* ids, float* weights);

// Buffers of moeFeedForward, kept by the session so decode allocates nothing.
struct MoeScratch {
    std::vector<float> logits;         // [n × nExpert]
    std::vector<int32_t> ids;          // [n × k]
    std::vector<float> weights;        // [n × k]
    std::vector<int32_t> slots;        // token·k + slot of each routed pair, grouped by expert
    std::vector<float> x, gate, up, y; // one expert's gathered tokens
    std::vector<float> perSlot;        // [n × k × nEmbd] expert outputs (weighted by moeCombine)
    uint64_t bytes() const;
};

struct MoeWeights {
    int64_t nExpert, nExpertUsed;
    const WeightView *gateInp, *gateExps, *upExps, *downExps; // stacks: see expertOf
};

// out[t] = Σ_slots w · down_e(silu(gate_e(x[t])) ⊙ up_e(x[t])) for n tokens of x. Each expert
// runs once over all the tokens routed to it; the slots are summed in rank order as ggml does.
void moeFeedForward(const MoeWeights& w, const float* x, int64_t n, int64_t nEmbd, float* out, MoeScratch& s,
                    ThreadPool* pool);
// The three steps of moeFeedForward, so the routing (s.ids, s.weights: [n × nExpertUsed]) and
// each chosen expert's output (s.perSlot, before its weight) can be looked at or changed between
// them: route, run the chosen experts, then weight and sum their outputs into out.
void moeRoute(const MoeWeights& w, const float* x, int64_t n, MoeScratch& s, ThreadPool* pool);
void moeExperts(const MoeWeights& w, const float* x, int64_t n, int64_t nEmbd, MoeScratch& s,
                ThreadPool* pool);
void moeCombine(int64_t nExpertUsed, int64_t n, int64_t nEmbd, float* out, MoeScratch& s);

} // namespace realm
