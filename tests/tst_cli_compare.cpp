// realm-cli compare: figures that follow from the formats (a file against itself, F16 and Q8_0
// rounding bounds), per-row RMSE in the core, and the first mismatch named for files that differ.
#include "cli_run.h"
#include "conformance.h"

#include "gguf/tensor_stats.h"
#include "quantlab/tensor_compare.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using realm::test::runCli;

namespace {
QString model(const char* name) {
    return realm::test::conformancePath("models/") + QString::fromUtf8(name) + QStringLiteral(".gguf");
}

QJsonArray compareJson(const char* a, const char* b) {
    const auto r = runCli({QStringLiteral("compare"), model(a), model(b), QStringLiteral("--json")});
    if (r.exitCode != 0) qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("tensors")).toArray();
}

double field(const QJsonValue& tensor, const char* key) {
    return tensor.toObject().value(QString::fromUtf8(key)).toDouble();
}
} // namespace

class TestCliCompare : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void init() { REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf"); }
    void fileAgainstItself();
    void roundingBounds();
    void rowRmseAndCancel();
    void firstMismatchNamed();
};

void TestCliCompare::fileAgainstItself() {
    const QJsonArray tensors = compareJson("llama-s64-tied-Q4_0", "llama-s64-tied-Q4_0");
    QCOMPARE(tensors.size(), 20);
    for (const QJsonValue& t : tensors) {
        QCOMPARE(field(t, "rmse"), 0.0);
        QCOMPARE(field(t, "max_abs_error"), 0.0);
        QVERIFY(std::abs(field(t, "cosine") - 1) < 1e-12);
    }
}

// F16 keeps 11 significant bits (error ≤ 2^-11 |x|); Q8_0 rounds each value to the nearest of
// 255 steps d = amax/127 of its block (error ≤ d/2) and stores d as F16 (up to 127 steps off by
// 2^-11 d each): error ≤ 0.5625 d.
void TestCliCompare::roundingBounds() {
    const auto f32 = realm::GgufFile::open(model("llama-s64-tied-F32").toStdString());
    const QJsonArray f16 = compareJson("llama-s64-tied-F32", "llama-s64-tied-F16");
    const QJsonArray q8 = compareJson("llama-s64-tied-F32", "llama-s64-tied-Q8_0");
    QCOMPARE(f16.size(), 20);
    QCOMPARE(q8.size(), 20);
    for (int i = 0; i < q8.size(); ++i) {
        const QJsonObject t = q8[i].toObject();
        const std::string name = t.value(QStringLiteral("name")).toString().toStdString();
        const double absMax = realm::computeTensorStats(*f32->findTensor(name)).absMax;
        QVERIFY(field(f16[i], "max_abs_error") <= absMax / 2048);
        if (t.value(QStringLiteral("type_b")).toString() != QStringLiteral("Q8_0")) {
            QCOMPARE(field(t, "rmse"), 0.0); // the norms stay F32
            continue;
        }
        QCOMPARE(t.value(QStringLiteral("type_a")).toString(), QStringLiteral("F32"));
        QVERIFY2(field(t, "max_abs_error") <= absMax / 127 * 0.5625, name.c_str());
        QVERIFY(field(t, "rmse") > 0);
        QVERIFY(field(t, "cosine") > 0.9999 && field(t, "cosine") < 1);
        QVERIFY(field(t, "relative_error") > 0 && field(t, "relative_error") < 0.01);
    }
}

void TestCliCompare::rowRmseAndCancel() {
    const auto a = realm::GgufFile::open(model("llama-s64-tied-F32").toStdString());
    const auto b = realm::GgufFile::open(model("llama-s64-tied-Q4_0").toStdString());
    const realm::GgufTensorInfo& ta = *a->findTensor("token_embd.weight");
    std::vector<float> rows;
    const realm::TensorDifference d = realm::compareTensors(ta, *b->findTensor("token_embd.weight"), &rows);
    QCOMPARE(rows.size(), size_t(32000));
    double sum = 0;
    for (float r : rows)
        sum += double(r) * r;
    QVERIFY(std::abs(std::sqrt(sum / 32000) - d.rmse) < 1e-6 * d.rmse);

    realm::JobControl control;
    control.cancel();
    const realm::FileComparison c = realm::compareFiles(*a, *b, &control);
    QVERIFY(c.cancelled);
    QVERIFY(c.tensors.empty());
}

void TestCliCompare::firstMismatchNamed() {
    REALM_NEED_CONFORMANCE("models/qwen3-s64-tied-Q8_0.gguf");
    const auto run = [](const char* a, const char* b) {
        return runCli({QStringLiteral("compare"), model(a), model(b)});
    };
    REALM_EXPECT_ONE_LINE_ERROR(run("llama-s64-tied-F32", "qwen3-s64-tied-Q8_0"),
                                "different architectures: ");
    REALM_EXPECT_ONE_LINE_ERROR(run("llama-s64-tied-F32", "llama-s256-tied-Q2_K"),
                                "tensor token_embd.weight has shape [64, 32000] in ");
    REALM_EXPECT_ONE_LINE_ERROR(run("llama-s256-untied-Q4_K_M", "llama-s256-tied-Q2_K"),
                                "tensor output.weight of ");
    REALM_EXPECT_ONE_LINE_ERROR(run("llama-s256-tied-Q2_K", "llama-s256-untied-Q4_K_M"),
                                "tensor output.weight of ");
}

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
