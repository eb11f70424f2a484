// The tensor inspector's Quantize tab against the core's own quantize → dequantize round trip
// computed here: RMSE, max abs error and the histogram's count, for an F16 source (K-quants)
// and an already quantized one (the demo model's Q8_0, requantized, said so in the tab).
#include "conformance.h"
#include "document/imatrix_store.h"
#include "document/model_session.h"
#include "pages/quantize_preview.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "text/format.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"
#include "gguf/gguf_writer.h"
#include "quant/quantize.h"
#include "quantlab/imatrix.h"

#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numeric>
#include <random>

using namespace realm::ui;

namespace {
struct RoundTrip {
    double rmse = 0, maxAbs = 0, weightedRmse = 0;
};

// What quantizing every row to `to` and reading it back does, computed directly with the core's
// quantizer and dequantizer; with `importance` (one matrix), weighed by it as quantize --imatrix
// does when `weighed`, and the importance-weighted RMSE.
RoundTrip roundTrip(const QString& path, const char* tensor, realm::GgmlType to,
                    const std::vector<float>& importance = {}, bool weighed = false) {
    const auto file = realm::GgufFile::open(path.toStdString());
    const realm::GgufTensorInfo& t = *file->findTensor(tensor);
    std::vector<float> x(size_t(t.elements())), back(x.size());
    realm::dequantizeRows(t.type, t.data, x.data(), t.rowLength(), t.rows());
    std::vector<uint8_t> packed(size_t(realm::rowBytes(to, t.rowLength()) * t.rows()));
    if (weighed)
        realm::quantizeRowsWeighted(to, x.data(), packed.data(), t.rowLength(), t.rows(), importance.data());
    else
        realm::quantizeRows(to, x.data(), packed.data(), t.rowLength(), t.rows());
    realm::dequantizeRows(to, packed.data(), back.data(), t.rowLength(), t.rows());
    RoundTrip r;
    double sumSq = 0, weightedSq = 0, weights = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        const double e = double(back[i]) - x[i];
        sumSq += e * e;
        r.maxAbs = std::max(r.maxAbs, std::abs(e));
        if (importance.empty()) continue;
        const double w = importance[i % size_t(t.rowLength())];
        weightedSq += w * e * e;
        weights += w;
    }
    r.rmse = std::sqrt(sumSq / double(x.size()));
    if (weights > 0) r.weightedRmse = std::sqrt(weightedSq / weights);
    return r;
}
} // namespace

class TestQuantizePreview : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString f16File_;

    // The inspector of `file` with `tensor` selected and the Quantize tab shown.
    static QuantizePreview* openPreview(MainWindow& w, const QString& file, const QString& tensor) {
        w.openFile(file);
        if (!QTest::qWaitFor([&] { return w.session() && w.session()->isLoaded(); }, 20000)) return nullptr;
        w.showPage(QStringLiteral("tensors"));
        TensorsPage* page = w.page<TensorsPage>();
        for (const TensorEntry& t : w.session()->summary().tensors)
            if (t.name == tensor) page->selectTensor(t.index);
        TensorInspector* inspector = page->inspector();
        inspector->tabs()->setCurrentWidget(inspector->quantizePreview());
        return inspector->quantizePreview();
    }
    static bool previewAs(QuantizePreview* preview, const QString& type) {
        QSignalSpy shown(preview, &QuantizePreview::previewShown);
        if (preview->targetType() != type && !preview->setTargetType(type)) return false;
        return (shown.count() > 0 || shown.wait(30000)) &&
               preview->result().to == realm::typeFromName(type.toStdString());
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_quantize_preview"));
        // An F16 matrix whose rows split into 256-value K-quant blocks.
        std::mt19937 rng(7);
        std::normal_distribution<float> normal(0.f, 0.02f);
        std::vector<float> values(512 * 24);
        for (float& v : values)
            v = normal(rng);
        std::vector<uint8_t> f16(size_t(realm::rowBytes(realm::GgmlType::F16, 512) * 24));
        realm::quantizeRows(realm::GgmlType::F16, values.data(), f16.data(), 512, 24);
        realm::GgufWriter w;
        w.addString("general.architecture", "llama");
        w.addTensor("blk.0.ffn_down.weight", realm::GgmlType::F16, {512, 24}, std::move(f16));
        f16File_ = dir_.filePath(QStringLiteral("f16.gguf"));
        w.write(f16File_.toStdString());
    }

    // F16 → Q4_K and Q6_K: the tab's figures are the round trip's, to the last bit.
    void f16ToKQuants() {
        MainWindow w;
        QuantizePreview* preview = openPreview(w, f16File_, QStringLiteral("blk.0.ffn_down.weight"));
        QVERIFY(preview);
        for (const char* type : {"Q4_K", "Q6_K", "Q5_0"}) {
            QVERIFY2(previewAs(preview, QLatin1String(type)), type);
            const realm::QuantizationError& r = preview->result();
            const RoundTrip expected =
                roundTrip(f16File_, "blk.0.ffn_down.weight", *realm::typeFromName(type));
            QCOMPARE(r.from, realm::GgmlType::F16);
            QVERIFY(!r.requantized);
            QCOMPARE(r.elements, 512 * 24);
            QCOMPARE(r.rmse, expected.rmse);
            QCOMPARE(r.maxAbsError, expected.maxAbs);
            QVERIFY(r.rmse > 0);
            QCOMPARE(std::accumulate(r.histogram.begin(), r.histogram.end(), uint64_t(0)),
                     uint64_t(512 * 24));
            QVERIFY2(preview->figuresText().contains(QStringLiteral("RMSE ") + formatValue(expected.rmse)),
                     qPrintable(preview->figuresText()));
            QVERIFY(preview->noteText().isEmpty());
        }
    }

    // The demo model's Q8_0 rows of 128 values: K-quants are not offered, Q4_0 is computed from
    // the dequantized Q8_0 values and the tab says so.
    void quantizedSourceIsRequantized() {
        MainWindow w;
        const QString demo = QStringLiteral(REALM_SOURCE_DIR "/resources/demo.gguf");
        QuantizePreview* preview = openPreview(w, demo, QStringLiteral("blk.0.ffn_gate.weight"));
        QVERIFY(preview);
        QVERIFY(!preview->setTargetType(QStringLiteral("Q4_K")));
        QVERIFY(previewAs(preview, QStringLiteral("Q4_0")));
        const realm::QuantizationError& r = preview->result();
        const RoundTrip expected = roundTrip(demo, "blk.0.ffn_gate.weight", realm::GgmlType::Q4_0);
        QCOMPARE(r.from, realm::GgmlType::Q8_0);
        QVERIFY(r.requantized);
        QCOMPARE(r.rmse, expected.rmse);
        QCOMPARE(r.maxAbsError, expected.maxAbs);
        QVERIFY2(preview->noteText().contains(QStringLiteral("already quantized")),
                 qPrintable(preview->noteText()));
    }

    // With llama-imatrix's matrix of the F32 fixture open: the error weighted by its entry, and
    // Q4_0 quantized with it as quantize --imatrix does, which lowers that weighted error.
    void withImportanceMatrix() {
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
        const QString model = realm::test::conformancePath("models/llama-s64-tied-F32.gguf");
        const QString matrixFile =
            QStringLiteral(REALM_SOURCE_DIR "/tests/data/imatrix/llama-s64-tied-F32.imatrix.gguf");
        const char* tensor = "blk.1.ffn_down.weight";
        MainWindow w;
        w.imatrixStore()->open(matrixFile);
        QVERIFY(QTest::qWaitFor([&] { return w.imatrixStore()->current() != nullptr; }, 10000));
        QuantizePreview* preview = openPreview(w, model, QLatin1String(tensor));
        QVERIFY(preview);
        QVERIFY(preview->canQuantizeWithImportance());
        const realm::Imatrix m = realm::readImatrix(matrixFile.toStdString());
        const std::vector<float> importance = m.find(tensor)->importance(m.legacy);

        QSignalSpy shown(preview, &QuantizePreview::previewShown);
        preview->setQuantizeWithImportance(false);
        QVERIFY(previewAs(preview, QStringLiteral("Q4_0")));
        if (preview->result().weighted) QVERIFY(shown.wait(30000));
        const realm::QuantizationError plain = preview->result();
        const RoundTrip plainExpected = roundTrip(model, tensor, realm::GgmlType::Q4_0, importance, false);
        QVERIFY(!plain.weighted);
        QCOMPARE(plain.rmse, plainExpected.rmse);
        QCOMPARE(plain.weightedRmse, plainExpected.weightedRmse);

        shown.clear();
        preview->setQuantizeWithImportance(true);
        QVERIFY(shown.wait(30000));
        const realm::QuantizationError weighed = preview->result();
        const RoundTrip weighedExpected = roundTrip(model, tensor, realm::GgmlType::Q4_0, importance, true);
        QVERIFY(weighed.weighted);
        QCOMPARE(weighed.rmse, weighedExpected.rmse);
        QCOMPARE(weighed.maxAbsError, weighedExpected.maxAbs);
        QCOMPARE(weighed.weightedRmse, weighedExpected.weightedRmse);
        QVERIFY2(weighed.weightedRmse < plain.weightedRmse,
                 qPrintable(QStringLiteral("%1 vs %2").arg(weighed.weightedRmse).arg(plain.weightedRmse)));
        QVERIFY2(
            preview->figuresText().contains(QStringLiteral("quantized with llama-s64-tied-F32.imatrix.gguf")),
            qPrintable(preview->figuresText()));
    }
};

QTEST_MAIN(TestQuantizePreview)
#include "tst_ui_quantize_preview.moc"
