#pragma once
#include <cstdint>
#include <vector>

namespace realm {

// One layer's intermediates for the new tokens of a forwardLayer call, row-major with the
// token index outermost. Filled only when the caller passes a capture (costs copies).
struct LayerCapture {
    int64_t layer = -1;
    int64_t nTokens = 0;
    int64_t nKeys = 0; // keys visible to the last token (cache length after this call)
    std::vector<int32_t> positions;

    std::vector<float>
        attnNorm; // [nTokens × nEmbd]   RMSNorm(x) · attn_norm (x itself for olmo2, which has no pre-norm)
    std::vector<float> q; // [nTokens × nHead × headDim]   after bias, q-norm and RoPE
    std::vector<float> k; // [nTokens × nHeadKv × headDim] after bias, k-norm and RoPE
    std::vector<float> v; // [nTokens × nHeadKv × headDim]
    std::vector<float>
        attnProbs; // [nHead × nTokens × nKeys] softmax rows; masked keys (causal, sliding window) are 0
    std::vector<float> attnOut;  // [nTokens × nHead × headDim]   Σ p·v, heads concatenated (before Wo)
    std::vector<float> attnProj; // [nTokens × nEmbd]   Wo · attnOut (+ bias)
    std::vector<float>
        attnPost; // [nTokens × nEmbd]   what the residual receives when it is not attnProj:
                  //                     post-attention norm (gemma2/3), residual scale (granite); else empty
    std::vector<float> residAttn; // [nTokens × nEmbd]   x + attnProj (or + attnPost)
    std::vector<float> ffnNorm;   // [nTokens × nEmbd]
    std::vector<float> gate;      // [nTokens × nFf]
    std::vector<float> up;        // [nTokens × nFf]
    std::vector<float> act;       // [nTokens × nFf]     silu(gate) ⊙ up, or gelu_tanh(gate) ⊙ up (gemma)
    std::vector<float> down;      // [nTokens × nEmbd]
    std::vector<float> ffnPost;   // [nTokens × nEmbd]   like attnPost, for the FFN branch; else empty
    std::vector<float> residOut;  // [nTokens × nEmbd]   residAttn + down (or + ffnPost)
};

} // namespace realm
