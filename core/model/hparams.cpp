#include "model/hparams.h"

#include "gguf/gguf_file.h"
#include "util/error.h"

#include <cmath>

namespace realm {

namespace {
class KeyReader {
public:
    KeyReader(const GgufFile& f, std::string prefix) : f_(f), prefix_(std::move(prefix)) {}

    int64_t required(const char* suffix) const {
        const std::string key = prefix_ + suffix;
        const GgufValue* v = f_.find(key);
        if (!v) throw Error(f_.path() + ": missing metadata key " + key);
        if (!v->isNumber()) throw Error(f_.path() + ": metadata key " + key + " is not a number");
        return positive(key, v->toInt());
    }
    int64_t optional(const char* suffix, int64_t fallback) const {
        const std::string key = prefix_ + suffix;
        const GgufValue* v = f_.find(key);
        if (!v) return fallback;
        if (!v->isNumber()) throw Error(f_.path() + ": metadata key " + key + " is not a number");
        return positive(key, v->toInt());
    }
    double real(const char* suffix, double fallback) const {
        const std::string key = prefix_ + suffix;
        const GgufValue* v = f_.find(key);
        if (!v) return fallback;
        if (!v->isNumber() || !std::isfinite(v->toDouble()))
            throw Error(f_.path() + ": metadata key " + key + " is not a finite number");
        return v->toDouble();
    }
    std::string string(const char* suffix) const { return f_.getString(prefix_ + suffix); }

private:
    int64_t positive(const std::string& key, int64_t v) const {
        // Bounds keep every later size computation far from overflow.
        if (v <= 0 || v > (int64_t(1) << 24))
            throw Error(f_.path() + ": metadata key " + key + " has invalid value " + std::to_string(v));
        return v;
    }
    const GgufFile& f_;
    std::string prefix_;
};

void check(bool ok, const GgufFile& f, const std::string& what) {
    if (!ok) throw Error(f.path() + ": inconsistent hyperparameters: " + what);
}
} // namespace

HParams HParams::fromGguf(const GgufFile& f) {
    HParams hp;
    hp.archName = f.architecture();
    hp.arch = architectureFromName(hp.archName, f.path());
    hp.ropeLayout = ropeLayoutOf(hp.arch);
    const KeyReader k(f, hp.archName + ".");

    hp.nEmbd = k.required("embedding_length");
    hp.nFf = k.required("feed_forward_length");
    hp.nLayer = k.required("block_count");
    hp.nHead = k.required("attention.head_count");
    hp.nHeadKv = k.optional("attention.head_count_kv", hp.nHead);
    hp.nCtxTrain = k.optional("context_length", 2048);
    hp.headDim = k.optional("attention.key_length", hp.nEmbd / hp.nHead);
    const int64_t valueLength = k.optional("attention.value_length", hp.headDim);
    hp.nRot = k.optional("rope.dimension_count", hp.headDim);
    hp.ropeFreqBase = k.real("rope.freq_base", 10000.0);
    hp.rmsEps = static_cast<float>(k.real("attention.layer_norm_rms_epsilon", 1e-5));

    const std::string scaling = k.string("rope.scaling.type");
    const double factor = k.real("rope.scaling.factor", 0.0);
    if (scaling == "linear" || (scaling.empty() && factor > 0)) {
        if (!(factor > 0)) throw Error(f.path() + ": rope.scaling.type linear needs a positive " + hp.archName + ".rope.scaling.factor");
        hp.ropeFreqScale = 1.0 / factor;
    } else if (!scaling.empty() && scaling != "none") {
        throw Error(f.path() + ": " + hp.archName + ".rope.scaling.type '" + scaling +
                    "' is not supported (supported: none, linear)");
    }

    if (const GgufValue* v = f.find(hp.archName + ".vocab_size"); v && v->isNumber())
        hp.nVocab = v->toInt();
    else if (const GgufValue* t = f.find("tokenizer.ggml.tokens"); t && t->isArray())
        hp.nVocab = static_cast<int64_t>(t->size());
    else if (const GgufTensorInfo* e = f.findTensor("token_embd.weight"))
        hp.nVocab = e->ne[1];

    check(hp.nVocab > 0, f, "vocabulary size unknown (no vocab_size, tokenizer.ggml.tokens or token_embd.weight)");
    check(hp.nHead % hp.nHeadKv == 0, f,
          "head_count " + std::to_string(hp.nHead) + " is not a multiple of head_count_kv " + std::to_string(hp.nHeadKv));
    check(valueLength == hp.headDim, f, "attention.value_length differs from key_length (not supported)");
    check(hp.headDim % 2 == 0, f, "head dimension " + std::to_string(hp.headDim) + " is odd");
    check(hp.nRot % 2 == 0 && hp.nRot <= hp.headDim, f,
          "rope.dimension_count " + std::to_string(hp.nRot) + " must be even and <= head dimension " + std::to_string(hp.headDim));
    check(hp.rmsEps > 0, f, "layer_norm_rms_epsilon must be positive");
    check(hp.ropeFreqBase > 0, f, "rope.freq_base must be positive");
    return hp;
}

} // namespace realm
