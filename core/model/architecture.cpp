#include "model/architecture.h"

#include "util/error.h"

namespace realm {

namespace {
struct ArchEntry {
    Architecture arch;
    const char* name;
    RopeLayout rope;
};
// qwen2/qwen3 GGUFs keep HF's half-split q/k layout, so they need NEOX RoPE.
constexpr ArchEntry kArchitectures[] = {
    {Architecture::Llama, "llama", RopeLayout::Normal},
    {Architecture::Qwen2, "qwen2", RopeLayout::Neox},
    {Architecture::Qwen3, "qwen3", RopeLayout::Neox},
};
} // namespace

Architecture architectureFromName(std::string_view name, std::string_view file) {
    for (const auto& e : kArchitectures)
        if (name == e.name) return e.arch;
    throw Error(std::string(file) + ": architecture '" + std::string(name.empty() ? "(none)" : name) +
                "' is not supported for inference (supported: " + supportedArchitectures() +
                "); metadata, tensors and dequantization still work");
}

const char* architectureName(Architecture a) {
    for (const auto& e : kArchitectures)
        if (e.arch == a) return e.name;
    return "?";
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
    for (const auto& e : kArchitectures)
        if (e.arch == a) return e.rope;
    return RopeLayout::Normal;
}

} // namespace realm
