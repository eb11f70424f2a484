// Activation patching: each cell of the sweep against a corrupted run patched from scratch,
// progress, cancellation, and the errors for prompts that cannot be compared.
#include "conformance.h"

#include "interp/activation_export.h"
#include "interp/patching.h"
#include "interp/scoped_hook.h"
#include "runtime/session.h"
#include "util/error.h"

#include <QTest>

#include <cmath>

using namespace realm;

namespace {
const std::vector<int32_t> kClean = {1, 450, 7483, 310, 3444, 338};      // The capital of France is
const std::vector<int32_t> kCorrupted = {1, 450, 7483, 310, 13616, 338}; // The capital of Spain is
constexpr int32_t kAnswer = 3482, kWrong = 15870;

// Replaces row `position` at one site and layer, the whole prompt being one call.
class PatchAt : public ForwardHook {
  public:
    PatchAt(HookSite site, int64_t layer, int64_t position, int64_t begin, std::vector<float> values)
        : site_(site), layer_(layer), position_(position), begin_(begin), values_(std::move(values)) {}
    bool wants(HookSite site, int64_t layer) const override { return site == site_ && layer == layer_; }
    void onActivation(const HookView& v) override {
        std::copy(values_.begin(), values_.end(), v.data + position_ * v.width + begin_);
    }

  private:
    HookSite site_;
    int64_t layer_, position_, begin_;
    std::vector<float> values_;
};

Session makeSession(const char* model) {
    SessionOptions o;
    o.kvType = KvType::F32;
    o.contextLength = 64;
    return Session(Model::load(realm::test::conformancePath(model).toStdString()), o);
}

double diffOf(const std::vector<float>& logits) {
    return double(logits[kAnswer]) - logits[kWrong];
}
} // namespace

class TestEnginePatching : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void cellsMatchPatchingFromScratch_data();
    void cellsMatchPatchingFromScratch();
    void progressAndCancel();
    void badInput();
};

void TestEnginePatching::cellsMatchPatchingFromScratch_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("head"); // -1: the residual stream
    QTest::addColumn<double>("tolerance");
    // Recomputing only the rows a patch changes runs other batch sizes (other kernels) than a
    // run from scratch: the conformance README's logits tolerances, F32 and quantized.
    QTest::newRow("F32 residual") << "models/llama-s64-tied-F32.gguf" << -1 << 1e-4;
    QTest::newRow("F32 head 2") << "models/llama-s64-tied-F32.gguf" << 2 << 1e-4;
    QTest::newRow("Q4_K_M residual") << "models/llama-s256-untied-Q4_K_M.gguf" << -1 << 0.5;
}

void TestEnginePatching::cellsMatchPatchingFromScratch() {
    QFETCH(QString, model);
    QFETCH(int, head);
    QFETCH(double, tolerance);
    REALM_NEED_CONFORMANCE(model.toUtf8().constData());
    Session session = makeSession(model.toUtf8().constData());
    const HParams& hp = session.hparams();
    const HookSite site = head < 0 ? HookSite::Residual : HookSite::AttnHeads;
    PatchSweepOptions o;
    o.site = site;
    o.head = head;
    const PatchSweep sweep = patchSweep(session, kClean, kCorrupted, kAnswer, kWrong, o);
    const int64_t n = static_cast<int64_t>(kClean.size());
    QCOMPARE(sweep.nLayers, hp.nLayer);
    QCOMPARE(sweep.nPositions, n);
    QVERIFY(!sweep.cancelled);
    session.clear();
    QCOMPARE(sweep.cleanDiff, diffOf(session.evaluate(kClean)));
    session.clear();
    QCOMPARE(sweep.corruptedDiff, diffOf(session.evaluate(kCorrupted)));

    const auto cleanSite = recordActivations(session, kClean, {site}, 0, hp.nLayer - 1);
    const int64_t begin = head < 0 ? 0 : head * hp.headDim, width = head < 0 ? hp.nEmbd : hp.headDim;
    const int64_t rowWidth = head < 0 ? hp.nEmbd : hp.qDim();
    double worst = 0;
    for (int64_t layer = 0; layer < hp.nLayer; ++layer)
        for (int64_t p = 0; p < n; ++p) {
            const float* src = cleanSite[static_cast<size_t>(layer)].values.data() + p * rowWidth + begin;
            PatchAt patch(site, layer, p, begin, std::vector<float>(src, src + width));
            session.clear();
            ScopedHook installed(session, patch);
            const double ld = diffOf(session.evaluate(kCorrupted));
            const size_t cell = static_cast<size_t>(layer * n + p);
            worst = std::max(worst, std::abs(sweep.logitDiff[cell] - ld));
            QVERIFY2(std::abs(sweep.logitDiff[cell] - ld) <= tolerance,
                     qPrintable(QStringLiteral("layer %1 position %2: %3 vs %4")
                                    .arg(layer)
                                    .arg(p)
                                    .arg(sweep.logitDiff[cell])
                                    .arg(ld)));
            QCOMPARE(sweep.recovered[cell],
                     (sweep.logitDiff[cell] - sweep.corruptedDiff) / (sweep.cleanDiff - sweep.corruptedDiff));
        }
    qInfo("worst |ΔLD| against patching from scratch: %.3g", worst);
    // Positions before the changed token see only identical prompts: nothing to recover there.
    for (int64_t layer = 0; layer < hp.nLayer; ++layer)
        for (int64_t p = 0; p < 4; ++p)
            QVERIFY(std::abs(sweep.recovered[static_cast<size_t>(layer * n + p)]) < 1e-3);
    // The residual of the last layer at the last position is all the logits see.
    if (head < 0) QVERIFY(std::abs(sweep.recovered.back() - 1.0) < 1e-3);
}

void TestEnginePatching::progressAndCancel() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session = makeSession("models/llama-s64-tied-F32.gguf");
    std::vector<double> seen;
    JobControl* self = nullptr;
    JobControl control([&](double fraction) {
        seen.push_back(fraction);
        if (seen.size() == 5) self->cancel();
    });
    self = &control;
    PatchSweepOptions o;
    const PatchSweep sweep = patchSweep(session, kClean, kCorrupted, kAnswer, kWrong, o, &control);
    QVERIFY(sweep.cancelled);
    QCOMPARE(seen, (std::vector<double>{1 / 12.0, 2 / 12.0, 3 / 12.0, 4 / 12.0, 5 / 12.0}));
    QCOMPARE(std::count_if(sweep.recovered.begin(), sweep.recovered.end(),
                           [](double v) { return !std::isnan(v); }),
             5);
    QCOMPARE(session.nPast(), int64_t(0));
    // One layer only.
    o.firstLayer = o.lastLayer = 1;
    const PatchSweep one = patchSweep(session, kClean, kCorrupted, kAnswer, kWrong, o);
    QCOMPARE(one.nLayers, int64_t(1));
    QCOMPARE(one.recovered.size(), size_t(6));
}

void TestEnginePatching::badInput() {
    REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    Session session = makeSession("models/llama-s64-tied-F32.gguf");
    const auto message = [&](const std::vector<int32_t>& corrupted, int32_t answer, PatchSweepOptions o) {
        try {
            patchSweep(session, kClean, corrupted, answer, kWrong, o);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    std::vector<int32_t> longer = kCorrupted;
    longer.push_back(338);
    QCOMPARE(message(longer, kAnswer, {}), std::string("the clean prompt has 6 tokens, the corrupted one 7; "
                                                       "patching needs prompts of equal token length"));
    QCOMPARE(
        message(kClean, kAnswer, {}),
        std::string(
            "the clean and corrupted prompts give the same logit difference; there is nothing to recover"));
    QCOMPARE(message(kCorrupted, 32000, {}),
             std::string("answer token 32000 is outside the vocabulary (32000 tokens)"));
    PatchSweepOptions heads;
    heads.site = HookSite::AttnHeads;
    heads.head = 4;
    QCOMPARE(message(kCorrupted, kAnswer, heads), std::string("head 4 is outside the model's heads 0…3"));
    PatchSweepOptions layers;
    layers.lastLayer = 2;
    QCOMPARE(message(kCorrupted, kAnswer, layers),
             std::string("layers 0…2 are outside the model's layers 0…1"));
}

QTEST_GUILESS_MAIN(TestEnginePatching)
#include "tst_engine_patching.moc"
