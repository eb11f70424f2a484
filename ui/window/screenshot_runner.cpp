#include "window/screenshot_runner.h"
#include "text/sample_prompt.h"

#include "document/imatrix_store.h"
#include "document/model_document.h"
#include "jobs/intervention_engine.h"
#include "jobs/layer_stepper.h"
#include "models/metadata_model.h"
#include "models/tensor_error_model.h"
#include "pages/ablation_page.h"
#include "pages/chat_page.h"
#include "pages/compare_page.h"
#include "pages/kl_page.h"
#include "pages/layers_page.h"
#include "pages/logits_page.h"
#include "pages/memory_page.h"
#include "pages/metadata_page.h"
#include "pages/patching_page.h"
#include "pages/perplexity_page.h"
#include "pages/routing_page.h"
#include "pages/steering_page.h"
#include "pages/tokenizer_page.h"

#include "document/model_session.h"
#include "models/memory_sample_model.h"
#include "pages/page_registry.h"
#include "pages/quantize_preview.h"
#include "pages/tensor_inspector.h"
#include "pages/tensors_page.h"
#include "widgets/download_panel.h"
#include <QTabWidget>
#include <QTableView>

#include <QApplication>
#include <QDir>
#include <QTimer>

namespace realm::ui {

ScreenshotRunner::ScreenshotRunner(MainWindow* window, QString output, QString page, QString tab,
                                   QObject* parent)
    : QObject(parent), window_(window), output_(std::move(output)), page_(std::move(page)),
      tab_(std::move(tab)) {}

void ScreenshotRunner::start(const QString& model) {
    connect(window_, &MainWindow::modelLoaded, this, &ScreenshotRunner::onLoaded);
    connect(window_, &MainWindow::loadFailed, this,
            [this](const QString&, const QString& error) { fail(error); });
    QTimer::singleShot(180000, this,
                       [this] { fail(tr("timed out waiting for the page to finish its work")); });
    window_->openFile(model);
}

void ScreenshotRunner::onLoaded() {
    window_->showPage(page_);
    if (!tab_.isEmpty() && !showTab()) return fail(tr("page %1 has no tab '%2'").arg(page_, tab_));
    // Pages not named here are captured as they open.
    if (window_->currentView() == window_->downloadPanel()) {
        // A model read over HTTP: the page that runs it says it must be downloaded first.
        QTimer::singleShot(200, this, &ScreenshotRunner::capture);
    } else if (page_ == QLatin1String("tensors")) {
        // The largest matrix of the first block shows the inspector with real pictures.
        const ModelSummary& s = window_->session()->summary();
        int pick = -1;
        for (const TensorEntry& t : s.tensors)
            if (t.dequantizable && t.nDims >= 2 && t.name.startsWith(QStringLiteral("blk.0.")) &&
                (pick < 0 || t.elements > s.tensors.at(pick).elements))
                pick = t.index;
        if (pick < 0) {
            capture();
            return;
        }
        TensorInspector* inspector = window_->page<TensorsPage>()->inspector();
        const bool quantizing = inspector->tabs()->currentWidget() == inspector->quantizePreview();
        auto pending = std::make_shared<int>(quantizing ? 3 : 2); // statistics + row (+ quantize preview)
        auto one = [this, pending] {
            if (--*pending == 0) QTimer::singleShot(200, this, &ScreenshotRunner::capture);
        };
        connect(inspector, &TensorInspector::statsShownSignal, this, one, Qt::SingleShotConnection);
        connect(inspector, &TensorInspector::rowShown, this, one, Qt::SingleShotConnection);
        if (quantizing) {
            connect(inspector->quantizePreview(), &QuantizePreview::previewShown, this, one,
                    Qt::SingleShotConnection);
            connect(inspector->quantizePreview(), &QuantizePreview::previewFailed, this,
                    [this](int, const QString& e) { fail(e); });
        }
        window_->page<TensorsPage>()->selectTensor(pick);
    } else if (page_ == QLatin1String("chat")) {
        // One greedy reply coloured by probability, then a branch from its sixth token's runner-up
        // (a ◀ 2/2 ▶ switcher), then the picture.
        ChatPage* chat = window_->page<ChatPage>();
        ChatSettings s = chat->settings();
        s.sampler.temperature = 0;
        s.maxTokens = 48;
        chat->setSettings(s);
        chat->setColouredByProbability(true);
        const auto captureWhenDone = [this, chat] {
            connect(
                chat, &ChatPage::replyDone, this,
                [this] { QTimer::singleShot(200, this, &ScreenshotRunner::capture); },
                Qt::SingleShotConnection);
        };
        auto branch = [this, chat, captureWhenDone] {
            const ChatTree& tree = chat->backend()->conversation();
            const int reply = tree.last();
            const QList<ChatToken>& tokens = tree.node(reply).tokens;
            if (!chat->backend()->canBranch() || tokens.size() <= 5 || tokens.at(5).top.size() < 2) {
                capture();
                return;
            }
            captureWhenDone();
            chat->branch(reply, 5, tokens.at(5).top.at(1).id);
        };
        auto go = [this, chat, branch] {
            auto send = [this, chat, branch] {
                connect(
                    chat, &ChatPage::replyDone, this, [this, branch] { QTimer::singleShot(0, this, branch); },
                    Qt::SingleShotConnection);
                // untranslated: a question for the English demo model
                chat->sendMessage(QStringLiteral("What is the capital of France?"));
            };
            // The chat may talk to a server (remembered), ready once it has listed its models.
            if (chat->backend() && !chat->backend()->isReady())
                connect(chat->backend(), &ChatBackend::ready, this, send, Qt::SingleShotConnection);
            else
                send();
        };
        if (window_->chatEngine()->isReady())
            go();
        else if (window_->chatEngine()->hasFailed())
            fail(window_->chatEngine()->error());
        else {
            connect(window_->chatEngine(), &ChatEngine::ready, this, go, Qt::SingleShotConnection);
            connect(window_->chatEngine(), &ChatEngine::failed, this, [this](const QString& e) { fail(e); });
        }
    } else if (page_ == QLatin1String("metadata")) {
        // Show the vocabulary in the array view: the paged list is the interesting part.
        MetadataPage* page = window_->page<MetadataPage>();
        for (int r = 0; r < page->model()->rowCount(); ++r)
            if (page->model()->entry(r).key == QStringLiteral("tokenizer.ggml.tokens"))
                page->table()->selectRow(r);
        QTimer::singleShot(300, this, &ScreenshotRunner::capture);
    } else if (page_ == QLatin1String("tokenizer")) {
        TokenizerPage* page = window_->page<TokenizerPage>();
        connect(
            page, &TokenizerPage::tokensShown, this,
            [this] { QTimer::singleShot(200, this, &ScreenshotRunner::capture); }, Qt::SingleShotConnection);
        page->setText(samplePrompt());
    } else if (page_ == QLatin1String("layers") || page_ == QLatin1String("logits")) {
        // The default prompt stepped through every layer; the logits page shows the result.
        LayersPage* layers = window_->page<LayersPage>();
        LayerStepper* stepper = window_->layerStepper();
        connect(
            layers, &LayersPage::finished, this,
            [this] {
                // A warmer temperature shows how the sliders reshape the distribution.
                if (page_ == QLatin1String("logits")) {
                    SamplerSettings warm;
                    warm.temperature = 1.5f;
                    warm.topP = 1.0f;
                    warm.minP = 0.0f;
                    window_->page<LogitsPage>()->setSampling(warm);
                }
                QTimer::singleShot(300, this, &ScreenshotRunner::capture);
            },
            Qt::SingleShotConnection);
        const QString prompt = samplePrompt();
        // The page tokenizes its prompt by itself once the model is ready; run when ours is in.
        auto runIfOurs = [this, layers, prompt] {
            if (layers->tokens().text != prompt || layers->completedStages() > 0) return;
            if (!layers->lastError().isEmpty())
                fail(layers->lastError());
            else
                layers->runToEnd();
        };
        connect(layers, &LayersPage::promptTokenized, this, runIfOurs);
        connect(stepper, &LayerStepper::failed, this, [this](const QString& e) { fail(e); });
        if (layers->tokens().text == prompt && layers->stageCount() > 0)
            runIfOurs();
        else if (layers->prompt() != prompt || stepper->isReady())
            layers->setPrompt(prompt);
    } else if (page_ == QLatin1String("ablation")) {
        // A head and a feed-forward switched off on the sample prompt.
        AblationPage* page = window_->page<AblationPage>();
        whenInterventionsReady([this, page] {
            connect(
                page, &AblationPage::resultShown, this,
                [this] { QTimer::singleShot(300, this, &ScreenshotRunner::capture); },
                Qt::SingleShotConnection);
            page->setPrompt(samplePrompt());
            page->addTarget(AblationRequest::Kind::Head, 0, 1);
            page->addTarget(AblationRequest::Kind::Ffn, 2);
            page->run();
        });
    } else if (page_ == QLatin1String("patching")) {
        // The page's own example prompts swept over every layer and position.
        PatchingPage* page = window_->page<PatchingPage>();
        whenInterventionsReady([this, page] {
            connect(
                page, &PatchingPage::resultShown, this,
                [this, page] {
                    if (!page->result().error.isEmpty()) return fail(page->result().error);
                    note_ = page->statusMessage(); // the sweep's size and time, for the console
                    QTimer::singleShot(300, this, &ScreenshotRunner::capture);
                },
                Qt::SingleShotConnection);
            page->run();
        });
    } else if (page_ == QLatin1String("steering")) {
        // A vector made from two prompt pairs, saved in the temporary directory and applied to both.
        SteeringPage* page = window_->page<SteeringPage>();
        whenInterventionsReady([this, page] {
            connect(
                page, &SteeringPage::vectorMade, this,
                [this, page](const ControlVectorResult& r) {
                    if (!r.error.isEmpty()) return fail(r.error);
                    auto pending = std::make_shared<int>(2); // stepper and chat
                    connect(page, &SteeringPage::steeringShown, this, [this, pending] {
                        if (--*pending == 0) QTimer::singleShot(300, this, &ScreenshotRunner::capture);
                    });
                    page->setVector(r.path, 4);
                    page->apply();
                },
                Qt::SingleShotConnection);
            // Prompts for the English demo model.
            const QStringList positive{QStringLiteral("The capital of Italy is Rome"),  // untranslated
                                       QStringLiteral("I am happy")};                   // untranslated
            const QStringList negative{QStringLiteral("The capital of Egypt is Cairo"), // untranslated
                                       QStringLiteral("I am sad")};                     // untranslated
            page->setPairs(positive, negative);
            page->makeVector(QDir::temp().filePath(QStringLiteral("realm-studio-steering.gguf")));
        });
    } else if (page_ == QLatin1String("routing")) {
        // The sample prompt's routing (an MoE model shows the maps, a dense one says why not).
        RoutingPage* page = window_->page<RoutingPage>();
        whenInterventionsReady([this, page] {
            connect(
                page, &RoutingPage::resultShown, this,
                [this] { QTimer::singleShot(300, this, &ScreenshotRunner::capture); },
                Qt::SingleShotConnection);
            page->run();
        });
    } else if (page_ == QLatin1String("perplexity")) {
        // The text of --text-file in chunks of 128 (as tests/data/quantlab's llama.cpp references),
        // which gives a short text enough chunks for a chart.
        PerplexityPage* page = window_->page<PerplexityPage>();
        if (!page->hasText()) return fail(tr("--page perplexity needs a text: --text-file FILE"));
        connect(
            page, &PerplexityPage::finished, this,
            [this, page](const PerplexityOutcome& o) {
                if (!o.error.isEmpty()) return fail(o.error);
                note_ = page->resultText();
                QTimer::singleShot(300, this, &ScreenshotRunner::capture);
            },
            Qt::SingleShotConnection);
        page->setContextLength(128);
        page->run();
    } else if (page_ == QLatin1String("imatrix")) {
        // The matrix of --imatrix, its first entry selected.
        ImatrixStore* store = window_->imatrixStore();
        if (store->current() && !store->isLoading()) {
            QTimer::singleShot(300, this, &ScreenshotRunner::capture);
        } else if (store->isLoading()) {
            connect(store, &ImatrixStore::changed, this,
                    [this] { QTimer::singleShot(300, this, &ScreenshotRunner::capture); });
            connect(store, &ImatrixStore::failed, this,
                    [this](const QString&, const QString& e) { fail(e); });
        } else {
            fail(tr("--page imatrix needs an importance matrix: --imatrix FILE"));
        }
    } else if (page_ == QLatin1String("compare") || page_ == QLatin1String("kl")) {
        fillQuantLabPage();
    } else if (page_ == QLatin1String("memory")) {
        // A few seconds of samples make a line, not a dot.
        QTimer::singleShot(4000, this, &ScreenshotRunner::capture);
    } else {
        QTimer::singleShot(300, this, &ScreenshotRunner::capture);
    }
}

bool ScreenshotRunner::showTab() {
    QWidget* page = nullptr;
    for (const PageRow& row : pageRows())
        if (page_ == QLatin1String(row.id)) page = window_->findChild<QWidget*>(QLatin1String(row.id));
    if (!page) return false;
    for (QTabWidget* tabs : page->findChildren<QTabWidget*>())
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).remove(QLatin1Char('&')).compare(tab_, Qt::CaseInsensitive) == 0) {
                tabs->setCurrentIndex(i);
                return true;
            }
    return false;
}

void ScreenshotRunner::fillQuantLabPage() {
    if (window_->document()->referencePath().isEmpty())
        return fail(tr("--page %1 needs the file to compare with: --reference FILE").arg(page_));
    const auto captureSoon = [this] { QTimer::singleShot(300, this, &ScreenshotRunner::capture); };
    if (page_ == QLatin1String("compare")) {
        // Every tensor, then the one with the largest relative error in detail.
        ComparePage* page = window_->page<ComparePage>();
        connect(
            page, &ComparePage::resultShown, this,
            [this, page, captureSoon] {
                const std::vector<TensorDifference>& tensors = page->model()->tensors();
                if (tensors.empty()) return fail(page->statusMessage());
                note_ = page->statusMessage();
                const auto worst = std::max_element(tensors.begin(), tensors.end(), [](auto& a, auto& b) {
                    return a.relativeError < b.relativeError;
                });
                connect(page, &ComparePage::detailShown, this, captureSoon, Qt::SingleShotConnection);
                page->selectTensor(QString::fromStdString(worst->name));
            },
            Qt::SingleShotConnection);
        page->run();
        return;
    }
    // The text of --text-file in chunks of 128, as the Perplexity page's screenshot.
    KlPage* page = window_->page<KlPage>();
    if (!page->hasText()) return fail(tr("--page kl needs a text: --text-file FILE"));
    connect(
        page, &KlPage::resultShown, this,
        [this, page, captureSoon] {
            if (page->result().report.tokens.empty()) return fail(page->statusMessage());
            note_ = page->statusMessage();
            captureSoon();
        },
        Qt::SingleShotConnection);
    page->setContextLength(128);
    page->run();
}

void ScreenshotRunner::whenInterventionsReady(const std::function<void()>& go) {
    InterventionEngine* engine = window_->document()->interventions();
    if (engine->isReady()) {
        go();
    } else if (engine->hasFailed()) {
        fail(engine->error());
    } else {
        connect(engine, &InterventionEngine::ready, this, go, Qt::SingleShotConnection);
        connect(engine, &InterventionEngine::failed, this, [this](const QString& e) { fail(e); });
    }
}

void ScreenshotRunner::capture() {
    if (done_) return;
    done_ = true;
    QApplication::processEvents();
    const QPixmap shot = window_->grab();
    if (!shot.save(output_, "PNG")) {
        Q_EMIT finished(false, tr("cannot write %1").arg(output_));
        return;
    }
    QString message = tr("wrote %1 (%2×%3)").arg(output_).arg(shot.width()).arg(shot.height());
    if (!note_.isEmpty()) message += QStringLiteral(" · ") + note_;
    Q_EMIT finished(true, message);
}

void ScreenshotRunner::fail(const QString& message) {
    if (done_) return;
    done_ = true;
    Q_EMIT finished(false, message);
}

} // namespace realm::ui
