// realm-cli's intervention commands (activations, ablate, patch, cvector): JSON contracts,
// files written, and one-line errors with exit status 1 for bad input.
#include "conformance.h"

#include "interp/npy_file.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result {
    int exitCode;
    QByteArray out, err;
};

Result runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(REALM_BIN_DIR "/realm-cli"), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QString model(const char* name) {
    return realm::test::conformancePath("models/") + QString::fromUtf8(name);
}

// Exit 1 and exactly one line on stderr that contains `what`.
void expectOneLineError(const Result& r, const char* what) {
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(what), r.err.constData());
}
} // namespace

class TestCliInterventions : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void init() { REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf"); }
    void activationsWritesNpyAndIndex();
    void activationsBadInput();
    void activationsMoeRouting();
    void cvectorApplyAndMake();
    void cvectorBadInput();
    void ablateJson();
    void ablateBadInput();
    void patchJson();
    void patchBadInput();
};

void TestCliInterventions::activationsWritesNpyAndIndex() {
    QTemporaryDir dir;
    const Result r =
        runCli({QStringLiteral("activations"), model("llama-s64-tied-F32.gguf"), QStringLiteral("--prompt"),
                QStringLiteral("The capital of France is"), QStringLiteral("--layers"), QStringLiteral("1"),
                QStringLiteral("--what"), QStringLiteral("residual,attn_weights"), QStringLiteral("--out"),
                dir.path(), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject index = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(index.value(QStringLiteral("tokens")).toArray(), QJsonArray({1, 450, 7483, 310, 3444, 338}));
    QCOMPARE(index.value(QStringLiteral("pieces")).toArray().at(2).toString(), QStringLiteral(" capital"));
    const QJsonArray files = index.value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 2);
    QCOMPARE(files[0].toObject().value(QStringLiteral("file")).toString(), QStringLiteral("residual-1.npy"));
    QCOMPARE(files[1].toObject().value(QStringLiteral("shape")).toArray(), QJsonArray({4, 6, 6}));
    QCOMPARE(QJsonDocument::fromJson([&] {
                 QFile f(dir.filePath(QStringLiteral("index.json")));
                 return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
             }())
                 .object(),
             index);
    const realm::NpyArray residual =
        realm::readNpy(dir.filePath(QStringLiteral("residual-1.npy")).toStdString());
    QCOMPARE(residual.shape, (std::vector<int64_t>{6, 64}));
    // llama.cpp's l_out-1 at the last position starts -1.1724, 0.0912 (tests/data/activations).
    QVERIFY(std::abs(residual.values[5 * 64] - -1.1724f) < 1e-4f);
    QVERIFY(std::abs(residual.values[5 * 64 + 1] - 0.0912f) < 1e-4f);
}

void TestCliInterventions::activationsBadInput() {
    QTemporaryDir dir;
    const QStringList base = {QStringLiteral("activations"), model("llama-s64-tied-F32.gguf"),
                              QStringLiteral("--prompt"),    QStringLiteral("The capital"),
                              QStringLiteral("--out"),       dir.path()};
    expectOneLineError(runCli(base + QStringList{QStringLiteral("--layers"), QStringLiteral("2")}),
                       "outside the model's layers 0…1");
    expectOneLineError(runCli(base + QStringList{QStringLiteral("--layers"), QStringLiteral("0:5")}),
                       "outside the model's layers");
}

void TestCliInterventions::activationsMoeRouting() {
    QTemporaryDir dir;
    const Result r =
        runCli({QStringLiteral("activations"),
                QStringLiteral(REALM_SOURCE_DIR "/tests/data/architectures/qwen3moe-t64-Q8_0.gguf"),
                QStringLiteral("--tokens"), QStringLiteral("7,8,9"), QStringLiteral("--what"),
                QStringLiteral("moe_routing,ffn_out"), QStringLiteral("--out"), dir.path(),
                QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray files = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("files")).toArray();
    QCOMPARE(files.size(), 4); // 2 layers × 2 sites
    QCOMPARE(files[0].toObject().value(QStringLiteral("file")).toString(),
             QStringLiteral("moe_routing-0.npy"));
    const realm::NpyArray routing =
        realm::readNpy(dir.filePath(QStringLiteral("moe_routing-0.npy")).toStdString());
    QCOMPARE(routing.shape.size(), size_t(2));
    QCOMPARE(routing.shape[0], int64_t(3));
    float sum = 0;
    for (int64_t e = 0; e < routing.shape[1]; ++e)
        sum += routing.values[static_cast<size_t>(e)];
    QVERIFY(std::abs(sum - 1.0f) < 1e-5f); // the chosen experts' renormalised weights
}

namespace {
QString steering(const char* name) {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/steering/") + QString::fromUtf8(name);
}
} // namespace

void TestCliInterventions::cvectorApplyAndMake() {
    // llama-completion --control-vector-scaled …:4 --temp 0 -n 16 wrote this (tests/data/steering).
    const QString expected =
        QStringLiteral("ToProductsProductsProductsProductsProductsProductsProductsProductsProducts"
                       "ProductsProductsProducts shootingçoço");
    const Result applied = runCli(
        {QStringLiteral("cvector"), QStringLiteral("apply"), model("llama-s64-tied-F32.gguf"),
         steering("llama-s64-tied-F32.cvector.gguf"), QStringLiteral("--strength"), QStringLiteral("4"),
         QStringLiteral("--prompt"), QStringLiteral("The capital of France is"), QStringLiteral("--json")});
    QCOMPARE(applied.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(applied.out).object();
    QCOMPARE(o.value(QStringLiteral("text")).toString(), expected);
    QCOMPARE(o.value(QStringLiteral("greedy")).toArray().size(), 16);
    QCOMPARE(o.value(QStringLiteral("top")).toArray().size(), 10);
    // generate (and chat) take the vector the way llama.cpp's tools do.
    const Result generated = runCli(
        {QStringLiteral("generate"), model("llama-s64-tied-F32.gguf"), QStringLiteral("--prompt"),
         QStringLiteral("The capital of France is"), QStringLiteral("-n"), QStringLiteral("16"),
         QStringLiteral("--temp"), QStringLiteral("0"), QStringLiteral("--ignore-eos"),
         QStringLiteral("--kv"), QStringLiteral("f32"), QStringLiteral("--control-vector"),
         steering("llama-s64-tied-F32.cvector.gguf") + QStringLiteral(":4"), QStringLiteral("--json")});
    QCOMPARE(generated.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(generated.out).object().value(QStringLiteral("text")).toString(),
             expected);

    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("made.gguf"));
    const Result made = runCli(
        {QStringLiteral("cvector"), QStringLiteral("make"), model("llama-s64-tied-F32.gguf"),
         QStringLiteral("--positive-file"), steering("positive.txt"), QStringLiteral("--negative-file"),
         steering("negative.txt"), QStringLiteral("-o"), out, QStringLiteral("--json")});
    QCOMPARE(made.exitCode, 0);
    const QJsonObject m = QJsonDocument::fromJson(made.out).object();
    QCOMPARE(m.value(QStringLiteral("layers")).toArray(), QJsonArray({1}));
    QCOMPARE(m.value(QStringLiteral("pairs")).toInt(), 3);
    // What the app made steers like llama.cpp's own file.
    const Result again =
        runCli({QStringLiteral("cvector"), QStringLiteral("apply"), model("llama-s64-tied-F32.gguf"), out,
                QStringLiteral("--strength"), QStringLiteral("4"), QStringLiteral("--tokens"),
                QStringLiteral("1,450,7483,310,3444,338"), QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(again.out).object().value(QStringLiteral("text")).toString(), expected);
}

void TestCliInterventions::cvectorBadInput() {
    expectOneLineError(
        runCli({QStringLiteral("cvector"), QStringLiteral("apply"), model("llama-s64-tied-F32.gguf"),
                steering("llama-s256-untied-Q4_K_M.cvector.gguf"), QStringLiteral("--prompt"),
                QStringLiteral("Hi")}),
        "the control vector is 256 wide, the model's n_embd is 64");
    expectOneLineError(
        runCli({QStringLiteral("cvector"), QStringLiteral("apply"), model("llama-s64-tied-F32.gguf"),
                steering("llama-s64-tied-F32.cvector.gguf"), QStringLiteral("--layers"),
                QStringLiteral("1:3"), QStringLiteral("--prompt"), QStringLiteral("Hi")}),
        "outside the model's layers");
    expectOneLineError(
        runCli({QStringLiteral("chat"), model("llama-s64-tied-F32.gguf"), QStringLiteral("--control-vector"),
                steering("llama-s256-untied-Q4_K_M.cvector.gguf") + QStringLiteral(":2")}),
        "the control vector is 256 wide, the model's n_embd is 64");
    QTemporaryDir dir;
    QFile one(dir.filePath(QStringLiteral("one.txt")));
    QVERIFY(one.open(QIODevice::WriteOnly));
    one.write("only one prompt\n");
    one.close();
    expectOneLineError(runCli({QStringLiteral("cvector"), QStringLiteral("make"),
                               model("llama-s64-tied-F32.gguf"), QStringLiteral("--positive-file"),
                               steering("positive.txt"), QStringLiteral("--negative-file"), one.fileName(),
                               QStringLiteral("-o"), dir.filePath(QStringLiteral("x.gguf"))}),
                       "--positive-file has 3 prompts, --negative-file 1");
}

void TestCliInterventions::ablateJson() {
    const Result r =
        runCli({QStringLiteral("ablate"), model("llama-s64-tied-F32.gguf"), QStringLiteral("--prompt"),
                QStringLiteral("The capital of France is"), QStringLiteral("--ablate"),
                QStringLiteral("head:1.2,ffn:0"), QStringLiteral("--top"), QStringLiteral("3"),
                QStringLiteral("--lens"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("ablated")).toArray(),
             QJsonArray({QStringLiteral("head 1.2"), QStringLiteral("ffn 0")}));
    QCOMPARE(o.value(QStringLiteral("mode")).toString(), QStringLiteral("zero"));
    QCOMPARE(o.value(QStringLiteral("baseline_top")).toInt(), 3482); // the conformance top-1
    QVERIFY(o.value(QStringLiteral("kl")).toDouble() > 0);
    const QJsonArray lens = o.value(QStringLiteral("lens")).toArray();
    QCOMPARE(lens.size(), 2);
    QCOMPARE(lens[1].toObject().value(QStringLiteral("ablated_top")), o.value(QStringLiteral("ablated_top")));
    const QJsonArray top = o.value(QStringLiteral("top")).toArray();
    QVERIFY(top.size() >= 3);
    for (const QJsonValue& v : top) {
        const QJsonObject t = v.toObject();
        QCOMPARE(t.value(QStringLiteral("delta")).toDouble(),
                 t.value(QStringLiteral("ablated")).toDouble() -
                     t.value(QStringLiteral("baseline")).toDouble());
    }
}

void TestCliInterventions::ablateBadInput() {
    const QStringList base = {QStringLiteral("ablate"), model("llama-s64-tied-F32.gguf"),
                              QStringLiteral("--prompt"), QStringLiteral("Hi"), QStringLiteral("--ablate")};
    expectOneLineError(runCli(base + QStringList{QStringLiteral("attn:2")}),
                       "attention 2: layer 2 is outside the model's layers 0…1");
    expectOneLineError(runCli(base + QStringList{QStringLiteral("head:0.7")}), "the model has heads 0…3");
    expectOneLineError(runCli(base + QStringList{QStringLiteral("expert:0.1")}), "the model has no experts");
}

void TestCliInterventions::patchJson() {
    const Result r = runCli({QStringLiteral("patch"), model("llama-s64-tied-F32.gguf"),
                             QStringLiteral("--clean"), QStringLiteral("The capital of France is"),
                             QStringLiteral("--corrupted"), QStringLiteral("The capital of Spain is"),
                             QStringLiteral("--answer-id"), QStringLiteral("3482"), QStringLiteral("--wrong"),
                             QStringLiteral("husband"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("wrong")).toInt(), 10216); // "▁husband"
    QCOMPARE(o.value(QStringLiteral("site")).toString(), QStringLiteral("residual"));
    QCOMPARE(o.value(QStringLiteral("layers")).toArray(), QJsonArray({0, 1}));
    QCOMPARE(o.value(QStringLiteral("positions")).toInt(), 6);
    const QJsonArray rows = o.value(QStringLiteral("recovered")).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].toArray().size(), 6);
    QVERIFY(std::abs(rows[1].toArray()[5].toDouble() - 1.0) < 1e-6); // the final residual is everything
    QVERIFY(std::abs(rows[0].toArray()[0].toDouble()) < 1e-6);       // the shared BOS changes nothing
    QVERIFY(o.value(QStringLiteral("clean_diff")).toDouble() !=
            o.value(QStringLiteral("corrupted_diff")).toDouble());
}

void TestCliInterventions::patchBadInput() {
    const QStringList base = {QStringLiteral("patch"),       model("llama-s64-tied-F32.gguf"),
                              QStringLiteral("--clean"),     QStringLiteral("The capital of France is"),
                              QStringLiteral("--answer-id"), QStringLiteral("3482"),
                              QStringLiteral("--wrong-id"),  QStringLiteral("15870"),
                              QStringLiteral("--corrupted")};
    expectOneLineError(
        runCli(base + QStringList{QStringLiteral("The capital city of Spain is")}),
        "the clean prompt has 6 tokens, the corrupted one 7; patching needs prompts of equal token length");
    expectOneLineError(runCli(base + QStringList{QStringLiteral("The capital of Spain is"),
                                                 QStringLiteral("--head"), QStringLiteral("9")}),
                       "head 9 is outside the model's heads 0…3");
    expectOneLineError(runCli(base + QStringList{QStringLiteral("The capital of Spain is"),
                                                 QStringLiteral("--layers"), QStringLiteral("3")}),
                       "outside the model's layers");
    expectOneLineError(runCli({QStringLiteral("patch"), model("llama-s64-tied-F32.gguf"),
                               QStringLiteral("--clean"), QStringLiteral("a"), QStringLiteral("--corrupted"),
                               QStringLiteral("b"), QStringLiteral("--answer"), QStringLiteral("The capital"),
                               QStringLiteral("--wrong-id"), QStringLiteral("1")}),
                       "--answer 'The capital' is 2 tokens");
}

QTEST_GUILESS_MAIN(TestCliInterventions)
#include "tst_cli_interventions.moc"
