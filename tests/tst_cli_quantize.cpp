// realm-cli quantize against llama-quantize: tensor data (and whole files) byte for byte on
// the conformance fixtures, the type mixes on TinyLlama- and Llama-3-70B-shaped files, and
// that a cancelled or failed quantize leaves no OUT.
#include "cli_run.h"
#include "conformance.h"

#include "gguf/gguf_writer.h"
#include "quantlab/file_quantizer.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>

using realm::test::runCli;

namespace {
QString dataFile(const char* name) {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/quantize/") + QString::fromUtf8(name);
}

QString conformanceModel(const char* name) {
    return realm::test::conformancePath("models/") + QString::fromUtf8(name) + QStringLiteral(".gguf");
}

// "LABEL rest…" lines of a reference file, grouped by label, in file order.
QMap<QString, QStringList> readReference(const char* name) {
    QMap<QString, QStringList> byLabel;
    QFile f(dataFile(name));
    if (!f.open(QIODevice::ReadOnly)) return byLabel;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const qsizetype space = line.indexOf(' ');
        if (space > 0) byLabel[QString::fromUtf8(line.left(space))] << QString::fromUtf8(line.mid(space + 1));
    }
    return byLabel;
}

QString shortSha(QByteArrayView bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(16));
}

// What tests/data/quantize/tensor_hashes.py prints for a file (without the label).
QStringList tensorHashes(const QString& path) {
    const auto file = realm::GgufFile::open(path.toStdString());
    QFile whole(path);
    if (!whole.open(QIODevice::ReadOnly)) return {};
    QStringList lines{QStringLiteral("file ") + shortSha(whole.readAll())};
    for (const realm::GgufTensorInfo& t : file->tensors())
        lines << QStringLiteral("%1 %2 %3")
                     .arg(QString::fromStdString(t.name))
                     .arg(static_cast<uint32_t>(t.type))
                     .arg(shortSha(QByteArrayView(t.data, static_cast<qsizetype>(t.bytes))));
    return lines;
}

// The F32 file `llama-quantize --allow-requantize SOURCE OUT F32` makes: every tensor
// dequantized (ggml's dequantization, which ours equals bit for bit), metadata as it was.
void writeF32Master(const QString& source, const QString& out) {
    const auto in = realm::GgufFile::open(source.toStdString());
    realm::GgufWriter w;
    for (const realm::GgufKeyValue& kv : in->metadata())
        w.addValue(kv.key, kv.value);
    for (const realm::GgufTensorInfo& t : in->tensors()) {
        std::vector<float> values(static_cast<size_t>(t.elements()));
        realm::dequantizeRows(t.type, t.data, values.data(), t.rowLength(), t.rows());
        w.addTensor(t.name, realm::GgmlType::F32, std::vector<int64_t>(t.ne.begin(), t.ne.begin() + t.nDims),
                    values.data(), values.size() * sizeof(float));
    }
    w.write(out.toStdString());
}
} // namespace

class TestCliQuantize : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase();
    void matchesLlamaQuantize_data();
    void matchesLlamaQuantize();
    void mixesMatchLlamaQuantize_data();
    void mixesMatchLlamaQuantize();
    void cancelLeavesNoFile();
    void badInput();

  private:
    QString input(const QString& master) const;
    QTemporaryDir dir_;
};

void TestCliQuantize::initTestCase() {
    REALM_NEED_CONFORMANCE("models/llama-s256-untied-Q4_K_M.gguf");
    QVERIFY(dir_.isValid());
    writeF32Master(conformanceModel("llama-s256-untied-Q4_K_M"),
                   dir_.filePath(QStringLiteral("s256-untied-F32.gguf")));
    writeF32Master(conformanceModel("llama-s256-tied-Q2_K"),
                   dir_.filePath(QStringLiteral("s256-tied-F32.gguf")));
}

// The labels of tests/data/quantize/references.txt: "s64-F32" is the conformance fixture
// llama-s64-tied-F32.gguf itself, "s256-untied-F32" the F32 master made in initTestCase.
QString TestCliQuantize::input(const QString& master) const {
    if (master.startsWith(QStringLiteral("s64-")))
        return conformanceModel(QStringLiteral("llama-s64-tied-%1").arg(master.mid(4)).toUtf8().constData());
    return dir_.filePath(master + QStringLiteral(".gguf"));
}

void TestCliQuantize::matchesLlamaQuantize_data() {
    QTest::addColumn<QString>("label");
    QTest::addColumn<QStringList>("expected");
    const QMap<QString, QStringList> reference = readReference("references.txt");
    QVERIFY(reference.size() >= 26);
    for (auto it = reference.begin(); it != reference.end(); ++it)
        QTest::newRow(it.key().toUtf8().constData()) << it.key() << it.value();
}

// references.txt: what llama-quantize wrote for the same inputs (how: README.md).
void TestCliQuantize::matchesLlamaQuantize() {
    QFETCH(QString, label);
    QFETCH(QStringList, expected);
    // "IMATRIX+MASTER:TYPE": with the importance matrix tests/data/imatrix/IMATRIX.
    QString master = label.section(QLatin1Char(':'), 0, 0);
    const QString type = label.section(QLatin1Char(':'), 1);
    QStringList args = {QStringLiteral("quantize")};
    if (master.contains(QLatin1Char('+'))) {
        args << QStringLiteral("--imatrix")
             << QStringLiteral(REALM_SOURCE_DIR "/tests/data/imatrix/") +
                    master.section(QLatin1Char('+'), 0, 0);
        master = master.section(QLatin1Char('+'), 1);
    }
    const QString out = dir_.filePath(QStringLiteral("out.gguf"));
    const auto r = runCli(args << input(master) << out << type);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QStringList ours = tensorHashes(out);
    QCOMPARE(ours.size(), expected.size());
    // The masters made here carry their source's metadata, llama.cpp's its own, and with an
    // importance matrix the file records its path: for those only the tensors are compared, for
    // the conformance files the whole file.
    if (!master.startsWith(QStringLiteral("s64-")) || args.size() > 4) {
        ours.removeFirst();
        expected.removeFirst();
    }
    QCOMPARE(ours, expected);
}

void TestCliQuantize::mixesMatchLlamaQuantize_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("type");
    for (const char* type :
         {"Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K", "Q4_0"})
        QTest::newRow(type) << QStringLiteral("tinyllama-1.1b") << QString::fromUtf8(type);
    for (const char* type : {"Q3_K_M", "Q4_K_M"}) // the 70B rules: attn_v Q3_K/Q4_K become Q5_K
        QTest::newRow(QByteArray(QByteArray("70b-") + type).constData())
            << QStringLiteral("llama3-70b") << QString::fromUtf8(type);
}

// mixes.txt: every matrix whose type is not the file type's default, from llama-quantize
// --dry-run on the same shapes (sparse random-weight files, no data read).
void TestCliQuantize::mixesMatchLlamaQuantize() {
    QFETCH(QString, preset);
    QFETCH(QString, type);
    const QString model = dir_.filePath(preset + QStringLiteral(".gguf"));
    if (!QFile::exists(model))
        QCOMPARE(
            runCli({QStringLiteral("synth"), QStringLiteral("--preset"), preset, QStringLiteral("--type"),
                    QStringLiteral("f16"), QStringLiteral("-o"), model, QStringLiteral("--sparse")})
                .exitCode,
            0);
    const auto r = runCli({QStringLiteral("quantize"), model, dir_.filePath(QStringLiteral("never.gguf")),
                           type, QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("never.gguf"))));
    const auto file = realm::GgufFile::open(model.toStdString());
    const QString defaultType =
        QString::fromUtf8(realm::typeName(realm::quantFileType(type.toStdString())->defaultType));
    QStringList ours;
    for (const QJsonValue& v :
         QJsonDocument::fromJson(r.out).object().value(QStringLiteral("tensors")).toArray()) {
        const QString name = v.toObject().value(QStringLiteral("name")).toString();
        const QString to = v.toObject().value(QStringLiteral("to")).toString();
        if (file->findTensor(name.toStdString())->ne[1] > 1 && to != defaultType)
            ours << name + QLatin1Char(' ') + to;
    }
    QCOMPARE(ours, readReference("mixes.txt").value(preset + QLatin1Char(':') + type));
}

void TestCliQuantize::cancelLeavesNoFile() {
    const auto in = realm::GgufFile::open(input(QStringLiteral("s256-untied-F32")).toStdString());
    const QString out = dir_.filePath(QStringLiteral("cancelled.gguf"));
    {
        QFile old(out);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an older file");
    }
    realm::JobControl* self = nullptr;
    int calls = 0;
    realm::JobControl control([&](double) {
        if (++calls == 2) self->cancel(); // part of the way through
    });
    self = &control;
    bool stopped = false;
    try {
        realm::quantizeFile(*in, out.toStdString(), *realm::quantFileType("Q4_K_M"), nullptr, &control);
    } catch (const realm::QuantizeCancelled&) {
        stopped = true;
    }
    QVERIFY(stopped);
    QVERIFY(calls >= 2);
    QVERIFY(!QFile::exists(out + QStringLiteral(".tmp")));
    QFile old(out);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("an older file"));
}

void TestCliQuantize::badInput() {
    const QString f32 = conformanceModel("llama-s64-tied-F32");
    REALM_EXPECT_ONE_LINE_ERROR(runCli({QStringLiteral("quantize"), conformanceModel("llama-s64-tied-Q4_0"),
                                        dir_.filePath(QStringLiteral("q.gguf")), QStringLiteral("Q8_0")}),
                                "tensor token_embd.weight is Q4_0; quantize needs F32, F16 or BF16 weights");
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("q.gguf"))));
    REALM_EXPECT_ONE_LINE_ERROR(
        runCli({QStringLiteral("quantize"), f32, dir_.filePath(QStringLiteral("no-such-dir/out.gguf")),
                QStringLiteral("Q4_0")}),
        "out.gguf: cannot write: No such file or directory");
    const QString imatrix =
        QStringLiteral(REALM_SOURCE_DIR "/tests/data/imatrix/llama-s64-tied-F32.imatrix.gguf");
    REALM_EXPECT_ONE_LINE_ERROR(
        runCli({QStringLiteral("quantize"), QStringLiteral("--imatrix"), imatrix,
                input(QStringLiteral("s256-tied-F32")), dir_.filePath(QStringLiteral("k.gguf")),
                QStringLiteral("Q4_0")}),
        "the importance matrix has 64 values for blk.0.attn_k.weight, which needs 256");
    REALM_EXPECT_ONE_LINE_ERROR(runCli({QStringLiteral("quantize"), QStringLiteral("--imatrix"), f32, f32,
                                        dir_.filePath(QStringLiteral("k.gguf")), QStringLiteral("Q4_0")}),
                                "no importance matrix entries");
    const auto unknown = runCli(
        {QStringLiteral("quantize"), f32, dir_.filePath(QStringLiteral("u.gguf")), QStringLiteral("Q7_K")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.startsWith("realm-cli quantize: unknown TYPE 'Q7_K' (one of F32, F16, BF16, Q4_0"));
}

QTEST_GUILESS_MAIN(TestCliQuantize)
#include "tst_cli_quantize.moc"
