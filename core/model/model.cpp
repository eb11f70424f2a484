#include "model/model.h"

#include "gguf/gguf_file.h"
#include "util/error.h"

namespace realm {

// Binds tensors by name, checking type support and shape; every error names the tensor.
class ModelBinder {
public:
    ModelBinder(Model& m, const GgufFile& f) : m_(m), f_(f) {}

    const GgufTensorInfo* find(const std::string& name, bool required) {
        const GgufTensorInfo* t = f_.findTensor(name);
        if (!t && required)
            throw Error(f_.path() + ": missing tensor " + name + " (needed by architecture " + m_.hp_.archName + ")");
        return t;
    }

    WeightView matrix(const std::string& name, int64_t cols, int64_t rows, bool required = true) {
        const GgufTensorInfo* t = find(name, required);
        if (!t) return WeightView{GgmlType::F32, nullptr, 0, 0};
        if (t->nDims != 2 || t->ne[0] != cols || t->ne[1] != rows)
            throw Error(f_.path() + ": tensor " + name + " has shape " + t->shapeString() + ", expected [" +
                        std::to_string(cols) + ", " + std::to_string(rows) + "]");
        if (!typeTraits(t->type).dequantize)
            throw Error(f_.path() + ": tensor " + name + " has type " + typeName(t->type) + ", which cannot be computed with");
        m_.weightBytes_ += t->bytes;
        return WeightView{t->type, t->data, rows, cols};
    }

    VectorView vector(const std::string& name, int64_t n, bool required = true) {
        const GgufTensorInfo* t = find(name, required);
        if (!t) return {};
        if (t->elements() != n || t->ne[0] != n)
            throw Error(f_.path() + ": tensor " + name + " has shape " + t->shapeString() + ", expected [" +
                        std::to_string(n) + "]");
        m_.weightBytes_ += t->bytes;
        if (t->type == GgmlType::F32) {
            // The mapping is aligned (GGUF alignment ≥ 4), so a float view is fine.
            return VectorView{reinterpret_cast<const float*>(t->data), n};
        }
        if (!typeTraits(t->type).dequantize)
            throw Error(f_.path() + ": tensor " + name + " has type " + typeName(t->type) + ", which cannot be computed with");
        auto& copy = m_.converted_.emplace_back(static_cast<size_t>(n));
        dequantizeRows(t->type, t->data, copy.data(), n, 1);
        return VectorView{copy.data(), n};
    }

private:
    Model& m_;
    const GgufFile& f_;
};

std::shared_ptr<const Model> Model::load(const std::string& path) { return fromFile(GgufFile::open(path)); }

std::shared_ptr<const Model> Model::fromFile(std::shared_ptr<const GgufFile> file) {
    std::shared_ptr<Model> m(new Model());
    m->file_ = file;
    m->hp_ = HParams::fromGguf(*file);
    const HParams& hp = m->hp_;
    ModelBinder b(*m, *file);

    m->tokEmbd_ = b.matrix("token_embd.weight", hp.nEmbd, hp.nVocab);
    m->outputNorm_ = b.vector("output_norm.weight", hp.nEmbd);
    m->output_ = b.matrix("output.weight", hp.nEmbd, hp.nVocab, false);
    m->tied_ = m->output_.data == nullptr;
    if (m->tied_) m->output_ = m->tokEmbd_;

    const bool biases = hp.arch == Architecture::Qwen2;
    const bool qkNorm = hp.arch == Architecture::Qwen3;
    m->layers_.resize(static_cast<size_t>(hp.nLayer));
    for (int64_t i = 0; i < hp.nLayer; ++i) {
        LayerWeights& l = m->layers_[static_cast<size_t>(i)];
        const std::string p = "blk." + std::to_string(i) + ".";
        l.attnNorm = b.vector(p + "attn_norm.weight", hp.nEmbd);
        l.wq = b.matrix(p + "attn_q.weight", hp.nEmbd, hp.qDim());
        l.wk = b.matrix(p + "attn_k.weight", hp.nEmbd, hp.kvDim());
        l.wv = b.matrix(p + "attn_v.weight", hp.nEmbd, hp.kvDim());
        l.wo = b.matrix(p + "attn_output.weight", hp.qDim(), hp.nEmbd);
        // Biases are required for qwen2 and honoured when present elsewhere.
        l.bq = b.vector(p + "attn_q.bias", hp.qDim(), biases);
        l.bk = b.vector(p + "attn_k.bias", hp.kvDim(), biases);
        l.bv = b.vector(p + "attn_v.bias", hp.kvDim(), biases);
        l.qNorm = b.vector(p + "attn_q_norm.weight", hp.headDim, qkNorm);
        l.kNorm = b.vector(p + "attn_k_norm.weight", hp.headDim, qkNorm);
        l.ffnNorm = b.vector(p + "ffn_norm.weight", hp.nEmbd);
        l.gate = b.matrix(p + "ffn_gate.weight", hp.nEmbd, hp.nFf);
        l.up = b.matrix(p + "ffn_up.weight", hp.nEmbd, hp.nFf);
        l.down = b.matrix(p + "ffn_down.weight", hp.nFf, hp.nEmbd);
    }
    return m;
}

} // namespace realm
