#pragma once
#include "runtime/forward_hook.h"

#include <cstdint>
#include <vector>

namespace realm::ui {

// Counts, for every layer, how many evaluated tokens chose each expert: the expert load of
// everything a session ran (a chat's prompts and replies). Read on the session's strand.
class ExpertTally : public ForwardHook {
  public:
    ExpertTally(int64_t layers, int64_t experts);
    bool wants(HookSite site, int64_t layer) const override;
    void onActivation(const HookView& view) override;

    int64_t layers() const { return layers_; }
    int64_t experts() const { return experts_; }
    // Tokens routed in the first MoE layer (every MoE layer routes each token once).
    int64_t tokens() const;
    // layers × experts: the share of the tokens that chose each expert (0 for dense layers).
    std::vector<float> load() const;

  private:
    int64_t layers_, experts_;
    std::vector<int64_t> chosen_; // layers × experts
    std::vector<int64_t> tokens_; // per layer
};

} // namespace realm::ui
