#include "interp/patching.h"

#include "interp/activation_recorder.h"
#include "interp/scoped_hook.h"
#include "runtime/session.h"
#include "util/error.h"

#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

namespace realm {

namespace {
// Replaces columns [begin, end) of the first row at one site and layer with `values`.
class RowPatch : public ForwardHook {
  public:
    RowPatch(HookSite site, int64_t layer, int64_t begin, const float* values, int64_t count)
        : site_(site), layer_(layer), begin_(begin), values_(values), count_(count) {}
    bool wants(HookSite site, int64_t layer) const override { return site == site_ && layer == layer_; }
    void onActivation(const HookView& v) override { std::copy(values_, values_ + count_, v.data + begin_); }

  private:
    HookSite site_;
    int64_t layer_, begin_;
    const float* values_;
    int64_t count_;
};

void check(const Session& session, const std::vector<int32_t>& clean, const std::vector<int32_t>& corrupted,
           int32_t answer, int32_t wrongAnswer, const PatchSweepOptions& o, int64_t last) {
    const HParams& hp = session.hparams();
    if (clean.size() != corrupted.size())
        throw Error("the clean prompt has " + std::to_string(clean.size()) + " tokens, the corrupted one " +
                    std::to_string(corrupted.size()) + "; patching needs prompts of equal token length");
    if (clean.empty()) throw Error("patching needs prompts of at least one token");
    for (int32_t id : {answer, wrongAnswer})
        if (id < 0 || id >= hp.nVocab)
            throw Error("answer token " + std::to_string(id) + " is outside the vocabulary (" +
                        std::to_string(hp.nVocab) + " tokens)");
    if (o.firstLayer < 0 || last >= hp.nLayer || o.firstLayer > last)
        throw Error("layers " + std::to_string(o.firstLayer) + "…" + std::to_string(last) +
                    " are outside the model's layers 0…" + std::to_string(hp.nLayer - 1));
    if (o.site == HookSite::AttnHeads) {
        if (o.head < 0 || o.head >= hp.nHead)
            throw Error("head " + std::to_string(o.head) + " is outside the model's heads 0…" +
                        std::to_string(hp.nHead - 1));
    } else if (o.site != HookSite::Residual) {
        throw Error("patching works on the residual stream or one attention head");
    }
}
} // namespace

PatchSweep patchSweep(Session& session, const std::vector<int32_t>& clean,
                      const std::vector<int32_t>& corrupted, int32_t answer, int32_t wrongAnswer,
                      const PatchSweepOptions& o, const JobControl* control) {
    const HParams& hp = session.hparams();
    const int64_t lastLayer = o.lastLayer < 0 ? hp.nLayer - 1 : o.lastLayer;
    check(session, clean, corrupted, answer, wrongAnswer, o, lastLayer);
    const int64_t n = static_cast<int64_t>(clean.size()), E = hp.nEmbd;
    const bool heads = o.site == HookSite::AttnHeads;
    const int64_t width = heads ? hp.qDim() : E;
    const auto diffOf = [&](const std::vector<float>& logits) {
        return static_cast<double>(logits[static_cast<size_t>(answer)]) -
               logits[static_cast<size_t>(wrongAnswer)];
    };

    const auto run = [&](const std::vector<int32_t>& tokens, HookSite site, int64_t first, int64_t last,
                         std::vector<RecordedActivation>& out) {
        ActivationRecorder recorder({site}, first, last, hp.nExpert);
        session.clear();
        ScopedHook installed(session, recorder);
        const double diff = diffOf(session.evaluate(tokens));
        out = recorder.take();
        return diff;
    };

    PatchSweep r;
    r.firstLayer = o.firstLayer;
    r.nLayers = lastLayer - o.firstLayer + 1;
    r.nPositions = n;
    std::vector<RecordedActivation> cleanSite, corruptedResidual;
    r.cleanDiff = run(clean, o.site, o.firstLayer, lastLayer, cleanSite);
    // The corrupted run last: its KV cache is what every patched run continues from.
    const std::vector<float> embedding = session.embed(corrupted);
    r.corruptedDiff = run(corrupted, HookSite::Residual, 0, hp.nLayer - 1, corruptedResidual);
    if (r.cleanDiff == r.corruptedDiff)
        throw Error(
            "the clean and corrupted prompts give the same logit difference; there is nothing to recover");

    const int64_t total = r.nLayers * n;
    r.recovered.assign(static_cast<size_t>(total), std::numeric_limits<double>::quiet_NaN());
    r.logitDiff = r.recovered;
    std::vector<int32_t> positions(static_cast<size_t>(n));
    std::iota(positions.begin(), positions.end(), 0);
    std::vector<float> hidden, logits;
    int64_t done = 0;
    for (int64_t p = n - 1; p >= 0; --p) {
        const std::span<const int32_t> span(positions.data() + p, static_cast<size_t>(n - p));
        for (int64_t layer = o.firstLayer; layer <= lastLayer; ++layer) {
            if (cancelled(control)) {
                r.cancelled = true;
                session.clear();
                return r;
            }
            const float* cleanRows = cleanSite[static_cast<size_t>(layer - o.firstLayer)].values.data();
            // A residual patch enters the next layer; a head patch is made inside its own layer.
            const int64_t start = heads ? layer : layer + 1;
            const float* input = start == 0 ? embedding.data()
                                            : corruptedResidual[static_cast<size_t>(start - 1)].values.data();
            hidden.assign(input + p * E, input + n * E);
            if (!heads) std::copy(cleanRows + p * width, cleanRows + (p + 1) * width, hidden.begin());
            RowPatch patch(HookSite::AttnHeads, layer, o.head * hp.headDim,
                           cleanRows + p * width + o.head * hp.headDim, hp.headDim);
            {
                std::optional<ScopedHook> installed;
                if (heads) installed.emplace(session, patch);
                for (int64_t l = start; l < hp.nLayer; ++l)
                    session.forwardLayer(l, hidden, span);
            }
            session.logits(hidden.data() + (n - p - 1) * E, 1, logits);
            const size_t cell = static_cast<size_t>((layer - o.firstLayer) * n + p);
            r.logitDiff[cell] = diffOf(logits);
            r.recovered[cell] = (r.logitDiff[cell] - r.corruptedDiff) / (r.cleanDiff - r.corruptedDiff);
            if (control) control->progress(static_cast<double>(++done) / static_cast<double>(total));
        }
    }
    session.clear();
    return r;
}

} // namespace realm
