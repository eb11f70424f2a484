// Control vectors as llama.cpp makes and applies them (tests/data/steering, see its README):
// loading llama-cvector-generator's file, steering against llama.cpp's residual, logits and greedy
// text with --control-vector-scaled, making one from prompt pairs, and writing the same bytes.
#include "conformance.h"
#include "eval_callback_trace.h"

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "interp/activation_export.h"
#include "interp/control_vector_maker.h"
#include "interp/scoped_hook.h"
#include "runtime/session.h"
#include "tokenizer/tokenizer.h"
#include "util/error.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace realm;

namespace {
const std::vector<int32_t> kPrompt = {1, 450, 7483, 310, 3444, 338}; // "The capital of France is"

QString steeringData(const QString& name) {
    return QStringLiteral(REALM_SOURCE_DIR "/tests/data/steering/") + name;
}

std::shared_ptr<const Model> fixture(const QString& model) {
    return Model::load(realm::test::conformancePath(
                           (QStringLiteral("models/") + model + QStringLiteral(".gguf")).toUtf8().constData())
                           .toStdString());
}

Session f32Session(std::shared_ptr<const Model> model) {
    SessionOptions o;
    o.kvType = KvType::F32;
    o.contextLength = 64;
    return Session(std::move(model), o);
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

std::vector<std::string> lines(const QString& path) {
    std::vector<std::string> out;
    std::ifstream in(path.toStdString());
    for (std::string l; std::getline(in, l);)
        if (!l.empty()) out.push_back(l);
    return out;
}
} // namespace

class TestEngineSteering : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void loadsLlamaCppFile();
    void steersLikeLlamaCpp_data();
    void steersLikeLlamaCpp();
    void greedyLikeLlamaCpp();
    void layerRangeAndStrength();
    void makesWhatLlamaCppMakes_data();
    void makesWhatLlamaCppMakes();
    void writesLlamaCppBytes();
    void badVectors();
};

void TestEngineSteering::loadsLlamaCppFile() {
    const ControlVector cv =
        ControlVector::load(steeringData(QStringLiteral("llama-s64-tied-F32.cvector.gguf")).toStdString());
    QCOMPARE(cv.nEmbd, int64_t(64));
    QCOMPARE(cv.modelHint, std::string("llama"));
    QVERIFY(!cv.direction(0));
    QVERIFY(!cv.direction(2));
    QVERIFY(cv.direction(1));
    double norm = 0;
    for (float v : *cv.direction(1))
        norm += double(v) * v;
    QVERIFY(std::abs(std::sqrt(norm) - 1.0) < 1e-6);              // the mean method writes unit vectors
    QVERIFY(std::abs((*cv.direction(1))[0] - 0.011098f) < 1e-6f); // what llama-cvector-generator printed
}

void TestEngineSteering::steersLikeLlamaCpp_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("tolerance");
    // The conformance README's logits tolerances (F32 file / quantized file).
    QTest::newRow("F32") << "llama-s64-tied-F32" << 1e-4;
    QTest::newRow("Q4_K_M") << "llama-s256-untied-Q4_K_M" << 0.5;
}

// Residual after each layer and the logits with --control-vector-scaled FILE:4.
void TestEngineSteering::steersLikeLlamaCpp() {
    QFETCH(QString, model);
    QFETCH(double, tolerance);
    REALM_NEED_CONFORMANCE(
        (QStringLiteral("models/") + model + QStringLiteral(".gguf")).toUtf8().constData());
    Session session = f32Session(fixture(model));
    const int64_t nLayer = session.hparams().nLayer;
    Steering steering(
        ControlVector::load(steeringData(model + QStringLiteral(".cvector.gguf")).toStdString()), 4.0f, 0,
        nLayer - 1, session.hparams().nEmbd);
    ScopedHook installed(session, steering);
    std::vector<std::vector<float>> residual;
    for (const RecordedActivation& r :
         recordActivations(session, kPrompt, {HookSite::Residual}, 0, nLayer - 1))
        residual.push_back(r.values);
    session.clear();
    const std::vector<float> logits = session.evaluate(kPrompt);
    const auto c =
        realm::test::compareWithTrace(steeringData(model + QStringLiteral(".cvector4.l_out.json")), residual,
                                      logits, static_cast<int64_t>(kPrompt.size()), tolerance);
    QVERIFY2(c.failure.isEmpty(), qPrintable(c.failure));
    qInfo("%s: %d values, worst |difference| %.3g", qPrintable(model), c.compared, c.worst);
}

void TestEngineSteering::greedyLikeLlamaCpp() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    const QJsonObject ref = QJsonDocument::fromJson(fileBytes(steeringData(QStringLiteral("greedy.json"))))
                                .object()
                                .value(QStringLiteral("llama-s64-tied-F32"))
                                .toObject();
    QVERIFY(!ref.isEmpty());
    auto model = fixture(QStringLiteral("llama-s64-tied-F32"));
    const auto tokenizer = Tokenizer::fromGguf(model->file());
    Session session = f32Session(model);
    Steering steering(
        ControlVector::load(steeringData(QStringLiteral("llama-s64-tied-F32.cvector.gguf")).toStdString()),
        static_cast<float>(ref.value(QStringLiteral("strength")).toDouble()), 0, 1, 64);
    ScopedHook installed(session, steering);
    std::vector<float> logits = session.evaluate(kPrompt);
    std::string text;
    for (int i = 0; i < ref.value(QStringLiteral("n")).toInt(); ++i) {
        const int32_t id =
            static_cast<int32_t>(std::max_element(logits.begin(), logits.end()) - logits.begin());
        text += tokenizer->tokenToPiece(id, true);
        logits = session.evaluate(std::vector<int32_t>{id});
    }
    QCOMPARE(QString::fromStdString(text), ref.value(QStringLiteral("text")).toString());
}

// Outside the layer range, or at strength 0, nothing changes; layer 0 is never steered.
void TestEngineSteering::layerRangeAndStrength() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session = f32Session(fixture(QStringLiteral("llama-s64-tied-F32")));
    const std::vector<float> plain = session.evaluate(kPrompt);
    const ControlVector cv =
        ControlVector::load(steeringData(QStringLiteral("llama-s64-tied-F32.cvector.gguf")).toStdString());
    for (const auto& [strength, first, last, changes] :
         {std::tuple{4.0f, 0, 0, false}, std::tuple{0.0f, 0, 1, false}, std::tuple{4.0f, 1, 1, true}}) {
        Steering steering(cv, strength, first, last, 64);
        ScopedHook installed(session, steering);
        session.clear();
        QCOMPARE(session.evaluate(kPrompt) != plain, changes);
    }
}

void TestEngineSteering::makesWhatLlamaCppMakes_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("tolerance");
    // Unit vectors; observed 1.0e-7 on both files (llama.cpp with an F32 KV cache).
    QTest::newRow("F32") << "llama-s64-tied-F32" << 1e-5;
    QTest::newRow("Q4_K_M") << "llama-s256-untied-Q4_K_M" << 1e-2;
}

void TestEngineSteering::makesWhatLlamaCppMakes() {
    QFETCH(QString, model);
    QFETCH(double, tolerance);
    REALM_NEED_CONFORMANCE(
        (QStringLiteral("models/") + model + QStringLiteral(".gguf")).toUtf8().constData());
    auto m = fixture(model);
    const auto tokenizer = Tokenizer::fromGguf(m->file());
    const auto positive = lines(steeringData(QStringLiteral("positive.txt")));
    const auto negative = lines(steeringData(QStringLiteral("negative.txt")));
    QCOMPARE(positive.size(), size_t(3));
    std::vector<PromptPair> pairs;
    for (size_t i = 0; i < positive.size(); ++i)
        pairs.push_back(
            {tokenizer->tokenize(positive[i], true, true), tokenizer->tokenize(negative[i], true, true)});
    QVERIFY(pairs[0].positive.size() != pairs[0].negative.size()); // padding is exercised
    Session session = f32Session(m);
    const ControlVector ours =
        makeControlVector(session, pairs, tokenizer->tokenize(" ", false, false).back());
    const ControlVector theirs =
        ControlVector::load(steeringData(model + QStringLiteral(".cvector.gguf")).toStdString());
    QCOMPARE(ours.directions.size(), theirs.directions.size());
    QCOMPARE(ours.modelHint, theirs.modelHint);
    double worst = 0;
    for (size_t i = 0; i < ours.directions[1].size(); ++i)
        worst = std::max(worst, double(std::abs(ours.directions[1][i] - theirs.directions[1][i])));
    QVERIFY2(worst <= tolerance, qPrintable(QString::number(worst)));
    qInfo("%s: worst |difference| %.3g", qPrintable(model), worst);
}

// Loading llama.cpp's file and saving it gives llama.cpp's bytes.
void TestEngineSteering::writesLlamaCppBytes() {
    QTemporaryDir dir;
    for (const char* name : {"llama-s64-tied-F32.cvector.gguf", "llama-s256-untied-Q4_K_M.cvector.gguf"}) {
        const QString theirs = steeringData(QString::fromUtf8(name));
        const QString ours = dir.filePath(QString::fromUtf8(name));
        ControlVector::load(theirs.toStdString()).save(ours.toStdString());
        QCOMPARE(fileBytes(ours), fileBytes(theirs));
        const auto file = GgufFile::open(ours.toStdString());
        QCOMPARE(file->architecture(), std::string("controlvector"));
        QCOMPARE(file->getInt("controlvector.layer_count", 0), int64_t(1));
        QCOMPARE(file->tensors().size(), size_t(1));
        QCOMPARE(file->tensors()[0].name, std::string("direction.1"));
    }
}

void TestEngineSteering::badVectors() {
    QTemporaryDir dir;
    const auto write = [&](const char* name, const char* tensor, GgmlType type, std::vector<int64_t> ne) {
        GgufWriter w;
        w.addString("general.architecture", "controlvector");
        if (tensor) {
            int64_t count = 1;
            for (int64_t d : ne)
                count *= d;
            std::vector<uint8_t> bytes(static_cast<size_t>(count * (type == GgmlType::F32 ? 4 : 2)));
            w.addTensor(tensor, type, ne, std::move(bytes));
        }
        const std::string path = dir.filePath(QString::fromUtf8(name)).toStdString();
        w.write(path);
        return path;
    };
    const auto expectError = [](const std::string& path, const char* what) {
        try {
            ControlVector::load(path);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(what) != std::string::npos, e.what());
        }
    };
    expectError(write("none.gguf", nullptr, GgmlType::F32, {}), "no direction.<layer> tensors");
    expectError(write("zero.gguf", "direction.0", GgmlType::F32, {64}), "layer 0");
    expectError(write("name.gguf", "direction.x", GgmlType::F32, {64}), "direction.<layer>");
    expectError(write("f16.gguf", "direction.1", GgmlType::F16, {64}), "not F32");
    expectError(write("2d.gguf", "direction.1", GgmlType::F32, {64, 2}), "one-dimensional");
    const ControlVector wide = ControlVector::load(
        steeringData(QStringLiteral("llama-s256-untied-Q4_K_M.cvector.gguf")).toStdString());
    try {
        Steering(wide, 1.0f, 0, 1, 64);
        QFAIL("no error");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("the control vector is 256 wide, the model's n_embd is 64"));
    }
}

QTEST_GUILESS_MAIN(TestEngineSteering)
#include "tst_engine_steering.moc"
