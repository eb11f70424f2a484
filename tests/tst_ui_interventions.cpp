// The intervention views against realm-cli's twins: the Layers page's activation export writes
// the files `realm-cli activations` writes, byte for byte; bad input gets a message in the page.
#include "conformance.h"
#include "document/model_document.h"
#include "jobs/chat_engine.h"
#include "jobs/intervention_engine.h"
#include "jobs/layer_stepper.h"
#include "pages/ablation_page.h"
#include "pages/chat_page.h"
#include "pages/layers_page.h"
#include "pages/patching_page.h"
#include "pages/routing_page.h"
#include "pages/steering_page.h"
#include "widgets/heatmap_widget.h"
#include "window/main_window.h"

#include "interp/npy_file.h"
#include "runtime/control_vector.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace realm::ui;

class TestInterventions : public QObject {
    Q_OBJECT
  private:
    static QString model() { return QStringLiteral(REALM_CONFORMANCE_DIR "/models/llama-s64-tied-F32.gguf"); }
    static QString moeModel() {
        return QStringLiteral(REALM_SOURCE_DIR "/tests/data/architectures/qwen3moe-t64-Q8_0.gguf");
    }
    const QString prompt = QStringLiteral("The capital of France is");

    static bool enginesReady(MainWindow& w) {
        return QTest::qWaitFor(
            [&] {
                const ModelDocument* d = w.document();
                return w.layerStepper() && w.layerStepper()->isReady() && d && d->interventions() &&
                       (d->interventions()->isReady() || d->interventions()->hasFailed());
            },
            20000);
    }
    bool openAndTokenize(MainWindow& w, const QString& file, const QString& text) {
        w.openFile(file);
        if (!enginesReady(w)) return false;
        LayersPage* page = w.page<LayersPage>();
        page->setPrompt(text);
        return QTest::qWaitFor([&] { return page->tokens().text == text && page->stageCount() > 0; }, 10000);
    }
    static QByteArray readAll(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static bool runCli(const QStringList& args, QByteArray* out = nullptr) {
        QProcess p;
        p.start(QStringLiteral(REALM_BIN_DIR "/realm-cli"), args);
        const bool ok =
            p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        if (out) *out = p.readAllStandardOutput();
        return ok;
    }
    static bool cliBuilt() { return QFile::exists(QStringLiteral(REALM_BIN_DIR "/realm-cli")); }
    template <typename P> static P* openPage(MainWindow& w, const QString& file, const QString& id) {
        w.openFile(file);
        if (!enginesReady(w) || !w.document()->interventions()->isReady()) return nullptr;
        w.showPage(id);
        return w.page<P>();
    }

  private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("realm-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_interventions"));
        REALM_NEED_CONFORMANCE("models/llama-s64-tied-F32.gguf");
    }

    // The page's export and realm-cli activations write identical files.
    void exportMatchesCli() {
        if (!QFile::exists(QStringLiteral(REALM_BIN_DIR "/realm-cli")))
            QSKIP("realm-cli not built in this build tree");
        QTemporaryDir cliDir, appDir;
        QVERIFY(runCli({QStringLiteral("activations"), model(), QStringLiteral("--prompt"), prompt,
                        QStringLiteral("--what"), QStringLiteral("residual,attn_out,attn_weights"),
                        QStringLiteral("--out"), cliDir.path()}));

        MainWindow w;
        QVERIFY(openAndTokenize(w, model(), prompt));
        LayersPage* page = w.page<LayersPage>();
        page->setExportSites(
            {QStringLiteral("residual"), QStringLiteral("attn_out"), QStringLiteral("attn_weights")});
        QSignalSpy done(page, &LayersPage::exportFinished);
        page->exportCapture(appDir.path());
        QVERIFY(done.wait(30000));
        const auto result = done.at(0).at(0).value<ActivationExport>();
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        const int layers = w.layerStepper()->shape().layers;
        QCOMPARE(int(result.files.size()), 3 * layers);
        QVERIFY(page->exportStatus().contains(QString::number(3 * layers)));

        const QJsonObject index =
            QJsonDocument::fromJson(readAll(QDir(appDir.path()).filePath(QStringLiteral("index.json"))))
                .object();
        QCOMPARE(index.value(QStringLiteral("tokens")).toArray().size(), page->tokens().ids.size());
        for (const QString& name : QDir(cliDir.path()).entryList(QDir::Files)) {
            const QByteArray expected = readAll(QDir(cliDir.path()).filePath(name));
            QVERIFY2(!expected.isEmpty(), qPrintable(name));
            QVERIFY2(readAll(QDir(appDir.path()).filePath(name)) == expected, qPrintable(name));
        }
    }

    // A directory that cannot be written: the message names it; the page stays usable.
    void exportToBadDirectory() {
        MainWindow w;
        QVERIFY(openAndTokenize(w, model(), prompt));
        LayersPage* page = w.page<LayersPage>();
        QTemporaryDir dir;
        const QString blocked = QDir(dir.path()).filePath(QStringLiteral("file"));
        QFile f(blocked);
        QVERIFY(f.open(QIODevice::WriteOnly)); // a file where the directory should be
        f.close();
        QSignalSpy done(page, &LayersPage::exportFinished);
        page->exportCapture(blocked);
        QVERIFY(done.wait(30000));
        const auto result = done.at(0).at(0).value<ActivationExport>();
        QVERIFY(!result.error.isEmpty());
        QVERIFY2(page->exportStatus().contains(QStringLiteral("failed")), qPrintable(page->exportStatus()));
        QVERIFY2(page->exportStatus().contains(QStringLiteral("file")), qPrintable(page->exportStatus()));

        // Nothing chosen: said so, nothing written.
        done.clear();
        page->setExportSites({});
        page->exportCapture(dir.path());
        QVERIFY(done.wait(30000));
        QVERIFY(done.at(0).at(0).value<ActivationExport>().error.contains(QStringLiteral("at least one")));
    }

    // The page's ablation shows what realm-cli ablate --lens computes: the same Δlogits, KL and
    // lens, zeroed and mean-ablated.
    void ablationMatchesCli_data() {
        QTest::addColumn<bool>("mean");
        QTest::addColumn<bool>("experts");
        QTest::newRow("zero") << false << false;
        QTest::newRow("mean") << true << false;
        QTest::newRow("experts zero") << false << true;
        QTest::newRow("experts mean") << true << true;
    }
    void ablationMatchesCli() {
        QFETCH(bool, mean);
        QFETCH(bool, experts);
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        const QString file = experts ? moeModel() : model();
        QByteArray json;
        QVERIFY(runCli(
            {QStringLiteral("ablate"), file, QStringLiteral("--prompt"), prompt, QStringLiteral("--ablate"),
             experts ? QStringLiteral("expert:0.0,expert:1.2") : QStringLiteral("head:0.1,head:0.2,ffn:1"),
             QStringLiteral("--mode"), mean ? QStringLiteral("mean") : QStringLiteral("zero"),
             QStringLiteral("--lens"), QStringLiteral("--json")},
            &json));
        const QJsonObject ref = QJsonDocument::fromJson(json).object();

        MainWindow w;
        auto* page = openPage<AblationPage>(w, file, QStringLiteral("ablation"));
        QVERIFY(page);
        page->setPrompt(prompt);
        if (experts) {
            page->addTarget(AblationRequest::Kind::Expert, 0, 0);
            page->addTarget(AblationRequest::Kind::Expert, 1, 2);
        } else {
            page->addTarget(AblationRequest::Kind::Head, 0, 1);
            page->addTarget(AblationRequest::Kind::Head, 0, 2);
            page->addTarget(AblationRequest::Kind::Ffn, 1);
        }
        page->setMeanAblation(mean);
        QSignalSpy shown(page, &AblationPage::resultShown);
        page->run();
        QVERIFY(page->isBusy());
        QVERIFY(shown.wait(30000));
        const AblationResult& r = page->result();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.targets, experts ? QStringLiteral("expert 0.0, expert 1.2")
                                    : QStringLiteral("head 0.1, head 0.2, ffn 1"));
        QVERIFY(r.kl > 0);
        QVERIFY(qAbs(r.kl - ref.value(QStringLiteral("kl")).toDouble()) <= 1e-4 * (1 + r.kl));
        QCOMPARE(r.baselineTopId, ref.value(QStringLiteral("baseline_top")).toInt());
        QCOMPARE(r.ablatedTopId, ref.value(QStringLiteral("ablated_top")).toInt());
        const QJsonArray top = ref.value(QStringLiteral("top")).toArray();
        QCOMPARE(r.top.size(), top.size());
        QCOMPARE(page->topTable()->rowCount(), int(top.size()));
        for (int i = 0; i < top.size(); ++i) {
            const QJsonObject t = top.at(i).toObject();
            QCOMPARE(r.top.at(i).id, t.value(QStringLiteral("id")).toInt());
            QVERIFY(qAbs(r.top.at(i).ablated - t.value(QStringLiteral("ablated")).toDouble()) < 1e-3);
            const QString delta = page->topTable()->item(i, 3)->text();
            QVERIFY2(qAbs(delta.toDouble() - t.value(QStringLiteral("delta")).toDouble()) < 2e-3,
                     qPrintable(delta));
        }
        const QJsonArray lens = ref.value(QStringLiteral("lens")).toArray();
        QCOMPARE(r.lens.size(), lens.size());
        QCOMPARE(page->lensTable()->rowCount(), int(lens.size()));
        for (int i = 0; i < lens.size(); ++i) {
            const QJsonObject l = lens.at(i).toObject();
            QCOMPARE(r.lens.at(i).ablatedId, l.value(QStringLiteral("ablated_top")).toInt());
            QVERIFY(qAbs(r.lens.at(i).kl - l.value(QStringLiteral("kl")).toDouble()) <=
                    1e-4 * (1 + r.lens.at(i).kl));
        }
    }

    // Targets the model does not have, or nothing chosen: a message, no run.
    void ablationBadInput() {
        MainWindow w;
        auto* page = openPage<AblationPage>(w, model(), QStringLiteral("ablation"));
        QVERIFY(page);
        page->run();
        QVERIFY(!page->isBusy());
        QVERIFY2(page->statusMessage().contains(QStringLiteral("at least one")),
                 qPrintable(page->statusMessage()));
        QSignalSpy shown(page, &AblationPage::resultShown);
        page->addTarget(AblationRequest::Kind::Expert, 0, 0);
        page->run();
        QVERIFY(shown.wait(30000));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("the model has no experts")),
                 qPrintable(page->statusMessage()));
        page->clearTargets();
        page->addTarget(AblationRequest::Kind::Ffn, 99);
        page->run();
        QVERIFY(shown.wait(30000));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("outside the model's layers")),
                 qPrintable(page->statusMessage()));
        QCOMPARE(page->topTable()->rowCount(), 0);
    }

    // The sweep the page draws is realm-cli patch's, residual and one head.
    void patchingMatchesCli_data() {
        QTest::addColumn<int>("head");
        QTest::newRow("residual") << -1;
        QTest::newRow("head 1") << 1;
    }
    void patchingMatchesCli() {
        QFETCH(int, head);
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        const QString clean = QStringLiteral("The capital of Italy is"),
                      corrupted = QStringLiteral("The capital of Egypt is");
        QStringList args{QStringLiteral("patch"),       model(),
                         QStringLiteral("--clean"),     clean,
                         QStringLiteral("--corrupted"), corrupted,
                         QStringLiteral("--answer"),    QStringLiteral("Rome"),
                         QStringLiteral("--wrong"),     QStringLiteral("London"),
                         QStringLiteral("--json")};
        if (head >= 0) args << QStringLiteral("--head") << QString::number(head);
        QByteArray json;
        QVERIFY(runCli(args, &json));
        const QJsonObject ref = QJsonDocument::fromJson(json).object();

        MainWindow w;
        auto* page = openPage<PatchingPage>(w, model(), QStringLiteral("patching"));
        QVERIFY(page);
        page->setPrompts(clean, corrupted);
        page->setAnswers(QStringLiteral("Rome"), QStringLiteral("London"));
        page->setHead(head);
        QSignalSpy shown(page, &PatchingPage::resultShown);
        page->run();
        QVERIFY(shown.wait(60000));
        const PatchResult& r = page->result();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(!r.cancelled);
        const QJsonArray rows = ref.value(QStringLiteral("recovered")).toArray();
        QCOMPARE(r.layers, int(rows.size()));
        QCOMPARE(r.positions, ref.value(QStringLiteral("positions")).toInt());
        QVERIFY(qAbs(r.cleanDiff - ref.value(QStringLiteral("clean_diff")).toDouble()) < 1e-4);
        QVERIFY(qAbs(r.corruptedDiff - ref.value(QStringLiteral("corrupted_diff")).toDouble()) < 1e-4);
        for (int l = 0; l < r.layers; ++l)
            for (int p = 0; p < r.positions; ++p) {
                const double want = rows.at(l).toArray().at(p).toDouble();
                QVERIFY2(qAbs(r.recovered.at(l * r.positions + p) - want) < 1e-3,
                         qPrintable(QStringLiteral("layer %1 position %2").arg(l).arg(p)));
            }
        // The heatmap shows the sweep: layers down, positions across.
        QCOMPARE(page->heatmap()->gridHeight(), r.layers);
        QCOMPARE(page->heatmap()->gridWidth(), r.positions);
        QCOMPARE(double(page->heatmap()->cells().at(r.positions - 1)),
                 double(float(r.recovered.at(r.positions - 1))));
        // Patching the last layer's residual at the last position restores the clean run.
        if (head < 0) QVERIFY(qAbs(r.recovered.at(r.layers * r.positions - 1) - 1.0) < 1e-4);
    }

    // Prompts of different lengths, an answer of two tokens: the page says what is wrong; Cancel
    // ends a sweep with the cells it reached.
    void patchingBadInputAndCancel() {
        MainWindow w;
        auto* page = openPage<PatchingPage>(w, model(), QStringLiteral("patching"));
        QVERIFY(page);
        QSignalSpy shown(page, &PatchingPage::resultShown);
        page->setPrompts(QStringLiteral("The capital of Italy is"),
                         QStringLiteral("The capital city of Egypt is"));
        page->setAnswers(QStringLiteral("Rome"), QStringLiteral("London"));
        page->run();
        QVERIFY(shown.wait(30000));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("same number of tokens")),
                 qPrintable(page->statusMessage()));
        QCOMPARE(page->heatmap()->gridWidth(), 0);

        page->setPrompts(QStringLiteral("The capital of Italy is"),
                         QStringLiteral("The capital of Egypt is"));
        page->setAnswers(QStringLiteral("Cairo"), QStringLiteral("London"));
        page->run();
        QVERIFY(shown.wait(30000));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("must be exactly one")),
                 qPrintable(page->statusMessage()));

        page->setAnswers(QStringLiteral("Rome"), QStringLiteral("London"));
        // Cancelled before the sweep reaches its first cell. The fixture's sweep takes
        // milliseconds: on a loaded machine the UI thread can lose its core between run() and
        // cancel() for longer, and the sweep ends first; so a few tries, one of which must cancel.
        for (int attempt = 0; attempt < 5; ++attempt) {
            page->run();
            page->cancel();
            QVERIFY(shown.wait(30000));
            if (page->result().cancelled) break;
        }
        const PatchResult& r = page->result();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.cancelled);
        // The cells it reached, in sweep order (last position first, each position's layers in
        // order), then only unreached ones (NaN) — at least one: cell 0 is among the last swept,
        // but a cancel that lands in the last position's layers leaves it filled.
        int unreached = 0;
        for (int p = r.positions - 1; p >= 0; --p)
            for (int layer = 0; layer < r.layers; ++layer) {
                if (std::isnan(r.recovered.at(layer * r.positions + p)))
                    ++unreached;
                else
                    QVERIFY2(unreached == 0, "a cell filled after one the sweep did not reach");
            }
        QVERIFY(unreached > 0);
        QVERIFY(!page->isBusy());
        QVERIFY(page->statusMessage().contains(QStringLiteral("Cancelled")));
    }

    // The speed figure, in the app: REALM_PATCH_BENCH_MODEL=FILE (a TinyLlama-shaped file
    // from realm-cli synth) sweeps 22 layers × 8 positions and prints the time.
    void patchingSweepTime() {
        const QString file = qEnvironmentVariable("REALM_PATCH_BENCH_MODEL");
        if (file.isEmpty()) QSKIP("set REALM_PATCH_BENCH_MODEL to a TinyLlama-shaped GGUF to time a sweep");
        MainWindow w;
        auto* page = openPage<PatchingPage>(w, file, QStringLiteral("patching"));
        QVERIFY(page);
        // 8 tokens each in the synthesized vocabulary; answers of one token.
        page->setPrompts(QStringLiteral("he is of cap it al x"), QStringLiteral("he is of cap it al b"));
        page->setAnswers(QStringLiteral("a"), QStringLiteral("the"));
        QSignalSpy shown(page, &PatchingPage::resultShown);
        page->run();
        QVERIFY(shown.wait(600000));
        QVERIFY2(page->result().error.isEmpty(), qPrintable(page->result().error));
        qInfo(
            "patch sweep %d layers x %d positions: %.2f s (UI thread free: the sweep runs on the job queue)",
            page->result().layers, page->result().positions, page->result().seconds);
    }

    static QString steeringFile(const char* name) {
        return QStringLiteral(REALM_SOURCE_DIR "/tests/data/steering/") + QLatin1String(name);
    }
    static QStringList fileLines(const QString& path) {
        QStringList out;
        for (const QByteArray& line : readAll(path).split('\n'))
            if (!line.isEmpty()) out << QString::fromUtf8(line);
        return out;
    }

    // llama.cpp's control vector × 4 in the layer stepper: the residual after the last layer is
    // llama-eval-callback's l_out with --control-vector-scaled FILE:4 (tests/data/steering).
    void steeringInLayerStepperMatchesLlamaCpp() {
        MainWindow w;
        auto* page = openPage<SteeringPage>(w, model(), QStringLiteral("steering"));
        QVERIFY(page);
        LayersPage* layers = w.page<LayersPage>();
        QVERIFY(QTest::qWaitFor([&] { return layers->tokens().text == prompt && layers->stageCount() > 0; },
                                10000));
        page->setVector(steeringFile("llama-s64-tied-F32.cvector.gguf"), 4);
        page->setTargets(true, false);
        QSignalSpy shown(page, &SteeringPage::steeringShown);
        page->apply();
        QVERIFY(QTest::qWaitFor([&] { return shown.size() >= 2; }, 20000)); // stepper, and chat unsteered
        QVERIFY2(page->stepperStatus().contains(QStringLiteral("steered by")),
                 qPrintable(page->stepperStatus()));
        QVERIFY2(page->chatStatus().contains(QStringLiteral("not steered")), qPrintable(page->chatStatus()));
        QVERIFY(!layers->steeringStatus().isEmpty());
        // The page rewound and tokenized again; run every stage under the vector.
        QVERIFY(QTest::qWaitFor([&] { return layers->stageCount() > 0 && layers->completedStages() == 0; },
                                10000));
        const int nLayer = w.layerStepper()->shape().layers;
        QSignalSpy done(layers, &LayersPage::finished);
        layers->runToEnd();
        QVERIFY(done.wait(30000));

        const QJsonObject ref =
            QJsonDocument::fromJson(readAll(steeringFile("llama-s64-tied-F32.cvector4.l_out.json"))).object();
        QJsonObject last;
        for (const QJsonValue& t : ref.value(QStringLiteral("tensors")).toArray())
            if (t.toObject().value(QStringLiteral("name")).toString() ==
                QStringLiteral("l_out-%1").arg(nLayer - 1))
                last = t.toObject();
        QVERIFY(!last.isEmpty());
        // The heatmap pools at most 512 columns: 64 dims are shown one per cell, unpooled.
        const int E = w.layerStepper()->shape().embd;
        QCOMPARE(layers->hiddenHeatmap()->gridWidth(), E);
        const QVector<float> cells = layers->hiddenHeatmap()->cells();
        const QJsonArray rows = last.value(QStringLiteral("rows")).toArray();
        // llama.cpp computes only the last position in its last layer: the rows are the last ones.
        const int nTokens = int(layers->tokens().ids.size());
        QVERIFY(rows.size() >= 1 && rows.size() <= nTokens);
        for (int r = 0; r < rows.size(); ++r) {
            const int t = nTokens - int(rows.size()) + r;
            const QJsonArray first = rows.at(r).toObject().value(QStringLiteral("first")).toArray();
            const QJsonArray end = rows.at(r).toObject().value(QStringLiteral("last")).toArray();
            for (int i = 0; i < 3; ++i) {
                const double a = cells.at(t * E + i), b = cells.at(t * E + E - 3 + i);
                QVERIFY2(qAbs(a - first.at(i).toDouble()) < 2e-3 + 1e-3 * qAbs(a),
                         qPrintable(QString::number(a)));
                QVERIFY2(qAbs(b - end.at(i).toDouble()) < 2e-3 + 1e-3 * qAbs(b),
                         qPrintable(QString::number(b)));
            }
        }
    }

    // In the chat, the vector changes the greedy reply; one of another width is refused with
    // both widths named, and the chat stays as it was.
    void steeringInChatAndWrongWidth() {
        MainWindow w;
        auto* page = openPage<SteeringPage>(w, model(), QStringLiteral("steering"));
        QVERIFY(page);
        ChatEngine* chat = w.chatEngine();
        QVERIFY(QTest::qWaitFor([&] { return chat->isReady(); }, 20000));
        ChatSettings settings;
        settings.sampler.temperature = 0;
        settings.maxTokens = 8;
        QSignalSpy replies(chat, &ChatEngine::replyFinished);
        chat->newChat(); // not the conversation an earlier run left in the chat store
        chat->send(prompt, settings);
        QVERIFY(replies.wait(30000));
        const QString plain = replies.at(0).at(0).value<ChatReply>().text;

        QSignalSpy shown(page, &SteeringPage::steeringShown);
        page->setVector(steeringFile("llama-s256-untied-Q4_K_M.cvector.gguf"), 4);
        page->setTargets(false, true);
        page->apply();
        QVERIFY(QTest::qWaitFor([&] { return shown.size() >= 2; }, 20000));
        QVERIFY2(page->chatStatus().contains(QStringLiteral("256 wide")) &&
                     page->chatStatus().contains(QStringLiteral("n_embd is 64")),
                 qPrintable(page->chatStatus()));

        shown.clear();
        page->setVector(steeringFile("llama-s64-tied-F32.cvector.gguf"), 4);
        page->apply();
        QVERIFY(QTest::qWaitFor([&] { return shown.size() >= 2; }, 20000));
        QVERIFY2(page->chatStatus().contains(QStringLiteral("steered by")), qPrintable(page->chatStatus()));
        // The chat page's settings say so too.
        const auto labels = w.page<ChatPage>()->findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel* l) {
            return l->text().contains(QStringLiteral("llama-s64-tied-F32.cvector.gguf × 4"));
        }));
        chat->newChat();
        chat->send(prompt, settings);
        QVERIFY(replies.wait(30000));
        const QString steered = replies.at(1).at(0).value<ChatReply>().text;
        QVERIFY2(steered != plain, qPrintable(plain + QStringLiteral(" | ") + steered));

        shown.clear();
        page->remove();
        QVERIFY(QTest::qWaitFor([&] { return shown.size() >= 2; }, 20000));
        chat->newChat();
        chat->send(prompt, settings);
        QVERIFY(replies.wait(30000));
        QCOMPARE(replies.at(2).at(0).value<ChatReply>().text, plain);
    }

    // Made in the app from the prompt pairs llama-cvector-generator was given: the same
    // directions (within 1e-6) as the file it wrote; unpaired prompts are refused.
    void makeControlVectorMatchesLlamaCpp() {
        MainWindow w;
        auto* page = openPage<SteeringPage>(w, model(), QStringLiteral("steering"));
        QVERIFY(page);
        QTemporaryDir dir;
        const QString out = QDir(dir.path()).filePath(QStringLiteral("made.gguf"));
        QSignalSpy made(page, &SteeringPage::vectorMade);
        page->setPairs(fileLines(steeringFile("positive.txt")), fileLines(steeringFile("negative.txt")));
        page->makeVector(out);
        QVERIFY(made.wait(30000));
        const auto r = made.at(0).at(0).value<ControlVectorResult>();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.pairs, 3);
        const realm::ControlVector mine = realm::ControlVector::load(out.toStdString());
        const realm::ControlVector ref =
            realm::ControlVector::load(steeringFile("llama-s64-tied-F32.cvector.gguf").toStdString());
        QCOMPARE(mine.nEmbd, ref.nEmbd);
        QCOMPARE(mine.directions.size(), ref.directions.size());
        int compared = 0;
        for (size_t l = 0; l < ref.directions.size(); ++l) {
            QCOMPARE(mine.directions[l].size(), ref.directions[l].size());
            for (size_t i = 0; i < ref.directions[l].size(); ++i, ++compared)
                QVERIFY(qAbs(mine.directions[l][i] - ref.directions[l][i]) < 1e-6f);
        }
        QVERIFY(compared > 0);

        page->setPairs(fileLines(steeringFile("positive.txt")), {QStringLiteral("only one")});
        page->makeVector(out);
        QVERIFY(made.wait(30000));
        QVERIFY2(page->statusMessage().contains(QStringLiteral("must pair up")),
                 qPrintable(page->statusMessage()));
    }

    // MoE routing of a prompt is realm-cli activations' moe_routing, and the load map counts it;
    // a dense model gets a message.
    void routingMatchesCli() {
        if (!cliBuilt()) QSKIP("realm-cli not built in this build tree");
        const QString moe = moeModel();
        QTemporaryDir dir;
        QVERIFY(runCli({QStringLiteral("activations"), moe, QStringLiteral("--prompt"), prompt,
                        QStringLiteral("--what"), QStringLiteral("moe_routing"), QStringLiteral("--out"),
                        dir.path()}));
        MainWindow w;
        auto* page = openPage<RoutingPage>(w, moe, QStringLiteral("routing"));
        QVERIFY(page);
        page->setPrompt(prompt);
        QSignalSpy shown(page, &RoutingPage::resultShown);
        page->run();
        QVERIFY(shown.wait(30000));
        const RoutingResult r = page->result(); // a copy: the chat's load replaces it below
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.experts, 4);
        QCOMPARE(r.used, 2);
        QCOMPARE(page->loadMap()->gridHeight(), r.layers);
        QCOMPARE(page->loadMap()->gridWidth(), r.experts);
        for (int l = 0; l < r.layers; ++l) {
            const realm::NpyArray ref = realm::readNpy(
                QDir(dir.path()).filePath(QStringLiteral("moe_routing-%1.npy").arg(l)).toStdString());
            QCOMPARE(qsizetype(ref.values.size()), qsizetype(r.tokens) * r.experts);
            double loadSum = 0;
            for (int e = 0; e < r.experts; ++e) {
                int chosen = 0;
                for (int t = 0; t < r.tokens; ++t) {
                    const size_t i = size_t(t) * size_t(r.experts) + size_t(e);
                    const float got = r.weights.at(qsizetype(l) * r.tokens * r.experts + qsizetype(i));
                    QVERIFY(qAbs(got - ref.values[i]) < 1e-5f);
                    chosen += ref.values[i] > 0;
                }
                const float load = page->loadMap()->cells().at(l * r.experts + e);
                QVERIFY(qAbs(load - float(chosen) / float(r.tokens)) < 1e-5f);
                loadSum += load;
            }
            QVERIFY(qAbs(loadSum - r.used) < 1e-4); // every token chose `used` experts
        }
        page->showLayer(r.layers - 1);
        QCOMPARE(page->tokenMap()->gridHeight(), r.tokens);

        // The chat's load: every token the chat evaluated chose `used` experts in every layer.
        ChatEngine* chat = w.chatEngine();
        QVERIFY(QTest::qWaitFor([&] { return chat->isReady(); }, 20000));
        ChatSettings settings;
        settings.sampler.temperature = 0;
        settings.maxTokens = 4;
        QSignalSpy replies(chat, &ChatEngine::replyFinished);
        chat->newChat(); // not the conversation an earlier run left in the chat store
        chat->send(prompt, settings);
        QVERIFY(replies.wait(30000));
        shown.clear();
        page->showChatLoad();
        QVERIFY(shown.wait(30000));
        const RoutingResult& c = page->result();
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QVERIFY(c.chat);
        QVERIFY(c.tokens > r.tokens); // the template around the prompt, and the reply
        for (int l = 0; l < c.layers; ++l) {
            double sum = 0;
            for (int e = 0; e < c.experts; ++e) {
                const double share = c.load.at(l * c.experts + e);
                QVERIFY(qAbs(share * c.tokens - std::round(share * c.tokens)) < 1e-3); // a count of tokens
                sum += share;
            }
            QVERIFY(qAbs(sum - c.used) < 1e-4);
        }
        QCOMPARE(page->loadMap()->cells(), c.load);

        MainWindow dense;
        auto* densePage = openPage<RoutingPage>(dense, model(), QStringLiteral("routing"));
        QVERIFY(densePage);
        QVERIFY2(densePage->statusMessage().contains(QStringLiteral("no experts")),
                 qPrintable(densePage->statusMessage()));
        QSignalSpy denseShown(densePage, &RoutingPage::resultShown);
        densePage->run();
        QVERIFY(denseShown.wait(30000));
        QVERIFY2(densePage->statusMessage().contains(QStringLiteral("no experts")),
                 qPrintable(densePage->statusMessage()));
    }
};

QTEST_MAIN(TestInterventions)
#include "tst_ui_interventions.moc"
