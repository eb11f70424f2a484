// realm-cli's inspection commands: the JSON contract, exit codes and error lines.
#include "conformance.h"
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestCliInspect : public QObject {
    Q_OBJECT

    struct Result {
        int exitCode;
        QProcess::ExitStatus status;
        QByteArray out, err;
    };

    static Result run(const QStringList& args) {
        QProcess p;
        p.start(QStringLiteral(REALM_BIN_DIR "/realm-cli"), args);
        p.waitForFinished(120000);
        return {p.exitCode(), p.exitStatus(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    static QString fixture(const char* name) {
        return QStringLiteral(REALM_CONFORMANCE_DIR "/") + QString::fromUtf8(name);
    }

    void requireFixtures() { REALM_NEED_CONFORMANCE("types/all-types.gguf"); }

  private Q_SLOTS:
    void infoJson() {
        requireFixtures();
        const Result r = run(
            {QStringLiteral("info"), fixture("models/llama-s64-tied-Q8_0.gguf"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("file_size")).toInteger(), 3006848);
        QCOMPARE(o.value(QStringLiteral("gguf_version")).toInt(), 3);
        QCOMPARE(o.value(QStringLiteral("architecture")).toString(), QStringLiteral("llama"));
        QCOMPARE(o.value(QStringLiteral("file_type")).toString(), QStringLiteral("Q8_0"));
        QCOMPARE(o.value(QStringLiteral("tensor_count")).toInt(), 20);
        const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
        QCOMPARE(meta.value(QStringLiteral("llama.embedding_length")).toInt(), 64);
        QCOMPARE(meta.value(QStringLiteral("tokenizer.ggml.tokens")).toArray().size(), 32000);
        QCOMPARE(meta.value(QStringLiteral("tokenizer.ggml.add_bos_token")).toBool(), true);
        const QJsonArray tensors = o.value(QStringLiteral("tensors")).toArray();
        QCOMPARE(tensors.size(), 20);
        const QJsonObject first = tensors.first().toObject();
        QVERIFY(!first.value(QStringLiteral("name")).toString().isEmpty());
        QVERIFY(first.value(QStringLiteral("shape")).isArray());
        QVERIFY(first.value(QStringLiteral("offset")).toInteger() > 0);
    }

    void tensorsMatchReferenceOffsets() {
        requireFixtures();
        const Result r =
            run({QStringLiteral("tensors"), fixture("types/all-types.gguf"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray tensors = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(tensors.size(), 26);
        for (const auto& v : tensors) {
            const QJsonObject t = v.toObject();
            if (t.value(QStringLiteral("name")).toString() == QStringLiteral("t.q6_k")) {
                QCOMPARE(t.value(QStringLiteral("type")).toString(), QStringLiteral("Q6_K"));
                QCOMPARE(t.value(QStringLiteral("offset")).toInteger(), 29568);
                QCOMPARE(t.value(QStringLiteral("bytes")).toInteger(), 4 * 210 * 2);
                QCOMPARE(t.value(QStringLiteral("shape")).toArray(), QJsonArray({512, 4}));
            }
        }
    }

    void dequantF32RoundTrips() {
        requireFixtures();
        const Result r =
            run({QStringLiteral("dequant"), fixture("types/all-types.gguf"), QStringLiteral("t.f32"),
                 QStringLiteral("--rows"), QStringLiteral("1:3"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("row_length")).toInt(), 512);
        const QJsonArray rows = o.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 2);
        QFile ref(fixture("types/all-types.dequant.f32"));
        QVERIFY(ref.open(QIODevice::ReadOnly));
        const QByteArray all = ref.readAll();
        const float* want = reinterpret_cast<const float*>(all.constData()) + 512; // t.f32 row 1
        for (int i = 0; i < 512; ++i)
            QCOMPARE(float(rows[0].toArray()[i].toDouble()), want[i]);
    }

    void statsJson() {
        requireFixtures();
        const Result r = run({QStringLiteral("stats"), fixture("types/all-types.gguf"),
                              QStringLiteral("t.f32"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("count")).toInt(), 2048);
        qint64 total = 0;
        for (const auto& c : o.value(QStringLiteral("histogram")).toArray())
            total += c.toInteger();
        QCOMPARE(total, 2048);
        QVERIFY(o.value(QStringLiteral("min")).toDouble() < o.value(QStringLiteral("mean")).toDouble());
        QVERIFY(o.value(QStringLiteral("std")).toDouble() > 0.5); // N(0, 1) values
    }

    // generate --alternatives: each token's probability and top alternatives before the chain.
    void generateJsonAlternatives() {
        requireFixtures();
        const auto generateJson = [](const QStringList& sampling) {
            const Result r =
                run(QStringList{QStringLiteral("generate"), fixture("models/llama-s64-tied-Q8_0.gguf"),
                                QStringLiteral("--prompt"), QStringLiteral("The sea is"),
                                QStringLiteral("-n"), QStringLiteral("6"), QStringLiteral("--ignore-eos"),
                                QStringLiteral("--alternatives"), QStringLiteral("10"),
                                QStringLiteral("--json")} +
                    sampling);
            return QJsonDocument::fromJson(r.out).object();
        };
        for (const QStringList& sampling :
             {QStringList{QStringLiteral("--temp"), QStringLiteral("0")},
              QStringList{QStringLiteral("--temp"), QStringLiteral("1"), QStringLiteral("--top-k"),
                          QStringLiteral("3"), QStringLiteral("--seed"), QStringLiteral("7")}}) {
            const QJsonObject o = generateJson(sampling);
            const QJsonArray tokens = o.value(QStringLiteral("tokens")).toArray();
            const QJsonArray alternatives = o.value(QStringLiteral("alternatives")).toArray();
            QCOMPARE(tokens.size(), 6);
            QCOMPARE(alternatives.size(), 6);
            const bool greedy = sampling.at(1) == QLatin1String("0");
            for (qsizetype i = 0; i < tokens.size(); ++i) {
                const QJsonObject t = alternatives.at(i).toObject();
                QCOMPARE(t.value(QStringLiteral("id")).toInt(), tokens.at(i).toInt());
                QVERIFY(t.contains(QStringLiteral("piece")));
                const QJsonArray top = t.value(QStringLiteral("top")).toArray();
                QCOMPARE(top.size(), 10);
                double sum = 0, previous = 1;
                int kept = 0;
                bool chosenKept = false;
                for (const QJsonValue& v : top) {
                    const QJsonObject a = v.toObject();
                    const double p = a.value(QStringLiteral("p")).toDouble();
                    QVERIFY(p <= previous);
                    previous = p;
                    sum += p;
                    if (a.value(QStringLiteral("kept")).toBool()) {
                        ++kept;
                        chosenKept =
                            chosenKept || a.value(QStringLiteral("id")) == t.value(QStringLiteral("id"));
                    }
                }
                QVERIFY(sum <= 1.000001);
                QVERIFY(chosenKept);
                if (greedy) {
                    QCOMPARE(kept, 1);
                    QCOMPARE(top.first().toObject().value(QStringLiteral("id")).toInt(),
                             tokens.at(i).toInt());
                } else {
                    QVERIFY(kept >= 1 && kept <= 3); // top-k 3, then top-p and min-p
                }
            }
        }
    }

    // chat --alternatives: after the reply, one line per token with its alternatives ("*" = kept).
    void chatPrintsAlternatives() {
        requireFixtures();
        QProcess p;
        p.start(QStringLiteral(REALM_BIN_DIR "/realm-cli"),
                {QStringLiteral("chat"), fixture("models/llama-s64-tied-Q8_0.gguf"), QStringLiteral("-n"),
                 QStringLiteral("5"), QStringLiteral("--temp"), QStringLiteral("0"),
                 QStringLiteral("--alternatives"), QStringLiteral("3")});
        QVERIFY(p.waitForStarted());
        p.write("Hello there\n\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList lines = QString::fromUtf8(p.readAllStandardError()).split(QLatin1Char('\n'));
        int tokenLines = 0;
        for (const QString& line : lines) {
            if (!line.contains(QLatin1String(" | "))) continue;
            ++tokenLines;
            QCOMPARE(line.count(QLatin1Char('*')), 1); // greedy: only the top token is kept
            QCOMPARE(line.section(QLatin1String(" | "), 1).count(QLatin1Char('"')), 6); // three quoted pieces
        }
        QVERIFY2(tokenLines >= 1 && tokenLines <= 5, qPrintable(lines.join(QLatin1Char('\n'))));
    }

    void errorsAreOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("info"), QStringLiteral("/nonexistent.gguf")}
            << QStringLiteral("cannot open");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("info"), QStringLiteral("--bogus")}
                                        << QStringLiteral("unknown option --bogus");
        QTest::newRow("missing model")
            << QStringList{QStringLiteral("tensors")} << QStringLiteral("missing MODEL");
        // The sampler options of generate and chat share one parser, checked before the model loads.
        QTest::newRow("bad top-p") << QStringList{QStringLiteral("generate"), QStringLiteral("m.gguf"),
                                                  QStringLiteral("--top-p"), QStringLiteral("2")}
                                   << QStringLiteral("--top-p expects a value in (0, 1]");
        QTest::newRow("bad seed") << QStringList{QStringLiteral("chat"), QStringLiteral("m.gguf"),
                                                 QStringLiteral("--seed=-3")}
                                  << QStringLiteral("--seed must not be negative");
        QTest::newRow("bad temperature") << QStringList{QStringLiteral("generate"), QStringLiteral("m.gguf"),
                                                        QStringLiteral("--temp"), QStringLiteral("warm")}
                                         << QStringLiteral("--temp expects a number, got 'warm'");
        QTest::newRow("bad alternatives")
            << QStringList{QStringLiteral("generate"), QStringLiteral("m.gguf"),
                           QStringLiteral("--alternatives"), QStringLiteral("500")}
            << QStringLiteral("--alternatives must be between 0 and 100");
    }

    void errorsAreOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Result r = run(args);
        QCOMPARE(r.status, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 1);
        const QString firstLine = QString::fromUtf8(r.err).split(QLatin1Char('\n')).first();
        QVERIFY2(firstLine.contains(expected), qPrintable(firstLine));
    }

    void badRowsAndTensor() {
        requireFixtures();
        Result r = run({QStringLiteral("dequant"), fixture("types/all-types.gguf"), QStringLiteral("t.f32"),
                        QStringLiteral("--rows"), QStringLiteral("3:9")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("outside the tensor's 4 rows"));
        r = run({QStringLiteral("dequant"), fixture("types/all-types.gguf"), QStringLiteral("nope")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no tensor named 'nope'"));
    }

    void helpEverywhere() {
        Result r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("info"));
        for (const char* cmd : {"info", "tensors", "dequant", "stats"}) {
            r = run({QString::fromUtf8(cmd), QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            QVERIFY(r.out.startsWith("Usage: realm-cli"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliInspect)
#include "tst_cli_inspect.moc"
