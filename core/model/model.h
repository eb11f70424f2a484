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

struct LayerWeights {
    VectorView attnNorm;
    WeightView wq{}, wk{}, wv{}, wo{};
    VectorView bq, bk, bv;         // qwen2 only
    VectorView qNorm, kNorm;       // qwen3 only: per-head RMSNorm weights, size headDim
    VectorView ffnNorm;
    WeightView gate{}, up{}, down{};
};

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
    std::vector<LayerWeights> layers_;
    std::vector<std::vector<float>> converted_; // 1-D tensors stored as F16/BF16, as f32
    uint64_t weightBytes_ = 0;
    friend class ModelBinder;
};

} // namespace realm
