// Samplers and the streamed text (stop strings, UTF-8 boundaries); no model needed.
#include "runtime/sampler.h"
#include "runtime/text_stream.h"
#include "runtime/token_probabilities.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>

using namespace realm;

namespace {
std::vector<float> someLogits() {
    return {1.0f, 3.0f, 2.5f, -1.0f, 3.0f, 0.5f, 2.9f, 0.0f};
}

std::vector<int32_t> draw(const SamplerSettings& s, int count) {
    Sampler sampler(s);
    const std::vector<float> l = someLogits();
    std::vector<int32_t> out;
    for (int i = 0; i < count; ++i)
        out.push_back(sampler.sample(l.data(), int64_t(l.size())));
    return out;
}
} // namespace

class TestEngineSampling : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void greedyTakesLowestIdOnTies();
    void sameSeedSameTokens();
    void truncationsReduceToGreedy();
    void distributionFollowsSoftmax();
    void topKAndMinPLimitCandidates();
    void repetitionPenalty();
    void stagesAreTheSamplersCuts();
    void withoutTopKDrawsAsAFullSortWould();
    void alternativesBeforeTheChain();
    void stopStringsAreNeverShown();
    void utf8IsNeverSplit();
};

void TestEngineSampling::greedyTakesLowestIdOnTies() {
    SamplerSettings s;
    s.temperature = 0;
    QCOMPARE(draw(s, 3), (std::vector<int32_t>{1, 1, 1}));
    QCOMPARE(argmax(someLogits().data(), 8), 1);
}

void TestEngineSampling::sameSeedSameTokens() {
    SamplerSettings s;
    s.temperature = 1.5f;
    s.topK = 0;
    s.topP = 1;
    s.minP = 0;
    s.seed = 42;
    const auto a = draw(s, 64), b = draw(s, 64);
    QCOMPARE(a, b);
    s.seed = 43;
    QVERIFY(draw(s, 64) != a);
    // reset() replays the same sequence
    Sampler sampler(s);
    const std::vector<float> l = someLogits();
    std::vector<int32_t> first, again;
    for (int i = 0; i < 16; ++i)
        first.push_back(sampler.sample(l.data(), 8));
    sampler.reset();
    for (int i = 0; i < 16; ++i)
        again.push_back(sampler.sample(l.data(), 8));
    QCOMPARE(first, again);
}

void TestEngineSampling::truncationsReduceToGreedy() {
    SamplerSettings s;
    s.temperature = 2.0f;
    s.seed = 7;
    s.topK = 1;
    QCOMPARE(draw(s, 20), std::vector<int32_t>(20, 1));
    s.topK = 0;
    s.topP = 1e-6f;
    QCOMPARE(draw(s, 20), std::vector<int32_t>(20, 1));
    s.topP = 1;
    s.minP = 1.0f; // only tokens as likely as the best: ids 1 and 4 tie
    for (int32_t t : draw(s, 40))
        QVERIFY(t == 1 || t == 4);
}

void TestEngineSampling::distributionFollowsSoftmax() {
    SamplerSettings s;
    s.temperature = 1;
    s.topK = 0;
    s.topP = 1;
    s.minP = 0;
    s.seed = 1234;
    const int n = 20000;
    std::map<int32_t, int> counts;
    for (int32_t t : draw(s, n))
        ++counts[t];
    const std::vector<float> l = someLogits();
    double z = 0;
    for (float x : l)
        z += std::exp(x);
    for (int32_t id = 0; id < 8; ++id) {
        const double p = std::exp(l[size_t(id)]) / z;
        const double got = double(counts[id]) / n;
        QVERIFY2(std::abs(got - p) < 4 * std::sqrt(p * (1 - p) / n) + 1e-3,
                 qPrintable(QStringLiteral("id %1: %2 vs %3").arg(id).arg(got).arg(p)));
    }
}

void TestEngineSampling::topKAndMinPLimitCandidates() {
    SamplerSettings s;
    s.temperature = 5; // flat: every candidate appears
    s.topK = 3;
    s.topP = 1;
    s.minP = 0;
    s.seed = 9;
    std::map<int32_t, int> counts;
    for (int32_t t : draw(s, 2000))
        ++counts[t];
    QCOMPARE(counts.size(), size_t(3));
    QVERIFY(counts.count(1) && counts.count(4) && counts.count(6)); // 3.0, 3.0, 2.9
}

// samplerStages reports the cuts Sampler::sample makes: each stage keeps a prefix of the
// ranking, and what the sampler draws is exactly the set kept after min-p.
void TestEngineSampling::stagesAreTheSamplersCuts() {
    const std::vector<float> l = someLogits();
    const std::vector<int32_t> ranked = rankByLogit(l.data(), int64_t(l.size()));
    QCOMPARE(ranked, (std::vector<int32_t>{1, 4, 6, 2, 0, 5, 7, 3}));
    SamplerSettings s;
    s.temperature = 1;
    s.topK = 5;
    s.topP = 0.9f;
    s.minP = 0.2f;
    s.seed = 3;
    const SamplerStages st = samplerStages(l.data(), ranked, s);
    // softmax over the top 5: 3, 3, 2.9, 2.5, 1 → 0.274 0.274 0.248 0.166 0.037;
    // top-p 0.9 keeps four (0.963 ≥ 0.9 after four, 0.797 after three); min-p 0.2 keeps
    // those ≥ 0.055: still four.
    QCOMPARE(st.kept, (std::array<size_t, 4>{8, 5, 4, 4}));
    s.minP = 0.7f; // ≥ 0.192: three
    QCOMPARE(samplerStages(l.data(), ranked, s).kept[3], size_t(3));
    std::map<int32_t, int> counts;
    for (int32_t t : draw(s, 3000))
        ++counts[t];
    QCOMPARE(counts.size(), size_t(3));
    QVERIFY(counts.count(1) && counts.count(4) && counts.count(6));

    // Probabilities per stage are the tempered softmax renormalised over the kept prefix.
    s.temperature = 2;
    const SamplerStages warm = samplerStages(l.data(), ranked, s);
    double z = 0;
    for (float x : l)
        z += std::exp(double(x) / 2);
    QVERIFY(std::abs(warm.logProbs[0] - (1.5 - std::log(z))) < 1e-12);
    const std::vector<double> all = warm.probabilities(SamplerStage::Temperature);
    QCOMPARE(all.size(), l.size());
    QVERIFY(std::abs(all[7] - std::exp(-0.5) / z) < 1e-12); // id 3, logit -1
    const std::vector<double> top5 = warm.probabilities(SamplerStage::TopK);
    double z5 = 0;
    for (int32_t id : {1, 4, 6, 2, 0})
        z5 += std::exp(double(l[size_t(id)]) / 2);
    QVERIFY(std::abs(top5[3] - std::exp(1.25) / z5) < 1e-12); // id 2, logit 2.5

    // Greedy: one token after every truncating stage, the raw distribution for the curve.
    s.temperature = 0;
    const SamplerStages greedy = samplerStages(l.data(), ranked, s);
    QCOMPARE(greedy.kept, (std::array<size_t, 4>{1, 1, 1, 1}));
    QCOMPARE(greedy.probabilities(SamplerStage::MinP), std::vector<double>{1.0});
    QCOMPARE(greedy.entropyBits, 0.0);

    // A NaN logit ranks last instead of breaking the sort.
    std::vector<float> withNan = l;
    withNan[2] = std::nanf("");
    QCOMPARE(rankByLogit(withNan.data(), 8).back(), 2);
}

// Each token's alternatives: the raw softmax (the chain does not change them), best first, and
// "survived" exactly for the tokens the chain left to draw from.
void TestEngineSampling::alternativesBeforeTheChain() {
    const std::vector<float> l = someLogits();
    const auto n = int64_t(l.size());
    double z = 0;
    for (float x : l)
        z += std::exp(double(x));
    const std::vector<int32_t> ranked = rankByLogit(l.data(), n);
    QCOMPARE(topByLogit(l.data(), n, 3), (std::vector<int32_t>{1, 4, 6}));
    for (const float temperature : {0.0f, 0.7f, 1.5f}) {
        for (const int32_t topK : {0, 2, 5}) {
            SamplerSettings s;
            s.temperature = temperature;
            s.topK = topK;
            s.topP = 0.9f;
            s.minP = 0.1f;
            s.seed = 5;
            Sampler sampler(s);
            const int32_t chosen = sampler.sample(l.data(), n);
            const TokenProbabilities all = tokenProbabilities(l.data(), n, chosen, sampler.survivors(), 8);
            const TokenProbabilities top3 = tokenProbabilities(l.data(), n, chosen, sampler.survivors(), 3);
            QCOMPARE(all.id, chosen);
            QCOMPARE(all.top.size(), size_t(8));
            QCOMPARE(top3.top.size(), size_t(3));
            double sum = 0;
            const size_t kept = samplerStages(l.data(), ranked, s).kept[size_t(SamplerStage::MinP)];
            for (size_t r = 0; r < all.top.size(); ++r) {
                const TokenAlternative& a = all.top[r];
                QCOMPARE(a.id, ranked[r]); // the sampler's candidate order, ties → lower id
                QVERIFY(std::abs(a.probability - std::exp(double(l[size_t(a.id)])) / z) < 1e-6);
                if (r > 0) QVERIFY(a.probability <= all.top[r - 1].probability);
                QCOMPARE(a.survived, r < kept); // the chain keeps a prefix of the ranking
                if (r < 3) QCOMPARE(top3.top[r].id, a.id);
                if (a.id == chosen) QCOMPARE(all.probability, a.probability);
                sum += a.probability;
            }
            QVERIFY(std::abs(sum - 1) < 1e-6);
            QVERIFY(std::find(sampler.survivors().begin(), sampler.survivors().end(), chosen) !=
                    sampler.survivors().end());
            if (temperature == 0) {
                QCOMPARE(chosen, all.top.front().id); // greedy takes the top alternative
                QCOMPARE(sampler.survivors().size(), size_t(1));
            }
        }
    }
    // The repetition penalty is part of the chain: the penalised best token may drop out of the
    // survivors while its probability before the chain stays the largest.
    SamplerSettings s;
    s.temperature = 0;
    s.repeatPenalty = 2;
    Sampler sampler(s);
    sampler.accept(1);
    sampler.accept(4);
    const int32_t chosen = sampler.sample(l.data(), n);
    QCOMPARE(chosen, 6);
    const TokenProbabilities p = tokenProbabilities(l.data(), n, chosen, sampler.survivors(), 3);
    QCOMPARE(p.top.front().id, 1);
    QVERIFY(!p.top[0].survived && !p.top[1].survived && p.top[2].survived);
    QVERIFY(std::abs(p.probability - std::exp(2.9) / z) < 1e-6);
}

void TestEngineSampling::repetitionPenalty() {
    SamplerSettings s;
    s.temperature = 0;
    s.repeatPenalty = 2.0f;
    s.repeatLastN = 2;
    Sampler sampler(s);
    const std::vector<float> l = someLogits();
    sampler.accept(1);
    sampler.accept(4);
    QCOMPARE(sampler.sample(l.data(), 8), 6); // 1 and 4 halved to 1.5
    sampler.accept(6);
    sampler.accept(2); // window of 2: only 6 and 2 penalised now
    QCOMPARE(sampler.sample(l.data(), 8), 1);
}

// Without top-k the sampler sorts only as much of a large vocabulary as top-p and min-p keep;
// its draws are those of the whole chain over a fully sorted vocabulary (written out here).
void TestEngineSampling::withoutTopKDrawsAsAFullSortWould() {
    std::mt19937 rng(7);
    std::normal_distribution<float> dist(0.0f, 3.0f);
    std::vector<float> logits(50000);
    for (float& l : logits)
        l = dist(rng);
    const std::vector<int32_t> ranked = rankByLogit(logits.data(), int64_t(logits.size()));
    for (const auto& [topP, minP] : {std::pair{0.9f, 0.0f}, {0.3f, 0.0f}, {1.0f, 0.01f}, {0.95f, 0.05f}}) {
        SamplerSettings s;
        s.temperature = 0.7f;
        s.topK = 0;
        s.topP = topP;
        s.minP = minP;
        s.seed = 11;
        const float top = logits[size_t(ranked[0])];
        std::vector<double> p;
        double sum = 0;
        for (int32_t id : ranked) {
            p.push_back(std::exp((logits[size_t(id)] - top) / s.temperature));
            sum += p.back();
        }
        size_t keep = 0;
        double cum = 0;
        while (keep < p.size() && (keep == 0 || (cum < topP && p[keep] >= minP * p[0]))) {
            cum += p[keep] / sum;
            ++keep;
        }
        double mass = 0;
        for (size_t i = 0; i < keep; ++i)
            mass += p[i] / sum;
        std::mt19937_64 reference(s.seed);
        Sampler sampler(s);
        for (int i = 0; i < 50; ++i) {
            const double r = std::uniform_real_distribution<double>(0.0, mass)(reference);
            size_t pick = 0;
            for (double c = p[0] / sum; pick + 1 < keep && r >= c; c += p[pick] / sum)
                ++pick;
            QCOMPARE(sampler.sample(logits.data(), int64_t(logits.size())), ranked[pick]);
        }
    }
}

void TestEngineSampling::stopStringsAreNeverShown() {
    TextStream ts({"</s>", "STOP"});
    std::string shown;
    for (const char* piece : {"Hello", " wor", "ld <", "/", "s> more"}) {
        shown += ts.push(piece);
        QVERIFY(shown.find('<') == std::string::npos); // a possible stop prefix is held back
        if (ts.stopped()) break;
    }
    QVERIFY(ts.stopped());
    shown += ts.flush();
    QCOMPARE(shown, std::string("Hello world "));
    QCOMPARE(ts.text(), std::string("Hello world "));

    TextStream other({"STOP"});
    std::string out = other.push("a ST");
    QCOMPARE(out, std::string("a "));
    out += other.push("ORE");
    QVERIFY(!other.stopped());
    out += other.flush();
    QCOMPARE(out, std::string("a STORE"));
}

void TestEngineSampling::utf8IsNeverSplit() {
    TextStream ts({});
    QCOMPARE(ts.push("a\xE2\x82"), std::string("a"));
    QCOMPARE(ts.push("\xAC"), std::string("\xE2\x82\xAC"));
    QCOMPARE(ts.push("\xF0\x9F"), std::string());
    QCOMPARE(ts.push("\x98"), std::string());
    QCOMPARE(ts.push("\x80!"), std::string("\xF0\x9F\x98\x80!"));
    QCOMPARE(completeUtf8Prefix("x\xC3"), size_t(1));
    QCOMPARE(completeUtf8Prefix("x\xC3\xA9"), size_t(3));
}

QTEST_GUILESS_MAIN(TestEngineSampling)
#include "tst_engine_sampling.moc"
