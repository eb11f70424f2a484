#pragma once
#include <string>
#include <string_view>

namespace realm {

// The model families the forward pass implements. Everything else can still be
// inspected (metadata, tensors, dequant) but not run.
enum class Architecture { Llama, Qwen2, Qwen3 };

// How RoPE pairs the dimensions of a head: Normal rotates (2i, 2i+1) (GPT-J style, what
// llama GGUFs expect); Neox rotates (i, i + headDim/2).
enum class RopeLayout { Normal, Neox };

// Throws realm::Error naming `name` and the supported architectures.
Architecture architectureFromName(std::string_view name, std::string_view fileForErrors);
const char* architectureName(Architecture a);
std::string supportedArchitectures(); // "llama, qwen2, qwen3"
RopeLayout ropeLayoutOf(Architecture a);

} // namespace realm
