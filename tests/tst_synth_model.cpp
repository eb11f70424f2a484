// realm-cli synth's model builder: the files load, hold the llama keys and the
// per-tensor types of llama-quantize's mixes, and are identical for the same seed.
#include "gguf/gguf_file.h"
#include "synth/synthetic_model.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <iterator>

using namespace realm;

namespace {
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
    void copiesVocabulary();
};

void TestSynthModel::tinyInEveryMix_data() {
    QTest::addColumn<QString>("mix");
    for (const auto& m : synthMixNames()) QTest::newRow(m.c_str()) << QString::fromStdString(m);
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
    for (float x : v) s2 += double(x) * x;
    QVERIFY(std::abs(std::sqrt(s2 / double(v.size())) - 0.02) < 0.002);
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

void TestSynthModel::copiesVocabulary() {
    const std::string vocab = std::string(REALM_CONFORMANCE_DIR) + "/tokenizer/ggml-vocab-llama-spm.gguf";
    if (!QFile::exists(QString::fromStdString(vocab))) QSKIP("conformance data not found (REALM_CONFORMANCE_DIR); skipping");
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
    QCOMPARE(f->find("tokenizer.ggml.tokens")->stringAt(450), v->find("tokenizer.ggml.tokens")->stringAt(450));
}

QTEST_GUILESS_MAIN(TestSynthModel)
#include "tst_synth_model.moc"
