#include "runtime/op_profile.h"

namespace realm {

std::string_view opKindName(OpKind kind) {
    constexpr std::string_view names[kOpKinds] = {
        "attn_q",      "attn_k", "attn_v",    "attn_output", "ffn_gate", "ffn_up",   "ffn_down",
        "ffn_experts", "output", "attention", "norms",       "rope",     "sampling", "other"};
    return names[static_cast<size_t>(kind)];
}

} // namespace realm
