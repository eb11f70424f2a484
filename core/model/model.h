#pragma once
#include "compute/matmul.h"
#include "model/hparams.h"

#include <memory>
#include <string>
#include <vector>

namespace realm {

class GgufFile;

// A 1-D f32 vector from the mapping (norm weights, biases); data == nullptr when absent.
struct VectorView {
    const float* data = nullptr;
    int64_t size = 0;
    explicit operator bool() const { return data != nullptr; }
};

// A fused attn_qkv (or phi3's [gate; up] ffn_up) is bound as row ranges of the one tensor,
// so the forward pass never sees the difference.
struct LayerWeights {
    VectorView attnNorm; // absent for olmo2 (no pre-norm: the block reads the residual)
    WeightView wq{}, wk{}, wv{}, wo{};
    VectorView bq, bk, bv, bo; // required for qwen2, honoured when present elsewhere
    VectorView qNorm, kNorm;   // qwen3/gemma3: per-head RMSNorm weights, size headDim; olmo2: over all heads
    VectorView attnPostNorm;   // gemma2/3: RMSNorm of the attention output before the residual add
    VectorView ffnNorm;
    WeightView gate{}, up{}, down{};
    VectorView bGate, bUp, bDown; // optional FFN biases
    VectorView ffnPostNorm;       // gemma2/3
    // Mixture of experts (nExpert > 0): the router [nEmbd → nExpert] and the experts' stacked
    // matrices; each view covers expert 0 (rows = one expert's rows), expert e follows at
    // e · rows rows (see expertOf). gate/up/down above are then empty.
    int64_t nExpert = 0;
    WeightView gateInp{}, gateExps{}, upExps{}, downExps{};
};

// Expert e of a stacked expert view.
inline WeightView expertOf(const WeightView& w, int64_t e) {
    return WeightView{w.type, static_cast<const uint8_t*>(w.data) + e * w.rows * rowBytes(w.type, w.cols),
                      w.rows, w.cols};
}

// A runnable model: hyperparameters plus every weight bound by name to a view into
// the GGUF mapping (nothing copied or dequantized). Immutable, shareable across threads.
class Model {
  public:
    // Throws realm::Error: unsupported architecture (naming it and the supported ones),
    // missing tensor or wrong shape (naming the tensor, expected and actual shape).
    static std::shared_ptr<const Model> load(const std::string& path);
    static std::shared_ptr<const Model> fromFile(std::shared_ptr<const GgufFile> file);

    const HParams& hparams() const { return hp_; }
    const GgufFile& file() const { return *file_; }
    std::shared_ptr<const GgufFile> fileShared() const { return file_; }

    const WeightView& tokenEmbedding() const { return tokEmbd_; }
    const WeightView& output() const { return output_; } // token_embd when tied
    bool tiedOutput() const { return tied_; }
    const VectorView& outputNorm() const { return outputNorm_; }
    // RoPE frequency divisors (nRot/2) for a session of `contextLength` tokens, as llama.cpp's
    // get_rope_factors picks them: rope_freqs (llama3), else rope_factors_long when the
    // context exceeds the original one, else rope_factors_short; nullptr when none.
    const float* ropeFactors(int64_t contextLength) const;
    const LayerWeights& layer(int64_t i) const { return layers_[static_cast<size_t>(i)]; }
    int64_t layerCount() const { return static_cast<int64_t>(layers_.size()); }

    uint64_t weightBytes() const { return weightBytes_; } // bytes of all bound tensors (in the mapping)

  private:
    Model() = default;
    std::shared_ptr<const GgufFile> file_;
    HParams hp_;
    WeightView tokEmbd_{}, output_{};
    bool tied_ = false;
    VectorView outputNorm_;
    VectorView ropeFreqs_, ropeLong_, ropeShort_;
    std::vector<LayerWeights> layers_;
    std::vector<std::vector<float>> converted_; // 1-D tensors stored as F16/BF16, as f32
    uint64_t weightBytes_ = 0;
    friend class ModelBinder;
};

} // namespace realm
