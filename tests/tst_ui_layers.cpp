// The Layers, Logits and Tokenizer pages against the engine and realm-cli: stepping every layer
// fills the logit-lens grid and ends on the same top token as `realm-cli logits`; the logits
// page's bars are the top of the logits; the tokenizer page shows Tokenizer::tokenize's ids.
#include "conformance.h"
#include "jobs/layer_stepper.h"
#include "jobs/logit_distribution.h"
#include "models/logit_lens_model.h"
#include "models/token_list_model.h"
#include "models/top_tokens_model.h"
#include "pages/layers_page.h"
#include "pages/logits_page.h"
#include "pages/tokenizer_page.h"
#include "widgets/heatmap_widget.h"
#include "window/main_window.h"

#include "gguf/gguf_file.h"
#include "tokenizer/tokenizer.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace realm::ui;

class TestLayers : public QObject {
    Q_OBJECT
  private:
    static QString model() { return QStringLiteral(REALM_CONFORMANCE_DIR "/models/llama-s64-tied-F32.gguf"); }
    const QString prompt = QStringLiteral("The capital of France is");

    // Opens the model and waits until the layers page has tokenized `text`.
    bool openAndTokenize(MainWindow& w, const QString& text) {
        w.openFile(model());
        if (!QTest::qWaitFor(
                [&] {
                    return w.layerStepper() && (w.layerStepper()->isReady() || w.layerStepper()->hasFailed());
                },
                20000))
            return false;
        if (!w.layerStepper()->isReady()) return false;
        w.page<LayersPage>()->setPrompt(text);
        return QTest::qWaitFor(
            [&] {
                return w.page<LayersPage>()->tokens().text == text && w.page<LayersPage>()->stageCount() > 0;
            },
            10000);
    }

    int cliTop1(const QString& text) {
        QProcess p;
        p.start(QStringLiteral(REALM_BIN_DIR "/realm-cli"),
                {QStringLiteral("logits"), model(), QStringLiteral("--prompt"), text, QStringLiteral("--top"),
                 QStringLiteral("1"), QStringLiteral("--json")});
        if (!p.waitForFinished(60000) || p.exitCode() != 0) return -1;
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        return o.value(QStringLiteral("top"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("id"))
            .toInt(-1);
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_layers"));
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    }

    void runToEndMatchesCli() {
        if (!QFile::exists(QStringLiteral(REALM_BIN_DIR "/realm-cli")))
            QSKIP("realm-cli not built in this build tree");
        const int ref = cliTop1(prompt);
        QVERIFY(ref >= 0);

        MainWindow w;
        w.show();
        QAbstractItemModelTester lensTester(w.page<LayersPage>()->lensModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester topTester(w.page<LogitsPage>()->topModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(openAndTokenize(w, prompt));
        LayersPage* page = w.page<LayersPage>();
        const int layers = w.layerStepper()->shape().layers;
        QCOMPARE(page->stageCount(), layers + 2);
        QVERIFY(!page->lensModel()->isFull());

        QSignalSpy finished(page, &LayersPage::finished);
        page->runToEnd();
        QVERIFY(QTest::qWaitFor([&] { return page->isFinished(); }, 20000));
        QVERIFY(page->lastError().isEmpty());
        QCOMPARE(finished.count(), 1);
        LogitLensModel* lens = page->lensModel();
        QVERIFY(lens->isFull());
        QCOMPARE(lens->rowCount(), layers + 1);
        const int positions = int(page->tokens().ids.size());
        QCOMPARE(lens->columnCount(), positions);
        for (int r = 0; r < lens->rowCount(); ++r)
            for (int c = 0; c < positions; ++c) {
                QVERIFY(lens->probability(r, c) > 0 && lens->probability(r, c) <= 1.0f);
                QVERIFY(!lens->data(lens->index(r, c)).toString().isEmpty());
            }
        // The last layer's lens at the last position is the model's prediction.
        QCOMPARE(lens->tokenId(layers, positions - 1), ref);
        const QVector<float> logits = finished.at(0).at(0).value<QVector<float>>();
        QCOMPARE(int(logits.size()), w.layerStepper()->shape().vocab);
        QCOMPARE(int(std::max_element(logits.begin(), logits.end()) - logits.begin()), ref);

        // Heatmaps and the norm chart show the last stage.
        QCOMPARE(page->hiddenHeatmap()->gridHeight(), positions);
        QCOMPARE(page->attentionHeatmap()->gridWidth(), positions);
        QCOMPARE(page->attentionHeatmap()->gridHeight(), positions);

        // Logits page: with no truncation the bars are the top of the logits with softmax probabilities.
        LogitsPage* lp = w.page<LogitsPage>();
        const auto sampling = [](float temperature, int topK, float topP, float minP) {
            realm::SamplerSettings s;
            s.temperature = temperature;
            s.topK = topK;
            s.topP = topP;
            s.minP = minP;
            return s;
        };
        // Ranking and shaping run as a job: each setting is checked once its result is shown.
        const auto shapeWith = [&](const realm::SamplerSettings& s) {
            lp->setSampling(s);
            return QTest::qWaitFor([&] { return !lp->isShaping(); }, 20000);
        };
        QVERIFY(shapeWith(sampling(1, 0, 1, 0)));
        QVector<int> order(logits.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
        const double mx = logits[order[0]];
        double z = 0;
        for (float l : logits)
            z += std::exp(double(l) - mx);
        QCOMPARE(lp->barIds().size(), qsizetype(LogitsPage::MaxBars));
        for (int i = 0; i < LogitsPage::MaxBars; ++i) {
            QCOMPARE(lp->barIds()[i], order[i]);
            QVERIFY(std::fabs(lp->barProbabilities()[i] - std::exp(double(logits[order[i]]) - mx) / z) <
                    1e-9);
        }
        QCOMPARE(lp->topModel()->rowCount(), LogitsPage::MaxBars);
        QCOMPARE(lp->topModel()->data(lp->topModel()->index(0, TopTokensModel::Id)).toInt(), ref);
        double h = 0;
        for (float l : logits) {
            const double p = std::exp(double(l) - mx) / z;
            if (p > 0) h -= p * std::log2(p);
        }
        QVERIFY(std::fabs(lp->entropyBits() - h) < 1e-6);
        // Top-k 5 keeps five; greedy keeps one with p = 1; a small top-p keeps fewer.
        QVERIFY(shapeWith(sampling(1, 5, 1, 0)));
        QCOMPARE(lp->barIds().size(), 5);
        double sum = 0;
        for (double p : lp->barProbabilities())
            sum += p;
        QVERIFY(std::fabs(sum - 1.0) < 1e-9);
        QVERIFY(shapeWith(sampling(0, 5, 1, 0)));
        QCOMPARE(lp->barIds(), QVector<int>{ref});
        QCOMPARE(lp->entropyBits(), 0.0);
        QVERIFY(shapeWith(sampling(1, 0, 0.05f, 0)));
        QVERIFY(lp->shaped().ids.size() < logits.size());
        QVERIFY(lp->shaped().ids.size() >= 1);
        // Min-p keeps the tokens at least that fraction as likely as the best, as the sampler does.
        QVERIFY(shapeWith(sampling(1, 0, 1, 0.5f)));
        const double best = std::exp(double(logits[order[0]]) - mx) / z;
        int atLeastHalf = 0;
        for (float l : logits)
            atLeastHalf += std::exp(double(l) - mx) / z >= 0.5 * best;
        QCOMPARE(int(lp->shaped().ids.size()), atLeastHalf);
        QCOMPARE(lp->shaped().kept[1], qsizetype(logits.size())); // top-k off
    }

    // The Logits page needs no other page: its own prompt runs in the background, with progress
    // over the stages, and ends on realm-cli's top token; the Layers page shows the same run.
    void logitsPageRunsItsOwnPrompt() {
        if (!QFile::exists(QStringLiteral(REALM_BIN_DIR "/realm-cli")))
            QSKIP("realm-cli not built in this build tree");
        const QString text = QStringLiteral("Paris is the capital of");
        const int ref = cliTop1(text);
        QVERIFY(ref >= 0);
        MainWindow w;
        w.show();
        w.openFile(model());
        QVERIFY(QTest::qWaitFor([&] { return w.layerStepper() && w.layerStepper()->isReady(); }, 20000));
        LogitsPage* lp = w.page<LogitsPage>();
        QVERIFY(lp->distribution().vocabSize() == 0);
        lp->promptEdit()->setText(text);
        QSignalSpy progress(lp->progressBar(), &QProgressBar::valueChanged);
        QTest::keyClick(lp->promptEdit(), Qt::Key_Return);
        QVERIFY(lp->progressBar()->isVisibleTo(lp));
        QVERIFY(
            QTest::qWaitFor([&] { return lp->distribution().vocabSize() > 0 && !lp->isShaping(); }, 20000));
        QVERIFY(!lp->progressBar()->isVisibleTo(lp));
        QVERIFY(progress.count() >= 2); // one value per stage as it completes
        QCOMPARE(lp->barIds().value(0, -1), ref);
        QCOMPARE(w.page<LayersPage>()->prompt(), text);
        QVERIFY(w.page<LayersPage>()->isFinished());

        // A run started on the Layers page brings its prompt into the Logits page's box.
        w.page<LayersPage>()->runPromptToEnd(prompt);
        QVERIFY(QTest::qWaitFor(
            [&] { return lp->promptEdit()->text() == prompt && !lp->isShaping() && !lp->barIds().isEmpty(); },
            20000));
        QCOMPARE(lp->barIds().value(0, -1), cliTop1(prompt));
    }

    void stepOneAtATimeAndReset() {
        MainWindow w;
        w.show();
        QVERIFY(openAndTokenize(w, prompt));
        LayersPage* page = w.page<LayersPage>();
        QSignalSpy stages(page, &LayersPage::stageDone);
        page->step();
        QVERIFY(stages.wait(10000));
        QCOMPARE(page->completedStages(), 1);
        QCOMPARE(page->lensModel()->filledRows(), 1);
        page->step();
        QVERIFY(stages.wait(10000));
        QCOMPARE(page->completedStages(), 2);
        QCOMPARE(page->lensModel()->filledRows(), 2);
        // Layer 0's attention rows are probability distributions over the visible keys.
        const QVector<float>& a = page->attentionHeatmap()->cells();
        const int n = page->attentionHeatmap()->gridWidth();
        for (int q = 0; q < n; ++q) {
            double s = 0;
            for (int k = 0; k < n; ++k) {
                if (k > q) QCOMPARE(a[q * n + k], 0.0f); // causal
                s += a[q * n + k];
            }
            QVERIFY(std::fabs(s - 1.0) < 1e-4);
        }
        // Reset (also while stages are queued) starts again from the embedding.
        page->runToEnd();
        page->reset();
        QVERIFY(
            QTest::qWaitFor([&] { return page->completedStages() == 0 && page->stageCount() > 0; }, 10000));
        QTest::qWait(200);
        QCOMPARE(page->completedStages(), 0);
        QCOMPARE(page->lensModel()->filledRows(), 0);
        page->runToEnd();
        QVERIFY(QTest::qWaitFor([&] { return page->isFinished(); }, 20000));
        QVERIFY(page->lensModel()->isFull());
    }

    void tokenizerPageMatchesTokenizer() {
        const auto file = realm::GgufFile::open(model().toStdString());
        const auto tok = realm::Tokenizer::fromGguf(*file);
        MainWindow w;
        w.show();
        QAbstractItemModelTester tester(w.page<TokenizerPage>()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        w.openFile(model());
        QVERIFY(QTest::qWaitFor([&] { return w.layerStepper() && w.layerStepper()->isReady(); }, 20000));
        TokenizerPage* page = w.page<TokenizerPage>();
        const QString texts[] = {QStringLiteral("Hello world, tokens!\n\tend"),
                                 QStringLiteral("<s> special <s> text"), QStringLiteral("héllo ✓ 123")};
        for (bool special : {false, true})
            for (const QString& text : texts) {
                QSignalSpy shown(page, &TokenizerPage::tokensShown);
                page->setParseSpecial(special);
                page->setText(text);
                QVERIFY(QTest::qWaitFor(
                    [&] {
                        return page->model()->tokens().text == text &&
                               page->model()->tokens().parseSpecial == special;
                    },
                    5000));
                const std::vector<int32_t> ref = tok->tokenize(text.toStdString(), true, special);
                const TokenizedText& got = page->model()->tokens();
                QCOMPARE(got.ids.size(), qsizetype(ref.size()));
                for (size_t i = 0; i < ref.size(); ++i) {
                    QCOMPARE(got.ids[qsizetype(i)], ref[i]);
                    QCOMPARE(page->model()->data(page->model()->index(int(i), TokenListModel::Id)).toInt(),
                             ref[i]);
                }
                QVERIFY(page->countText().contains(QStringLiteral("%1 tokens").arg(ref.size())));
            }
        // Spaces and control bytes are visible in the piece column.
        page->setParseSpecial(false);
        page->setText(QStringLiteral("a b\n"));
        QVERIFY(
            QTest::qWaitFor([&] { return page->model()->tokens().text == QStringLiteral("a b\n"); }, 5000));
        const QStringList pieces = page->model()->tokens().pieces;
        QVERIFY(pieces.join(QString()).contains(QChar(0x2423)) ||
                pieces.join(QString()).contains(QStringLiteral("\\x20")));
        QVERIFY(pieces.join(QString()).contains(QStringLiteral("\\n")) ||
                pieces.join(QString()).contains(QStringLiteral("\\x0a")));
    }

    void distributionUnits() {
        LogitDistribution d;
        d.setLogits({1.0f, 3.0f, 2.0f, 3.0f});
        QCOMPARE(d.order(), (QVector<int>{1, 3, 2, 0})); // ties: lower id first
        const auto shape = [&](float temperature, int topK, float topP, float minP) {
            realm::SamplerSettings s;
            s.temperature = temperature;
            s.topK = topK;
            s.topP = topP;
            s.minP = minP;
            return d.shape(s);
        };
        const auto greedy = shape(0, 0, 1, 0);
        QCOMPARE(greedy.ids, QVector<int>{1});
        const auto all = shape(1, 0, 1, 0);
        QCOMPARE(all.ids.size(), 4);
        const double z = 2 * std::exp(3.0) + std::exp(2.0) + std::exp(1.0);
        QVERIFY(std::fabs(all.probs[0] - std::exp(3.0) / z) < 1e-12);
        QVERIFY(std::fabs(all.logProbs[3] - (1.0 - std::log(z))) < 1e-9);
        const auto k2 = shape(1, 2, 1, 0);
        QCOMPARE(k2.ids.size(), 2);
        QVERIFY(std::fabs(k2.probs[0] - 0.5) < 1e-12);
        QVERIFY(std::fabs(k2.entropyBits - 1.0) < 1e-12);
        const auto p = shape(1, 0, 0.5f, 0);
        QCOMPARE(p.ids.size(), 2); // 0.366 < 0.5, then 0.731 ≥ 0.5
        const auto m = shape(1, 0, 1, 0.3f);
        QCOMPARE(m.ids.size(), 3); // e^2/e^3 = 0.37 ≥ 0.3, e^1/e^3 = 0.14 is not
        QCOMPARE(m.kept, (std::array<qsizetype, 4>{4, 4, 4, 3}));
    }
};

QTEST_MAIN(TestLayers)
#include "tst_ui_layers.moc"
