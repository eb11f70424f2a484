#include "interp/ablation.h"

#include "interp/activation_recorder.h"
#include "interp/logit_compare.h"
#include "interp/scoped_hook.h"
#include "runtime/session.h"
#include "util/error.h"

#include <algorithm>
#include <optional>

namespace realm {

std::string AblationTarget::describe() const {
    const std::string l = std::to_string(layer);
    switch (kind) {
    case Kind::Head:
        return "head " + l + "." + std::to_string(index);
    case Kind::Attention:
        return "attention " + l;
    case Kind::Ffn:
        return "ffn " + l;
    case Kind::Expert:
        return "expert " + l + "." + std::to_string(index);
    }
    return {};
}

Ablation::Ablation(std::vector<AblationTarget> targets, AblationMode mode, const HParams& hp)
    : mode_(mode), headDim_(hp.headDim) {
    for (const AblationTarget& t : targets) {
        if (t.layer < 0 || t.layer >= hp.nLayer)
            throw Error(t.describe() + ": layer " + std::to_string(t.layer) +
                        " is outside the model's layers 0…" + std::to_string(hp.nLayer - 1));
        if (t.kind == AblationTarget::Kind::Head && (t.index < 0 || t.index >= hp.nHead))
            throw Error(t.describe() + ": the model has heads 0…" + std::to_string(hp.nHead - 1));
        if (t.kind == AblationTarget::Kind::Expert) {
            if (hp.nExpert == 0) throw Error(t.describe() + ": the model has no experts");
            if (t.index < 0 || t.index >= hp.nExpert)
                throw Error(t.describe() + ": the model has experts 0…" + std::to_string(hp.nExpert - 1));
        }
        slots_.push_back({t, {}});
    }
}

namespace {
HookSite siteOf(AblationTarget::Kind kind, AblationMode mode) {
    switch (kind) {
    case AblationTarget::Kind::Head:
        return HookSite::AttnHeads;
    case AblationTarget::Kind::Attention:
        return HookSite::AttnOut;
    case AblationTarget::Kind::Ffn:
        return HookSite::FfnOut;
    case AblationTarget::Kind::Expert:
        return mode == AblationMode::Zero ? HookSite::MoeRouting : HookSite::ExpertOut;
    }
    return HookSite::Residual;
}
} // namespace

bool Ablation::wants(HookSite site, int64_t layer) const {
    return std::any_of(slots_.begin(), slots_.end(), [&](const Slot& s) {
        return s.target.layer == layer && siteOf(s.target.kind, mode_) == site;
    });
}

void Ablation::ablateColumns(Slot& slot, const HookView& v, int64_t begin, int64_t end) {
    const int64_t width = end - begin;
    if (mode_ == AblationMode::Mean && slot.mean.empty()) {
        std::vector<double> sum(static_cast<size_t>(width), 0.0);
        for (int64_t t = 0; t < v.nTokens; ++t)
            for (int64_t i = 0; i < width; ++i)
                sum[static_cast<size_t>(i)] += v.data[t * v.width + begin + i];
        slot.mean.resize(static_cast<size_t>(width));
        for (int64_t i = 0; i < width; ++i)
            slot.mean[static_cast<size_t>(i)] = static_cast<float>(sum[static_cast<size_t>(i)] / v.nTokens);
    }
    for (int64_t t = 0; t < v.nTokens; ++t) {
        float* row = v.data + t * v.width + begin;
        if (mode_ == AblationMode::Zero)
            std::fill(row, row + width, 0.0f);
        else
            std::copy(slot.mean.begin(), slot.mean.end(), row);
    }
}

void Ablation::onActivation(const HookView& v) {
    for (Slot& slot : slots_) {
        const AblationTarget& t = slot.target;
        if (t.layer != v.layer || siteOf(t.kind, mode_) != v.site) continue;
        switch (t.kind) {
        case AblationTarget::Kind::Head:
            ablateColumns(slot, v, t.index * headDim_, (t.index + 1) * headDim_);
            break;
        case AblationTarget::Kind::Attention:
        case AblationTarget::Kind::Ffn:
            ablateColumns(slot, v, 0, v.width);
            break;
        case AblationTarget::Kind::Expert:
            if (mode_ == AblationMode::Mean) {
                meanAblateExpert(slot, v);
                break;
            }
            for (int64_t i = 0; i < v.nTokens * v.width; ++i)
                if (v.expertIds[i] == t.index) v.data[i] = 0.0f;
            break;
        }
    }
}

void Ablation::meanAblateExpert(Slot& slot, const HookView& v) {
    const int64_t pairs = v.nTokens * v.heads, E = v.width / v.heads;
    const auto row = [&](int64_t pair) { return v.data + pair * E; };
    if (slot.mean.empty()) {
        std::vector<double> sum(static_cast<size_t>(E), 0.0);
        int64_t chosen = 0;
        for (int64_t p = 0; p < pairs; ++p) {
            if (v.expertIds[p] != slot.target.index) continue;
            ++chosen;
            for (int64_t c = 0; c < E; ++c)
                sum[static_cast<size_t>(c)] += row(p)[c];
        }
        if (chosen == 0) return; // not chosen here: no mean yet, and nothing to replace
        slot.mean.resize(static_cast<size_t>(E));
        for (int64_t c = 0; c < E; ++c)
            slot.mean[static_cast<size_t>(c)] = static_cast<float>(sum[static_cast<size_t>(c)] / chosen);
    }
    for (int64_t p = 0; p < pairs; ++p)
        if (v.expertIds[p] == slot.target.index) std::copy(slot.mean.begin(), slot.mean.end(), row(p));
}

void Ablation::restart() {
    for (Slot& slot : slots_)
        slot.mean.clear();
}

AblationComparison compareAblation(Session& session, const std::vector<int32_t>& tokens, Ablation& ablation,
                                   size_t topK, bool lens) {
    const int64_t nLayer = session.hparams().nLayer, E = session.hparams().nEmbd;
    AblationComparison c;
    // The residual after each layer, when the lens is wanted; installed after the ablation so
    // that it sees the ablated stream.
    const auto run = [&](Ablation* ablating, std::vector<RecordedActivation>& residual) {
        ActivationRecorder recorder({HookSite::Residual}, 0, nLayer - 1, 0);
        session.clear();
        std::optional<ScopedHook> ablate, record;
        if (ablating) ablate.emplace(session, *ablating);
        if (lens) record.emplace(session, recorder);
        std::vector<float> logits = session.evaluate(tokens);
        residual = recorder.take();
        return logits;
    };
    std::vector<RecordedActivation> baseResidual, ablatedResidual;
    c.baseline = run(nullptr, baseResidual);
    ablation.restart();
    c.ablated = run(&ablation, ablatedResidual);
    session.clear();
    const std::vector<int32_t> top = topTokens(c.baseline, topK);
    c.baselineTop = top.front();
    c.ablatedTop = topTokens(c.ablated, 1).front();
    std::vector<int32_t> shown = top;
    if (std::find(shown.begin(), shown.end(), c.ablatedTop) == shown.end()) shown.push_back(c.ablatedTop);
    for (int32_t id : shown)
        c.top.push_back({id, c.baseline[static_cast<size_t>(id)], c.ablated[static_cast<size_t>(id)]});
    c.kl = klDivergence(c.baseline, c.ablated);
    if (!lens) return c;
    std::vector<float> a, b;
    for (int64_t l = 0; l < nLayer; ++l) {
        const size_t last = baseResidual[static_cast<size_t>(l)].values.size() - static_cast<size_t>(E);
        session.logits(baseResidual[static_cast<size_t>(l)].values.data() + last, 1, a);
        session.logits(ablatedResidual[static_cast<size_t>(l)].values.data() + last, 1, b);
        c.lens.push_back({l, topTokens(a, 1).front(), topTokens(b, 1).front(), klDivergence(a, b)});
    }
    return c;
}

} // namespace realm
