// The layer-step API, KV cache behaviour, chat KV reuse, cancellation and errors.
#include "compute/thread_pool.h"
#include "conformance.h"
#include "gguf/gguf_writer.h"
#include "runtime/chat_session.h"
#include "runtime/generator.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <QFile>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace realm;

namespace {
const char* kModel = REALM_CONFORMANCE_DIR "/models/llama-s64-tied-F32.gguf";
const std::vector<int32_t> kPrompt{1, 450, 7483, 310, 3444, 338};

std::shared_ptr<const Model> fixture() {
    if (!QFile::exists(QString::fromUtf8(kModel))) return nullptr;
    return Model::load(kModel);
}
#define NEED_FIXTURE(m)                                                                                      \
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");                                                \
    auto m = fixture()
} // namespace

class TestEngineSession : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void stepApiIsBitIdenticalToFused();
    void captureHoldsEveryIntermediate();
    void decodeMatchesBatch();
    void threadedMatchesSingle();
    void contextOverflowIsAnError();
    void unsupportedArchitectureNamesIt();
    void chatReusesKvCache();
    void cancellationStopsBeforeNextToken();
    void alternativesAndForcedBranch();
    void memoryStatsTrackTokens();
};

void TestEngineSession::stepApiIsBitIdenticalToFused() {
    NEED_FIXTURE(model);
    for (KvType kv : {KvType::F16, KvType::F32}) {
        Session fused(model, SessionOptions{0, kv, 512, nullptr});
        const std::vector<float> all = fused.evaluate(kPrompt, true);
        fused.clear();
        const std::vector<float> last = fused.evaluate(kPrompt);

        Session step(model, SessionOptions{0, kv, 512, nullptr});
        std::vector<float> hidden = step.embed(kPrompt);
        std::vector<int32_t> positions{0, 1, 2, 3, 4, 5};
        for (int64_t l = 0; l < model->hparams().nLayer; ++l)
            step.forwardLayer(l, hidden, positions);
        const std::vector<float> stepAll = step.logits(hidden);
        const int64_t E = model->hparams().nEmbd;
        const std::vector<float> lastRow(hidden.end() - E, hidden.end());
        const std::vector<float> stepLast = step.logits(lastRow);

        QCOMPARE(stepAll.size(), all.size());
        QVERIFY(std::memcmp(stepAll.data(), all.data(), all.size() * sizeof(float)) == 0);
        QCOMPARE(stepLast.size(), last.size());
        QVERIFY(std::memcmp(stepLast.data(), last.data(), last.size() * sizeof(float)) == 0);
        QCOMPARE(step.nPast(), int64_t(6));
    }
}

void TestEngineSession::captureHoldsEveryIntermediate() {
    NEED_FIXTURE(model);
    const HParams& hp = model->hparams();
    Session s(model, SessionOptions{0, KvType::F32, 512, nullptr});
    std::vector<float> hidden = s.embed(kPrompt);
    const std::vector<float> before = hidden;
    LayerCapture c;
    s.forwardLayer(0, hidden, std::vector<int32_t>{0, 1, 2, 3, 4, 5}, &c);
    const size_t n = kPrompt.size();
    QCOMPARE(c.nTokens, int64_t(6));
    QCOMPARE(c.nKeys, int64_t(6));
    QCOMPARE(c.attnNorm.size(), n * size_t(hp.nEmbd));
    QCOMPARE(c.q.size(), n * size_t(hp.qDim()));
    QCOMPARE(c.k.size(), n * size_t(hp.kvDim()));
    QCOMPARE(c.v.size(), n * size_t(hp.kvDim()));
    QCOMPARE(c.attnProbs.size(), size_t(hp.nHead) * n * n);
    QCOMPARE(c.gate.size(), n * size_t(hp.nFf));
    QCOMPARE(c.act.size(), n * size_t(hp.nFf));
    QCOMPARE(c.residOut, hidden);
    // Softmax rows sum to 1 and never look ahead.
    for (int64_t h = 0; h < hp.nHead; ++h)
        for (size_t q = 0; q < n; ++q) {
            double sum = 0;
            for (size_t k = 0; k < n; ++k) {
                const float p = c.attnProbs[(size_t(h) * n + q) * n + k];
                if (k > q) QCOMPARE(p, 0.0f);
                sum += p;
            }
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
    // The residual identities hold exactly.
    for (size_t i = 0; i < before.size(); ++i) {
        QCOMPARE(c.residAttn[i], before[i] + c.attnProj[i]);
        QCOMPARE(c.residOut[i], c.residAttn[i] + c.down[i]);
    }
    // act = silu(gate) · up
    const float g = c.gate[3], u = c.up[3];
    QVERIFY(std::abs(c.act[3] - g / (1 + std::exp(-g)) * u) < 1e-5f);
}

void TestEngineSession::decodeMatchesBatch() {
    NEED_FIXTURE(model);
    Session batch(model, SessionOptions{0, KvType::F32, 512, nullptr});
    const std::vector<float> want = batch.evaluate(kPrompt);
    Session one(model, SessionOptions{0, KvType::F32, 2, nullptr}); // batch size 2: three chunks
    std::vector<float> got;
    for (int32_t t : kPrompt)
        got = one.evaluate(std::span<const int32_t>(&t, 1));
    double mx = 0;
    for (size_t i = 0; i < want.size(); ++i)
        mx = std::max(mx, double(std::abs(want[i] - got[i])));
    QVERIFY2(mx < 1e-4, qPrintable(QString::number(mx)));
    Session chunked(model, SessionOptions{0, KvType::F32, 4, nullptr});
    const std::vector<float> c = chunked.evaluate(kPrompt);
    mx = 0;
    for (size_t i = 0; i < want.size(); ++i)
        mx = std::max(mx, double(std::abs(want[i] - c[i])));
    QVERIFY2(mx < 1e-4, qPrintable(QString::number(mx)));
    QCOMPARE(chunked.evaluatedTokens(), int64_t(6));
}

void TestEngineSession::threadedMatchesSingle() {
    NEED_FIXTURE(model);
    ThreadPool pool(2);
    Session a(model, SessionOptions{0, KvType::F16, 512, nullptr});
    Session b(model, SessionOptions{0, KvType::F16, 512, &pool});
    const std::vector<float> x = a.evaluate(kPrompt), y = b.evaluate(kPrompt);
    double mx = 0;
    for (size_t i = 0; i < x.size(); ++i)
        mx = std::max(mx, double(std::abs(x[i] - y[i])));
    QVERIFY2(mx < 1e-4, qPrintable(QString::number(mx)));
}

void TestEngineSession::contextOverflowIsAnError() {
    NEED_FIXTURE(model);
    Session s(model, SessionOptions{8, KvType::F16, 512, nullptr});
    QCOMPARE(s.contextLength(), int64_t(8));
    s.evaluate(kPrompt);
    const std::vector<int32_t> more{5, 6, 7};
    try {
        s.evaluate(more);
        QFAIL("no error past the context length");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("context length") != std::string::npos, e.what());
    }
    QCOMPARE(s.nPast(), int64_t(6)); // nothing was evaluated
    s.evaluate(std::vector<int32_t>{5, 6});
    QCOMPARE(s.nPast(), int64_t(8));
    // The context setting can only shrink the model's.
    Session big(model, SessionOptions{1 << 20, KvType::F16, 512, nullptr});
    QCOMPARE(big.contextLength(), model->hparams().nCtxTrain);
    // Bad token ids are errors too.
    QVERIFY_THROWS_EXCEPTION(Error, s.embed(std::vector<int32_t>{-1}));
    QVERIFY_THROWS_EXCEPTION(Error, s.embed(std::vector<int32_t>{int32_t(model->hparams().nVocab)}));
}

void TestEngineSession::unsupportedArchitectureNamesIt() {
    const QString path = QDir::tempPath() + QStringLiteral("/engine-arch-test.gguf");
    {
        GgufWriter w;
        w.addString("general.architecture", "gpt2");
        w.write(path.toStdString());
    }
    try {
        Model::load(path.toStdString());
        QFAIL("gpt2 loaded");
    } catch (const Error& e) {
        const std::string m = e.what();
        QVERIFY2(m.find("gpt2") != std::string::npos && m.find("llama, qwen2, qwen3") != std::string::npos,
                 e.what());
    }
    {
        GgufWriter w;
        w.addString("general.architecture", "llama");
        w.addUInt32("llama.embedding_length", 64);
        w.addUInt32("llama.feed_forward_length", 128);
        w.addUInt32("llama.block_count", 1);
        w.addUInt32("llama.attention.head_count", 4);
        w.addUInt32("llama.vocab_size", 8);
        std::vector<float> emb(64 * 8, 0.0f), norm(64, 1.0f);
        w.addTensor("token_embd.weight", GgmlType::F32, {64, 8}, emb.data(), emb.size() * 4);
        w.addTensor("output_norm.weight", GgmlType::F32, {64}, norm.data(), norm.size() * 4);
        w.addTensor("blk.0.attn_norm.weight", GgmlType::F32, {32}, norm.data(), 32 * 4);
        w.write(path.toStdString());
    }
    try {
        Model::load(path.toStdString());
        QFAIL("bad shape accepted");
    } catch (const Error& e) {
        const std::string m = e.what();
        QVERIFY2(m.find("blk.0.attn_norm.weight") != std::string::npos &&
                     m.find("[32]") != std::string::npos && m.find("[64]") != std::string::npos,
                 e.what());
    }
    QFile::remove(path);
}

void TestEngineSession::chatReusesKvCache() {
    NEED_FIXTURE(model);
    auto tok = Tokenizer::fromGguf(model->file());
    Session s(model);
    ChatSession chat(s, *tok);
    GenerationSettings g;
    g.maxTokens = 4;
    g.sampler.temperature = 0;
    g.stopAtEndOfGeneration = false;
    const GenerationResult first = chat.send("Hello there", g);
    QCOMPARE(first.stats.promptEvaluated, first.stats.promptTokens);
    QCOMPARE(s.evaluatedTokens(), first.stats.promptTokens + 3); // the last sampled token is not evaluated
    const int64_t before = s.evaluatedTokens();

    const GenerationResult second = chat.send("And again", g);
    // Only tokens after the shared prefix are evaluated.
    const int64_t reused = second.stats.promptTokens - second.stats.promptEvaluated;
    QVERIFY2(reused >= first.stats.promptTokens,
             qPrintable(QString::number(reused))); // the whole first prompt at least
    QVERIFY(second.stats.promptEvaluated < second.stats.promptTokens);
    QCOMPARE(s.evaluatedTokens() - before, second.stats.promptEvaluated + 3);
    QCOMPARE(chat.messages().size(), size_t(4));
}

void TestEngineSession::cancellationStopsBeforeNextToken() {
    NEED_FIXTURE(model);
    Session s(model);
    JobControl control;
    GenerationSettings g;
    g.maxTokens = 50;
    g.sampler.temperature = 0;
    int calls = 0;
    const GenerationResult r = generate(
        s, nullptr, kPrompt, g,
        [&](const StreamedToken& t) {
            if (t.id >= 0 && ++calls == 3) control.cancel();
        },
        &control);
    QCOMPARE(r.stats.generatedTokens, int64_t(3));
    QCOMPARE(r.stats.stopReason, StopReason::Cancelled);
    QCOMPARE(s.evaluatedTokens(), int64_t(kPrompt.size() + 3));
}

// A greedy generation keeps each token's alternatives; forcing the second alternative at token k
// on top of the first k tokens reuses the cache and continues as a fresh greedy run would.
void TestEngineSession::alternativesAndForcedBranch() {
    NEED_FIXTURE(model);
    const auto tokenizer = Tokenizer::fromGguf(model->file());
    Session s(model);
    GenerationSettings g;
    g.maxTokens = 8;
    g.sampler.temperature = 0;
    g.stopAtEndOfGeneration = false;
    g.alternatives = 10;
    std::vector<TokenProbabilities> streamed;
    const GenerationResult r = generate(s, tokenizer.get(), kPrompt, g, [&](const StreamedToken& t) {
        if (t.id >= 0) streamed.push_back(t.probabilities);
    });
    QCOMPARE(r.tokens.size(), size_t(8));
    QCOMPARE(r.probabilities.size(), size_t(8));
    for (size_t i = 0; i < r.tokens.size(); ++i) {
        const TokenProbabilities& p = r.probabilities[i];
        QCOMPARE(p.id, r.tokens[i]);
        QCOMPARE(streamed[i].id, p.id);
        QCOMPARE(p.top.size(), size_t(10));
        QCOMPARE(p.top.front().id, p.id); // greedy = the top alternative, the only survivor
        QCOMPARE(p.probability, p.top.front().probability);
        double sum = 0;
        for (size_t a = 0; a < p.top.size(); ++a) {
            QCOMPARE(p.top[a].survived, a == 0);
            if (a > 0) QVERIFY(p.top[a].probability <= p.top[a - 1].probability);
            sum += p.top[a].probability;
        }
        QVERIFY(sum <= 1 + 1e-6 && sum > 0);
    }

    const size_t k = 3;
    const int32_t alternative = r.probabilities[k].top[1].id;
    GenerationSettings branch = g;
    branch.continueFrom.assign(r.tokens.begin(), r.tokens.begin() + k);
    branch.forced = {alternative};
    const int64_t before = s.evaluatedTokens();
    std::vector<int64_t> indexes;
    const GenerationResult b = generate(s, tokenizer.get(), kPrompt, branch,
                                        [&](const StreamedToken& t) { indexes.push_back(t.index); });
    // Only the last token of the kept prefix is run again (for its logits).
    QCOMPARE(b.stats.promptEvaluated, int64_t(1));
    QCOMPARE(b.tokens.size(), size_t(8 - k)); // maxTokens counts the kept prefix
    QCOMPARE(indexes.front(), int64_t(k));
    QCOMPARE(b.tokens.front(), alternative);
    QCOMPARE(b.probabilities.front().probability, r.probabilities[k].top[1].probability);
    QCOMPARE(s.evaluatedTokens() - before, int64_t(1 + b.tokens.size() - 1));
    // The same as a fresh greedy run after prompt + prefix + alternative.
    std::vector<int32_t> longer = kPrompt;
    longer.insert(longer.end(), r.tokens.begin(), r.tokens.begin() + k);
    longer.push_back(alternative);
    Session fresh(model);
    GenerationSettings rest = g;
    rest.maxTokens = int64_t(b.tokens.size()) - 1;
    const GenerationResult ref = generate(fresh, tokenizer.get(), longer, rest);
    QCOMPARE(std::vector<int32_t>(b.tokens.begin() + 1, b.tokens.end()), ref.tokens);
    // The text holds the kept prefix too.
    std::string prefix;
    for (size_t i = 0; i < k; ++i)
        prefix += tokenizer->tokenToPiece(r.tokens[i]);
    QVERIFY(b.text.starts_with(prefix));
    QVERIFY(b.text.ends_with(ref.text));
}

void TestEngineSession::memoryStatsTrackTokens() {
    NEED_FIXTURE(model);
    const HParams& hp = model->hparams();
    Session s(model, SessionOptions{64, KvType::F16, 512, nullptr});
    MemoryStats m = s.memory();
    QCOMPARE(m.kvCacheBytes, uint64_t(2 * hp.nLayer * 64 * hp.kvDim() * 2));
    QCOMPARE(m.kvUsedBytes, uint64_t(0));
    s.evaluate(kPrompt);
    m = s.memory();
    QCOMPARE(m.nPast, int64_t(6));
    QCOMPARE(m.kvUsedBytes, uint64_t(6 * 2 * hp.nLayer * hp.kvDim() * 2));
    QVERIFY(m.scratchBytes > 0);
    QVERIFY(m.weightBytes > 8000000);
    s.truncate(2);
    QCOMPARE(s.memory().nPast, int64_t(2));
}

QTEST_GUILESS_MAIN(TestEngineSession)
#include "tst_engine_session.moc"
