#pragma once
#include <string>
#include <string_view>

namespace realm {

// The model families the forward pass implements. Everything else can still be
// inspected (metadata, tensors, dequant) but not run.
enum class Architecture {
    Llama,
    Mistral3,
    Granite,
    SmolLM3,
    Qwen2,
    Qwen3,
    Qwen3Moe,
    Gemma,
    Gemma2,
    Gemma3,
    Phi3,
    Olmo2
};

// How RoPE pairs the dimensions of a head: Normal rotates (2i, 2i+1) (GPT-J style, what
// llama GGUFs expect); Neox rotates (i, i + headDim/2).
enum class RopeLayout { Normal, Neox };

// The gated FFN's activation: silu(gate)·up (SwiGLU) or gelu_tanh(gate)·up (GeGLU).
enum class Activation { Silu, GeluTanh };

// What a family's layer graph needs beyond the llama baseline, as llama.cpp builds it. Read
// once at load into HParams/LayerWeights; the forward pass only looks at those.
struct ArchTraits {
    Architecture arch;
    const char* name;
    RopeLayout rope;
    Activation act;
    bool qkvBiases;      // q/k/v biases required (qwen2); elsewhere honoured when present
    bool qkNorm;         // per-head q/k RMSNorm weights required
    bool postNorms;      // attn_post_norm / ffn_post_norm after the attention and FFN outputs
    bool embedScaleSqrt; // embeddings multiplied by sqrt(n_embd) (gemma family)
    bool ropeFactors;    // rope_freqs / rope_factors_{long,short} honoured
    bool fusedGateUp;    // ffn_up holds [gate; up] rows and there is no ffn_gate (phi3)
    bool preNorms;       // attn_norm / ffn_norm before the blocks (olmo2 has only the post-norms)
    bool qkNormFull;     // q/k norms span all heads (n_head·head_dim) instead of one head (olmo2)
};

// Throws realm::Error naming `name` and the supported architectures.
Architecture architectureFromName(std::string_view name, std::string_view fileForErrors);
const char* architectureName(Architecture a);
std::string supportedArchitectures(); // "llama, mistral3, ..."
const ArchTraits& archTraits(Architecture a);
RopeLayout ropeLayoutOf(Architecture a);

} // namespace realm
