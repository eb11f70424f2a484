#include "model/architecture.h"

#include "util/error.h"

namespace realm {

namespace {
using A = Architecture;
constexpr RopeLayout N = RopeLayout::Normal, X = RopeLayout::Neox;
constexpr Activation S = Activation::Silu, G = Activation::GeluTanh;
// Rope layouts follow llama.cpp's llama_model_rope_type: families whose converters keep HF's
// half-split q/k layout (qwen, gemma, phi3) need NEOX.
constexpr ArchTraits kArchitectures[] = {
    //  arch          name        rope act  bias   qkNorm post   sqrtE  ropeF  fusedGU pre   qkFull
    {A::Llama, "llama", N, S, false, false, false, false, true, false, true, false},
    {A::Qwen2, "qwen2", X, S, true, false, false, false, false, false, true, false},
    {A::Qwen3, "qwen3", X, S, false, true, false, false, false, false, true, false},
    {A::Qwen3Moe, "qwen3moe", X, S, false, true, false, false, false, false, true, false},
    {A::Mistral3, "mistral3", N, S, false, false, false, false, true, false, true, false},
    {A::Granite, "granite", N, S, false, false, false, false, true, false, true, false},
    {A::SmolLM3, "smollm3", N, S, false, false, false, false, false, false, true, false},
    {A::Gemma, "gemma", X, G, false, false, false, true, false, false, true, false},
    {A::Gemma2, "gemma2", X, G, false, false, true, true, false, false, true, false},
    {A::Gemma3, "gemma3", X, G, false, true, true, true, false, false, true, false},
    {A::Phi3, "phi3", X, S, false, false, false, false, true, true, true, false},
    {A::Olmo2, "olmo2", X, S, false, true, true, false, false, false, false, true},
};
} // namespace

Architecture architectureFromName(std::string_view name, std::string_view file) {
    for (const auto& e : kArchitectures)
        if (name == e.name) return e.arch;
    throw Error(std::string(file) + ": architecture '" + std::string(name.empty() ? "(none)" : name) +
                "' is not supported for inference (supported: " + supportedArchitectures() +
                "); metadata, tensors and dequantization still work");
}

const ArchTraits& archTraits(Architecture a) {
    for (const auto& e : kArchitectures)
        if (e.arch == a) return e;
    return kArchitectures[0];
}

const char* architectureName(Architecture a) {
    return archTraits(a).name;
}

std::string supportedArchitectures() {
    std::string s;
    for (const auto& e : kArchitectures) {
        if (!s.empty()) s += ", ";
        s += e.name;
    }
    return s;
}

RopeLayout ropeLayoutOf(Architecture a) {
    return archTraits(a).rope;
}

} // namespace realm
