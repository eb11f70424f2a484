#include "jobs/expert_tally.h"

#include <algorithm>

namespace realm::ui {

ExpertTally::ExpertTally(int64_t layers, int64_t experts)
    : layers_(layers), experts_(experts), chosen_(size_t(layers * experts), 0), tokens_(size_t(layers), 0) {}

bool ExpertTally::wants(HookSite site, int64_t layer) const {
    return site == HookSite::MoeRouting && layer >= 0 && layer < layers_;
}

void ExpertTally::onActivation(const HookView& v) {
    tokens_[size_t(v.layer)] += v.nTokens;
    for (int64_t i = 0; i < v.nTokens * v.width; ++i) {
        const int64_t e = v.expertIds[i];
        if (e >= 0 && e < experts_) ++chosen_[size_t(v.layer * experts_ + e)];
    }
}

int64_t ExpertTally::tokens() const {
    for (int64_t n : tokens_)
        if (n > 0) return n;
    return 0;
}

std::vector<float> ExpertTally::load() const {
    std::vector<float> out(chosen_.size(), 0.0f);
    for (int64_t l = 0; l < layers_; ++l)
        for (int64_t e = 0; e < experts_ && tokens_[size_t(l)] > 0; ++e)
            out[size_t(l * experts_ + e)] =
                float(double(chosen_[size_t(l * experts_ + e)]) / double(tokens_[size_t(l)]));
    return out;
}

} // namespace realm::ui
