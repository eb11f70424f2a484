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
            throw Error(f_.path() + ": missing tensor " + name + " (needed by architecture " +
                        m_.hp_.archName + ")");
        return t;
    }

    WeightView matrix(const std::string& name, int64_t cols, int64_t rows, bool required = true) {
        const GgufTensorInfo* t = find(name, required);
        if (!t) return WeightView{GgmlType::F32, nullptr, 0, 0};
        if (t->nDims != 2 || t->ne[0] != cols || t->ne[1] != rows)
            throw Error(f_.path() + ": tensor " + name + " has shape " + t->shapeString() + ", expected [" +
                        std::to_string(cols) + ", " + std::to_string(rows) + "]");
        if (!typeTraits(t->type).dequantize)
            throw Error(f_.path() + ": tensor " + name + " has type " + typeName(t->type) +
                        ", which cannot be computed with");
        m_.weightBytes_ += t->bytes;
        return WeightView{t->type, t->data, rows, cols};
    }

    // A [cols, rows, n] stack of n matrices, returned as a view of the first (see expertOf).
    WeightView stack(const std::string& name, int64_t cols, int64_t rows, int64_t n) {
        const GgufTensorInfo* t = find(name, true);
        if (t->nDims != 3 || t->ne[0] != cols || t->ne[1] != rows || t->ne[2] != n)
            throw Error(f_.path() + ": tensor " + name + " has shape " + t->shapeString() + ", expected [" +
                        std::to_string(cols) + ", " + std::to_string(rows) + ", " + std::to_string(n) + "]");
        if (!typeTraits(t->type).dequantize)
            throw Error(f_.path() + ": tensor " + name + " has type " + typeName(t->type) +
                        ", which cannot be computed with");
        m_.weightBytes_ += t->bytes;
        return WeightView{t->type, t->data, rows, cols};
    }

    // Rows [first, first + count) of a bound matrix.
    static WeightView rowsOf(const WeightView& w, int64_t first, int64_t count) {
        return WeightView{w.type, static_cast<const uint8_t*>(w.data) + first * rowBytes(w.type, w.cols),
                          count, w.cols};
    }
    static VectorView partOf(const VectorView& v, int64_t first, int64_t count) {
        return v ? VectorView{v.data + first, count} : VectorView{};
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
            throw Error(f_.path() + ": tensor " + name + " has type " + typeName(t->type) +
                        ", which cannot be computed with");
        auto& copy = m_.converted_.emplace_back(static_cast<size_t>(n));
        dequantizeRows(t->type, t->data, copy.data(), n, 1);
        return VectorView{copy.data(), n};
    }

  private:
    Model& m_;
    const GgufFile& f_;
};

std::shared_ptr<const Model> Model::load(const std::string& path) {
    return fromFile(GgufFile::open(path));
}

std::shared_ptr<const Model> Model::fromFile(std::shared_ptr<const GgufFile> file) {
    std::shared_ptr<Model> m(new Model());
    m->file_ = file;
    m->hp_ = HParams::fromGguf(*file);
    const HParams& hp = m->hp_;
    ModelBinder b(*m, *file);

    m->tokEmbd_ = b.matrix("token_embd.weight", hp.nEmbd, hp.nVocab);
    m->outputNorm_ = b.vector("output_norm.weight", hp.nEmbd);
    // gemma and gemma2 always reuse the embedding as the LM head (llama.cpp ignores output.weight).
    const bool alwaysTied = hp.arch == Architecture::Gemma || hp.arch == Architecture::Gemma2;
    if (!alwaysTied) m->output_ = b.matrix("output.weight", hp.nEmbd, hp.nVocab, false);
    m->tied_ = m->output_.data == nullptr;
    if (m->tied_) m->output_ = m->tokEmbd_;

    const ArchTraits& traits = archTraits(hp.arch);
    if (traits.ropeFactors) {
        // llama.cpp loads the long/short pair only for longrope files (phi3 always) and
        // rope_freqs otherwise; the other tensors are ignored like there.
        const int64_t n = hp.nRot / 2;
        if (hp.longRope || hp.arch == Architecture::Phi3) {
            m->ropeLong_ = b.vector("rope_factors_long.weight", n, false);
            m->ropeShort_ = b.vector("rope_factors_short.weight", n, false);
        } else {
            m->ropeFreqs_ = b.vector("rope_freqs.weight", n, false);
        }
    }

    const int64_t Q = hp.qDim(), K = hp.kvDim();
    m->layers_.resize(static_cast<size_t>(hp.nLayer));
    for (int64_t i = 0; i < hp.nLayer; ++i) {
        LayerWeights& l = m->layers_[static_cast<size_t>(i)];
        const std::string p = "blk." + std::to_string(i) + ".";
        if (traits.preNorms) l.attnNorm = b.vector(p + "attn_norm.weight", hp.nEmbd);
        // As llama.cpp's create_tensor_qkv: a fused attn_qkv (rows q, k, v) wins when present.
        if (b.find(p + "attn_qkv.weight", false)) {
            const WeightView qkv = b.matrix(p + "attn_qkv.weight", hp.nEmbd, Q + 2 * K);
            l.wq = ModelBinder::rowsOf(qkv, 0, Q);
            l.wk = ModelBinder::rowsOf(qkv, Q, K);
            l.wv = ModelBinder::rowsOf(qkv, Q + K, K);
            const VectorView bias = b.vector(p + "attn_qkv.bias", Q + 2 * K, traits.qkvBiases);
            l.bq = ModelBinder::partOf(bias, 0, Q);
            l.bk = ModelBinder::partOf(bias, Q, K);
            l.bv = ModelBinder::partOf(bias, Q + K, K);
        } else {
            l.wq = b.matrix(p + "attn_q.weight", hp.nEmbd, Q);
            l.wk = b.matrix(p + "attn_k.weight", hp.nEmbd, K);
            l.wv = b.matrix(p + "attn_v.weight", hp.nEmbd, K);
            l.bq = b.vector(p + "attn_q.bias", Q, traits.qkvBiases);
            l.bk = b.vector(p + "attn_k.bias", K, traits.qkvBiases);
            l.bv = b.vector(p + "attn_v.bias", K, traits.qkvBiases);
        }
        l.wo = b.matrix(p + "attn_output.weight", Q, hp.nEmbd);
        l.bo = b.vector(p + "attn_output.bias", hp.nEmbd, false);
        l.qNorm = b.vector(p + "attn_q_norm.weight", traits.qkNormFull ? Q : hp.headDim, traits.qkNorm);
        l.kNorm = b.vector(p + "attn_k_norm.weight", traits.qkNormFull ? K : hp.headDim, traits.qkNorm);
        if (traits.postNorms) {
            l.attnPostNorm = b.vector(p + "post_attention_norm.weight", hp.nEmbd);
            l.ffnPostNorm = b.vector(p + "post_ffw_norm.weight", hp.nEmbd);
        }
        if (traits.preNorms) l.ffnNorm = b.vector(p + "ffn_norm.weight", hp.nEmbd);
        if (hp.nExpert > 0) {
            // Mixtral-style llama files and qwen3moe: a softmax router over stacked SwiGLU experts.
            l.nExpert = hp.nExpert;
            l.gateInp = b.matrix(p + "ffn_gate_inp.weight", hp.nEmbd, hp.nExpert);
            l.gateExps = b.stack(p + "ffn_gate_exps.weight", hp.nEmbd, hp.nFfExp, hp.nExpert);
            l.upExps = b.stack(p + "ffn_up_exps.weight", hp.nEmbd, hp.nFfExp, hp.nExpert);
            l.downExps = b.stack(p + "ffn_down_exps.weight", hp.nFfExp, hp.nEmbd, hp.nExpert);
            continue;
        }
        if (traits.fusedGateUp) {
            // Phi-3: ffn_up is [gate; up]; ggml's swiglu takes the first half as the gate.
            const WeightView gateUp = b.matrix(p + "ffn_up.weight", hp.nEmbd, 2 * hp.nFf);
            l.gate = ModelBinder::rowsOf(gateUp, 0, hp.nFf);
            l.up = ModelBinder::rowsOf(gateUp, hp.nFf, hp.nFf);
        } else {
            l.gate = b.matrix(p + "ffn_gate.weight", hp.nEmbd, hp.nFf);
            l.up = b.matrix(p + "ffn_up.weight", hp.nEmbd, hp.nFf);
            l.bGate = b.vector(p + "ffn_gate.bias", hp.nFf, false);
            l.bUp = b.vector(p + "ffn_up.bias", hp.nFf, false);
        }
        l.down = b.matrix(p + "ffn_down.weight", hp.nFf, hp.nEmbd);
        l.bDown = b.vector(p + "ffn_down.bias", hp.nEmbd, false);
    }
    return m;
}

const float* Model::ropeFactors(int64_t contextLength) const {
    if (ropeFreqs_) return ropeFreqs_.data;
    return contextLength > hp_.nCtxOrigYarn ? ropeLong_.data : ropeShort_.data;
}

} // namespace realm
