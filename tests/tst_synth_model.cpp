// realm-cli synth's model builder: the files load, hold the llama keys and the
// per-tensor types of llama-quantize's mixes, and are identical for the same seed.
#include "conformance.h"
#include "gguf/gguf_file.h"
#include "model/model.h"
#include "runtime/session.h"
#include "synth/synthetic_model.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <iterator>
#include <sys/stat.h>

using namespace realm;

namespace {
SynthResult synth(const std::string& preset, SynthMix mix, bool sparse, const std::string& path) {
    SynthOptions o;
    o.preset = preset;
    o.mix = mix;
    o.sparse = sparse;
    return writeSyntheticModel(o, path);
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}
} // namespace

class TestSynthModel : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void tinyInEveryMix_data();
    void tinyInEveryMix();
    void deterministicPerSeed();
    void q4kmChoosesLikeLlamaQuantize();
    void otherMixesChooseLikeLlamaQuantize();
    void copiesVocabulary();
    void randomBlocksRun();
    void llama3Shapes();
    void sparseFileIsAHoleOfZeros();
};

void TestSynthModel::tinyInEveryMix_data() {
    QTest::addColumn<QString>("mix");
    for (const auto& m : synthMixNames())
        QTest::newRow(m.c_str()) << QString::fromStdString(m);
}

void TestSynthModel::tinyInEveryMix() {
    QFETCH(QString, mix);
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
    SynthOptions o;
    o.mix = synthMixFromName(mix.toStdString());
    const SynthResult r = writeSyntheticModel(o, path);
    auto f = GgufFile::open(path);
    QCOMPARE(f->tensors().size(), size_t(21));
    QCOMPARE(r.tensorCount, uint64_t(21));
    QCOMPARE(f->architecture(), std::string("llama"));
    QCOMPARE(f->getInt("llama.embedding_length", 0), int64_t(64));
    QCOMPARE(f->getInt("llama.attention.head_count_kv", 0), int64_t(2));
    QCOMPARE(f->getInt("llama.vocab_size", 0), int64_t(259));
    QCOMPARE(f->getInt("general.quantization_version", 0), int64_t(2));
    QCOMPARE(f->getString("tokenizer.ggml.model"), std::string("llama"));
    QCOMPARE(f->find("tokenizer.ggml.tokens")->stringAt(3 + 'A'), std::string_view("<0x41>"));
    // Weights have the promised distribution: N(0, 0.02), norms near 1.
    std::vector<float> v(static_cast<size_t>(f->findTensor("blk.0.ffn_up.weight")->elements()));
    const auto* t = f->findTensor("blk.0.ffn_up.weight");
    dequantizeRows(t->type, t->data, v.data(), t->rowLength(), t->rows());
    double s2 = 0;
    for (float x : v)
        s2 += double(x) * x;
    double s1 = 0;
    for (float x : v)
        s1 += x;
    QVERIFY(std::abs(std::sqrt(s2 / double(v.size())) - 0.02) < 0.002);
    // Mean ≈ 0; Q4_0's codes (q - 8 for q in 0..15) leave half a step, about 0.002.
    QVERIFY(std::abs(s1 / double(v.size())) < 0.003);
    const auto* norm = f->findTensor("output_norm.weight");
    QCOMPARE(norm->type, GgmlType::F32);
    QVERIFY(std::abs(reinterpret_cast<const float*>(norm->data)[0] - 1.0f) < 0.05f);
}

void TestSynthModel::deterministicPerSeed() {
    QTemporaryDir dir;
    const std::string a = dir.filePath(QStringLiteral("a.gguf")).toStdString();
    const std::string b = dir.filePath(QStringLiteral("b.gguf")).toStdString();
    const std::string c = dir.filePath(QStringLiteral("c.gguf")).toStdString();
    SynthOptions o;
    o.mix = SynthMix::Q8_0;
    o.seed = 7;
    o.threads = 1;
    writeSyntheticModel(o, a);
    o.threads = 2; // the split among threads must not matter
    writeSyntheticModel(o, b);
    o.seed = 8;
    writeSyntheticModel(o, c);
    QVERIFY(slurp(a) == slurp(b));
    QVERIFY(slurp(a) != slurp(c));
}

// llama-quantize's Q4_K_M for the 2-layer s256 fixture: blk.1.attn_v and ffn_down Q6_K,
// output Q6_K, the rest Q4_K; and for tinyllama's 22 layers the use-more-bits pattern.
void TestSynthModel::q4kmChoosesLikeLlamaQuantize() {
    const auto m = SynthMix::Q4_K_M;
    QCOMPARE(synthTensorType(m, "attn_v", 0, 2, 256), GgmlType::Q4_K);
    QCOMPARE(synthTensorType(m, "attn_v", 1, 2, 256), GgmlType::Q6_K);
    QCOMPARE(synthTensorType(m, "ffn_down", 1, 2, 768), GgmlType::Q6_K);
    QCOMPARE(synthTensorType(m, "ffn_up", 1, 2, 256), GgmlType::Q4_K);
    QCOMPARE(synthTensorType(m, "output", -1, 2, 256), GgmlType::Q6_K);
    QCOMPARE(synthTensorType(m, "token_embd", -1, 2, 256), GgmlType::Q4_K);
    QCOMPARE(synthTensorType(m, "attn_norm", 0, 2, 256), GgmlType::F32);
    QCOMPARE(synthTensorType(m, "attn_q", 0, 2, 64), GgmlType::Q5_0); // llama-quantize's fallback
    QCOMPARE(synthTensorType(m, "attn_v", 1, 2, 64), GgmlType::Q8_0);
    std::vector<int> more;
    for (int l = 0; l < 22; ++l)
        if (synthTensorType(m, "ffn_down", l, 22, 5632) == GgmlType::Q6_K) more.push_back(l);
    QCOMPARE(more, (std::vector<int>{0, 1, 4, 7, 10, 13, 16, 19, 20, 21}));
}

// The other mixes, as llama-quantize (d32676d77) chose for synth's tiny and tinyllama-1.1b F16
// files: output Q6_K (Q8_0 when rows are not a multiple of 256); IQ4_NL / IQ4_XS give attn_v
// Q5_K with four or more query heads per KV head and ffn_down Q5_K in the first eighth of the
// layers; IQ4_XS falls back to IQ4_NL, Q5_K to Q5_1; BF16 keeps norms F32.
void TestSynthModel::otherMixesChooseLikeLlamaQuantize() {
    for (SynthMix m : {SynthMix::Q4_1, SynthMix::Q5_0, SynthMix::Q5_1, SynthMix::IQ4_NL, SynthMix::IQ4_XS}) {
        QCOMPARE(synthTensorType(m, "output", -1, 22, 2048, 8), GgmlType::Q6_K);
        QCOMPARE(synthTensorType(m, "output", -1, 2, 64, 2), GgmlType::Q8_0);
    }
    QCOMPARE(synthTensorType(SynthMix::Q4_1, "attn_v", 0, 22, 2048, 8), GgmlType::Q4_1);
    QCOMPARE(synthTensorType(SynthMix::Q5_0, "ffn_down", 0, 22, 5632, 8), GgmlType::Q5_0);
    QCOMPARE(synthTensorType(SynthMix::Q5_1, "token_embd", -1, 22, 2048, 8), GgmlType::Q5_1);
    const auto xs = SynthMix::IQ4_XS;
    QCOMPARE(synthTensorType(xs, "attn_q", 5, 22, 2048, 8), GgmlType::IQ4_XS);
    QCOMPARE(synthTensorType(xs, "token_embd", -1, 22, 2048, 8), GgmlType::IQ4_XS);
    QCOMPARE(synthTensorType(xs, "attn_v", 5, 22, 2048, 8), GgmlType::Q5_K);
    QCOMPARE(synthTensorType(xs, "attn_v", 1, 2, 64, 2), GgmlType::IQ4_NL); // two heads per KV head
    QCOMPARE(synthTensorType(xs, "ffn_down", 1, 22, 5632, 8), GgmlType::Q5_K);
    QCOMPARE(synthTensorType(xs, "ffn_down", 2, 22, 5632, 8), GgmlType::IQ4_XS);
    QCOMPARE(synthTensorType(xs, "attn_q", 0, 2, 64, 2), GgmlType::IQ4_NL);
    QCOMPARE(synthTensorType(SynthMix::IQ4_NL, "attn_v", 5, 22, 2048, 8), GgmlType::Q5_K);
    QCOMPARE(synthTensorType(SynthMix::IQ4_NL, "attn_v", 5, 22, 64, 8), GgmlType::Q5_1);
    QCOMPARE(synthTensorType(SynthMix::BF16, "attn_q", 0, 22, 2048, 8), GgmlType::BF16);
    QCOMPARE(synthTensorType(SynthMix::BF16, "attn_norm", 0, 22, 2048, 8), GgmlType::F32);
}

void TestSynthModel::copiesVocabulary() {
    const std::string vocab = std::string(REALM_CONFORMANCE_DIR) + "/tokenizer/ggml-vocab-llama-spm.gguf";
    REALM_NEED_CONFORMANCE("tokenizer/ggml-vocab-llama-spm.gguf");
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("v.gguf")).toStdString();
    SynthOptions o;
    o.vocabPath = vocab;
    o.mix = SynthMix::Q4_0;
    writeSyntheticModel(o, path);
    auto f = GgufFile::open(path);
    auto v = GgufFile::open(vocab);
    QCOMPARE(f->getInt("llama.vocab_size", 0), int64_t(32000));
    QCOMPARE(f->findTensor("token_embd.weight")->ne[1], int64_t(32000));
    for (const auto& kv : v->metadata())
        if (kv.key.starts_with("tokenizer.")) QVERIFY2(f->find(kv.key), std::string(kv.key).c_str());
    QCOMPARE(f->find("tokenizer.ggml.tokens")->stringAt(450),
             v->find("tokenizer.ggml.tokens")->stringAt(450));
}

// Random-block weights are finite and small: the model runs and gives finite, varied logits.
void TestSynthModel::randomBlocksRun() {
    QTemporaryDir dir;
    for (SynthMix mix : {SynthMix::Q4_K_M, SynthMix::Q4_0, SynthMix::Q8_0}) {
        const std::string path = dir.filePath(QStringLiteral("run.gguf")).toStdString();
        synth("tiny", mix, false, path);
        Session session(Model::load(path));
        const std::vector<int32_t> tokens = {1, 70, 80, 90};
        const std::vector<float>& logits = session.evaluate(tokens);
        float lo = logits[0], hi = logits[0];
        for (float x : logits) {
            QVERIFY(std::isfinite(x));
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
        QVERIFY(hi > lo);
    }
}

// The real-size presets, checked on sparse files (the header is what matters here).
void TestSynthModel::llama3Shapes() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("8b.gguf")).toStdString();
    const SynthResult r = synth("llama3-8b", SynthMix::Q4_K_M, true, path);
    QCOMPARE(r.tensorCount, uint64_t(291));
    QCOMPARE(r.parameters, uint64_t(8030261248)); // Meta-Llama-3-8B's count
    auto f = GgufFile::open(path);
    QCOMPARE(f->getInt("llama.embedding_length", 0), int64_t(4096));
    QCOMPARE(f->getInt("llama.feed_forward_length", 0), int64_t(14336));
    QCOMPARE(f->getInt("llama.block_count", 0), int64_t(32));
    QCOMPARE(f->getInt("llama.attention.head_count_kv", 0), int64_t(8));
    QCOMPARE(f->getInt("llama.vocab_size", 0), int64_t(128256));
    QCOMPARE(f->findTensor("output.weight")->type, GgmlType::Q6_K);
    QCOMPARE(f->findTensor("token_embd.weight")->type, GgmlType::Q4_K);
    QCOMPARE(f->findTensor("blk.3.attn_v.weight")->type, GgmlType::Q6_K);
    QCOMPARE(f->findTensor("blk.4.attn_v.weight")->type, GgmlType::Q4_K);
    QCOMPARE(f->findTensor("blk.6.attn_v.weight")->type, GgmlType::Q6_K);
    QCOMPARE(f->findTensor("blk.7.ffn_down.weight")->type, GgmlType::Q4_K);
    QCOMPARE(f->findTensor("blk.31.ffn_down.weight")->type, GgmlType::Q6_K);
    // Published Meta-Llama-3-8B Q4_K_M files are about 4.92 GB (with rope_freqs and the real
    // tokenizer); the same tensor types must land within 0.5% of that.
    QVERIFY(std::abs(double(r.fileBytes) - 4.92e9) < 0.005 * 4.92e9);
    // 70B: attn_v gets Q5_K where 8B keeps Q4_K (llama-quantize's 70B rule).
    QCOMPARE(synthTensorType(SynthMix::Q4_K_M, "attn_v", 10, 80, 8192, 8), GgmlType::Q5_K);
    QCOMPARE(synthTensorType(SynthMix::Q4_K_M, "attn_v", 12, 80, 8192, 8), GgmlType::Q6_K);
    QCOMPARE(synthTensorType(SynthMix::Q4_K_M, "attn_q", 10, 80, 8192, 8), GgmlType::Q4_K);
}

void TestSynthModel::sparseFileIsAHoleOfZeros() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("sparse.gguf")).toStdString();
    const SynthResult r = synth("tinyllama-1.1b", SynthMix::Q4_K_M, true, path);
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(uint64_t(st.st_size), r.fileBytes);
    QVERIFY(r.fileBytes > 600'000'000);
    // Only the header takes disk blocks (a few MB at most; the file is 667 MB).
    QVERIFY2(uint64_t(st.st_blocks) * 512 < 4'000'000, std::to_string(st.st_blocks).c_str());
    auto f = GgufFile::open(path);
    const auto* t = f->findTensor("blk.21.ffn_down.weight");
    QCOMPARE(t->type, GgmlType::Q6_K);
    const auto* bytes = static_cast<const uint8_t*>(t->data);
    for (uint64_t i = 0; i < t->bytes; i += 4093)
        QCOMPARE(bytes[i], uint8_t(0));
    QCOMPARE(bytes[t->bytes - 1], uint8_t(0));

    // All-zero weights still run: every logit is 0.
    const std::string tinyPath = dir.filePath(QStringLiteral("tiny.gguf")).toStdString();
    synth("tiny", SynthMix::Q8_0, true, tinyPath);
    Session session(Model::load(tinyPath));
    const std::vector<int32_t> tokens = {1, 2, 3};
    for (float x : session.evaluate(tokens))
        QCOMPARE(x, 0.0f);
}

QTEST_GUILESS_MAIN(TestSynthModel)
#include "tst_synth_model.moc"
