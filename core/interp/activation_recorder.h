#pragma once
#include "runtime/forward_hook.h"

#include <cstdint>
#include <vector>

namespace realm {

// One recorded activation: row-major float32 with its shape (outermost first).
struct RecordedActivation {
    HookSite site;
    int64_t layer;
    std::vector<int64_t> shape;
    std::vector<float> values;
};

// A hook that copies the chosen sites of layers firstLayer…lastLayer. Rows of later calls
// (decode steps, prompt batches) are appended to token-major sites; attention weights need the
// prompt in one call. Shapes: residual, attn_out, ffn_out [tokens, nEmbd]; attn_heads
// [tokens, nHead, headDim]; attn_weights [nHead, tokens, keys]; moe_routing [tokens, nExpert]
// (the router weight of each chosen expert, 0 elsewhere).
class ActivationRecorder : public ForwardHook {
  public:
    ActivationRecorder(std::vector<HookSite> sites, int64_t firstLayer, int64_t lastLayer, int64_t nExpert);
    bool wants(HookSite site, int64_t layer) const override;
    void onActivation(const HookView& view) override;

    // In order of (site as given, layer); sites never reached (moe_routing of a dense
    // model) are absent.
    std::vector<RecordedActivation> take();

  private:
    RecordedActivation& slot(HookSite site, int64_t layer);
    std::vector<HookSite> sites_;
    int64_t firstLayer_, lastLayer_, nExpert_;
    std::vector<RecordedActivation> recorded_;
};

} // namespace realm
