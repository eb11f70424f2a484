#include "pages/routing_page.h"

#include "document/model_document.h"
#include "jobs/chat_engine.h"
#include "jobs/intervention_engine.h"
#include "text/explanations.h"
#include "text/sample_prompt.h"
#include "widgets/heatmap_widget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace realm::ui {

namespace {
QWidget* titled(QLabel* title, QWidget* body, QWidget* extra = nullptr) {
    auto* box = new QWidget;
    auto* l = new QVBoxLayout(box);
    l->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    head->addWidget(title, 1);
    if (extra) head->addWidget(extra);
    l->addLayout(head);
    l->addWidget(body, 1);
    return box;
}
} // namespace

RoutingPage::RoutingPage(QWidget* parent) : InterventionPage(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    prompt_ = new QLineEdit(samplePrompt());
    auto* runButton = new QPushButton(tr("Show routing"));
    top->addWidget(new QLabel(tr("Prompt")));
    top->addWidget(prompt_, 1);
    top->addWidget(runButton);
    auto* chatButton = new QPushButton(tr("Chat's load"));
    chatButton->setToolTip(tr("Expert load over everything the chat has run (prompts and replies)"));
    top->addWidget(chatButton);
    layout->addLayout(top);
    layout->addWidget(statusRow());

    load_ = new HeatmapWidget;
    load_->setAxisTitles(tr("layer"), tr("expert"));
    load_->setToolTip(tr("Share of the prompt's tokens each layer sends to each expert"));
    load_->setMessage(tr("Run a prompt through a mixture-of-experts model"));
    load_->setWhatsThis(explain::expertLoad());
    tokens_ = new HeatmapWidget;
    tokens_->setAxisTitles(tr("token"), tr("expert"));
    tokens_->setToolTip(tr("The router weight of each chosen expert for each token (0: not chosen)"));
    tokens_->setMessage(tr("Run a prompt through a mixture-of-experts model"));
    tokens_->setWhatsThis(explain::expertWeights());
    layer_ = new QSpinBox;
    layer_->setPrefix(tr("layer "));
    layerTitle_ = new QLabel(tr("<b>Chosen experts and weights per token</b>"));
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(titled(new QLabel(tr("<b>Expert load per layer</b>")), load_));
    split->addWidget(titled(layerTitle_, tokens_, layer_));
    layout->addWidget(split, 1);

    setRunButton(runButton);
    connect(runButton, &QPushButton::clicked, this, &RoutingPage::run);
    connect(prompt_, &QLineEdit::returnPressed, this, &RoutingPage::run);
    connect(chatButton, &QPushButton::clicked, this, &RoutingPage::showChatLoad);
    connect(layer_, &QSpinBox::valueChanged, this, &RoutingPage::showLayer);
    connect(load_, &HeatmapWidget::cellClicked, this,
            [this](qint64 row, qint64) { layer_->setValue(int(row)); });
}

void RoutingPage::setPrompt(const QString& text) {
    prompt_->setText(text);
}

void RoutingPage::onEngineReady(InterventionEngine* engine, const InterventionShape& shape) {
    layer_->setRange(0, std::max(0, shape.layers - 1));
    connect(engine, &InterventionEngine::routed, this, &RoutingPage::onResult);
    if (ChatEngine* chat = document()->chatEngine())
        connect(chat, &ChatEngine::expertLoad, this, &RoutingPage::onResult);
    if (shape.experts == 0)
        showError(tr("This model has no experts: routing exists only in mixture-of-experts models "
                     "(expert_count in the metadata)."));
    else
        showStatus(tr("%1 experts, %2 chosen per token, %3 layers")
                       .arg(shape.experts)
                       .arg(shape.expertsUsed)
                       .arg(shape.layers));
}

void RoutingPage::run() {
    if (!engine() || isBusy()) return;
    setBusy(true, tr("Running the prompt…"));
    engine()->routing(prompt_->text());
}

void RoutingPage::showChatLoad() {
    ChatEngine* chat = document() ? document()->chatEngine() : nullptr;
    if (!chat || isBusy()) return;
    setBusy(true, tr("Asking the chat (after its running reply)…"));
    chat->requestExpertLoad();
}

void RoutingPage::onResult(const RoutingResult& r) {
    setBusy(false);
    result_ = r;
    if (!r.error.isEmpty()) {
        showError(tr("No routing: %1").arg(r.error));
        load_->clear();
        tokens_->clear();
        Q_EMIT resultShown(r);
        return;
    }
    showStatus((r.chat ? tr("The chat so far: %1 tokens · %2 experts, %3 chosen per token · %4 layers")
                       : tr("%1 tokens · %2 experts, %3 chosen per token · %4 layers"))
                   .arg(r.tokens)
                   .arg(r.experts)
                   .arg(r.used)
                   .arg(r.layers));
    QStringList texts;
    for (float v : r.load)
        texts << QString::number(v, 'f', 2);
    QStringList layers;
    for (int l = 0; l < r.layers; ++l)
        layers << QString::number(l);
    load_->setRegion(r.layers, r.experts, 0, 0, r.layers, r.experts);
    load_->setRowNames(layers);
    load_->setData(r.load, r.experts, r.layers, ColorScale::Sequential, 1.0);
    load_->setCellTexts(texts);
    if (r.chat) {
        tokens_->clear();
        tokens_->setMessage(tr("Per-token weights are shown for a prompt (Show routing)"));
    } else {
        showLayer(layer_->value());
    }
    Q_EMIT resultShown(r);
}

void RoutingPage::showLayer(int layer) {
    const RoutingResult& r = result_;
    if (!r.error.isEmpty() || r.chat || layer < 0 || layer >= r.layers || r.tokens == 0) return;
    const qsizetype n = qsizetype(r.tokens) * r.experts;
    QVector<float> cells(r.weights.begin() + layer * n, r.weights.begin() + (layer + 1) * n);
    QStringList texts;
    for (float w : cells)
        texts << (w > 0 ? QString::number(w, 'f', 2) : QString());
    layerTitle_->setText(tr("<b>Chosen experts and weights per token, layer %1</b>").arg(layer));
    tokens_->setRegion(r.tokens, r.experts, 0, 0, r.tokens, r.experts);
    tokens_->setRowNames(r.pieces);
    tokens_->setData(cells, r.experts, r.tokens, ColorScale::Sequential, 1.0);
    tokens_->setCellTexts(texts);
}

} // namespace realm::ui
