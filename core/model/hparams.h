#pragma once
#include "model/architecture.h"

#include <cstdint>
#include <string>
#include <vector>

namespace realm {

class GgufFile;

// One RoPE setting, with the meaning of llama.cpp's ggml_rope_ext arguments.
struct RopeParams {
    double freqBase = 10000.0;
    double freqScale = 1.0;               // 1 / rope.scaling.factor (linear, yarn)
    double extFactor = 0.0;               // YaRN: 1 mixes interpolated and extrapolated angles, 0 = off
    double magnitude = 1.0;               // cos/sin multiplier (YaRN mscale × rope.scaling.attn_factor)
    double corrLow = 0.0, corrHigh = 0.0; // YaRN ramp bounds, in dimension pairs
};

// Hyperparameters of a runnable model, read from `<arch>.*` GGUF metadata. Everything the
// forward pass varies per architecture is a field here, resolved once at load.
struct HParams {
    Architecture arch = Architecture::Llama;
    std::string archName;    // the GGUF key prefix, e.g. "llama"
    int64_t nVocab = 0;      // vocab_size, else the length of tokenizer.ggml.tokens, else token_embd rows
    int64_t nCtxTrain = 0;   // context_length
    int64_t nEmbd = 0;       // embedding_length
    int64_t nFf = 0;         // feed_forward_length
    int64_t nExpert = 0;     // expert_count: > 0 makes every FFN a mixture of experts
    int64_t nExpertUsed = 0; // expert_used_count: experts run per token (top-k of the router)
    int64_t nFfExp = 0;      // rows of one expert: expert_feed_forward_length (qwen3moe), else nFf
    int64_t nLayer = 0;      // block_count
    int64_t nHead = 0;       // attention.head_count
    int64_t nHeadKv = 0;     // attention.head_count_kv (defaults to nHead)
    int64_t headDim = 0;     // attention.key_length, else nEmbd / nHead
    int64_t nRot = 0;        // rope.dimension_count (defaults to headDim)
    RopeLayout ropeLayout = RopeLayout::Normal;
    float rmsEps = 1e-5f;

    Activation act = Activation::Silu;
    bool useRope = true;         // granite: rope.scaling.finetuned = false turns RoPE off
    int64_t noRopeLayerStep = 0; // smollm3: every step-th layer (il+1 ≡ 0 mod step) has no RoPE; 0 = none
    RopeParams rope;             // global (full-attention) layers
    RopeParams ropeSwa;          // sliding-window layers
    int64_t nCtxOrigYarn = 0;    // rope.scaling.original_context_length (picks long/short rope factors)
    double yarnBetaFast = 32.0, yarnBetaSlow = 1.0;
    bool longRope = false;      // rope.scaling.type longrope
    float embedScale = 1.0f;    // gemma: sqrt(n_embd); granite: embedding_scale
    float residualScale = 1.0f; // granite: attention and FFN outputs scaled before the residual add
    float attnScale = 0.0f;     // softmax scale of q·k
    float attnSoftcap = 0.0f;   // gemma2: scores → c·tanh(scores/c); 0 = off
    float finalSoftcap = 0.0f;  // gemma2/3: logits → c·tanh(logits/c); 0 = off
    float logitScale = 1.0f;    // granite: logits × 1/logit_scale
    float attnTempScale = 0.0f; // mistral3 (llama4 style): q × (log(floor(pos/floor)+1)·t + 1); 0 = off
    int64_t attnTempFloor = 0;
    int64_t slidingWindow = 0;     // keys with pos − key ≥ window are masked on SWA layers
    std::vector<uint8_t> swaLayer; // per layer: 1 = sliding-window layer

    int64_t qDim() const { return nHead * headDim; }
    int64_t kvDim() const { return nHeadKv * headDim; }
    bool isSwa(int64_t layer) const { return !swaLayer.empty() && swaLayer[static_cast<size_t>(layer)] != 0; }
    const RopeParams& ropeFor(int64_t layer) const { return isSwa(layer) ? ropeSwa : rope; }
    bool ropeOn(int64_t layer) const {
        return useRope && !(noRopeLayerStep > 0 && (layer + 1) % noRopeLayerStep == 0);
    }
    // First key position visible to a token at `pos` in `layer`.
    int64_t firstVisibleKey(int64_t layer, int64_t pos) const {
        return isSwa(layer) && pos >= slidingWindow ? pos - slidingWindow + 1 : 0;
    }

    // Throws realm::Error naming the file and the missing or invalid key.
    static HParams fromGguf(const GgufFile& file);
};

} // namespace realm
