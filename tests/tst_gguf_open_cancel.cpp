// GgufFile::open reports progress through the header parse and stops where it is when asked:
// inside the metadata loop, inside a long string array, in the tensor-info loop. A cancelled
// open leaves nothing cached: the next open parses the whole file.
#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <string>
#include <vector>

using namespace realm;

class TestGgufOpenCancel : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    std::string path_;
    // Keys: general.architecture and test.key1…19; then the token array is key 21.
    static constexpr int Keys = 20, Strings = 100000, Tensors = 600;
    static constexpr int KeyCount = Keys + 1;

    // prefix + number (written out: GCC 12 -O3 warns falsely on "literal" + std::to_string).
    static std::string numbered(const char* prefix, int i) {
        std::string s(prefix);
        s += std::to_string(i);
        return s;
    }

  private Q_SLOTS:
    void initTestCase() {
        GgufWriter w;
        w.addString("general.architecture", "llama");
        for (int i = 1; i < Keys; ++i)
            w.addUInt32(numbered("test.key", i), uint32_t(i));
        std::vector<std::string> tokens;
        for (int i = 0; i < Strings; ++i)
            tokens.push_back(numbered("token", i));
        w.addStringArray("tokenizer.ggml.tokens", tokens);
        std::vector<float> row(32, 1.0f);
        for (int i = 0; i < Tensors; ++i)
            w.addTensor(numbered("t", i), GgmlType::F32, {32}, row.data(), row.size() * sizeof(float));
        path_ = dir_.filePath(QStringLiteral("many.gguf")).toStdString();
        w.write(path_);
    }

    void progressThroughTheWholeHeader() {
        std::vector<uint64_t> seen;
        GgufOpenOptions options;
        options.progress = [&](uint64_t parsed, uint64_t size) {
            seen.push_back(parsed);
            return parsed <= size;
        };
        const auto file = GgufFile::open(path_, options);
        QCOMPARE(file->tensors().size(), size_t(Tensors));
        // Every key, every 4096th string, every 256th tensor info, and the end of the header.
        QCOMPARE(seen.size(), size_t(KeyCount + Strings / 4096 + (Tensors + 255) / 256 + 1));
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QVERIFY(seen.back() <= file->dataOffset() && file->dataOffset() - seen.back() < file->alignment());
    }

    void cancelAtEachStage_data() {
        QTest::addColumn<int>("stopAt"); // the progress call that answers false (1-based)
        QTest::newRow("first key") << 1;
        QTest::newRow("a later key") << 10;
        QTest::newRow("inside the string array") << KeyCount + 5;
        QTest::newRow("tensor infos") << KeyCount + Strings / 4096 + 2;
        QTest::newRow("end of header") << KeyCount + Strings / 4096 + (Tensors + 255) / 256 + 1;
    }

    void cancelAtEachStage() {
        QFETCH(int, stopAt);
        int calls = 0;
        uint64_t at = 0;
        GgufOpenOptions options;
        options.progress = [&](uint64_t parsed, uint64_t) {
            at = parsed;
            return ++calls < stopAt;
        };
        bool cancelled = false;
        try {
            GgufFile::open(path_, options);
        } catch (const GgufOpenCancelled& e) {
            cancelled = true;
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.startsWith(QString::fromStdString(path_)), qPrintable(what));
            QVERIFY2(what.contains(QStringLiteral("cancelled at offset %1").arg(at)), qPrintable(what));
        }
        QVERIFY(cancelled);
        QCOMPARE(calls, stopAt); // it stopped right there, not at the end
        // Nothing half-parsed was cached.
        const auto file = GgufFile::open(path_);
        QCOMPARE(file->tensors().size(), size_t(Tensors));
        QCOMPARE(file->find("tokenizer.ggml.tokens")->size(), uint64_t(Strings));
    }

    void flagFromAnotherThread() {
        // The app's shape: an atomic flag, set by the UI thread, read by the progress callback.
        std::atomic<bool> cancel{true};
        GgufOpenOptions options;
        options.progress = [&](uint64_t, uint64_t) { return !cancel.load(); };
        QVERIFY_THROWS_EXCEPTION(GgufOpenCancelled, GgufFile::open(path_, options));
        cancel = false;
        QCOMPARE(GgufFile::open(path_, options)->tensors().size(), size_t(Tensors));
    }
};

QTEST_GUILESS_MAIN(TestGgufOpenCancel)
#include "tst_gguf_open_cancel.moc"
