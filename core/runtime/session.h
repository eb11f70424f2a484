#pragma once
#include "model/model.h"
#include "runtime/forward_hook.h"
#include "runtime/kv_cache.h"
#include "runtime/layer_capture.h"
#include "runtime/op_profile.h"
#include "runtime/session_options.h"

#include <atomic>
#include <memory>
#include <span>
#include <vector>

namespace realm {

struct Scratch;

// One conversation's state: the KV cache and the work buffers. Used by one thread at a
// time (memory() may be polled from others). The fused forward (evaluate) is literally
// embed → forwardLayer for every layer → logits, so the step API gives identical numbers.
class Session {
  public:
    explicit Session(std::shared_ptr<const Model> model, const SessionOptions& options = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const Model& model() const { return *model_; }
    const HParams& hparams() const { return model_->hparams(); }
    int64_t contextLength() const { return ctx_; }
    ThreadPool* pool() const { return options_.pool; }

    // ---- layer-step API ----
    // hidden = token embedding rows, [tokens.size() × nEmbd]. Bad ids → realm::Error.
    void embed(std::span<const int32_t> tokens, std::vector<float>& hidden);
    std::vector<float> embed(std::span<const int32_t> tokens);
    // Runs one layer in place on hidden [positions.size() × nEmbd]: writes the new K/V at
    // `positions` (consecutive, starting at most at the layer's cached length, < contextLength)
    // and attends causally over the cache. capture, if given, receives the intermediates.
    void forwardLayer(int64_t layer, std::vector<float>& hidden, std::span<const int32_t> positions,
                      LayerCapture* capture = nullptr);
    // Final norm + output projection of `nTokens` rows: out = [nTokens × nVocab].
    void logits(const float* hidden, int64_t nTokens, std::vector<float>& out);
    std::vector<float> logits(const std::vector<float>& hidden);
    // The same projection applied to the residual after `layer` (logit lens).
    std::vector<float> logitLens(int64_t layer, const std::vector<float>& hidden);

    // ---- fused forward ----
    // Appends `tokens` after the cached ones (positions nPast…) and returns the logits of
    // the last token, or of all of them ([n × nVocab]) when allLogits. Past the context
    // length → realm::Error (nothing evaluated).
    const std::vector<float>& evaluate(std::span<const int32_t> tokens, bool allLogits = false);
    // What the last evaluate() returned (after a generation: the logits its last token was drawn from).
    const std::vector<float>& lastLogits() const { return lastLogits_; }

    // Tokens in the cache; the ids are known when they came through evaluate().
    int64_t nPast() const;
    const std::vector<int32_t>& cachedTokens() const { return history_; }
    // Keeps the first n cached positions (n ≤ nPast).
    void truncate(int64_t n);
    void clear() { truncate(0); }
    // Keeps the longest cached prefix shared with `tokens` (always leaving at least one
    // token to evaluate) and returns its length: what a new request need not recompute.
    int64_t reusePrefix(std::span<const int32_t> tokens);

    // Total tokens run through the layers since construction (KV reuse tests count these).
    int64_t evaluatedTokens() const { return evaluated_; }
    MemoryStats memory() const;

    // While set, every op of embed/forwardLayer/logits adds its time to `profile` (not
    // owned; nullptr stops). Time spent outside those calls is not counted. Matrices that
    // share an input (q/k/v, gate/up) are then multiplied one by one so each has its own
    // time; without a profile one token's are shared out in one pass of the pool.
    void setProfile(OpProfile* profile) { profile_ = profile; }

    // Hooks read and may change activations inside forwardLayer (forward_hook.h); they run in
    // the order added. Not owned: remove a hook before destroying it.
    void addHook(ForwardHook* hook);
    void removeHook(ForwardHook* hook);

  private:
    // Every step reads weights from the mapping: a file truncated on disk since it was opened
    // throws realm::Error here instead of faulting (SIGBUS) in the middle of a matmul.
    void checkWeightsReadable() const;
    void ensureScratch(int64_t nTokens);
    void countScratch(); // scratchBytes_: every work buffer, hidden state and logits included
    // probs, if given, receives the softmax rows [nHead × nTokens × (firstPos + nTokens)].
    void attention(int64_t layer, int64_t nTokens, int64_t firstPos, float* probs);
    // branch = residualScale · postNorm(branch) (each step only when the model has it), what the
    // residual receives. `captured` receives it when it differs from what the branch was.
    // s.norm = RMSNorm(hidden)·weight, or hidden itself when the model has no pre-norm (olmo2).
    void preNorm(const float* hidden, const VectorView& weight, int64_t nTokens);
    void finishBranch(float* branch, const VectorView& postNorm, int64_t nTokens,
                      std::vector<float>* captured);
    bool hooked(HookSite site, int64_t layer) const;
    void runHooks(const HookView& view);
    void startProfile() {
        if (profile_) profile_->resume();
    }
    void lap(OpKind kind) {
        if (profile_) profile_->lap(kind);
    }

    std::shared_ptr<const Model> model_;
    SessionOptions options_;
    int64_t ctx_ = 0;
    KvCache kv_;
    std::unique_ptr<Scratch> s_;
    std::vector<int64_t> layerFill_;     // cached length per layer
    const float* ropeFactors_ = nullptr; // per-dimension RoPE divisors for this context length
    std::vector<int32_t> history_;
    int64_t evaluated_ = 0;
    std::vector<float> hidden_, lastLogits_;
    std::atomic<uint64_t> scratchBytes_{0};
    std::atomic<int64_t> nPastAtomic_{0};
    OpProfile* profile_ = nullptr;
    std::vector<ForwardHook*> hooks_;
    std::vector<float> hookProbs_;
};

} // namespace realm
