#include "runtime/session.h"

#include "compute/thread_pool.h"
#include "gguf/gguf_file.h"
#include "runtime/ops.h"
#include "runtime/scratch.h"
#include "util/error.h"

#include <algorithm>
#include <cmath>

namespace realm {

Session::Session(std::shared_ptr<const Model> model, const SessionOptions& options)
    : model_(std::move(model)), options_(options), s_(std::make_unique<Scratch>()) {
    const HParams& hp = model_->hparams();
    ctx_ = options_.contextLength > 0 ? std::min(options_.contextLength, hp.nCtxTrain) : hp.nCtxTrain;
    if (options_.batchSize <= 0) options_.batchSize = 512;
    kv_.allocate(hp.nLayer, ctx_, hp.nHeadKv, hp.headDim, options_.kvType);
    layerFill_.assign(static_cast<size_t>(hp.nLayer), 0);
    ropeFactors_ = model_->ropeFactors(ctx_);
    // Sized for attention()'s largest need up front: it never grows, and it matches the estimate.
    const int threads = options_.pool && options_.pool->size() > 1 ? options_.pool->size() : 1;
    s_->scores.resize(static_cast<size_t>(attentionScoreFloats(hp, ctx_, threads)));
    countScratch();
}

Session::~Session() = default;

void Session::ensureScratch(int64_t n) {
    if (n <= s_->capacity) return;
    const HParams& hp = model_->hparams();
    const auto sz = [n](int64_t width) { return static_cast<size_t>(n * width); };
    const ScratchWidths w = scratchWidths(hp);
    s_->norm.resize(sz(w.norm));
    s_->q.resize(sz(w.q));
    s_->k.resize(sz(w.k));
    s_->v.resize(sz(w.v));
    s_->attnOut.resize(sz(w.attnOut));
    s_->proj.resize(sz(w.proj));
    s_->gate.resize(sz(w.gate));
    s_->up.resize(sz(w.up));
    s_->ropeTable.resize(sz(w.rope));
    s_->capacity = n;
    countScratch();
}

void Session::countScratch() {
    scratchBytes_ = s_->bytes() + (hidden_.capacity() + lastLogits_.capacity()) * sizeof(float);
}

void Session::checkWeightsReadable() const {
    model_->file().mapping().checkIntact();
}

void Session::embed(std::span<const int32_t> tokens, std::vector<float>& hidden) {
    startProfile();
    checkWeightsReadable();
    const HParams& hp = model_->hparams();
    const WeightView& e = model_->tokenEmbedding();
    const int64_t stride = rowBytes(e.type, e.cols);
    hidden.resize(tokens.size() * static_cast<size_t>(hp.nEmbd));
    for (size_t t = 0; t < tokens.size(); ++t) {
        const int32_t id = tokens[t];
        if (id < 0 || id >= e.rows)
            throw Error("token id " + std::to_string(id) + " is out of range (vocabulary has " +
                        std::to_string(e.rows) + " tokens)");
        // Only the needed rows are dequantized; the table stays quantized in the mapping.
        dequantizeRows(e.type, static_cast<const uint8_t*>(e.data) + id * stride,
                       hidden.data() + t * hp.nEmbd, hp.nEmbd, 1);
    }
    if (hp.embedScale != 1.0f) ops::scale(hidden.data(), static_cast<int64_t>(hidden.size()), hp.embedScale);
    lap(OpKind::Other);
}

std::vector<float> Session::embed(std::span<const int32_t> tokens) {
    std::vector<float> h;
    embed(tokens, h);
    return h;
}

void Session::forwardLayer(int64_t layer, std::vector<float>& hidden, std::span<const int32_t> positions,
                           LayerCapture* capture) {
    const HParams& hp = model_->hparams();
    const int64_t n = static_cast<int64_t>(positions.size());
    if (layer < 0 || layer >= hp.nLayer)
        throw Error("layer " + std::to_string(layer) + " does not exist (model has " +
                    std::to_string(hp.nLayer) + ")");
    if (n == 0) throw Error("forwardLayer: no positions");
    if (static_cast<int64_t>(hidden.size()) != n * hp.nEmbd)
        throw Error("forwardLayer: hidden has " + std::to_string(hidden.size()) + " values, expected " +
                    std::to_string(n) + " tokens × " + std::to_string(hp.nEmbd));
    const int64_t first = positions[0];
    for (int64_t t = 1; t < n; ++t)
        if (positions[static_cast<size_t>(t)] != first + t)
            throw Error("forwardLayer: positions must be consecutive (position " + std::to_string(t) +
                        " is " + std::to_string(positions[static_cast<size_t>(t)]) + ")");
    if (first < 0 || first > layerFill_[static_cast<size_t>(layer)])
        throw Error("forwardLayer: position " + std::to_string(first) + " leaves a gap in layer " +
                    std::to_string(layer) + "'s cache, which holds " +
                    std::to_string(layerFill_[static_cast<size_t>(layer)]) + " positions");
    if (first + n > ctx_)
        throw Error("context length exceeded: positions up to " + std::to_string(first + n) +
                    " do not fit in " + std::to_string(ctx_) + " tokens of context");

    startProfile();
    checkWeightsReadable();
    ensureScratch(n);
    Scratch& s = *s_;
    const LayerWeights& w = model_->layer(layer);
    ThreadPool* pool = options_.pool;
    const int64_t E = hp.nEmbd, Q = hp.qDim(), K = hp.kvDim(), F = hp.nFf;
    const auto keep = [capture](std::vector<float> LayerCapture::*field, const float* src, int64_t count) {
        if (capture) (capture->*field).assign(src, src + count);
    };
    const auto hook = [&](HookSite site, int64_t heads, int64_t width, float* data) {
        if (!hooks_.empty()) runHooks({site, layer, first, n, heads, width, data});
    };
    if (capture) {
        capture->layer = layer;
        capture->nTokens = n;
        capture->nKeys = first + n;
        capture->positions.assign(positions.begin(), positions.end());
    }

    // Attention block.
    lap(OpKind::Other);
    preNorm(hidden.data(), w.attnNorm, n);
    lap(OpKind::Norms);
    keep(&LayerCapture::attnNorm, s.norm.data(), n * E);
    if (profile_) { // each matrix timed on its own
        matmul(w.wq, s.norm.data(), n, s.q.data(), pool);
        lap(OpKind::AttnQ);
        matmul(w.wk, s.norm.data(), n, s.k.data(), pool);
        lap(OpKind::AttnK);
        matmul(w.wv, s.norm.data(), n, s.v.data(), pool);
        lap(OpKind::AttnV);
    } else {
        const MatmulPart qkv[] = {{w.wq, s.q.data()}, {w.wk, s.k.data()}, {w.wv, s.v.data()}};
        matmulSameInput(qkv, s.norm.data(), n, pool);
    }
    if (w.bq) ops::addBias(s.q.data(), w.bq.data, n, Q);
    if (w.bk) ops::addBias(s.k.data(), w.bk.data, n, K);
    if (w.bv) ops::addBias(s.v.data(), w.bv.data, n, K);
    lap(OpKind::Other);
    // q/k norms normalise each head (size headDim) or, olmo2, the whole row.
    if (w.qNorm)
        ops::rmsNorm(s.q.data(), w.qNorm.data, s.q.data(), n * Q / w.qNorm.size, w.qNorm.size, hp.rmsEps);
    if (w.kNorm)
        ops::rmsNorm(s.k.data(), w.kNorm.data, s.k.data(), n * K / w.kNorm.size, w.kNorm.size, hp.rmsEps);
    lap(OpKind::Norms);
    if (hp.ropeOn(layer)) {
        const RopeParams& rp = hp.ropeFor(layer);
        for (int64_t t = 0; t < n; ++t) {
            float* cs = s.ropeTable.data() + t * hp.nRot;
            ops::ropeAngles(cs, first + t, hp.nRot, rp, ropeFactors_);
            ops::rope(s.q.data() + t * Q, hp.nHead, hp.headDim, hp.nRot, cs, hp.ropeLayout);
            ops::rope(s.k.data() + t * K, hp.nHeadKv, hp.headDim, hp.nRot, cs, hp.ropeLayout);
        }
        lap(OpKind::Rope);
    }
    if (hp.attnTempScale != 0.0f)
        for (int64_t t = 0; t < n; ++t) {
            // llama4-style temperature tuning of the queries, by position.
            const double p = static_cast<double>(first + t);
            const double f =
                std::log(std::floor(p / static_cast<double>(hp.attnTempFloor)) + 1.0) * hp.attnTempScale +
                1.0;
            ops::scale(s.q.data() + t * Q, Q, static_cast<float>(f));
        }
    keep(&LayerCapture::q, s.q.data(), n * Q);
    keep(&LayerCapture::k, s.k.data(), n * K);
    keep(&LayerCapture::v, s.v.data(), n * K);

    kv_.store(layer, first, n, s.k.data(), s.v.data());
    layerFill_[static_cast<size_t>(layer)] = first + n;
    if (static_cast<int64_t>(history_.size()) > first && layer == 0)
        history_.resize(static_cast<size_t>(first));
    nPastAtomic_ = nPast();

    lap(OpKind::Other);
    float* probs = nullptr;
    if (capture || hooked(HookSite::AttnWeights, layer)) {
        std::vector<float>& dst = capture ? capture->attnProbs : hookProbs_;
        dst.assign(static_cast<size_t>(hp.nHead * n * (first + n)), 0.0f);
        probs = dst.data();
    }
    attention(layer, n, first, probs);
    lap(OpKind::Attention);
    if (probs) hook(HookSite::AttnWeights, hp.nHead, first + n, probs);
    hook(HookSite::AttnHeads, hp.nHead, Q, s.attnOut.data());
    keep(&LayerCapture::attnOut, s.attnOut.data(), n * Q);
    matmul(w.wo, s.attnOut.data(), n, s.proj.data(), pool);
    lap(OpKind::AttnOutput);
    if (w.bo) ops::addBias(s.proj.data(), w.bo.data, n, E);
    keep(&LayerCapture::attnProj, s.proj.data(), n * E);
    finishBranch(s.proj.data(), w.attnPostNorm, n, capture ? &capture->attnPost : nullptr);
    hook(HookSite::AttnOut, 1, E, s.proj.data());
    ops::add(hidden.data(), s.proj.data(), n * E);
    keep(&LayerCapture::residAttn, hidden.data(), n * E);
    lap(OpKind::Other);

    // Feed-forward block (gated: SwiGLU or GeGLU).
    preNorm(hidden.data(), w.ffnNorm, n);
    lap(OpKind::Norms);
    keep(&LayerCapture::ffnNorm, s.norm.data(), n * E);
    if (w.nExpert > 0) {
        // Mixture of experts: gate/up/act stay empty in a capture (they differ per expert);
        // down is the weighted sum of the experts' outputs.
        const MoeWeights moe{w.nExpert, hp.nExpertUsed, &w.gateInp, &w.gateExps, &w.upExps, &w.downExps};
        moeRoute(moe, s.norm.data(), n, s.moe, pool);
        if (!hooks_.empty())
            runHooks({HookSite::MoeRouting, layer, first, n, 1, hp.nExpertUsed, s.moe.weights.data(),
                      s.moe.ids.data()});
        moeExperts(moe, s.norm.data(), n, E, s.moe, pool);
        if (!hooks_.empty())
            runHooks({HookSite::ExpertOut, layer, first, n, hp.nExpertUsed, hp.nExpertUsed * E,
                      s.moe.perSlot.data(), s.moe.ids.data()});
        moeCombine(hp.nExpertUsed, n, E, s.proj.data(), s.moe);
        lap(OpKind::FfnExperts);
        countScratch();
        if (capture) {
            capture->gate.clear();
            capture->up.clear();
            capture->act.clear();
        }
    } else {
        if (profile_) {
            matmul(w.gate, s.norm.data(), n, s.gate.data(), pool);
            lap(OpKind::FfnGate);
            matmul(w.up, s.norm.data(), n, s.up.data(), pool);
            lap(OpKind::FfnUp);
        } else {
            const MatmulPart gateUp[] = {{w.gate, s.gate.data()}, {w.up, s.up.data()}};
            matmulSameInput(gateUp, s.norm.data(), n, pool);
        }
        if (w.bGate) ops::addBias(s.gate.data(), w.bGate.data, n, F);
        if (w.bUp) ops::addBias(s.up.data(), w.bUp.data, n, F);
        keep(&LayerCapture::gate, s.gate.data(), n * F);
        keep(&LayerCapture::up, s.up.data(), n * F);
        ops::gatedActivation(hp.act, s.gate.data(), s.up.data(), n * F);
        keep(&LayerCapture::act, s.gate.data(), n * F);
        lap(OpKind::Other);
        matmul(w.down, s.gate.data(), n, s.proj.data(), pool);
        lap(OpKind::FfnDown);
        if (w.bDown) ops::addBias(s.proj.data(), w.bDown.data, n, E);
    }
    keep(&LayerCapture::down, s.proj.data(), n * E);
    finishBranch(s.proj.data(), w.ffnPostNorm, n, capture ? &capture->ffnPost : nullptr);
    hook(HookSite::FfnOut, 1, E, s.proj.data());
    ops::add(hidden.data(), s.proj.data(), n * E);
    hook(HookSite::Residual, 1, E, hidden.data());
    keep(&LayerCapture::residOut, hidden.data(), n * E);
    lap(OpKind::Other);
}

void Session::preNorm(const float* hidden, const VectorView& weight, int64_t n) {
    const HParams& hp = model_->hparams();
    if (weight)
        ops::rmsNorm(hidden, weight.data, s_->norm.data(), n, hp.nEmbd, hp.rmsEps);
    else
        std::copy(hidden, hidden + n * hp.nEmbd, s_->norm.data());
}

void Session::finishBranch(float* branch, const VectorView& postNorm, int64_t n,
                           std::vector<float>* captured) {
    const HParams& hp = model_->hparams();
    const int64_t E = hp.nEmbd;
    if (postNorm) ops::rmsNorm(branch, postNorm.data, branch, n, E, hp.rmsEps);
    if (hp.residualScale != 1.0f) ops::scale(branch, n * E, hp.residualScale);
    if (captured) {
        if (postNorm || hp.residualScale != 1.0f)
            captured->assign(branch, branch + n * E);
        else
            captured->clear();
    }
}

void Session::addHook(ForwardHook* hook) {
    if (hook && std::find(hooks_.begin(), hooks_.end(), hook) == hooks_.end()) hooks_.push_back(hook);
}

void Session::removeHook(ForwardHook* hook) {
    hooks_.erase(std::remove(hooks_.begin(), hooks_.end(), hook), hooks_.end());
}

bool Session::hooked(HookSite site, int64_t layer) const {
    for (const ForwardHook* h : hooks_)
        if (h->wants(site, layer)) return true;
    return false;
}

void Session::runHooks(const HookView& view) {
    for (ForwardHook* h : hooks_)
        if (h->wants(view.site, view.layer)) h->onActivation(view);
}

void Session::logits(const float* hidden, int64_t nTokens, std::vector<float>& out) {
    startProfile();
    checkWeightsReadable();
    const HParams& hp = model_->hparams();
    std::vector<float>& norm = s_->finalNorm;
    if (static_cast<int64_t>(norm.size()) < nTokens * hp.nEmbd) {
        norm.resize(static_cast<size_t>(nTokens * hp.nEmbd));
        countScratch();
    }
    lap(OpKind::Other);
    ops::rmsNorm(hidden, model_->outputNorm().data, norm.data(), nTokens, hp.nEmbd, hp.rmsEps);
    lap(OpKind::Norms);
    out.resize(static_cast<size_t>(nTokens * hp.nVocab));
    matmul(model_->output(), norm.data(), nTokens, out.data(), options_.pool);
    lap(OpKind::Output);
    if (hp.logitScale != 1.0f) ops::scale(out.data(), nTokens * hp.nVocab, hp.logitScale);
    if (hp.finalSoftcap > 0.0f) ops::softcap(out.data(), nTokens * hp.nVocab, hp.finalSoftcap);
    lap(OpKind::Other);
}

std::vector<float> Session::logits(const std::vector<float>& hidden) {
    const int64_t E = model_->hparams().nEmbd;
    if (hidden.empty() || hidden.size() % static_cast<size_t>(E))
        throw Error("logits: hidden has " + std::to_string(hidden.size()) +
                    " values, not a multiple of n_embd " + std::to_string(E));
    std::vector<float> out;
    logits(hidden.data(), static_cast<int64_t>(hidden.size()) / E, out);
    return out;
}

std::vector<float> Session::logitLens(int64_t layer, const std::vector<float>& hidden) {
    if (layer < -1 || layer >= model_->hparams().nLayer)
        throw Error("logitLens: layer " + std::to_string(layer) + " does not exist");
    return logits(hidden);
}

const std::vector<float>& Session::evaluate(std::span<const int32_t> tokens, bool allLogits) {
    const HParams& hp = model_->hparams();
    const int64_t n = static_cast<int64_t>(tokens.size());
    if (n == 0) throw Error("evaluate: no tokens");
    const int64_t past = nPast();
    if (past + n > ctx_)
        throw Error("context length exceeded: " + std::to_string(past) + " cached + " + std::to_string(n) +
                    " new tokens > context length " + std::to_string(ctx_));
    history_.resize(std::min(history_.size(), static_cast<size_t>(past)));
    if (allLogits) lastLogits_.resize(static_cast<size_t>(n * hp.nVocab));

    std::vector<float> chunkLogits;
    for (int64_t begin = 0; begin < n; begin += options_.batchSize) {
        const int64_t m = std::min(options_.batchSize, n - begin);
        const std::span<const int32_t> chunk =
            tokens.subspan(static_cast<size_t>(begin), static_cast<size_t>(m));
        s_->positions.resize(static_cast<size_t>(m));
        for (int64_t t = 0; t < m; ++t)
            s_->positions[static_cast<size_t>(t)] = static_cast<int32_t>(past + begin + t);
        embed(chunk, hidden_);
        for (int64_t l = 0; l < hp.nLayer; ++l)
            forwardLayer(l, hidden_, s_->positions, nullptr);
        evaluated_ += m;
        if (allLogits) {
            logits(hidden_.data(), m, chunkLogits);
            std::copy(chunkLogits.begin(), chunkLogits.end(), lastLogits_.begin() + begin * hp.nVocab);
        } else if (begin + m == n) {
            logits(hidden_.data() + (m - 1) * hp.nEmbd, 1, lastLogits_);
        }
    }
    countScratch(); // hidden_ and lastLogits_ may have grown
    history_.insert(history_.end(), tokens.begin(), tokens.end());
    nPastAtomic_ = nPast();
    return lastLogits_;
}

void Session::truncate(int64_t n) {
    n = std::max<int64_t>(0, n);
    for (auto& f : layerFill_)
        f = std::min(f, n);
    if (static_cast<int64_t>(history_.size()) > n) history_.resize(static_cast<size_t>(n));
    nPastAtomic_ = nPast();
}

int64_t Session::reusePrefix(std::span<const int32_t> tokens) {
    size_t common = 0;
    const size_t limit = std::min(history_.size(), tokens.size());
    while (common < limit && history_[common] == tokens[common])
        ++common;
    if (common == tokens.size() && common > 0) --common; // the last token must be evaluated to get logits
    truncate(static_cast<int64_t>(common));
    return static_cast<int64_t>(common);
}

int64_t Session::nPast() const {
    int64_t n = ctx_;
    for (int64_t f : layerFill_)
        n = std::min(n, f);
    return layerFill_.empty() ? 0 : n;
}

MemoryStats Session::memory() const {
    MemoryStats m;
    m.weightBytes = model_->weightBytes();
    m.kvCacheBytes = kv_.bytes();
    m.nPast = nPastAtomic_.load();
    m.kvUsedBytes = static_cast<uint64_t>(m.nPast) * kv_.bytesPerPosition();
    m.scratchBytes = scratchBytes_.load();
    m.contextLength = ctx_;
    return m;
}

} // namespace realm
