#include "synth/synthetic_model.h"

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "quant/float_formats.h"
#include "quant/random_blocks.h"
#include "synth/synthetic_vocab.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <thread>

namespace realm {

namespace {
const std::vector<SynthPreset>& presets() {
    static const std::vector<SynthPreset> p = {
        // The conformance fixtures' s64 shape.
        {"tiny", 64, 2, 4, 2, 192, 512, 259, 10000.f, 1e-5f},
        {"tinyllama-1.1b", 2048, 22, 32, 4, 5632, 2048, 32000, 10000.f, 1e-5f},
        // Meta's Llama-3 shapes (config.json of Meta-Llama-3-8B / -70B).
        {"llama3-8b", 4096, 32, 32, 8, 14336, 8192, 128256, 500000.f, 1e-5f},
        {"llama3-70b", 8192, 80, 64, 8, 28672, 8192, 128256, 500000.f, 1e-5f},
    };
    return p;
}

struct MixInfo {
    const char* name;
    SynthMix mix;
    uint32_t fileType; // llama_ftype
};
constexpr MixInfo kMixes[] = {
    {"f32", SynthMix::F32, 0},        {"f16", SynthMix::F16, 1},        {"bf16", SynthMix::BF16, 32},
    {"q8_0", SynthMix::Q8_0, 7},      {"q4_0", SynthMix::Q4_0, 2},      {"q4_1", SynthMix::Q4_1, 3},
    {"q5_0", SynthMix::Q5_0, 8},      {"q5_1", SynthMix::Q5_1, 9},      {"iq4_nl", SynthMix::IQ4_NL, 25},
    {"iq4_xs", SynthMix::IQ4_XS, 30}, {"q4_k_m", SynthMix::Q4_K_M, 15}, {"q6_k", SynthMix::Q6_K, 18},
};

// llama-quantize's fallback when a row is not a multiple of the block size.
GgmlType fallback(GgmlType t, int64_t rowLength) {
    if (rowLength % typeTraits(t).blockSize == 0) return t;
    const GgmlType f = t == GgmlType::IQ4_XS ? GgmlType::IQ4_NL
                       : t == GgmlType::Q4_K ? GgmlType::Q5_0
                       : t == GgmlType::Q5_K ? GgmlType::Q5_1
                       : t == GgmlType::Q6_K ? GgmlType::Q8_0
                                             : GgmlType::F16;
    return rowLength % typeTraits(f).blockSize == 0 ? f : GgmlType::F16;
}

// llama-quantize's "use more bits" layers: the first and last eighth, every third between.
bool useMoreBits(int layer, int nLayer) {
    return layer < nLayer / 8 || layer >= 7 * nLayer / 8 || (layer - nLayer / 8) % 3 == 2;
}

// Counter-based generator: each row has its own stream, so the output does not depend
// on how rows are split among threads (splitmix64 + Box-Muller; libstdc++'s
// normal_distribution is not stable across versions).
struct RowRng {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; } // [0, 1)
};

void fillGaussian(float* out, int64_t n, uint64_t seed, double mean, double std) {
    RowRng rng{seed};
    for (int64_t i = 0; i < n; i += 2) {
        const double r = std::sqrt(-2.0 * std::log(1.0 - rng.uniform()));
        const double a = 6.283185307179586 * rng.uniform();
        out[i] = static_cast<float>(mean + std * r * std::cos(a));
        if (i + 1 < n) out[i + 1] = static_cast<float>(mean + std * r * std::sin(a));
    }
}

// FNV-1a: a name hash that is the same everywhere (std::hash is not specified).
uint64_t nameHash(const std::string& s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s)
        h = (h ^ c) * 0x100000001b3ull;
    return h;
}

uint64_t mixSeed(uint64_t a, uint64_t b) {
    RowRng r{a * 0x2545f4914f6cdd1dull + b};
    r.next();
    return r.next();
}

struct TensorPlan {
    std::string name, role;
    int layer;
    std::vector<int64_t> ne;
    bool norm;
};

// Rows [begin, end) split over `threads` workers (rows never share bytes).
template <class F> void parallelRows(int64_t begin, int64_t end, unsigned threads, F&& work) {
    const int64_t rows = end - begin;
    const unsigned n =
        static_cast<unsigned>(std::clamp<int64_t>(std::min<int64_t>(threads, rows / 16), 1, 64));
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < n; ++i)
        pool.emplace_back(work, begin + rows * i / n, begin + rows * (i + 1) / n);
    work(begin, begin + rows / n);
    for (auto& th : pool)
        th.join();
}

// Rows [firstRow, firstRow + rows) of one tensor into dst. Float types get Gaussian values;
// quantized types random blocks whose values have the same RMS (no quantizer: an 8B file
// takes seconds, not an hour). Each row has its own stream, so the bytes do not depend
// on the chunking or the number of threads.
void fillTensorRows(const TensorPlan& t, GgmlType type, uint64_t seed, int64_t firstRow, int64_t rows,
                    uint8_t* dst, unsigned threads) {
    const int64_t rowLength = t.ne[0];
    const int64_t stride = rowBytes(type, rowLength);
    const uint64_t tensorSeed = mixSeed(seed, nameHash(t.name));
    const double mean = t.norm ? 1.0 : 0.0, std = t.norm ? 0.01 : 0.02;
    if (type == GgmlType::F32 || type == GgmlType::F16 || type == GgmlType::BF16) {
        parallelRows(firstRow, firstRow + rows, threads, [&](int64_t begin, int64_t end) {
            std::vector<float> row(static_cast<size_t>(rowLength));
            for (int64_t r = begin; r < end; ++r) {
                fillGaussian(row.data(), rowLength, mixSeed(tensorSeed, static_cast<uint64_t>(r)), mean, std);
                uint8_t* out = dst + (r - firstRow) * stride;
                if (type == GgmlType::F32)
                    std::memcpy(out, row.data(), static_cast<size_t>(stride));
                else
                    for (int64_t i = 0; i < rowLength; ++i) {
                        const float v = row[static_cast<size_t>(i)];
                        const uint16_t h = type == GgmlType::F16 ? floatToHalf(v) : floatToBf16(v);
                        std::memcpy(out + 2 * i, &h, 2);
                    }
            }
        });
        return;
    }
    const BlockScales scales = blockScalesFor(type, static_cast<float>(std));
    const int64_t blocksPerRow = rowLength / typeTraits(type).blockSize;
    parallelRows(firstRow, firstRow + rows, threads, [&](int64_t begin, int64_t end) {
        fillRandomBlocks(type, dst + (begin - firstRow) * stride, begin * blocksPerRow,
                         (end - begin) * blocksPerRow, tensorSeed, scales);
    });
}
} // namespace

const SynthPreset& synthPreset(const std::string& name) {
    for (const auto& p : presets())
        if (p.name == name) return p;
    std::string known;
    for (const auto& n : synthPresetNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown synth preset '" + name + "' (known: " + known + ")");
}

std::vector<std::string> synthPresetNames() {
    std::vector<std::string> n;
    for (const auto& p : presets())
        n.push_back(p.name);
    return n;
}

SynthMix synthMixFromName(const std::string& name) {
    for (const auto& m : kMixes)
        if (name == m.name) return m.mix;
    std::string known;
    for (const auto& n : synthMixNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown synth type mix '" + name + "' (known: " + known + ")");
}

std::vector<std::string> synthMixNames() {
    std::vector<std::string> n;
    for (const auto& m : kMixes)
        n.emplace_back(m.name);
    return n;
}

GgmlType synthTensorType(SynthMix mix, const std::string& role, int layer, int nLayer, int64_t rowLength,
                         int nGqa) {
    if (role.ends_with("_norm")) return GgmlType::F32;
    // llama-quantize treats a llama file as 70B when it has 80 layers and grouped-query attention.
    const bool llama70b = nLayer == 80 && nGqa > 1;
    // Every quantized mix here: output.weight Q6_K where its rows take it, else Q8_0.
    const auto output = [&] { return rowLength % 256 == 0 ? GgmlType::Q6_K : GgmlType::Q8_0; };
    switch (mix) {
    case SynthMix::F32:
        return GgmlType::F32;
    case SynthMix::F16:
        return GgmlType::F16;
    case SynthMix::BF16:
        return GgmlType::BF16;
    case SynthMix::Q4_1:
    case SynthMix::Q5_0:
    case SynthMix::Q5_1: {
        if (role == "output") return output();
        const GgmlType base = mix == SynthMix::Q4_1   ? GgmlType::Q4_1
                              : mix == SynthMix::Q5_0 ? GgmlType::Q5_0
                                                      : GgmlType::Q5_1;
        return fallback(base, rowLength);
    }
    case SynthMix::IQ4_NL:
    case SynthMix::IQ4_XS:
        if (role == "output") return output();
        // Without an importance matrix: attn_v (grouped-query attention) and the first eighth's ffn_down get
        // Q5_K.
        if ((role == "attn_v" && nGqa >= 4) || (role == "ffn_down" && layer < nLayer / 8))
            return fallback(GgmlType::Q5_K, rowLength);
        return fallback(mix == SynthMix::IQ4_NL ? GgmlType::IQ4_NL : GgmlType::IQ4_XS, rowLength);
    case SynthMix::Q8_0:
        return fallback(GgmlType::Q8_0, rowLength);
    case SynthMix::Q6_K:
        return fallback(GgmlType::Q6_K, rowLength);
    case SynthMix::Q4_0:
        // llama-quantize gives output.weight Q6_K in the smaller mixes (Q8_0 if rows don't fit).
        if (role == "output") return output();
        return fallback(GgmlType::Q4_0, rowLength);
    case SynthMix::Q4_K_M:
        if (role == "output") return output();
        if ((role == "attn_v" || role == "ffn_down") && useMoreBits(layer, nLayer))
            return fallback(GgmlType::Q6_K, rowLength);
        // 70B: attn_v is small next to attn_q (8 heads share it), so it gets more bits.
        if (role == "attn_v" && llama70b) return fallback(GgmlType::Q5_K, rowLength);
        return fallback(GgmlType::Q4_K, rowLength);
    }
    return GgmlType::F32;
}

SynthResult writeSyntheticModel(const SynthOptions& o, const std::string& outPath) {
    const SynthPreset& p = synthPreset(o.preset);
    GgufWriter w;
    w.addString("general.architecture", "llama");
    w.addString("general.name", "synthetic " + p.name);
    w.addUInt32("llama.context_length", static_cast<uint32_t>(p.nCtx));
    w.addUInt32("llama.embedding_length", static_cast<uint32_t>(p.nEmbd));
    w.addUInt32("llama.block_count", static_cast<uint32_t>(p.nLayer));
    w.addUInt32("llama.feed_forward_length", static_cast<uint32_t>(p.nFf));
    w.addUInt32("llama.attention.head_count", static_cast<uint32_t>(p.nHead));
    w.addUInt32("llama.attention.head_count_kv", static_cast<uint32_t>(p.nHeadKv));
    w.addFloat32("llama.rope.freq_base", p.ropeBase);
    w.addUInt32("llama.rope.dimension_count", static_cast<uint32_t>(p.nEmbd / p.nHead));
    w.addFloat32("llama.attention.layer_norm_rms_epsilon", p.rmsEps);
    uint32_t fileType = 0;
    for (const auto& m : kMixes)
        if (m.mix == o.mix) fileType = m.fileType;
    w.addUInt32("general.file_type", fileType);
    w.addUInt32("general.quantization_version", 2);

    int64_t nVocab = p.nVocab;
    if (!o.vocabPath.empty()) {
        auto vocab = GgufFile::open(o.vocabPath);
        const GgufValue* tokens = vocab->find("tokenizer.ggml.tokens");
        if (!tokens || !tokens->isArray() || tokens->size() == 0)
            throw Error(o.vocabPath + ": no tokenizer.ggml.tokens array to copy the vocabulary from");
        nVocab = static_cast<int64_t>(tokens->size());
        w.addUInt32("llama.vocab_size", static_cast<uint32_t>(nVocab));
        for (const auto& kv : vocab->metadata())
            if (kv.key.starts_with("tokenizer.")) w.addValue(kv.key, kv.value);
    } else {
        const SynthVocab v = makeSynthVocab(static_cast<int>(nVocab));
        w.addUInt32("llama.vocab_size", static_cast<uint32_t>(nVocab));
        w.addString("tokenizer.ggml.model", "llama");
        w.addStringArray("tokenizer.ggml.tokens", v.tokens);
        w.addFloat32Array("tokenizer.ggml.scores", v.scores);
        w.addInt32Array("tokenizer.ggml.token_type", v.types);
        w.addUInt32("tokenizer.ggml.unknown_token_id", 0);
        w.addUInt32("tokenizer.ggml.bos_token_id", 1);
        w.addUInt32("tokenizer.ggml.eos_token_id", 2);
        w.addBool("tokenizer.ggml.add_bos_token", true);
        w.addBool("tokenizer.ggml.add_eos_token", false);
    }

    const int64_t headDim = p.nEmbd / p.nHead, kvDim = headDim * p.nHeadKv;
    std::vector<TensorPlan> plan;
    plan.push_back({"token_embd.weight", "token_embd", -1, {p.nEmbd, nVocab}, false});
    for (int l = 0; l < p.nLayer; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        plan.push_back({b + "attn_norm.weight", "attn_norm", l, {p.nEmbd}, true});
        plan.push_back({b + "attn_q.weight", "attn_q", l, {p.nEmbd, p.nEmbd}, false});
        plan.push_back({b + "attn_k.weight", "attn_k", l, {p.nEmbd, kvDim}, false});
        plan.push_back({b + "attn_v.weight", "attn_v", l, {p.nEmbd, kvDim}, false});
        plan.push_back({b + "attn_output.weight", "attn_output", l, {p.nEmbd, p.nEmbd}, false});
        plan.push_back({b + "ffn_norm.weight", "ffn_norm", l, {p.nEmbd}, true});
        plan.push_back({b + "ffn_gate.weight", "ffn_gate", l, {p.nEmbd, p.nFf}, false});
        plan.push_back({b + "ffn_up.weight", "ffn_up", l, {p.nEmbd, p.nFf}, false});
        plan.push_back({b + "ffn_down.weight", "ffn_down", l, {p.nFf, p.nEmbd}, false});
    }
    plan.push_back({"output_norm.weight", "output_norm", -1, {p.nEmbd}, true});
    plan.push_back({"output.weight", "output", -1, {p.nEmbd, nVocab}, false});

    const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    SynthResult result;
    std::vector<GgmlType> types;
    for (const auto& t : plan) {
        types.push_back(synthTensorType(o.mix, t.role, t.layer, p.nLayer, t.ne[0], p.nHead / p.nHeadKv));
        w.declareTensor(t.name, types.back(), t.ne);
        int64_t n = 1;
        for (auto d : t.ne)
            n *= d;
        result.parameters += static_cast<uint64_t>(n);
        ++result.tensorCount;
    }
    GgufWriter::TensorFill fill;
    if (!o.sparse)
        fill = [&](size_t i, int64_t firstRow, int64_t rows, uint8_t* dst) {
            fillTensorRows(plan[i], types[i], o.seed, firstRow, rows, dst, threads);
        };
    w.write(outPath, fill);
    result.fileBytes = std::filesystem::file_size(outPath);
    return result;
}

} // namespace realm
