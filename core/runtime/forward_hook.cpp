#include "runtime/forward_hook.h"

#include <array>

namespace realm {

namespace {
constexpr std::array<std::string_view, kHookSiteCount> kNames = {
    "attn_heads", "attn_weights", "attn_out", "moe_routing", "ffn_out", "residual", "expert_out"};
}

std::string_view hookSiteName(HookSite site) {
    return kNames[static_cast<size_t>(site)];
}

bool hookSiteFromName(std::string_view name, HookSite& site) {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == name) {
            site = static_cast<HookSite>(i);
            return true;
        }
    return false;
}

} // namespace realm
