// The memory estimate before loading: weights + KV cache + work buffers, checked against sums
// done by hand for the demo model and the TinyLlama-1.1B shape and against what a real Session
// allocates; the largest context that fits; MemAvailable parsing; `realm-cli info --json`
// reports the same numbers.
#include "compute/thread_pool.h"
#include "gguf/gguf_file.h"
#include "model/model.h"
#include "runtime/memory_estimate.h"
#include "runtime/session.h"

#include <numeric>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace realm;

class TestMemoryEstimate : public QObject {
    Q_OBJECT
  private:
    static QString demo() { return QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf"); }

    static HParams tinyLlama() {
        HParams hp;
        hp.nVocab = 32000;
        hp.nCtxTrain = 2048;
        hp.nEmbd = 2048;
        hp.nFf = 5632;
        hp.nLayer = 22;
        hp.nHead = 32;
        hp.nHeadKv = 4;
        hp.headDim = 64;
        hp.nRot = 64;
        return hp;
    }

  private Q_SLOTS:
    void demoModel() {
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
        const auto file = GgufFile::open(demo().toStdString());
        // 4 layers, 2 KV heads × 32 dims, context 512, n_embd 128, 4 heads, n_ff 384, vocab 2000.
        const MemoryEstimate e = estimateMemory(*file, 0);
        QCOMPARE(e.contextLength, int64_t(512));
        QCOMPARE(e.weightBytes, uint64_t(1112192));               // every tensor's bytes
        QCOMPARE(e.kvCacheBytes, uint64_t(4 * 64 * 2 * 512 * 2)); // 524,288
        // Per prompt token: 2·128 + 2·128 (q, attention out) + 2·64 (k, v) + 2·384 + 32 (rope)
        // + 128 (hidden) + 1 (position) = 1569 floats; batch 512; scores 8 × 512 (4 heads, but
        // attention scores at least 8 heads at a time); final norm 128; logits 2000.
        QCOMPARE(e.scratchBytes, uint64_t((512 * 1569 + 8 * 512 + 128 + 2000) * 4)); // 3,238,208
        QCOMPARE(e.total(), uint64_t(4874688));
        // A longer context asked for is capped by the model's, like Session does.
        QCOMPARE(estimateMemory(*file, 100000).total(), e.total());
        const MemoryEstimate small = estimateMemory(*file, 256);
        QCOMPARE(small.kvCacheBytes, uint64_t(262144));
        QCOMPARE(small.scratchBytes, uint64_t((256 * 1569 + 8 * 256 + 128 + 2000) * 4)); // batch ≤ context
        QCOMPARE(small.total(), uint64_t(2997696));
    }

    void tinyLlamaShape() {
        const HParams hp = tinyLlama();
        const uint64_t weights = 636'000'000; // about a Q4_K_M file; only added
        const MemoryEstimate e = estimateMemory(hp, weights, 0);
        QCOMPARE(e.contextLength, int64_t(2048));
        QCOMPARE(e.kvCacheBytes, uint64_t(22) * 4 * 64 * 2 * 2048 * 2); // 46,137,344
        QCOMPARE(e.kvCacheBytes, uint64_t(46137344));
        // 2·2048 + 2·2048 + 2·256 + 2·5632 + 64 + 2048 + 1 = 22081 floats per token.
        QCOMPARE(e.scratchBytes, uint64_t((512 * 22081 + 32 * 2048 + 2048 + 32000) * 4)); // 45,620,224
        QCOMPARE(e.total(), weights + 46137344 + 45620224);
        MemoryEstimateOptions f32;
        f32.kvType = KvType::F32;
        QCOMPARE(estimateMemory(hp, weights, 0, f32).kvCacheBytes, uint64_t(2 * 46137344));
    }

    void largestFittingContext_data() {
        QTest::addColumn<qint64>("available");
        QTest::addColumn<qint64>("expected");
        const HParams hp = tinyLlama();
        const uint64_t w = 636'000'000;
        QTest::newRow("plenty") << qint64(8'000'000'000) << qint64(2048);
        QTest::newRow("exactly full") << qint64(estimateMemory(hp, w, 2048).total()) << qint64(2048);
        QTest::newRow("one byte short of full")
            << qint64(estimateMemory(hp, w, 2048).total() - 1) << qint64(1792);
        QTest::newRow("exactly 1024") << qint64(estimateMemory(hp, w, 1024).total()) << qint64(1024);
        QTest::newRow("just under 1024") << qint64(estimateMemory(hp, w, 1024).total() - 1) << qint64(768);
        QTest::newRow("only 256") << qint64(estimateMemory(hp, w, 256).total()) << qint64(256);
        QTest::newRow("weights alone") << qint64(w) << qint64(0);
    }

    void largestFittingContext() {
        QFETCH(qint64, available);
        QFETCH(qint64, expected);
        QCOMPARE(realm::largestFittingContext(tinyLlama(), 636'000'000, 0, uint64_t(available)),
                 int64_t(expected));
    }

    void fittingContextDemo() {
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
        const auto file = GgufFile::open(demo().toStdString());
        const HParams hp = HParams::fromGguf(*file);
        QCOMPARE(realm::largestFittingContext(hp, 1112192, 0, 3'000'000), int64_t(256));
        QCOMPARE(realm::largestFittingContext(hp, 1112192, 0, 4'874'688), int64_t(512));
        QCOMPARE(realm::largestFittingContext(hp, 1112192, 0, 4'874'687), int64_t(256));
        QCOMPARE(realm::largestFittingContext(hp, 1112192, 0, 2'993'599), int64_t(0));
    }

    // The estimate is what a Session really allocates after a full prompt batch: same KV cache,
    // same work buffers, one thread or several.
    void matchesARealSession_data() {
        QTest::addColumn<int>("threads");
        QTest::addColumn<qint64>("context");
        QTest::addColumn<qint64>("batch");
        QTest::newRow("1 thread") << 1 << qint64(256) << qint64(64);
        QTest::newRow("2 threads") << 2 << qint64(512) << qint64(32);
        QTest::newRow("4 threads, F32 KV") << 4 << qint64(256) << qint64(128);
    }
    void matchesARealSession() {
        QFETCH(int, threads);
        QFETCH(qint64, context);
        QFETCH(qint64, batch);
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
        const auto model = Model::load(demo().toStdString());
        ThreadPool pool(threads);
        SessionOptions so;
        so.contextLength = context;
        so.batchSize = batch;
        so.kvType = threads == 4 ? KvType::F32 : KvType::F16;
        so.pool = threads > 1 ? &pool : nullptr;
        Session session(model, so);
        std::vector<int32_t> prompt(static_cast<size_t>(batch));
        std::iota(prompt.begin(), prompt.end(), 1);
        session.evaluate(prompt);
        MemoryEstimateOptions eo;
        eo.kvType = so.kvType;
        eo.batchSize = batch;
        eo.threads = threads;
        const MemoryEstimate e = estimateMemory(model->file(), context, eo);
        const MemoryStats m = session.memory();
        QCOMPARE(m.kvCacheBytes, e.kvCacheBytes);
        QCOMPARE(m.scratchBytes, e.scratchBytes);
        QCOMPARE(m.weightBytes, e.weightBytes);
        // Decoding after the batch allocates nothing more.
        session.evaluate(std::vector<int32_t>{7});
        QCOMPARE(session.memory().scratchBytes, e.scratchBytes);
    }

    void memAvailable() {
        const std::string text = "MemTotal:       16318412 kB\nMemFree:         1000000 kB\nMemAvailable:    "
                                 "8123456 kB\nBuffers: 1 kB\n";
        QCOMPARE(parseMemAvailable(text).value_or(0), uint64_t(8123456) * 1024);
        QVERIFY(!parseMemAvailable("MemTotal: 1 kB\n"));
        QVERIFY(!parseMemAvailable("MemAvailable: lots\n"));
        const auto real = availableMemory();
        QVERIFY(real.has_value());
        QVERIFY(*real > 0);
    }

    void cliInfoReportsEstimate() {
        const QString cli = QStringLiteral(REALM_BIN_DIR "/realm-cli");
        if (!QFile::exists(cli)) QSKIP("realm-cli not built in this build tree");
        if (!QFile::exists(demo())) QSKIP("resources/demo.gguf missing");
        QProcess p;
        p.start(cli, {QStringLiteral("info"), demo(), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        const QJsonObject m = QJsonDocument::fromJson(p.readAllStandardOutput())
                                  .object()
                                  .value(QStringLiteral("memory_estimate"))
                                  .toObject();
        QCOMPARE(m.value(QStringLiteral("context_length")).toInteger(), 512);
        QCOMPARE(m.value(QStringLiteral("total_bytes")).toInteger(), 4874688);
        QCOMPARE(m.value(QStringLiteral("kv_cache_bytes")).toInteger(), 524288);
    }
};

QTEST_GUILESS_MAIN(TestMemoryEstimate)
#include "tst_model_memory_estimate.moc"
