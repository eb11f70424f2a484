// Ablation through the forward hooks: heads, a layer's attention or feed-forward, MoE experts,
// zeroed or mean-ablated, and the baseline/ablated comparison (Δlogit, KL).
#include "conformance.h"

#include "interp/ablation.h"
#include "interp/activation_export.h"
#include "interp/scoped_hook.h"
#include "runtime/session.h"
#include "util/error.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace realm;
using Kind = AblationTarget::Kind;

namespace {
const std::vector<int32_t> kPrompt = {1, 450, 7483, 310, 3444, 338}; // "The capital of France is"

std::shared_ptr<const Model> llama() {
    return Model::load(realm::test::conformancePath("models/llama-s64-tied-F32.gguf").toStdString());
}

std::shared_ptr<const Model> qwen3moe() {
    return Model::load(REALM_SOURCE_DIR "/tests/data/architectures/qwen3moe-t64-Q8_0.gguf");
}

std::vector<float> ablatedLogits(Session& session, const std::vector<AblationTarget>& targets,
                                 AblationMode mode, const std::vector<int32_t>& tokens = kPrompt) {
    Ablation ablation(targets, mode, session.hparams());
    return compareAblation(session, tokens, ablation, 5).ablated;
}
} // namespace

class TestEngineAblation : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void allHeadsAreTheAttention();
    void meanAblationUsesThePromptMean();
    void zeroFfnLeavesTheAttentionResidual();
    void comparison();
    void experts();
    void expertMeanAblation();
    void badTargets();
};

// With no Wo bias, zeroing every head of a layer is zeroing its attention output: same logits.
void TestEngineAblation::allHeadsAreTheAttention() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session(llama());
    const int64_t nHead = session.hparams().nHead;
    std::vector<AblationTarget> heads;
    for (int64_t h = 0; h < nHead; ++h)
        heads.push_back({Kind::Head, 1, h});
    const auto viaHeads = ablatedLogits(session, heads, AblationMode::Zero);
    QCOMPARE(viaHeads, ablatedLogits(session, {{Kind::Attention, 1}}, AblationMode::Zero));
    heads.pop_back();
    QVERIFY(ablatedLogits(session, heads, AblationMode::Zero) != viaHeads);
}

// Under mean ablation every position's attention output is the baseline's mean over the prompt.
void TestEngineAblation::meanAblationUsesThePromptMean() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session(llama());
    const int64_t E = session.hparams().nEmbd, n = static_cast<int64_t>(kPrompt.size());
    const auto baseline = recordActivations(session, kPrompt, {HookSite::AttnOut, HookSite::AttnHeads}, 0, 0);
    const auto ablatedRun = [&](AblationTarget target) {
        Ablation ablation({target}, AblationMode::Mean, session.hparams());
        ScopedHook first(session, ablation); // runs before the recorder that recordActivations installs
        return recordActivations(session, kPrompt, {HookSite::AttnOut, HookSite::AttnHeads}, 0, 0);
    };
    auto ablated = ablatedRun({Kind::Attention, 0});
    for (int64_t i = 0; i < E; ++i) {
        double mean = 0;
        for (int64_t t = 0; t < n; ++t)
            mean += baseline[0].values[static_cast<size_t>(t * E + i)];
        mean /= static_cast<double>(n);
        for (int64_t t = 0; t < n; ++t)
            QCOMPARE(ablated[0].values[static_cast<size_t>(t * E + i)], static_cast<float>(mean));
    }
    ablated = ablatedRun({Kind::Head, 0, 2});
    // Head 2's slice is its mean too; the other heads are untouched.
    const int64_t Q = session.hparams().qDim(), D = session.hparams().headDim;
    for (int64_t t = 0; t < n; ++t)
        for (int64_t i = 0; i < Q; ++i) {
            const size_t k = static_cast<size_t>(t * Q + i);
            if (i / D != 2)
                QCOMPARE(ablated[1].values[k], baseline[1].values[k]);
            else
                QCOMPARE(ablated[1].values[k],
                         ablated[1].values[static_cast<size_t>(i)]); // same in every row
        }
}

void TestEngineAblation::zeroFfnLeavesTheAttentionResidual() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session(llama());
    Ablation ablation({{Kind::Ffn, 1}}, AblationMode::Zero, session.hparams());
    ScopedHook installed(session, ablation);
    const auto rec = recordActivations(session, kPrompt, {HookSite::Residual, HookSite::AttnOut}, 0, 1);
    for (size_t i = 0; i < rec[1].values.size(); ++i)
        QCOMPARE(rec[1].values[i], rec[0].values[i] + rec[3].values[i]);
}

void TestEngineAblation::comparison() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session(llama());
    const std::vector<float> plain = session.evaluate(kPrompt);
    Ablation head({{Kind::Head, 1, 2}}, AblationMode::Zero, session.hparams());
    const AblationComparison c = compareAblation(session, kPrompt, head, 5);
    QCOMPARE(c.baseline, plain);
    QVERIFY(c.top.size() >= 5);
    QCOMPARE(c.top[0].id, c.baselineTop);
    QCOMPARE(c.top[0].baseline, plain[static_cast<size_t>(c.baselineTop)]);
    QCOMPARE(c.top[0].ablated, c.ablated[static_cast<size_t>(c.baselineTop)]);
    // KL in double against a direct computation.
    double mp = -1e30, mq = -1e30, zp = 0, zq = 0, kl = 0;
    for (size_t i = 0; i < plain.size(); ++i) {
        mp = std::max(mp, double(c.baseline[i]));
        mq = std::max(mq, double(c.ablated[i]));
    }
    for (size_t i = 0; i < plain.size(); ++i) {
        zp += std::exp(c.baseline[i] - mp);
        zq += std::exp(c.ablated[i] - mq);
    }
    for (size_t i = 0; i < plain.size(); ++i) {
        const double p = std::exp(c.baseline[i] - mp) / zp, q = std::exp(c.ablated[i] - mq) / zq;
        kl += p * std::log(p / q);
    }
    QVERIFY(kl > 0.01);
    QVERIFY(std::abs(c.kl - kl) < 1e-9);
    // The lens: nothing changes before the ablated layer; after the last layer it is the logits.
    const AblationComparison lens = compareAblation(session, kPrompt, head, 5, true);
    QCOMPARE(lens.lens.size(), size_t(2));
    QCOMPARE(lens.lens[0].kl, 0.0);
    QCOMPARE(lens.lens[0].baselineTop, lens.lens[0].ablatedTop);
    QCOMPARE(lens.lens[1].baselineTop, c.baselineTop);
    QCOMPARE(lens.lens[1].ablatedTop, c.ablatedTop);
    QVERIFY(std::abs(lens.lens[1].kl - c.kl) < 1e-9);
    QCOMPARE(lens.ablated, c.ablated);
    // Mean ablation over a one-token prompt changes nothing.
    Ablation mean({{Kind::Attention, 0}, {Kind::Ffn, 1}}, AblationMode::Mean, session.hparams());
    const AblationComparison same = compareAblation(session, {1}, mean, 3);
    QCOMPARE(same.ablated, same.baseline);
    QCOMPARE(same.kl, 0.0);
}

// Routing of an MoE layer; switching every expert off is switching the feed-forward off.
void TestEngineAblation::experts() {
    Session session(qwen3moe());
    const HParams& hp = session.hparams();
    QVERIFY(hp.nExpert > hp.nExpertUsed);
    const std::vector<int32_t> tokens = {78, 62, 31, 96, 37, 200, 5, 300};
    const auto routing = recordActivations(session, tokens, {HookSite::MoeRouting}, 0, 0)[0];
    QCOMPARE(routing.shape, (std::vector<int64_t>{8, hp.nExpert}));
    int64_t used0 = 0;
    for (int64_t t = 0; t < 8; ++t) {
        double sum = 0;
        int64_t chosen = 0;
        for (int64_t e = 0; e < hp.nExpert; ++e) {
            const float w = routing.values[static_cast<size_t>(t * hp.nExpert + e)];
            sum += w;
            chosen += w > 0;
        }
        used0 += routing.values[static_cast<size_t>(t * hp.nExpert)] > 0;
        QCOMPARE(chosen, hp.nExpertUsed);
        QVERIFY(std::abs(sum - 1.0) < 1e-6); // renormalised top-k
    }
    std::vector<AblationTarget> all;
    for (int64_t e = 0; e < hp.nExpert; ++e)
        all.push_back({Kind::Expert, 0, e});
    QCOMPARE(ablatedLogits(session, all, AblationMode::Zero, tokens),
             ablatedLogits(session, {{Kind::Ffn, 0}}, AblationMode::Zero, tokens));
    Ablation one({{Kind::Expert, 0, 0}}, AblationMode::Zero, hp);
    ScopedHook installed(session, one);
    const auto ablated = recordActivations(session, tokens, {HookSite::MoeRouting}, 0, 0)[0];
    for (int64_t t = 0; t < 8; ++t)
        QCOMPARE(ablated.values[static_cast<size_t>(t * hp.nExpert)], 0.0f);
    QVERIFY(used0 > 0); // expert 0 was chosen somewhere, so the test means something
}

// A mean-ablated expert's output, wherever it is chosen, is its mean over the prompt's tokens
// that chose it; the other experts' outputs are untouched, and an expert chosen by one token
// only is its own mean (nothing changes).
void TestEngineAblation::expertMeanAblation() {
    Session session(qwen3moe());
    const HParams& hp = session.hparams();
    const int64_t k = hp.nExpertUsed, E = hp.nEmbd;
    const std::vector<int32_t> tokens = {78, 62, 31, 96, 37, 200, 5, 300};
    const int64_t n = static_cast<int64_t>(tokens.size());
    const auto record = [&](HookSite site) { return recordActivations(session, tokens, {site}, 0, 0)[0]; };
    const RecordedActivation outputs = record(HookSite::ExpertOut);
    QCOMPARE(outputs.shape, (std::vector<int64_t>{n, k, E}));
    const RecordedActivation routing = record(HookSite::MoeRouting); // [n × nExpert] weights
    // Which expert each (token, slot) is: the chosen experts in descending router weight.
    std::vector<int64_t> expertOf(static_cast<size_t>(n * k));
    std::vector<int64_t> timesChosen(static_cast<size_t>(hp.nExpert), 0);
    for (int64_t t = 0; t < n; ++t) {
        std::vector<int64_t> chosen;
        for (int64_t e = 0; e < hp.nExpert; ++e)
            if (routing.values[static_cast<size_t>(t * hp.nExpert + e)] > 0) chosen.push_back(e);
        QCOMPARE(static_cast<int64_t>(chosen.size()), k);
        std::stable_sort(chosen.begin(), chosen.end(), [&](int64_t a, int64_t b) {
            return routing.values[static_cast<size_t>(t * hp.nExpert + a)] >
                   routing.values[static_cast<size_t>(t * hp.nExpert + b)];
        });
        for (int64_t i = 0; i < k; ++i) {
            expertOf[static_cast<size_t>(t * k + i)] = chosen[static_cast<size_t>(i)];
            ++timesChosen[static_cast<size_t>(chosen[static_cast<size_t>(i)])];
        }
    }
    const auto most = std::max_element(timesChosen.begin(), timesChosen.end());
    QVERIFY(*most >= 2); // so the mean differs from the outputs it replaces
    const int64_t target = most - timesChosen.begin();
    std::vector<double> mean(static_cast<size_t>(E), 0.0);
    for (int64_t p = 0; p < n * k; ++p)
        if (expertOf[static_cast<size_t>(p)] == target)
            for (int64_t c = 0; c < E; ++c)
                mean[static_cast<size_t>(c)] += outputs.values[static_cast<size_t>(p * E + c)];

    Ablation ablation({{Kind::Expert, 0, target}}, AblationMode::Mean, hp);
    {
        ScopedHook installed(session, ablation); // before the recorder: it sees the ablated outputs
        const RecordedActivation ablated = record(HookSite::ExpertOut);
        for (int64_t p = 0; p < n * k; ++p)
            for (int64_t c = 0; c < E; ++c) {
                const size_t at = static_cast<size_t>(p * E + c);
                if (expertOf[static_cast<size_t>(p)] == target)
                    QCOMPARE(ablated.values[at],
                             static_cast<float>(mean[static_cast<size_t>(c)] / static_cast<double>(*most)));
                else
                    QCOMPARE(ablated.values[at], outputs.values[at]);
            }
    }
    ablation.restart();
    const AblationComparison changed = compareAblation(session, tokens, ablation, 5);
    QVERIFY(changed.kl > 0);
    QVERIFY(changed.ablated != changed.baseline);

    const auto once = std::find(timesChosen.begin(), timesChosen.end(), 1);
    if (once == timesChosen.end())
        QSKIP("no expert of layer 0 is chosen by exactly one token of this prompt");
    Ablation single({{Kind::Expert, 0, once - timesChosen.begin()}}, AblationMode::Mean, hp);
    const AblationComparison same = compareAblation(session, tokens, single, 5);
    QCOMPARE(same.ablated, same.baseline);
}

void TestEngineAblation::badTargets() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    const auto model = llama();
    const HParams& hp = model->hparams();
    const auto message = [&](AblationTarget t, AblationMode mode) {
        try {
            Ablation({t}, mode, hp);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    QCOMPARE(message({Kind::Ffn, 2}, AblationMode::Zero),
             std::string("ffn 2: layer 2 is outside the model's layers 0…1"));
    QCOMPARE(message({Kind::Head, 0, 4}, AblationMode::Zero),
             std::string("head 0.4: the model has heads 0…3"));
    QCOMPARE(message({Kind::Expert, 0, 0}, AblationMode::Zero),
             std::string("expert 0.0: the model has no experts"));
    const auto moeModel = qwen3moe();
    const HParams& moe = moeModel->hparams();
    QVERIFY_THROWS_EXCEPTION(Error, Ablation({{Kind::Expert, 0, moe.nExpert}}, AblationMode::Zero, moe));
    QVERIFY_THROWS_EXCEPTION(Error, Ablation({{Kind::Expert, 0, -1}}, AblationMode::Mean, moe));
}

QTEST_GUILESS_MAIN(TestEngineAblation)
#include "tst_engine_ablation.moc"
