#include "pages/tokenizer_page.h"
#include "text/sample_prompt.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "jobs/layer_stepper.h"
#include "jobs/text_tokenizer.h"
#include "models/token_list_model.h"
#include "widgets/vocabulary_browser.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace realm::ui {

TokenizerPage::TokenizerPage(QWidget* parent) : Page(parent) {
    auto* pageLayout = new QVBoxLayout(this);
    tabs_ = new QTabWidget;
    pageLayout->addWidget(tabs_);
    auto* textTab = new QWidget;
    auto* layout = new QVBoxLayout(textTab);
    auto* options = new QHBoxLayout;
    bos_ = new QCheckBox(tr("Add BOS/EOS (as the vocabulary asks)"));
    bos_->setChecked(true);
    special_ = new QCheckBox(tr("Parse special tokens (<s>, <|im_start|> …)"));
    count_ = new QLabel;
    options->addWidget(bos_);
    options->addWidget(special_);
    options->addStretch(1);
    options->addWidget(count_);
    layout->addLayout(options);

    input_ = new QPlainTextEdit(samplePrompt());
    input_->setPlaceholderText(tr("Type text to tokenize"));
    spans_ = new QTextBrowser;
    model_ = new TokenListModel(this);
    auto* table = new QTableView;
    table->setModel(model_);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(20);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setToolTip(tr("Double-click a token to find it in the vocabulary"));

    auto* left = new QSplitter(Qt::Vertical);
    auto* inBox = new QWidget;
    auto* inLayout = new QVBoxLayout(inBox);
    inLayout->setContentsMargins(0, 0, 0, 0);
    inLayout->addWidget(new QLabel(tr("<b>Text</b>")));
    inLayout->addWidget(input_);
    auto* spanBox = new QWidget;
    auto* spanLayout = new QVBoxLayout(spanBox);
    spanLayout->setContentsMargins(0, 0, 0, 0);
    spanLayout->addWidget(new QLabel(tr("<b>Tokens over the text</b>")));
    spanLayout->addWidget(spans_);
    left->addWidget(inBox);
    left->addWidget(spanBox);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(table);
    split->setSizes({700, 400});
    left->setSizes({200, 400});
    layout->addWidget(split, 1);
    tabs_->addTab(textTab, tr("Text to tokens"));
    vocabulary_ = new VocabularyBrowser;
    tabs_->addTab(vocabulary_, tr("Vocabulary"));

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(120);
    connect(debounce_, &QTimer::timeout, this, &TokenizerPage::request);
    connect(input_, &QPlainTextEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
    connect(table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.row() < model_->tokens().ids.size()) showInVocabulary(model_->tokens().ids.at(index.row()));
    });
    connect(bos_, &QCheckBox::toggled, this, &TokenizerPage::request);
    connect(special_, &QCheckBox::toggled, this, &TokenizerPage::request);
}

void TokenizerPage::setStepper(LayerStepper* stepper) {
    if (stepper_) disconnect(stepper_, nullptr, this, nullptr);
    stepper_ = stepper;
    model_->setTokens({});
    spans_->clear();
    count_->clear();
    if (!stepper) return;
    connect(stepper, &LayerStepper::tokenized, this, &TokenizerPage::onTokenized);
    if (stepper->isReady())
        request();
    else
        connect(stepper, &LayerStepper::ready, this, &TokenizerPage::request, Qt::SingleShotConnection);
}

void TokenizerPage::setText(const QString& text) {
    input_->setPlainText(text);
    debounce_->stop();
    request();
}

void TokenizerPage::setAddSpecial(bool on) {
    bos_->setChecked(on);
}
void TokenizerPage::setParseSpecial(bool on) {
    special_->setChecked(on);
}

void TokenizerPage::request() {
    debounce_->stop();
    if (textTokenizer_) {
        textTokenizer_->tokenize(input_->toPlainText(), bos_->isChecked(), special_->isChecked(), ++sent_);
        return;
    }
    if (!stepper_ || !stepper_->isReady()) return;
    stepper_->tokenize(input_->toPlainText(), bos_->isChecked(), special_->isChecked(), ++sent_);
}

void TokenizerPage::onTokenized(const TokenizedText& t) {
    if (t.request != sent_) return; // an older answer overtaken by typing
    model_->setTokens(t);
    if (!t.error.isEmpty()) {
        count_->setText(QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(t.error.toHtmlEscaped()));
        spans_->clear();
        Q_EMIT tokensShown();
        return;
    }
    count_->setText(tr("<b>%1 tokens</b> · %2 characters · %3 ms")
                        .arg(t.ids.size())
                        .arg(t.text.size())
                        .arg(t.milliseconds, 0, 'f', 2));
    // Each token's own text on its colour; control tokens and spaces stay visible.
    QString html = QStringLiteral("<div style='font-family:monospace; font-size:11pt; line-height:160%'>");
    for (int i = 0; i < t.ids.size(); ++i) {
        // The visible piece (␣, escapes), with a line break after a newline so the layout follows the text.
        QString shown = t.pieces.at(i).toHtmlEscaped();
        if (t.decoded.at(i).endsWith(QLatin1Char('\n'))) shown += QStringLiteral("<br>");
        html += QStringLiteral("<span title='id %1' style='background-color:%2; color:black'>%3</span>")
                    .arg(t.ids.at(i))
                    .arg(tokenSpanColor(i).name(), shown);
    }
    html += QStringLiteral("</div>");
    spans_->setHtml(html);
    Q_EMIT tokensShown();
}

QString TokenizerPage::spansHtml() const {
    return spans_->toHtml();
}
QString TokenizerPage::countText() const {
    return count_->text();
}

void TokenizerPage::showInVocabulary(int token) {
    tabs_->setCurrentWidget(vocabulary_);
    vocabulary_->showToken(token);
}

void TokenizerPage::onDocumentChanged() {
    vocabulary_->setFile(document() ? document()->summary().file : nullptr);
    delete textTokenizer_.data();
    if (!document() || !document()->isRemote()) return;
    // No layer stepper without the weights: the file's vocabulary tokenizes on its own.
    model_->setTokens({});
    spans_->clear();
    count_->clear();
    textTokenizer_ = new TextTokenizer(document()->session()->jobs(), document()->summary().file, this);
    connect(textTokenizer_, &TextTokenizer::tokenized, this, &TokenizerPage::onTokenized);
    connect(textTokenizer_, &TextTokenizer::ready, this, &TokenizerPage::request);
}

void TokenizerPage::onEnginesStarted() {
    setStepper(document()->layerStepper());
}

void TokenizerPage::onEnginesStopping() {
    setStepper(nullptr);
}

} // namespace realm::ui
