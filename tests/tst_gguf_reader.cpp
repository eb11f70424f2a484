// The GGUF reader on good files and on malformed files made by mutating a good one:
// every rejection must name the file, the offset and what was wrong.
#include "conformance.h"
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "gguf/mapped_file.h"
#include "gguf/metadata_names.h"
#include "util/error.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>
#include <functional>
#include <optional>

using namespace realm;

namespace {

// A GGUF file described field by field, so a test can break exactly one field.
struct RawGguf {
    std::string magic = "GGUF";
    uint32_t version = 3;
    std::optional<uint64_t> tensorCountOverride, kvCountOverride;
    struct Kv {
        std::string key;
        uint32_t type;
        std::vector<uint8_t> payload;
    };
    std::vector<Kv> kvs;
    struct Tensor {
        std::string name;
        std::vector<uint64_t> ne;
        uint32_t type;
        uint64_t offset;
    };
    std::vector<Tensor> tensors;
    uint64_t alignment = 32;
    uint64_t dataBytes = 0;

    static void put64(std::vector<uint8_t>& b, uint64_t v) {
        b.insert(b.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 8);
    }
    static void put32(std::vector<uint8_t>& b, uint32_t v) {
        b.insert(b.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4);
    }
    static void putStr(std::vector<uint8_t>& b, const std::string& s) {
        put64(b, s.size());
        b.insert(b.end(), s.begin(), s.end());
    }
    static std::vector<uint8_t> str(const std::string& s) {
        std::vector<uint8_t> b;
        putStr(b, s);
        return b;
    }
    static std::vector<uint8_t> u32(uint32_t v) {
        std::vector<uint8_t> b;
        put32(b, v);
        return b;
    }

    std::vector<uint8_t> bytes() const {
        std::vector<uint8_t> b(magic.begin(), magic.end());
        put32(b, version);
        put64(b, tensorCountOverride.value_or(tensors.size()));
        put64(b, kvCountOverride.value_or(kvs.size()));
        for (const auto& kv : kvs) {
            putStr(b, kv.key);
            put32(b, kv.type);
            b.insert(b.end(), kv.payload.begin(), kv.payload.end());
        }
        for (const auto& t : tensors) {
            putStr(b, t.name);
            put32(b, static_cast<uint32_t>(t.ne.size()));
            for (uint64_t d : t.ne)
                put64(b, d);
            put32(b, t.type);
            put64(b, t.offset);
        }
        b.resize((b.size() + alignment - 1) / alignment * alignment, 0);
        b.resize(b.size() + dataBytes, 0x11);
        return b;
    }
};

// Two tensors: "a" F32 [4, 2] (32 bytes) at 0 and "b" Q8_0 [32, 2] (68 bytes) at 32.
RawGguf goodFile() {
    RawGguf g;
    g.kvs.push_back({"general.architecture", 8, RawGguf::str("llama")});
    g.kvs.push_back({"test.u32", 4, RawGguf::u32(7)});
    std::vector<uint8_t> arr = RawGguf::u32(4); // element type u32
    RawGguf::put64(arr, 3);
    for (uint32_t v : {1u, 2u, 3u})
        RawGguf::put32(arr, v);
    g.kvs.push_back({"test.array", 9, arr});
    std::vector<uint8_t> strs = RawGguf::u32(8);
    RawGguf::put64(strs, 2);
    RawGguf::putStr(strs, "a");
    RawGguf::putStr(strs, "bc");
    g.kvs.push_back({"test.strings", 9, strs});
    g.tensors.push_back({"a", {4, 2}, 0, 0});
    g.tensors.push_back({"b", {32, 2}, 8, 32});
    g.dataBytes = 100;
    return g;
}

} // namespace

class TestGgufReader : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir dir_;
    int counter_ = 0;

    QString writeBytes(const std::vector<uint8_t>& bytes) {
        const QString path = dir_.filePath(QStringLiteral("f%1.gguf").arg(counter_++));
        std::ofstream out(path.toStdString(), std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        return path;
    }

    // Parses `bytes` the way a remote reader does: 16 bytes first, then what the parser asks for
    // or twice as much, whichever is more.
    static std::shared_ptr<const GgufFile> parseGrowing(const std::string& name,
                                                        const std::vector<uint8_t>& bytes,
                                                        uint64_t* largestPrefix = nullptr) {
        uint64_t have = std::min<uint64_t>(16, bytes.size());
        for (;;) {
            GgufHeaderParse r = GgufFile::parseHeader(
                name, std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(have)),
                bytes.size());
            if (largestPrefix) *largestPrefix = have;
            if (r.file) return r.file;
            if (r.needBytes <= have || r.needBytes > bytes.size())
                throw Error("the parser asked for " + std::to_string(r.needBytes) + " bytes with " +
                            std::to_string(have) + " at hand");
            have = std::max<uint64_t>(r.needBytes, std::min<uint64_t>(2 * have, bytes.size()));
        }
    }

  private Q_SLOTS:
    void readsGoodFile() {
        const QString path = writeBytes(goodFile().bytes());
        auto f = GgufFile::open(path.toStdString());
        QCOMPARE(f->version(), 3u);
        QCOMPARE(f->architecture(), std::string("llama"));
        QCOMPARE(f->getInt("test.u32", 0), 7);
        const GgufValue* arr = f->find("test.array");
        QVERIFY(arr && arr->isArray());
        QCOMPARE(arr->size(), 3u);
        QCOMPARE(arr->intAt(2), 3);
        QCOMPARE(f->find("test.strings")->stringAt(1), std::string_view("bc"));
        QCOMPARE(f->tensors().size(), size_t(2));
        const GgufTensorInfo* b = f->findTensor("b");
        QVERIFY(b);
        QCOMPARE(b->type, GgmlType::Q8_0);
        QCOMPARE(b->bytes, uint64_t(68));
        QCOMPARE(b->offset, f->dataOffset() + 32);
        QCOMPARE(b->data, f->mapping().data() + b->offset); // a view, not a copy
    }

    void sameFileSharesOneMapping() {
        const QString path = writeBytes(goodFile().bytes());
        auto a = GgufFile::open(path.toStdString());
        auto b = GgufFile::open(path.toStdString());
        QCOMPARE(a.get(), b.get());
        QCOMPARE(a->mapping().data(), b->mapping().data());
    }

    // Residency counted a part at a time adds up to the whole; ranges are clamped to the file.
    void residentBytesByParts() {
        const QString path = QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
        auto f = GgufFile::open(path.toStdString());
        const MappedFile& map = f->mapping();
        volatile uint8_t sink = 0;
        for (uint64_t i = 0; i < map.size(); i += 4096)
            sink = sink + map.data()[i]; // touched: every page is resident now
        QCOMPARE(map.residentBytes(), map.size());
        const uint64_t part = uint64_t(256) << 10; // a multiple of the page size
        QVERIFY(map.size() > 2 * part);
        uint64_t sum = 0;
        for (uint64_t at = 0; at < map.size(); at += part)
            sum += map.residentBytes(at, part);
        QCOMPARE(sum, map.residentBytes());
        QCOMPARE(map.residentBytes(map.size(), part), uint64_t(0));
        QCOMPARE(map.residentBytes(map.size() + part, part), uint64_t(0));
        QCOMPARE(map.residentBytes(0, 0), uint64_t(0));
        QCOMPARE(map.residentBytes(part, ~uint64_t(0)), map.size() - part);
    }

    void writerRoundTrip() {
        GgufWriter w;
        w.addString("general.architecture", "llama");
        w.addUInt32("llama.block_count", 2);
        w.addFloat32("llama.rope.freq_base", 10000.0f);
        w.addBool("tokenizer.ggml.add_bos_token", true);
        w.addStringArray("tokenizer.ggml.tokens", {"<unk>", "a", "", "ü"});
        w.addFloat32Array("tokenizer.ggml.scores", {0.f, -1.5f, 2.f, 3.25f});
        w.addInt32Array("tokenizer.ggml.token_type", {2, 1, 1, 1});
        std::vector<float> a(64 * 3);
        for (size_t i = 0; i < a.size(); ++i)
            a[i] = static_cast<float>(i) * 0.5f - 3.f;
        w.addTensor("a", GgmlType::F32, {64, 3}, a.data(), a.size() * 4);
        std::vector<uint8_t> q(34 * 2, 0x22);
        w.addTensor("q", GgmlType::Q8_0, {32, 2}, q);
        const QString path = dir_.filePath(QStringLiteral("written.gguf"));
        w.write(path.toStdString());

        auto f = GgufFile::open(path.toStdString());
        QCOMPARE(f->metadata().size(), size_t(7));
        QCOMPARE(f->getInt("llama.block_count", 0), 2);
        QCOMPARE(f->getDouble("llama.rope.freq_base", 0), 10000.0);
        QCOMPARE(f->getBool("tokenizer.ggml.add_bos_token", false), true);
        QCOMPARE(f->find("tokenizer.ggml.tokens")->stringAt(3), std::string_view("ü"));
        QCOMPARE(f->find("tokenizer.ggml.scores")->doubleAt(3), 3.25);
        QCOMPARE(f->find("tokenizer.ggml.token_type")->intAt(0), 2);
        const GgufTensorInfo* ta = f->findTensor("a");
        QVERIFY(ta);
        QCOMPARE(ta->offset % 32, uint64_t(0));
        QVERIFY(std::memcmp(ta->data, a.data(), a.size() * 4) == 0);
        const GgufTensorInfo* tq = f->findTensor("q");
        QVERIFY(tq && tq->offset % 32 == 0);
        QVERIFY(std::memcmp(tq->data, q.data(), q.size()) == 0);

        // Copying every value into a second file gives the same metadata, byte for byte.
        GgufWriter copy;
        for (const auto& kv : f->metadata())
            copy.addValue(kv.key, kv.value);
        for (const auto& t : f->tensors())
            copy.addTensor(t.name, t.type, std::vector<int64_t>(t.ne.begin(), t.ne.begin() + t.nDims), t.data,
                           t.bytes);
        const QString path2 = dir_.filePath(QStringLiteral("copied.gguf"));
        copy.write(path2.toStdString());
        QFile f1(path), f2(path2);
        QVERIFY(f1.open(QIODevice::ReadOnly) && f2.open(QIODevice::ReadOnly));
        QCOMPARE(f1.readAll(), f2.readAll());
    }

    void namesEnumsAndPrintsShortestFloats() {
        GgufWriter w;
        w.addString("general.architecture", "llama");
        w.addUInt32("general.file_type", 15);
        w.addInt32("llama.pooling_type", 1);
        w.addFloat32("llama.attention.layer_norm_rms_epsilon", 1e-6f);
        w.addFloat32Array("tokenizer.ggml.scores", {-0.1f, 2.f});
        w.addStringArray("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>"});
        w.addUInt32("tokenizer.ggml.bos_token_id", 1);
        w.addUInt32("tokenizer.ggml.eos_token_id", 7); // beyond the vocabulary: no name
        const QString path = dir_.filePath(QStringLiteral("enums.gguf"));
        w.write(path.toStdString());
        auto f = GgufFile::open(path.toStdString());
        auto described = [&](const char* key) { return describeMetadataValue(*f, key, *f->find(key)); };
        QCOMPARE(described("general.file_type"), std::string("15 (Q4_K_M)"));
        QCOMPARE(described("llama.pooling_type"), std::string("1 (mean)"));
        QCOMPARE(described("tokenizer.ggml.bos_token_id"), std::string("1 (\"<s>\")"));
        QCOMPARE(described("tokenizer.ggml.eos_token_id"), std::string("7"));
        // The f32 nearest 1e-6 is 9.99999997e-07; its shortest round-tripping text is 1e-06.
        QCOMPARE(described("llama.attention.layer_norm_rms_epsilon"), std::string("1e-06"));
        QCOMPARE(described("tokenizer.ggml.scores"), std::string("[-0.1, 2]"));
        QCOMPARE(fileTypeSummary(*f), std::string("Q4_K_M"));

        QCOMPARE(fileTypeName(1), std::string_view("F16"));
        QCOMPARE(fileTypeName(32), std::string_view("BF16"));
        QCOMPARE(fileTypeName(7 | 1024), std::string_view("Q8_0")); // llama.cpp's "guessed" bit
        QVERIFY(fileTypeName(4).empty());                           // removed from llama.cpp
        QCOMPARE(tokenTypeName(6), std::string_view("byte"));
        QCOMPARE(tokenTypeName(3), std::string_view("control"));
        QVERIFY(tokenTypeName(-1).empty());
        QCOMPARE(poolingTypeName(2), std::string_view("cls"));
    }

    void fileTypeGuessedWithoutTheKey() {
        GgufWriter w;
        w.addString("general.architecture", "llama");
        std::vector<uint8_t> q(34 * 4, 0x11);
        w.addTensor("big", GgmlType::Q8_0, {32, 4}, q);
        std::vector<float> small(8, 1.f);
        w.addTensor("small", GgmlType::F32, {8}, small.data(), small.size() * 4);
        const QString path = dir_.filePath(QStringLiteral("no-ftype.gguf"));
        w.write(path.toStdString());
        QCOMPARE(fileTypeSummary(*GgufFile::open(path.toStdString())), std::string("mostly Q8_0 (guessed)"));
    }

    void rejectsMalformed_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        auto add = [](const char* name, const RawGguf& g, const char* expected) {
            const auto b = g.bytes();
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()),
                                              static_cast<int>(b.size()))
                                << QString::fromUtf8(expected);
        };
        auto addBytes = [](const char* name, const std::vector<uint8_t>& b, const char* expected) {
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()),
                                              static_cast<int>(b.size()))
                                << QString::fromUtf8(expected);
        };
        auto mutate = [](std::function<void(RawGguf&)> f) {
            RawGguf g = goodFile();
            f(g);
            return g;
        };
        const std::vector<uint8_t> good = goodFile().bytes();
        auto text = [](const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); };

        addBytes("html page", text("<!DOCTYPE html>\n<html><head><title>Hugging Face</title>"),
                 "offset 0: this is an HTML page");
        addBytes("git lfs pointer",
                 text("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 637000000\n"),
                 "offset 0: this is a Git LFS pointer file, not the model");
        addBytes("wrong magic", text("GGML\x01\x00\x00\x00 and more bytes"), "offset 0: this is a pre-GGUF");
        addBytes("random bytes",
                 text("\x7f"
                      "ELF\x02\x01\x01 binary"),
                 "offset 0: not a GGUF file: the magic bytes are 7f 45 4c 46");
        addBytes("three bytes", text("GGU"), "offset 0: not a GGUF file");
        add("version 1", mutate([](RawGguf& g) { g.version = 1; }),
            "offset 4: GGUF version 1 is not supported");
        add("version 99", mutate([](RawGguf& g) { g.version = 99; }),
            "offset 4: unsupported GGUF version 99");
        add("big endian", mutate([](RawGguf& g) { g.version = 0x03000000; }),
            "offset 4: big-endian GGUF files are not supported");
        addBytes("truncated in header", std::vector<uint8_t>(good.begin(), good.begin() + 10),
                 "offset 8: truncated while reading tensor count");
        addBytes("truncated in key", std::vector<uint8_t>(good.begin(), good.begin() + 100),
                 "offset 93: truncated while reading metadata key");
        addBytes("truncated in tensor infos", std::vector<uint8_t>(good.begin(), good.begin() + 200),
                 "truncated");
        addBytes("truncated data", std::vector<uint8_t>(good.begin(), good.end() - 20),
                 "lies outside the file");
        add("huge kv count", mutate([](RawGguf& g) { g.kvCountOverride = 1ull << 62; }),
            "offset 16: metadata key count 4611686018427387904 is larger than the file can hold");
        add("huge tensor count", mutate([](RawGguf& g) { g.tensorCountOverride = 1ull << 40; }),
            "offset 8: tensor count 1099511627776 is larger than the file can hold");
        add("unknown value type", mutate([](RawGguf& g) { g.kvs[1].type = 13; }),
            "unknown value type 13 for key 'test.u32'");
        add("unknown array element type", mutate([](RawGguf& g) { g.kvs[2].payload[0] = 77; }),
            "unknown array element type 77 for key 'test.array'");
        add("string longer than file", mutate([](RawGguf& g) { g.kvs[0].payload[7] = 0x7f; }),
            "string value of 'general.architecture' length");
        add("array longer than file", mutate([](RawGguf& g) { g.kvs[2].payload[11] = 0x40; }),
            "array 'test.array' claims 4611686018427387907 elements");
        add("4 GB string", mutate([](RawGguf& g) { g.kvs[3].payload[12 + 4] = 1; }),
            "string element of 'test.strings' length 4294967297 is longer than the rest of the file");
        add("duplicate key", mutate([](RawGguf& g) { g.kvs[1].key = "general.architecture"; }),
            "duplicate metadata key 'general.architecture'");
        add("empty key", mutate([](RawGguf& g) { g.kvs[1].key = ""; }), "empty metadata key");
        add("bad bool", mutate([](RawGguf& g) {
                g.kvs.push_back({"test.bool", 7, {5}});
            }),
            "bool value of 'test.bool' is neither 0 nor 1");
        add("alignment not power of two", mutate([](RawGguf& g) {
                g.kvs.push_back({"general.alignment", 4, RawGguf::u32(24)});
            }),
            "general.alignment 24 is not a power of two");
        add("alignment as string", mutate([](RawGguf& g) {
                g.kvs.push_back({"general.alignment", 8, RawGguf::str("32")});
            }),
            "general.alignment must be an integer");
        add("unknown tensor type", mutate([](RawGguf& g) { g.tensors[1].type = 4; }),
            "tensor 'b' has unknown ggml type 4");
        add("too many dims", mutate([](RawGguf& g) {
                g.tensors[0].ne = {1, 1, 1, 1, 8};
            }),
            "tensor 'a' has 5 dimensions (1 to 4 allowed)");
        add("zero dims", mutate([](RawGguf& g) { g.tensors[0].ne = {}; }), "tensor 'a' has 0 dimensions");
        add("zero-size dim", mutate([](RawGguf& g) {
                g.tensors[0].ne = {4, 0};
            }),
            "tensor 'a' dimension 1 is 0");
        add("dims overflow", mutate([](RawGguf& g) {
                g.tensors[0].ne = {1ull << 32, 1ull << 32};
            }),
            "tensor 'a' element count overflows");
        add("10^15 elements", mutate([](RawGguf& g) {
                g.tensors[0].ne = {1000000, 1000000000};
            }),
            "tensor 'a' data [");
        add("row not a block multiple", mutate([](RawGguf& g) {
                g.tensors[1].ne = {33, 2};
            }),
            "tensor 'b' row length 33 is not a multiple of the Q8_0 block size 32");
        add("misaligned offset", mutate([](RawGguf& g) { g.tensors[1].offset = 40; }),
            "tensor 'b' data offset 40 is not a multiple of the alignment 32");
        add("overlapping tensors", mutate([](RawGguf& g) { g.tensors[1].offset = 0; }), "overlaps tensor");
        add("data outside file", mutate([](RawGguf& g) { g.tensors[1].offset = 1u << 20; }),
            "tensor 'b' data [");
        add("offset overflow", mutate([](RawGguf& g) { g.tensors[1].offset = ~uint64_t(31); }),
            "tensor 'b' data [");
        add("duplicate tensor name", mutate([](RawGguf& g) { g.tensors[1].name = "a"; }),
            "duplicate tensor name 'a'");
        add("empty tensor name", mutate([](RawGguf& g) { g.tensors[1].name = ""; }), "empty tensor name");
        add("nested arrays too deep", mutate([](RawGguf& g) {
                std::vector<uint8_t> p;
                for (int i = 0; i < 10; ++i) {
                    RawGguf::put32(p, 9);
                    RawGguf::put64(p, 1);
                }
                RawGguf::put32(p, 4);
                RawGguf::put64(p, 0);
                g.kvs.push_back({"test.deep", 9, p});
            }),
            "arrays nested deeper than 8 levels in 'test.deep'");
    }

    void rejectsMalformed() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString path = writeBytes(std::vector<uint8_t>(bytes.begin(), bytes.end()));
        try {
            GgufFile::open(path.toStdString());
            QFAIL("the malformed file was accepted");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(path + QStringLiteral(": offset ")), qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }

    // The same files read as a remote reader does: from a prefix that grows while the parser
    // asks for more. The same rejections, and for a good file the same header.
    void rejectsMalformedFromPrefix_data() { rejectsMalformed_data(); }
    void rejectsMalformedFromPrefix() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        try {
            parseGrowing("http://host/bad.gguf", std::vector<uint8_t>(bytes.begin(), bytes.end()));
            QFAIL("the malformed header was accepted");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QStringLiteral("http://host/bad.gguf: offset ")),
                     qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }

    void parsesHeaderFromPrefix() {
        const std::string demo = REALM_SOURCE_DIR "/resources/demo.gguf";
        auto local = GgufFile::open(demo);
        const std::vector<uint8_t> all(local->mapping().data(), local->mapping().data() + local->fileSize());
        uint64_t asked = 0;
        auto remote = parseGrowing("demo", all, &asked);
        QVERIFY(!remote->hasMapping());
        QCOMPARE(remote->fileSize(), local->fileSize());
        QCOMPARE(remote->dataOffset(), local->dataOffset());
        QVERIFY2(asked < 2 * remote->dataOffset(), qPrintable(QString::number(asked)));
        QCOMPARE(remote->metadata().size(), local->metadata().size());
        for (size_t i = 0; i < local->metadata().size(); ++i) {
            QCOMPARE(remote->metadata()[i].key, local->metadata()[i].key);
            QCOMPARE(remote->metadata()[i].offset, local->metadata()[i].offset);
        }
        QCOMPARE(remote->getString("tokenizer.ggml.model"), local->getString("tokenizer.ggml.model"));
        QCOMPARE(remote->find("tokenizer.ggml.tokens")->size(), local->find("tokenizer.ggml.tokens")->size());
        QCOMPARE(remote->tensors().size(), local->tensors().size());
        for (size_t i = 0; i < local->tensors().size(); ++i) {
            const GgufTensorInfo &a = remote->tensors()[i], &b = local->tensors()[i];
            QCOMPARE(a.name, b.name);
            QCOMPARE(a.offset, b.offset);
            QCOMPARE(a.bytes, b.bytes);
            QCOMPARE(a.ne, b.ne);
            QCOMPARE(a.data, nullptr); // no data without a mapping
        }
    }

    void rejectsNonFiles() {
        const QString emptyPath = writeBytes({});
        QVERIFY_THROWS_EXCEPTION(Error, GgufFile::open(emptyPath.toStdString()));
        try {
            GgufFile::open(dir_.path().toStdString());
            QFAIL("a directory was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("is a directory")), e.what());
        }
        try {
            GgufFile::open(dir_.filePath(QStringLiteral("missing.gguf")).toStdString());
            QFAIL("a missing file was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("No such file")), e.what());
        }
    }

    void noticesTruncationOnDisk() {
        const QString path = writeBytes(goodFile().bytes());
        auto f = GgufFile::open(path.toStdString());
        f->mapping().checkIntact();
        QVERIFY(!f->mapping().changedOnDisk());
        QVERIFY(QFile::resize(path, 64));
        QVERIFY(f->mapping().changedOnDisk());
        try {
            f->mapping().checkIntact();
            QFAIL("a truncated file passed the check");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("truncated on disk (now 64 bytes")),
                     e.what());
        }
    }

    void readsConformanceFixtures() {
        const QString dir = QStringLiteral(REALM_CONFORMANCE_DIR);
        REALM_NEED_CONFORMANCE("types/all-types.gguf");
        auto f = GgufFile::open(QString(dir + QStringLiteral("/types/all-types.gguf")).toStdString());
        QCOMPARE(f->tensors().size(), size_t(26));
        QCOMPARE(f->findTensor("t.q4_k")->offset, uint64_t(27008));
        QCOMPARE(f->findTensor("t.nvfp4")->offset, uint64_t(39968));
        auto m = GgufFile::open(
            QString(dir + QStringLiteral("/models/llama-s256-untied-Q4_K_M.gguf")).toStdString());
        QCOMPARE(m->architecture(), std::string("llama"));
        QCOMPARE(m->find("tokenizer.ggml.tokens")->size(), 32000u);
        QCOMPARE(m->findTensor("output.weight")->type, GgmlType::Q6_K);
    }
};

QTEST_GUILESS_MAIN(TestGgufReader)
#include "tst_gguf_reader.moc"
