#include "pages/perplexity_page.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "widgets/chart_helpers.h"
#include "widgets/progress_line.h"

#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTextDocumentFragment>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace realm::ui {

namespace {
// llama-perplexity's and realm-cli perplexity's default context.
constexpr int DefaultContext = 512;
const QString ContextKey = QStringLiteral("perplexity/contextLength");
const QString ChunksKey = QStringLiteral("perplexity/maxChunks");
const QString DirectoryKey = QStringLiteral("perplexity/lastDirectory");
} // namespace

PerplexityPage::PerplexityPage(QWidget* parent) : Page(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* split = new QSplitter(Qt::Vertical);
    layout->addWidget(split, 1);

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* textBar = new QHBoxLayout;
    auto* load = new QPushButton(tr("Load Text File…"));
    sourceLabel_ = new QLabel(tr("Pasted text"));
    sourceLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    textBar->addWidget(sourceLabel_, 1);
    textBar->addWidget(load);
    topLayout->addLayout(textBar);
    text_ = new QPlainTextEdit;
    text_->setPlaceholderText(tr("Paste a text here or load one from a file. It is cut into chunks of the "
                                 "context size and needs at least two chunks' worth of tokens."));
    topLayout->addWidget(text_, 1);

    auto* controls = new QHBoxLayout;
    context_ = new QSpinBox;
    context_->setRange(4, 1 << 20);
    context_->setValue(QSettings().value(ContextKey, DefaultContext).toInt());
    context_->setToolTip(tr("Tokens per chunk (-c): each chunk starts from an empty cache and only its "
                            "second half is scored, as llama-perplexity does"));
    chunks_ = new QSpinBox;
    chunks_->setRange(0, 1 << 20);
    chunks_->setSpecialValueText(tr("all"));
    chunks_->setValue(QSettings().value(ChunksKey, 0).toInt());
    chunks_->setToolTip(tr("Score only the first chunks (--chunks); \"all\" scores every whole chunk"));
    run_ = new QPushButton(tr("Measure"));
    run_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    run_->setToolTip(tr("Measure the perplexity (Ctrl+Return)"));
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setEnabled(false);
    controls->addWidget(new QLabel(tr("Context")));
    controls->addWidget(context_);
    controls->addWidget(new QLabel(tr("Chunks")));
    controls->addWidget(chunks_);
    controls->addStretch(1);
    controls->addWidget(run_);
    controls->addWidget(cancel_);
    topLayout->addLayout(controls);
    split->addWidget(top);

    auto* bottom = new QWidget;
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto* statusRow = new QHBoxLayout;
    status_ = new QLabel;
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new ProgressLine;
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(160);
    progress_->hide();
    statusRow->addWidget(status_, 1);
    statusRow->addWidget(progress_);
    bottomLayout->addLayout(statusRow);
    result_ = new QLabel;
    QFont big = result_->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    result_->setFont(big);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bottomLayout->addWidget(result_);

    chart_ = makeChartView();
    chart_->setWhatsThis(
        tr("Perplexity of each chunk (points) and of every scored token so far (line). Perplexity is "
           "exp of the mean negative log-probability the model gave each next token of the text: how "
           "many tokens it was choosing between, on average. A chunk far above the others holds text "
           "the model finds unusual."));
    chunkSeries_ = new QLineSeries;
    chunkSeries_->setName(tr("chunk"));
    chunkSeries_->setPointsVisible(true);
    chunkSeries_->setPen(QPen(QColor(70, 130, 180), 1));
    runningSeries_ = new QLineSeries;
    runningSeries_->setName(tr("running"));
    runningSeries_->setPen(QPen(QColor(214, 96, 77), 2));
    QChart* chart = chart_->chart();
    chart->addSeries(chunkSeries_);
    chart->addSeries(runningSeries_);
    auto* x = new QValueAxis;
    x->setTitleText(tr("chunk"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto* y = new QValueAxis;
    y->setTitleText(tr("perplexity"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries* s : {chunkSeries_, runningSeries_}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    chart->legend()->show();
    chart->legend()->setAlignment(Qt::AlignTop);
    fitAxes();
    bottomLayout->addWidget(chart_, 1);
    split->addWidget(bottom);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    connect(load, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Load text"), QSettings().value(DirectoryKey).toString(),
                                         tr("Text files (*.txt *.raw *.md);;All files (*)"));
        if (path.isEmpty()) return;
        QSettings().setValue(DirectoryKey, QFileInfo(path).absolutePath());
        loadTextFile(path);
    });
    connect(text_, &QPlainTextEdit::textChanged, this, [this] {
        // Typing over a loaded file makes it pasted text.
        if (!source_.isEmpty() && !text_->signalsBlocked()) {
            source_.clear();
            sourceLabel_->setText(tr("Pasted text"));
        }
    });
    connect(context_, &QSpinBox::valueChanged, this, [](int v) { QSettings().setValue(ContextKey, v); });
    connect(chunks_, &QSpinBox::valueChanged, this, [](int v) { QSettings().setValue(ChunksKey, v); });
    connect(run_, &QPushButton::clicked, this, &PerplexityPage::run);
    connect(cancel_, &QPushButton::clicked, this, &PerplexityPage::cancel);
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    esc->setContext(Qt::WidgetWithChildrenShortcut);
    connect(esc, &QShortcut::activated, this, &PerplexityPage::cancel);
    setBusy(false);
}

void PerplexityPage::setText(const QString& text, const QString& source) {
    text_->blockSignals(true);
    text_->setPlainText(text);
    text_->blockSignals(false);
    source_ = source;
    sourceLabel_->setText(source.isEmpty() ? tr("Pasted text") : tr("Text of %1").arg(source));
}

bool PerplexityPage::loadTextFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        showStatus(tr("%1: cannot open text file (%2)").arg(path, f.errorString()), true);
        return false;
    }
    setText(QString::fromUtf8(f.readAll()), path);
    showStatus({});
    return true;
}

bool PerplexityPage::hasText() const {
    return !text_->toPlainText().trimmed().isEmpty();
}

void PerplexityPage::setContextLength(int tokens) {
    context_->setValue(tokens);
}

void PerplexityPage::setMaxChunks(int chunks) {
    chunks_->setValue(chunks);
}

void PerplexityPage::onDocumentChanged() {
    delete runner_; // cancels its job and waits for it, while the old document's queue still runs
    outcome_ = {};
    chunkSeries_->clear();
    runningSeries_->clear();
    result_->clear();
    showStatus({});
    if (document()) {
        const qint64 modelContext = document()->modelContextLength();
        if (modelContext > 0) context_->setMaximum(int(std::min<qint64>(modelContext, 1 << 20)));
        ModelSession* session = document()->session();
        runner_ = new PerplexityRunner(session->jobs(), session->file(), this);
        connect(runner_, &PerplexityRunner::started, this, &PerplexityPage::onStarted);
        connect(runner_, &PerplexityRunner::chunkDone, this, &PerplexityPage::onChunk);
        connect(runner_, &PerplexityRunner::progress, this,
                [this](double f) { progress_->setValueLater(int(std::lround(f * 1000))); });
        connect(runner_, &PerplexityRunner::finished, this, &PerplexityPage::onFinished);
    }
    setBusy(false);
}

void PerplexityPage::run() {
    if (!runner_ || runner_->isRunning()) return;
    const QString text = text_->toPlainText();
    if (!hasText()) {
        showStatus(tr("Paste a text or load a text file first."), true);
        return;
    }
    chunkSeries_->clear();
    runningSeries_->clear();
    result_->clear();
    outcome_ = {};
    totalChunks_ = 0;
    fitAxes();
    setBusy(true);
    showStatus(tr("Tokenizing…"));
    runner_->run(text, source_.isEmpty() ? tr("pasted text") : QFileInfo(source_).fileName(),
                 context_->value(), chunks_->value() > 0 ? chunks_->value() : -1);
}

void PerplexityPage::cancel() {
    if (runner_) runner_->cancel();
}

void PerplexityPage::onStarted(qint64 textTokens, qint64 chunks, qint64 contextLength) {
    totalChunks_ = chunks;
    showStatus(tr("%1 tokens, %2 chunks of %3 (the second half of each scored)…")
                   .arg(textTokens)
                   .arg(chunks)
                   .arg(contextLength));
    fitAxes();
}

void PerplexityPage::onChunk(qint64 chunk, double perplexity, double running) {
    chunkSeries_->append(double(chunk + 1), perplexity);
    runningSeries_->append(double(chunk + 1), running);
    lastRunning_ = running;
    result_->setText(
        tr("PPL %1 after %2 of %3 chunks").arg(running, 0, 'f', 4).arg(chunk + 1).arg(totalChunks_));
    fitAxes();
}

void PerplexityPage::onFinished(const PerplexityOutcome& o) {
    outcome_ = o;
    setBusy(false);
    if (!o.error.isEmpty()) {
        showStatus(tr("Perplexity failed: %1").arg(o.error), true);
        Q_EMIT finished(o);
        return;
    }
    const QString figures = tr("PPL = %1 ± %2").arg(o.perplexity, 0, 'f', 4).arg(o.uncertainty, 0, 'f', 5);
    if (o.cancelled) {
        result_->setText(o.chunks > 0 ? figures : QString());
        showStatus(
            tr("Cancelled after %1 of %2 chunks: the figures cover those").arg(o.chunks).arg(totalChunks_));
    } else {
        result_->setText(figures);
        showStatus(tr("%1 tokens of text, %2 chunks of %3, %4 tokens scored")
                       .arg(o.textTokens)
                       .arg(o.chunks)
                       .arg(o.contextLength)
                       .arg(o.scoredTokens));
    }
    Q_EMIT finished(o);
}

void PerplexityPage::setBusy(bool busy) {
    run_->setEnabled(!busy && runner_);
    cancel_->setEnabled(busy);
    progress_->setVisible(busy);
    if (busy) progress_->setValue(0);
}

void PerplexityPage::showStatus(const QString& message, bool error) {
    status_->setText(
        error ? QStringLiteral("<span style='color:#b2182b'>%1</span>").arg(message.toHtmlEscaped())
              : message.toHtmlEscaped());
}

QString PerplexityPage::statusMessage() const {
    return QTextDocumentFragment::fromHtml(status_->text()).toPlainText();
}

QString PerplexityPage::resultText() const {
    return result_->text();
}

void PerplexityPage::fitAxes() {
    const auto axes = chart_->chart()->axes();
    double lo = INFINITY, hi = 0;
    for (QLineSeries* s : {chunkSeries_, runningSeries_})
        for (const QPointF& p : s->points()) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    auto* x = static_cast<QValueAxis*>(axes.at(0));
    auto* y = static_cast<QValueAxis*>(axes.at(1));
    // Chunk numbers are whole: ticks at 1 and every few chunks, at most about nine of them.
    const qint64 last = std::max<qint64>(2, totalChunks_);
    x->setRange(1, double(last));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(1);
    x->setTickInterval(std::max(1.0, std::ceil(double(last - 1) / 8)));
    if (!std::isfinite(lo)) { // nothing measured yet
        y->setRange(0, 1);
        y->setLabelFormat(QStringLiteral("%.1f"));
        return;
    }
    const double pad = std::max((hi - lo) * 0.08, hi * 0.02 + 1e-9);
    y->setRange(std::max(0.0, lo - pad), hi + pad);
    // Whole numbers (with separators) for large perplexities, three decimals for small ones.
    y->setLabelFormat(hi >= 100 ? QStringLiteral("%.0f") : QStringLiteral("%.3f"));
}

} // namespace realm::ui
