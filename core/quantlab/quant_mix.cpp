#include "quantlab/quant_mix.h"

#include "util/error.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>

namespace realm {

namespace {
enum class Category {
    Output,
    TokenEmbd,
    AttnQkv,
    AttnKvB,
    AttnV,
    AttnK,
    AttnQ,
    AttnOutput,
    FfnUp,
    FfnGate,
    FfnDown,
    Other
};

bool contains(const std::string& s, const char* part) {
    return s.find(part) != std::string::npos;
}

Category categoryOf(const std::string& name) {
    if (name == "output.weight") return Category::Output;
    if (name == "token_embd.weight" || name == "per_layer_token_embd.weight") return Category::TokenEmbd;
    const std::pair<const char*, Category> parts[] = {{"attn_qkv.weight", Category::AttnQkv},
                                                      {"attn_kv_b.weight", Category::AttnKvB},
                                                      {"attn_v.weight", Category::AttnV},
                                                      {"attn_k.weight", Category::AttnK},
                                                      {"attn_q.weight", Category::AttnQ},
                                                      {"attn_output.weight", Category::AttnOutput},
                                                      {"ffn_up", Category::FfnUp},
                                                      {"ffn_gate", Category::FfnGate},
                                                      {"ffn_down", Category::FfnDown}};
    for (const auto& [part, category] : parts)
        if (contains(name, part)) return category;
    return Category::Other;
}

bool attnVLike(Category c) {
    return c == Category::AttnV || c == Category::AttnQkv || c == Category::AttnKvB;
}

// ggml_n_dims: trailing dimensions of 1 do not count.
int effectiveDims(const GgufTensorInfo& t) {
    for (int d = 3; d > 0; --d)
        if (t.ne[static_cast<size_t>(d)] > 1) return d + 1;
    return 1;
}

// Tensors llama-quantize leaves as they are: vectors, norms, MoE routers and the small or
// position-like tensors it lists by name.
bool allowsQuantization(const GgufTensorInfo& t) {
    if (effectiveDims(t) < 2) return false;
    const std::string& n = t.name;
    if (n.size() < 6 || n.compare(n.size() - 6, 6, "weight") != 0) return false;
    if (n == "position_embd.weight" || n == "token_types.weight") return false;
    static const char* const kept[] = {"_norm.weight",
                                       "ffn_gate_inp.weight",
                                       "ffn_gate_tid2eid.weight",
                                       "altup",
                                       "laurel",
                                       "per_layer_model_proj",
                                       "ssm_conv1d",
                                       "shortconv.conv.weight",
                                       "indexer.k_proj.weight",
                                       "indexer.q_proj.weight",
                                       "time_mix_first.weight",
                                       "time_mix_w0.weight",
                                       "time_mix_w1.weight",
                                       "time_mix_w2.weight",
                                       "time_mix_v0.weight",
                                       "time_mix_v1.weight",
                                       "time_mix_v2.weight",
                                       "time_mix_a0.weight",
                                       "time_mix_a1.weight",
                                       "time_mix_a2.weight",
                                       "time_mix_g1.weight",
                                       "time_mix_g2.weight",
                                       "time_mix_decay_w1.weight",
                                       "time_mix_decay_w2.weight",
                                       "time_mix_lerp_fused.weight",
                                       "attn_rel_b.weight",
                                       ".position_embd",
                                       "sam.pos_embd",
                                       "sam.neck.",
                                       "sam.net_",
                                       ".rel_pos",
                                       ".patch_embd",
                                       ".patch_merger",
                                       "a.rvq.codebook",
                                       "mm.a.code_embd"};
    return std::none_of(std::begin(kept), std::end(kept), [&](const char* k) { return contains(n, k); });
}

int layerOf(const std::string& name) {
    int layer = -1;
    if (std::sscanf(name.c_str(), "blk.%d.", &layer) != 1) return -1;
    return layer;
}

// Layers that the _M mixes give more bits: the first and last eighth and every third between.
bool useMoreBits(int layer, int nLayer) {
    return layer < nLayer / 8 || layer >= 7 * nLayer / 8 || (layer - nLayer / 8) % 3 == 2;
}

// llama.cpp's 70B model type, the one its mixes treat apart.
bool is70B(const std::string& arch, int nLayer, int nHead, int nHeadKv) {
    if (arch == "llama") return nLayer == 80 && nHead != nHeadKv;
    if (arch == "deci" || arch == "olmo" || arch == "qwen2") return nLayer == 80;
    return arch == "jais2" && nLayer == 68;
}

class MixPlanner {
  public:
    MixPlanner(const GgufFile& file, const QuantFileType& fileType, bool withImatrix)
        : ft_(fileType.ftype), arch_(file.architecture()), imatrix_(withImatrix) {
        const std::string p = arch_ + ".";
        nLayer_ = static_cast<int>(file.getInt(p + "block_count", 0));
        const int nHead = static_cast<int>(file.getInt(p + "attention.head_count", 0));
        const int nHeadKv = static_cast<int>(file.getInt(p + "attention.head_count_kv", nHead));
        gqa_ = nHeadKv > 0 ? nHead / nHeadKv : 0;
        nExpert_ = static_cast<int>(file.getInt(p + "expert_count", 0));
        big70B_ = is70B(arch_, nLayer_, nHead, nHeadKv);
        falcon_ = arch_ == "falcon";
        for (const GgufTensorInfo& t : file.tensors()) {
            const Category c = categoryOf(t.name);
            if (attnVLike(c)) ++nAttnV_;
            if (c == Category::Output) tied_ = false;
        }
    }

    GgmlType typeFor(const GgufTensorInfo& t, GgmlType defaultType) {
        if (!allowsQuantization(t)) return t.type;
        if (!typeTraits(defaultType).quantized) return defaultType;
        return fallback(t, mixed(t, defaultType));
    }

  private:
    enum Ftype : uint32_t {
        Q4_0 = 2,
        Q5_0 = 8,
        Q2_K = 10,
        Q3_K_S,
        Q3_K_M,
        Q3_K_L,
        Q4_K_S,
        Q4_K_M,
        Q5_K_S,
        Q5_K_M
    };

    // (layer, layers) of a per-layer tensor: counted in file order, or read from the name in
    // MoE files (whose expert tensors need not come in layer order).
    std::pair<int, int> layerInfo(int counted, const std::string& name) const {
        if (nExpert_ <= 1) return {counted, nLayer_};
        const int layer = layerOf(name);
        if (layer < 0) throw Error("cannot tell the layer of tensor " + name);
        if (layer >= nLayer_)
            throw Error("tensor " + name + " is in layer " + std::to_string(layer) + " of a model with " +
                        std::to_string(nLayer_));
        return {layer, nLayer_};
    }

    GgmlType mixed(const GgufTensorInfo& t, GgmlType type) {
        using T = GgmlType;
        const Category c = categoryOf(t.name);
        if (c == Category::Output || (tied_ && c == Category::TokenEmbd)) {
            // The output projection (and a token embedding that doubles as it) gets 6 bits.
            if (falcon_ || t.ne[0] % typeTraits(type).blockSize != 0) return T::Q8_0;
            return type == T::Q8_0 ? type : T::Q6_K;
        }
        if (c == Category::TokenEmbd) return type;
        if (attnVLike(c)) {
            if (ft_ == Q2_K)
                type = gqa_ >= 4 ? T::Q4_K : T::Q3_K;
            else if (ft_ == Q3_K_M)
                type = iAttnV_ < 2 ? T::Q5_K : T::Q4_K;
            else if (ft_ == Q3_K_L)
                type = T::Q5_K;
            else if ((ft_ == Q4_K_M || ft_ == Q5_K_M) && useMoreBits(iAttnV_, nAttnV_))
                type = T::Q6_K;
            else if (ft_ == Q4_K_S && iAttnV_ < 4)
                type = T::Q5_K;
            if (big70B_ && (type == T::Q3_K || type == T::Q4_K)) type = T::Q5_K;
            if (nExpert_ == 8) type = T::Q8_0;
            ++iAttnV_;
            return type;
        }
        if (c == Category::AttnK) return nExpert_ == 8 ? T::Q8_0 : type;
        if (c == Category::FfnDown) {
            const auto [layer, n] = layerInfo(iFfnDown_++, t.name);
            if (ft_ == Q2_K) return T::Q3_K;
            if (ft_ == Q3_K_M)
                return layer < n / 16 ? T::Q5_K : !falcon_ || useMoreBits(layer, n) ? T::Q4_K : T::Q3_K;
            if (ft_ == Q3_K_L) return falcon_ ? T::Q4_K : T::Q5_K;
            if (ft_ == Q4_K_M) {
                if (falcon_) return layer < n / 16 ? T::Q6_K : useMoreBits(layer, n) ? T::Q5_K : T::Q4_K;
                return useMoreBits(layer, n) ? T::Q6_K : type;
            }
            if (ft_ == Q5_K_M) return useMoreBits(layer, n) ? T::Q6_K : type;
            if (ft_ == Q4_K_S) return !falcon_ && layer < n / 8 ? T::Q5_K : type;
            // With an importance matrix the first eighth of Q4_0/Q5_0 files gets the _1 types.
            if ((ft_ == Q4_0 || ft_ == Q5_0) && imatrix_ && layer < n / 8)
                return ft_ == Q4_0 ? T::Q4_1 : T::Q5_1;
            return type;
        }
        if (c == Category::AttnOutput) {
            if (falcon_) return ft_ == Q3_K_L ? T::Q4_K : type;
            if (nExpert_ == 8)
                return ft_ == Q2_K || ft_ == Q3_K_S || ft_ == Q3_K_M || ft_ == Q4_K_S || ft_ == Q4_K_M
                           ? T::Q5_K
                           : type;
            if (ft_ == Q2_K) return T::Q3_K;
            if (ft_ == Q3_K_M) return T::Q4_K;
            if (ft_ == Q3_K_L) return T::Q5_K;
            return type;
        }
        if (c == Category::FfnGate) layerInfo(iFfnGate_++, t.name); // only checks the name here
        if (c == Category::FfnUp) layerInfo(iFfnUp_++, t.name);
        return type;
    }

    // Rows the type's block does not divide: a smaller block of similar size, else F16.
    static GgmlType fallback(const GgufTensorInfo& t, GgmlType type) {
        using T = GgmlType;
        const int64_t columns = t.ne[0];
        if (columns % typeTraits(type).blockSize == 0) return type;
        T smaller;
        switch (type) {
        case T::Q2_K:
        case T::Q3_K:
            smaller = T::Q4_0;
            break;
        case T::Q4_K:
            smaller = T::Q5_0;
            break;
        case T::Q5_K:
            smaller = T::Q5_1;
            break;
        case T::Q6_K:
            smaller = T::Q8_0;
            break;
        default:
            throw Error(std::string("tensor ") + t.name + ": rows of " + std::to_string(columns) +
                        " values do not fit " + typeName(type) + " blocks");
        }
        return columns % typeTraits(smaller).blockSize == 0 ? smaller : T::F16;
    }

    uint32_t ft_;
    std::string arch_;
    bool imatrix_, tied_ = true, big70B_ = false, falcon_ = false;
    int nLayer_ = 0, gqa_ = 0, nExpert_ = 0, nAttnV_ = 0;
    int iAttnV_ = 0, iFfnDown_ = 0, iFfnGate_ = 0, iFfnUp_ = 0;
};
} // namespace

std::vector<size_t> llamaTensorOrder(const GgufFile& file) {
    const auto& tensors = file.tensors();
    std::vector<size_t> order(tensors.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const int la = layerOf(tensors[a].name), lb = layerOf(tensors[b].name);
        return la != lb ? la < lb : tensors[a].name < tensors[b].name;
    });
    return order;
}

std::vector<GgmlType> planTensorTypes(const GgufFile& file, const QuantFileType& fileType, bool withImatrix) {
    MixPlanner planner(file, fileType, withImatrix);
    std::vector<GgmlType> types(file.tensors().size());
    // The counters of the mixes advance in the order llama-quantize visits the tensors.
    for (size_t i : llamaTensorOrder(file))
        types[i] = planner.typeFor(file.tensors()[i], fileType.defaultType);
    return types;
}

} // namespace realm
