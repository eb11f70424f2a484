#include "model/hparams.h"

#include "gguf/gguf_file.h"
#include "util/error.h"

#include <cmath>

namespace realm {

namespace {
class KeyReader {
  public:
    KeyReader(const GgufFile& f, std::string prefix) : f_(f), prefix_(std::move(prefix)) {}

    std::string key(const char* suffix) const { return prefix_ + suffix; }
    bool has(const char* suffix) const { return f_.find(key(suffix)) != nullptr; }
    int64_t required(const char* suffix) const {
        const std::string k = key(suffix);
        const GgufValue* v = f_.find(k);
        if (!v) throw Error(f_.path() + ": missing metadata key " + k);
        if (!v->isNumber()) throw Error(f_.path() + ": metadata key " + k + " is not a number");
        return positive(k, v->toInt());
    }
    int64_t optional(const char* suffix, int64_t fallback) const {
        const std::string k = key(suffix);
        const GgufValue* v = f_.find(k);
        if (!v) return fallback;
        if (!v->isNumber()) throw Error(f_.path() + ": metadata key " + k + " is not a number");
        return positive(k, v->toInt());
    }
    double real(const char* suffix, double fallback) const {
        const std::string k = key(suffix);
        const GgufValue* v = f_.find(k);
        if (!v) return fallback;
        if (!v->isNumber() || !std::isfinite(v->toDouble()))
            throw Error(f_.path() + ": metadata key " + k + " is not a finite number");
        return v->toDouble();
    }
    double requiredReal(const char* suffix) const {
        if (!has(suffix)) throw Error(f_.path() + ": missing metadata key " + key(suffix));
        return real(suffix, 0.0);
    }
    bool boolean(const char* suffix, bool fallback) const {
        const GgufValue* v = f_.find(key(suffix));
        if (!v) return fallback;
        if (v->isArray() || v->isString())
            throw Error(f_.path() + ": metadata key " + key(suffix) + " is not a boolean");
        return v->toBool();
    }
    std::string string(const char* suffix) const { return f_.getString(prefix_ + suffix); }
    // Keys llama.cpp reads for features this engine does not implement: refuse rather than
    // compute something else.
    void unsupported(const char* suffix, const char* what) const {
        if (has(suffix))
            throw Error(f_.path() + ": metadata key " + key(suffix) + " (" + what + ") is not supported");
    }

  private:
    int64_t positive(const std::string& k, int64_t v) const {
        // Bounds keep every later size computation far from overflow.
        if (v <= 0 || v > (int64_t(1) << 24))
            throw Error(f_.path() + ": metadata key " + k + " has invalid value " + std::to_string(v));
        return v;
    }
    const GgufFile& f_;
    std::string prefix_;
};

void check(bool ok, const GgufFile& f, const std::string& what) {
    if (!ok) throw Error(f.path() + ": inconsistent hyperparameters: " + what);
}

// YaRN ramp bounds as ggml_rope_yarn_corr_dims computes them.
void yarnCorrDims(RopeParams& r, int64_t nRot, int64_t nCtxOrig, double betaFast, double betaSlow) {
    const auto dim = [&](double nRotations) {
        return static_cast<double>(nRot) * std::log(static_cast<double>(nCtxOrig) / (nRotations * 2 * M_PI)) /
               (2 * std::log(r.freqBase));
    };
    r.corrLow = std::max(0.0, std::floor(dim(betaFast)));
    r.corrHigh = std::min(static_cast<double>(nRot - 1), std::ceil(dim(betaSlow)));
}

// RoPE scaling as llama.cpp resolves it (llama_model::load_hparams + llama_context): the type
// defaults to linear, the factor gives freq_scale, YaRN adds the ramp and the magnitude.
void readRope(HParams& hp, const KeyReader& k, const GgufFile& f) {
    RopeParams& r = hp.rope;
    r.freqBase = k.real("rope.freq_base", 10000.0);
    std::string type = k.string("rope.scaling.type");
    if (type.empty()) type = "linear";
    double factor = k.real("rope.scaling.factor", 0.0);
    if (!k.has("rope.scaling.factor")) factor = k.real("rope.scale_linear", 0.0);
    if (factor < 0) throw Error(f.path() + ": " + k.key("rope.scaling.factor") + " is negative");
    r.freqScale = factor == 0.0 ? 1.0 : 1.0 / factor;
    hp.nCtxOrigYarn = k.optional("rope.scaling.original_context_length", hp.nCtxTrain);
    const double attnFactor = k.real("rope.scaling.attn_factor", 1.0);

    if (type == "none") {
        r.freqScale = 1.0;
    } else if (type == "longrope") {
        hp.longRope = true;
    } else if (type != "linear" && type != "yarn") {
        throw Error(f.path() + ": " + k.key("rope.scaling.type") + " '" + type +
                    "' is not supported (supported: none, linear, yarn, longrope)");
    }
    r.magnitude = attnFactor;
    if (type == "yarn") {
        r.extFactor = 1.0;
        const double s = 1.0 / r.freqScale;
        const auto mscale = [s](double m) { return s <= 1.0 ? 1.0 : 0.1 * m * std::log(s) + 1.0; };
        // Of the families here only mistral3's loader reads the YaRN tuning keys.
        const bool yarnKeys = hp.arch == Architecture::Mistral3;
        const double logMul = yarnKeys ? k.real("rope.scaling.yarn_log_multiplier", 0.0) : 0.0;
        // llama_context divides out the 1 + 0.1·ln(s) that ggml's rope multiplies back in.
        double m = logMul != 0.0 ? mscale(1.0) / mscale(logMul) : mscale(1.0);
        m /= 1.0 + 0.1 * std::log(s);
        m *= 1.0 + 0.1 * std::log(s);
        r.magnitude = m * attnFactor;
        hp.yarnBetaFast = yarnKeys ? k.real("rope.scaling.yarn_beta_fast", 32.0) : 32.0;
        hp.yarnBetaSlow = yarnKeys ? k.real("rope.scaling.yarn_beta_slow", 1.0) : 1.0;
        yarnCorrDims(r, hp.nRot, hp.nCtxOrigYarn, hp.yarnBetaFast, hp.yarnBetaSlow);
    }
    hp.ropeSwa = r;
}

// Sliding-window attention: window size, which layers use it, their RoPE base.
void readSlidingWindow(HParams& hp, const KeyReader& k, const GgufFile& f, int64_t defaultWindow,
                       int64_t period, double swaBaseDefault, double swaScale) {
    const double window = k.real("attention.sliding_window", static_cast<double>(defaultWindow));
    if (window > double(int64_t(1) << 24))
        throw Error(f.path() + ": " + k.key("attention.sliding_window") + " is too large");
    hp.slidingWindow = static_cast<int64_t>(window);
    if (hp.slidingWindow <= 0) {
        hp.slidingWindow = 0;
        return;
    }
    if (const GgufValue* v = f.find(k.key("attention.sliding_window_pattern")); v && v->isArray())
        throw Error(f.path() + ": metadata key " + k.key("attention.sliding_window_pattern") +
                    " is a per-layer array, which is not supported");
    period = k.optional("attention.sliding_window_pattern", period);
    // llama_hparams::set_swa_pattern: the last layer of each period is global.
    hp.swaLayer.assign(static_cast<size_t>(hp.nLayer), 0);
    for (int64_t il = 0; il < hp.nLayer; ++il)
        hp.swaLayer[static_cast<size_t>(il)] = il % period < period - 1;
    hp.ropeSwa.freqBase = k.real("rope.freq_base_swa", swaBaseDefault);
    hp.ropeSwa.freqScale = swaScale;
    if (hp.ropeSwa.extFactor != 0.0)
        yarnCorrDims(hp.ropeSwa, hp.nRot, hp.nCtxOrigYarn, hp.yarnBetaFast, hp.yarnBetaSlow);
}

// The per-family settings of llama.cpp's load_arch_hparams and graph builders.
void readArchitecture(HParams& hp, const KeyReader& k, const GgufFile& f) {
    const double headScale = 1.0 / std::sqrt(static_cast<double>(hp.headDim));
    hp.attnScale = static_cast<float>(headScale);
    switch (hp.arch) {
    case Architecture::Llama:
    case Architecture::Qwen2:
    case Architecture::Qwen3:
    case Architecture::Qwen3Moe:
    case Architecture::Phi3:
        break;
    case Architecture::Mistral3:
        if (k.real("attention.temperature_scale", 0.0) != 0.0) {
            hp.attnTempScale = static_cast<float>(k.real("attention.temperature_scale", 0.0));
            hp.attnTempFloor = hp.nCtxOrigYarn;
        }
        break;
    case Architecture::Granite:
        hp.logitScale = static_cast<float>(1.0 / k.requiredReal("logit_scale"));
        if (k.real("residual_scale", 0.0) != 0.0)
            hp.residualScale = static_cast<float>(k.real("residual_scale", 0.0));
        if (k.real("embedding_scale", 0.0) != 0.0)
            hp.embedScale = static_cast<float>(k.real("embedding_scale", 0.0));
        if (k.real("attention.scale", 0.0) != 0.0)
            hp.attnScale = static_cast<float>(k.real("attention.scale", 0.0));
        hp.useRope = k.boolean("rope.scaling.finetuned", true);
        k.unsupported("deepstack_mapping", "Granite Vision deepstack");
        break;
    case Architecture::SmolLM3:
        hp.noRopeLayerStep = 4;
        break;
    case Architecture::Olmo2:
        readSlidingWindow(hp, k, f, 0, 4, hp.rope.freqBase, 1.0);
        if (hp.slidingWindow > 0) {
            // olmo2.cpp ropes its SWA layers with the global base and no scaling at all (Olmo3).
            hp.ropeSwa = RopeParams{};
            hp.ropeSwa.freqBase = hp.rope.freqBase;
        }
        break;
    case Architecture::Gemma:
        break;
    case Architecture::Gemma2:
        hp.attnSoftcap = static_cast<float>(k.real("attn_logit_softcapping", 50.0));
        hp.finalSoftcap = static_cast<float>(k.real("final_logit_softcapping", 30.0));
        readSlidingWindow(hp, k, f, 4096, 2, hp.rope.freqBase, hp.rope.freqScale);
        // gemma_pytorch: the 27B model (46 layers) scales by n_embd / n_head instead of head_dim.
        if (hp.nLayer == 46) hp.attnScale = static_cast<float>(1.0 / std::sqrt(double(hp.nEmbd / hp.nHead)));
        break;
    case Architecture::Gemma3:
        hp.finalSoftcap = static_cast<float>(k.real("final_logit_softcapping", 0.0));
        // llama.cpp keeps its own defaults for SWA layers here: base 10000, no scaling.
        readSlidingWindow(hp, k, f, 0, 6, 10000.0, 1.0);
        if (hp.nLayer == 62) hp.attnScale = static_cast<float>(1.0 / std::sqrt(double(hp.nEmbd / hp.nHead)));
        break;
    }
    if (archTraits(hp.arch).embedScaleSqrt)
        hp.embedScale = static_cast<float>(std::sqrt(static_cast<float>(hp.nEmbd)));
    // Keys a family's llama.cpp loader does not read (e.g. Phi-3's sliding_window, which
    // llama.cpp disables) are ignored here too, so the numbers stay llama.cpp's.
}
// Mixture of experts as llama.cpp's loaders read it: expert_count / expert_used_count for any
// family (only llama and qwen3moe build an MoE graph), qwen3moe's own expert width.
void readExperts(HParams& hp, const KeyReader& k, const GgufFile& f) {
    const bool moeArch = hp.arch == Architecture::Llama || hp.arch == Architecture::Qwen3Moe;
    hp.nExpert = k.has("expert_count") && k.real("expert_count", 0.0) != 0.0 ? k.required("expert_count") : 0;
    hp.nExpertUsed = k.has("expert_used_count") && k.real("expert_used_count", 0.0) != 0.0
                         ? k.required("expert_used_count")
                         : 0;
    if (hp.arch == Architecture::Qwen3Moe)
        check(hp.nExpert > 0 && hp.nExpertUsed > 0, f,
              "qwen3moe needs expert_count and expert_used_count > 0");
    if (!moeArch || hp.nExpert == 0) {
        // Other families' graphs are dense whatever the keys say, as in llama.cpp.
        hp.nExpert = 0;
        hp.nExpertUsed = 0;
        return;
    }
    check(hp.nExpert <= 512, f, "expert_count " + std::to_string(hp.nExpert) + " exceeds 512");
    check(hp.nExpertUsed > 0 && hp.nExpertUsed <= hp.nExpert, f,
          "expert_used_count " + std::to_string(hp.nExpertUsed) + " must be in 1.." +
              std::to_string(hp.nExpert));
    hp.nFfExp = hp.nFf;
    if (hp.arch == Architecture::Qwen3Moe)
        hp.nFfExp = k.optional("expert_feed_forward_length", hp.nFf / hp.nExpertUsed);
    check(hp.nFfExp > 0, f, "expert feed-forward length is 0");
}
} // namespace

HParams HParams::fromGguf(const GgufFile& f) {
    HParams hp;
    hp.archName = f.architecture();
    hp.arch = architectureFromName(hp.archName, f.path());
    const ArchTraits& traits = archTraits(hp.arch);
    hp.ropeLayout = traits.rope;
    hp.act = traits.act;
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
    hp.rmsEps = static_cast<float>(k.real("attention.layer_norm_rms_epsilon", 1e-5));
    check(hp.nRot % 2 == 0 && hp.nRot <= hp.headDim, f,
          "rope.dimension_count " + std::to_string(hp.nRot) + " must be even and <= head dimension " +
              std::to_string(hp.headDim));
    readRope(hp, k, f);
    readArchitecture(hp, k, f);
    readExperts(hp, k, f);

    if (const GgufValue* v = f.find(hp.archName + ".vocab_size"); v && v->isNumber())
        hp.nVocab = v->toInt();
    else if (const GgufValue* t = f.find("tokenizer.ggml.tokens"); t && t->isArray())
        hp.nVocab = static_cast<int64_t>(t->size());
    else if (const GgufTensorInfo* e = f.findTensor("token_embd.weight"))
        hp.nVocab = e->ne[1];

    check(hp.nVocab > 0, f,
          "vocabulary size unknown (no vocab_size, tokenizer.ggml.tokens or token_embd.weight)");
    check(hp.nHead % hp.nHeadKv == 0, f,
          "head_count " + std::to_string(hp.nHead) + " is not a multiple of head_count_kv " +
              std::to_string(hp.nHeadKv));
    check(valueLength == hp.headDim, f, "attention.value_length differs from key_length (not supported)");
    check(hp.headDim % 2 == 0, f, "head dimension " + std::to_string(hp.headDim) + " is odd");
    check(hp.rmsEps > 0, f, "layer_norm_rms_epsilon must be positive");
    check(hp.rope.freqBase > 0 && hp.ropeSwa.freqBase > 0, f, "rope.freq_base must be positive");
    check(std::isfinite(hp.logitScale) && hp.logitScale != 0, f, "logit_scale must be finite and non-zero");
    check(hp.attnSoftcap >= 0 && hp.finalSoftcap >= 0, f, "soft-capping values must not be negative");
    return hp;
}

} // namespace realm
