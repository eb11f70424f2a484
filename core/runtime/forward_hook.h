#pragma once
#include <cstdint>
#include <string_view>

namespace realm {

// Places in a layer's forward pass where a hook may read, and (where marked) change, the
// activations of the tokens being evaluated.
enum class HookSite : uint8_t {
    AttnHeads,   // Σ p·v per head before Wo, [nTokens × nHead·headDim]; writable
    AttnWeights, // softmax rows, [nHead × nTokens × nKeys], masked keys 0; read-only
    AttnOut,     // what the residual receives from attention (after Wo, bias, post-norm, scale); writable
    MoeRouting,  // the chosen experts' weights [nTokens × nExpertUsed], expertIds beside; writable
    FfnOut,      // what the residual receives from the feed-forward; writable
    Residual,    // the layer's output, llama.cpp's l_out; writable
    ExpertOut,   // each chosen expert's output before its router weight, [nTokens × nExpertUsed·nEmbd]
                 // (heads = nExpertUsed, slots in MoeRouting's order), expertIds beside; writable
};
inline constexpr int kHookSiteCount = 7;

// The names the CLI and exported files use ("attn_out"); fromName returns false if unknown.
std::string_view hookSiteName(HookSite site);
bool hookSiteFromName(std::string_view name, HookSite& site);

struct HookView {
    HookSite site;
    int64_t layer;
    int64_t firstPosition; // position of row 0
    int64_t nTokens;
    int64_t heads; // AttnHeads, AttnWeights: nHead; ExpertOut: nExpertUsed; otherwise 1
    int64_t width; // values per row: per token, or per (head, token) for AttnWeights (= nKeys)
    float* data;
    const int32_t* expertIds = nullptr; // MoeRouting, ExpertOut: [nTokens × nExpertUsed] expert of each slot

    int64_t count() const { return (site == HookSite::AttnWeights ? heads : 1) * nTokens * width; }
};

// Installed on a Session with addHook; called from the thread running the session. With no
// hook installed the forward pass does nothing extra.
class ForwardHook {
  public:
    virtual ~ForwardHook() = default;
    virtual bool wants(HookSite site, int64_t layer) const = 0;
    virtual void onActivation(const HookView& view) = 0;
};

} // namespace realm
