// realm-cli imatrix: llama-imatrix's files in both formats read back with the statistics its
// --show-statistics prints, and one-line errors for corrupt files.
#include "cli_run.h"

#include "gguf/gguf_writer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using realm::test::runCli;

namespace {
QString dataFile(const char* name) {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/imatrix/") + QString::fromUtf8(name);
}

QJsonObject imatrixJson(const QString& path, const QStringList& extra = {}) {
    const auto r = runCli(QStringList{QStringLiteral("imatrix"), path, QStringLiteral("--json")} + extra);
    if (r.exitCode != 0) qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}
} // namespace

class TestCliImatrix : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void statisticsAsLlamaImatrix_data();
    void statisticsAsLlamaImatrix();
    void bothFormatsSameImportance();
    void corruptFiles();
};

void TestCliImatrix::statisticsAsLlamaImatrix_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("gguf") << dataFile("llama-s64-tied-F32.imatrix.gguf");
    QTest::newRow("legacy") << dataFile("llama-s64-tied-F32.imatrix.dat");
}

// statistics.txt: llama-imatrix --show-statistics on the GGUF file (how: README.md), every
// figure to the digits it prints.
void TestCliImatrix::statisticsAsLlamaImatrix() {
    QFETCH(QString, file);
    const QJsonObject o = imatrixJson(file);
    QCOMPARE(o.value(QStringLiteral("chunk_count")).toInt(), 9);
    QCOMPARE(o.value(QStringLiteral("format")).toString(),
             file.endsWith(QStringLiteral(".dat")) ? QStringLiteral("legacy") : QStringLiteral("gguf"));
    QMap<QString, QJsonObject> entries;
    for (const QJsonValue& e : o.value(QStringLiteral("entries")).toArray())
        entries[e.toObject().value(QStringLiteral("name")).toString()] = e.toObject();
    QCOMPARE(entries.size(), 14);
    int rows = 0;
    for (const QByteArray& line : readAll(dataFile("statistics.txt")).split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 12 || !f[0].at(0) || f[0].at(0) < '0' || f[0].at(0) > '9') continue;
        const QString name =
            QStringLiteral("blk.%1.%2.weight").arg(QString::fromUtf8(f[0]), QString::fromUtf8(f[1]));
        QVERIFY2(entries.contains(name), qPrintable(name));
        const QJsonObject e = entries[name];
        const auto near = [&](const char* key, const QByteArray& printed, double scale) {
            const double ours = scale * e.value(QString::fromUtf8(key)).toDouble();
            const int decimals = printed.contains('.') ? int(printed.size() - printed.indexOf('.') - 1) : 0;
            return std::abs(ours - printed.toDouble()) <= 0.5 * std::pow(10.0, -decimals) + 1e-9;
        };
        QVERIFY2(near("sum", f[2], 1), qPrintable(name));
        QVERIFY(near("min", f[3], 1));
        QVERIFY(near("max", f[4], 1));
        QVERIFY(near("mean", f[5], 1));
        QVERIFY(near("std", f[6], 1));
        QVERIFY(near("active", f[7].chopped(1), 100));
        QCOMPARE(QByteArray::number(e.value(QStringLiteral("values")).toInt()), f[8]);
        QVERIFY(near("entropy", f[9], 1));
        QVERIFY(near("zd", f[11].chopped(1), 100));
        ++rows;
    }
    QCOMPARE(rows, 14);
}

void TestCliImatrix::bothFormatsSameImportance() {
    const QStringList tensor = {QStringLiteral("--tensor"), QStringLiteral("blk.1.ffn_down.weight")};
    const QJsonArray a = imatrixJson(dataFile("llama-s64-tied-F32.imatrix.gguf"), tensor)
                             .value(QStringLiteral("importance"))
                             .toArray();
    const QJsonArray b = imatrixJson(dataFile("llama-s64-tied-F32.imatrix.dat"), tensor)
                             .value(QStringLiteral("importance"))
                             .toArray();
    QCOMPARE(a.size(), 192);
    QCOMPARE(b.size(), 192);
    for (int i = 0; i < a.size(); ++i)
        QVERIFY(std::abs(a[i].toDouble() - b[i].toDouble()) <= 1e-6 * std::abs(a[i].toDouble()));
}

void TestCliImatrix::corruptFiles() {
    QTemporaryDir dir;
    const auto run = [](const QString& path) { return runCli({QStringLiteral("imatrix"), path}); };
    const QByteArray legacy = readAll(dataFile("llama-s64-tied-F32.imatrix.dat"));
    const QString truncated = dir.filePath(QStringLiteral("truncated.dat"));
    writeFile(truncated, legacy.left(100));
    REALM_EXPECT_ONE_LINE_ERROR(
        run(truncated), "truncated.dat: truncated at offset 35 (reading blk.0.attn_k.weight's values)");

    QByteArray nan = legacy;
    const float notANumber = std::nanf("");
    // The first value of the first entry: after the count, name length, name, calls and values.
    std::memcpy(nan.data() + 4 + 4 + 19 + 4 + 4, &notANumber, 4);
    const QString withNan = dir.filePath(QStringLiteral("nan.dat"));
    writeFile(withNan, nan);
    REALM_EXPECT_ONE_LINE_ERROR(run(withNan),
                                "entry blk.0.attn_k.weight holds a non-finite value at index 0");

    const QString text = dir.filePath(QStringLiteral("text.dat"));
    writeFile(text, QByteArrayLiteral("\x00\x00\x00\x00 not an importance matrix"));
    REALM_EXPECT_ONE_LINE_ERROR(run(text), "not an importance matrix");

    const QString sumsOnly = dir.filePath(QStringLiteral("sums-only.gguf"));
    realm::GgufWriter w;
    const std::vector<float> sums(64, 1.f);
    w.addTensor("blk.0.attn_q.weight.in_sum2", realm::GgmlType::F32, {64, 1}, sums.data(), sums.size() * 4);
    w.write(sumsOnly.toStdString());
    REALM_EXPECT_ONE_LINE_ERROR(run(sumsOnly), "entry blk.0.attn_q.weight has no .counts tensor");

    REALM_EXPECT_ONE_LINE_ERROR(run(dir.filePath(QStringLiteral("missing.dat"))),
                                "cannot open importance matrix");
}

QTEST_GUILESS_MAIN(TestCliImatrix)
#include "tst_cli_imatrix.moc"
