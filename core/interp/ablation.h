#pragma once
#include "model/hparams.h"
#include "runtime/forward_hook.h"

#include <cstdint>
#include <string>
#include <vector>

namespace realm {

class Session;

struct AblationTarget {
    enum class Kind { Head, Attention, Ffn, Expert };
    Kind kind;
    int64_t layer;
    int64_t index = -1;           // the head or the expert
    std::string describe() const; // "head 1.3", "attention 1", "ffn 0", "expert 2.5"
};

enum class AblationMode {
    Zero, // the output becomes 0
    Mean, // each position's output becomes its mean over the prompt (the first call's tokens)
};

// A hook that switches parts of the model off: one attention head's output (before Wo), a
// layer's whole attention or feed-forward output, or an MoE expert. A zeroed expert's router
// weight becomes 0 for every token (the other chosen experts keep theirs); a mean-ablated
// expert's output, wherever it is chosen, becomes its mean over the tokens of the first call
// that chose it, still scaled by its router weight. Targets the model does not have →
// realm::Error naming them.
class Ablation : public ForwardHook {
  public:
    Ablation(std::vector<AblationTarget> targets, AblationMode mode, const HParams& hp);
    bool wants(HookSite site, int64_t layer) const override;
    void onActivation(const HookView& view) override;
    // Forgets the means: the next call's tokens (a new prompt) define them.
    void restart();

  private:
    struct Slot {
        AblationTarget target;
        std::vector<float> mean; // filled on the first call (Mean mode)
    };
    void ablateColumns(Slot& slot, const HookView& v, int64_t begin, int64_t end);
    void meanAblateExpert(Slot& slot, const HookView& v);
    std::vector<Slot> slots_;
    AblationMode mode_;
    int64_t headDim_;
};

// Baseline and ablated logits of a prompt's last position, and how they differ.
struct AblationComparison {
    struct Token {
        int32_t id;
        float baseline, ablated;
    };
    std::vector<Token> top; // the baseline's top k, then the ablated top 1 if it is not among them
    double kl = 0;          // KL(baseline ‖ ablated), nats
    int32_t baselineTop = -1, ablatedTop = -1;
    std::vector<float> baseline, ablated;
    // With `lens`: the logit lens (final norm + output projection) of the last position after
    // every layer, both runs side by side.
    struct LensLayer {
        int64_t layer;
        int32_t baselineTop, ablatedTop;
        double kl; // KL(baseline lens ‖ ablated lens)
    };
    std::vector<LensLayer> lens;
};
AblationComparison compareAblation(Session& session, const std::vector<int32_t>& tokens, Ablation& ablation,
                                   size_t topK, bool lens = false);

} // namespace realm
