#include "interp/activation_recorder.h"

#include "util/error.h"

#include <algorithm>

namespace realm {

ActivationRecorder::ActivationRecorder(std::vector<HookSite> sites, int64_t firstLayer, int64_t lastLayer,
                                       int64_t nExpert)
    : sites_(std::move(sites)), firstLayer_(firstLayer), lastLayer_(lastLayer), nExpert_(nExpert) {}

bool ActivationRecorder::wants(HookSite site, int64_t layer) const {
    return layer >= firstLayer_ && layer <= lastLayer_ &&
           std::find(sites_.begin(), sites_.end(), site) != sites_.end();
}

RecordedActivation& ActivationRecorder::slot(HookSite site, int64_t layer) {
    for (RecordedActivation& a : recorded_)
        if (a.site == site && a.layer == layer) return a;
    recorded_.push_back({site, layer, {}, {}});
    return recorded_.back();
}

void ActivationRecorder::onActivation(const HookView& v) {
    RecordedActivation& a = slot(v.site, v.layer);
    const size_t count = static_cast<size_t>(v.count());
    switch (v.site) {
    case HookSite::AttnWeights:
        if (!a.values.empty())
            throw Error("attention weights of layer " + std::to_string(v.layer) +
                        " were computed in more than one batch; record the prompt in one call");
        a.shape = {v.heads, v.nTokens, v.width};
        a.values.assign(v.data, v.data + count);
        return;
    case HookSite::MoeRouting: {
        if (nExpert_ <= 0) throw Error("MoE routing recorded without the model's expert count");
        const size_t old = a.values.size();
        a.values.resize(old + static_cast<size_t>(v.nTokens * nExpert_), 0.0f);
        for (int64_t t = 0; t < v.nTokens; ++t)
            for (int64_t i = 0; i < v.width; ++i) {
                const int64_t e = v.expertIds[t * v.width + i];
                if (e >= 0 && e < nExpert_)
                    a.values[old + static_cast<size_t>(t * nExpert_ + e)] = v.data[t * v.width + i];
            }
        a.shape = {static_cast<int64_t>(a.values.size()) / nExpert_, nExpert_};
        return;
    }
    default:
        a.values.insert(a.values.end(), v.data, v.data + count);
        const int64_t rows = static_cast<int64_t>(a.values.size()) / v.width;
        if (v.site == HookSite::AttnHeads || v.site == HookSite::ExpertOut)
            a.shape = {rows, v.heads, v.width / v.heads};
        else
            a.shape = {rows, v.width};
    }
}

std::vector<RecordedActivation> ActivationRecorder::take() {
    const auto rank = [this](HookSite s) {
        return std::find(sites_.begin(), sites_.end(), s) - sites_.begin();
    };
    std::vector<RecordedActivation> out = std::move(recorded_);
    recorded_.clear();
    std::sort(out.begin(), out.end(), [&](const RecordedActivation& a, const RecordedActivation& b) {
        return rank(a.site) != rank(b.site) ? rank(a.site) < rank(b.site) : a.layer < b.layer;
    });
    return out;
}

} // namespace realm
