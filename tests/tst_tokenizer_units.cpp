// Tokenizer pieces on small vocabularies written with GgufWriter: bad vocabularies are
// rejected with the key named, SPM byte fallback, BPE merge order, streaming UTF-8 and
// the realm-cli tokenize command.
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <nlohmann/json.hpp>

using namespace realm;

namespace {

std::string writeVocab(const QTemporaryDir& dir, const std::string& name,
                       const std::function<void(GgufWriter&)>& fill) {
    GgufWriter w;
    w.addString("general.architecture", "llama");
    fill(w);
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    w.write(path);
    return path;
}

// A tiny SentencePiece vocabulary: <unk> <s> </s>, byte tokens for 'a' and 0xC3, pieces.
void spmVocab(GgufWriter& w) {
    w.addString("tokenizer.ggml.model", "llama");
    w.addStringArray("tokenizer.ggml.tokens",
                     {"<unk>", "<s>", "</s>", "<0x61>", "<0xC3>", "\xE2\x96\x81", "b",
                      "\xE2\x96\x81"
                      "b",
                      "bb",
                      "\xE2\x96\x81"
                      "bb",
                      "<user>"});
    w.addFloat32Array("tokenizer.ggml.scores", {0, 0, 0, 0, 0, -1, -2, -3, -1, -4, 0});
    w.addInt32Array("tokenizer.ggml.token_type", {2, 3, 3, 6, 6, 1, 1, 1, 1, 1, 4});
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

class TestTokenizerUnits : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void badVocabularies() {
        QTemporaryDir dir;
        const auto open = [&](const std::string& path) { Tokenizer::fromGguf(*GgufFile::open(path)); };
        const std::string none = writeVocab(dir, "none.gguf", [](GgufWriter&) {});
        QVERIFY(errorOf([&] { open(none); }).find("tokenizer.ggml.model") != std::string::npos);

        const std::string odd =
            writeVocab(dir, "odd.gguf", [](GgufWriter& w) { w.addString("tokenizer.ggml.model", "rwkv-x"); });
        QVERIFY(errorOf([&] { open(odd); }).find("'rwkv-x' is not supported") != std::string::npos);

        const std::string noTokens = writeVocab(
            dir, "notokens.gguf", [](GgufWriter& w) { w.addString("tokenizer.ggml.model", "llama"); });
        QVERIFY(errorOf([&] { open(noTokens); }).find("tokenizer.ggml.tokens") != std::string::npos);

        const std::string shortScores = writeVocab(dir, "scores.gguf", [](GgufWriter& w) {
            w.addString("tokenizer.ggml.model", "llama");
            w.addStringArray("tokenizer.ggml.tokens", {"a", "b", "c"});
            w.addFloat32Array("tokenizer.ggml.scores", {0});
        });
        QVERIFY(errorOf([&] { open(shortScores); }).find("tokenizer.ggml.scores") != std::string::npos);

        const std::string dup = writeVocab(dir, "dup.gguf", [](GgufWriter& w) {
            w.addString("tokenizer.ggml.model", "llama");
            w.addStringArray("tokenizer.ggml.tokens", {"<unk>", "x", "x"});
        });
        QVERIFY(errorOf([&] { open(dup); }).find("duplicate token 'x' at ids 1 and 2") != std::string::npos);

        const std::string pre = writeVocab(dir, "pre.gguf", [](GgufWriter& w) {
            w.addString("tokenizer.ggml.model", "gpt2");
            w.addString("tokenizer.ggml.pre", "no-such-pre");
            w.addStringArray("tokenizer.ggml.tokens", {"a"});
            w.addStringArray("tokenizer.ggml.merges", {});
        });
        QVERIFY(errorOf([&] { open(pre); }).find("unsupported pre-tokenizer 'no-such-pre'") !=
                std::string::npos);

        const std::string noMerges = writeVocab(dir, "nomerges.gguf", [](GgufWriter& w) {
            w.addString("tokenizer.ggml.model", "gpt2");
            w.addString("tokenizer.ggml.pre", "gpt-2");
            w.addStringArray("tokenizer.ggml.tokens", {"a"});
        });
        QVERIFY(errorOf([&] { open(noMerges); }).find("tokenizer.ggml.merges") != std::string::npos);
    }

    void spmByteFallbackAndSpecial() {
        QTemporaryDir dir;
        const auto file = GgufFile::open(writeVocab(dir, "spm.gguf", spmVocab));
        const auto tok = Tokenizer::fromGguf(*file);
        QCOMPARE(tok->kind(), TokenizerKind::Spm);
        QVERIFY(tok->addBos());
        // Highest score merges first: "bb" (-1) before "▁b" (-3), then "▁" + "bb" -> "▁bb" (-4).
        QCOMPARE(tok->tokenize("bb", true, false), (std::vector<int32_t>{1, 9}));
        // 'a' is not a piece: byte fallback <0x61>; 'é' = C3 A9 has no <0xA9>: unknown.
        QCOMPARE(tok->tokenize("a", false, false), (std::vector<int32_t>{5, 3}));
        QCOMPARE(tok->tokenize("\xC3\xA9", false, false), (std::vector<int32_t>{5, 4, 0}));
        // User-defined tokens split the text even without parseSpecial; control ones only with it.
        // After a special token the SPM space prefix is added again (llama.cpp's is_prev_special).
        QCOMPARE(tok->tokenize("b<user>b", false, false), (std::vector<int32_t>{7, 10, 7}));
        QCOMPARE(tok->tokenize("</s>", false, true), (std::vector<int32_t>{2}));
        QCOMPARE(tok->detokenize({7, 3, 10}), std::string("ba<user>"));
        QVERIFY(tok->isEndOfGeneration(2));
        QCOMPARE(tok->tokenType(4), TokenType::Byte);
        QCOMPARE(tok->tokenType(10), TokenType::UserDefined);
    }

    void bpeMergeOrder() {
        QTemporaryDir dir;
        const auto file = GgufFile::open(writeVocab(dir, "bpe.gguf", [](GgufWriter& w) {
            w.addString("tokenizer.ggml.model", "gpt2");
            w.addString("tokenizer.ggml.pre", "gpt-2");
            // "Ġ" is the byte-level form of a space.
            w.addStringArray("tokenizer.ggml.tokens", {"a", "b", "c", "ab", "bc", "abc", "\xC4\xA0",
                                                       "\xC4\xA0"
                                                       "a",
                                                       "<|endoftext|>"});
            w.addInt32Array("tokenizer.ggml.token_type", {1, 1, 1, 1, 1, 1, 1, 1, 3});
            w.addStringArray("tokenizer.ggml.merges", {"b c", "a b", "ab c", "\xC4\xA0 a"});
            w.addUInt32("tokenizer.ggml.eos_token_id", 8);
        }));
        const auto tok = Tokenizer::fromGguf(*file);
        // "b c" has the lower rank, so "abc" becomes a + bc (and "ab c" never applies).
        QCOMPARE(tok->tokenize("abc", false, false), (std::vector<int32_t>{0, 4}));
        QCOMPARE(tok->tokenize("ab", false, false), (std::vector<int32_t>{3}));
        // " ab": "a b" (rank 1) beats "Ġ a" (rank 3), so the space stays alone.
        QCOMPARE(tok->tokenize("ab ab", false, false), (std::vector<int32_t>{3, 6, 3}));
        QCOMPARE(tok->detokenize({3, 6, 3}), std::string("ab ab"));
        QCOMPARE(tok->tokenize(" a", false, false), (std::vector<int32_t>{7}));
        QVERIFY(tok->isEndOfGeneration(8));
        QCOMPARE(tok->tokenize("a<|endoftext|>", false, true), (std::vector<int32_t>{0, 8}));
        // Invalid UTF-8 never crashes; the bad byte becomes U+FFFD (no tokens for it here).
        QCOMPARE(tok->tokenize(std::string("a\xFF"), false, false), (std::vector<int32_t>{0}));
    }

    void utf8Accumulator() {
        Utf8Accumulator acc;
        QCOMPARE(acc.push("a\xF0\x9F"), std::string("a"));
        QCOMPARE(acc.push("\xA6"), std::string());
        QCOMPARE(acc.push("\x99!"), std::string("\xF0\x9F\xA6\x99!"));
        QCOMPARE(acc.push("\xC3"), std::string());
        QCOMPARE(acc.flush(), std::string("\xC3"));
        QCOMPARE(acc.push("\xFF"), std::string("\xFF")); // never valid: released at once
    }

    void cli() {
        QTemporaryDir dir;
        const QString cli = QStringLiteral(REALM_BIN_DIR "/realm-cli");
        if (!QFile::exists(cli)) QSKIP("realm-cli not built");
        const QString vocab = QString::fromStdString(writeVocab(dir, "spm.gguf", spmVocab));
        const QString textFile = dir.filePath(QStringLiteral("t.txt"));
        QFile f(textFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-bb");
        f.close();
        QProcess p;
        p.start(cli, {QStringLiteral("tokenize"), vocab, QStringLiteral("--text-file"), textFile,
                      QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const auto j = nlohmann::json::parse(p.readAllStandardOutput().toStdString());
        QCOMPARE(j["tokens"].front().get<int>(), 1); // BOS by default
        QCOMPARE(j["tokens"].size(), j["pieces"].size());

        p.start(cli, {QStringLiteral("tokenize"), vocab, QStringLiteral("<s>"), QStringLiteral("--special"),
                      QStringLiteral("--no-bos"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(30000));
        const auto special =
            nlohmann::json::parse(p.readAllStandardOutput().toStdString())["tokens"].get<std::vector<int>>();
        QCOMPARE(special, std::vector<int>{1});

        p.start(cli, {QStringLiteral("tokenize"), vocab, QStringLiteral("--text-file"),
                      dir.filePath(QStringLiteral("missing"))});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("missing"));
    }
};

QTEST_GUILESS_MAIN(TestTokenizerUnits)
#include "tst_tokenizer_units.moc"
