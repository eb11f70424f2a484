#include "pages/kl_page.h"

#include "document/model_document.h"
#include "document/model_session.h"
#include "widgets/color_legend.h"
#include "widgets/job_status_row.h"
#include "widgets/reference_picker.h"
#include "widgets/token_damage_view.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace realm::ui {

namespace {
const QString ContextKey = QStringLiteral("quantlab/klContext");
const QString TextDirKey = QStringLiteral("quantlab/textDir");

// One line of the summary: a label as llama-perplexity prints it (kept untranslated, so that
// the figures can be found in its output), the value, its uncertainty (NaN: none) and whether
// it is a fraction written in percent.
struct Figure {
    QString label;
    double value, uncertainty;
    bool percent;
};

Figure figure(const char* label, const ValueWithError& v, bool percent) {
    return {QString::fromUtf8(label), v.value, v.uncertainty, percent};
}

// The percentiles of KLD or Δp, in llama-perplexity's order, labelled "99.0% KLD".
QList<Figure> spreadFigures(const char* what, const Spread& s, bool percent) {
    const std::pair<const char*, double> rows[] = {
        {"Maximum", s.max}, {"99.9%", s.p99_9},   {"99.0%", s.p99},  {"95.0%", s.p95}, {"90.0%", s.p90},
        {"75.0%", s.p75},   {"Median", s.median}, {"25.0%", s.p25},  {"10.0%", s.p10}, {"5.0%", s.p5},
        {"1.0%", s.p1},     {"0.1%", s.p0_1},     {"Minimum", s.min}};
    QList<Figure> out;
    for (const auto& [label, value] : rows)
        out.append({QString::fromUtf8(label) + QLatin1Char(' ') + QString::fromUtf8(what), value,
                    std::nan(""), percent});
    return out;
}

QList<Figure> figures(const KlSummary& s) {
    QList<Figure> out = {figure("Mean PPL(Q)", s.pplTest, false),
                         figure("Mean PPL(base)", s.pplReference, false),
                         figure("Cor(ln(PPL(Q)), ln(PPL(base)))", {s.lnPplCorrelation, std::nan("")}, true),
                         figure("Mean ln(PPL(Q)/PPL(base))", s.lnPplRatio, false),
                         figure("Mean PPL(Q)/PPL(base)", s.pplRatio, false),
                         figure("Mean PPL(Q)-PPL(base)", s.pplDifference, false),
                         figure("Mean KLD", s.klMean, false)};
    out += spreadFigures("KLD", s.kl, false);
    out.append(figure("Mean Δp", s.deltaPMean, true));
    out += spreadFigures("Δp", s.deltaP, true);
    out.append(figure("RMS Δp", s.deltaPRms, true));
    out.append(figure("Same top p", s.sameTop, true));
    return out;
}

QString written(double v, bool percent) {
    return percent ? QStringLiteral("%1 %").arg(100.0 * v, 0, 'f', 3) : QString::number(v, 'g', 6);
}
} // namespace

KlPage::KlPage(QWidget* parent)
    : ReferencePage(tr("Run Both Models"),
                    tr("Run the reference and the open model over the text (Ctrl+Return)"), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(picker());

    input_ = new QPlainTextEdit;
    input_->setPlaceholderText(tr("Paste a text here, or load one from a file: at least two contexts' worth "
                                  "of tokens"));
    input_->setMaximumHeight(110);
    layout->addWidget(input_);

    auto* row = new QHBoxLayout;
    auto* load = new QPushButton(tr("Load Text…"));
    context_ = new QSpinBox;
    context_->setRange(16, 32768);
    context_->setSingleStep(64);
    context_->setValue(QSettings().value(ContextKey, 512).toInt());
    context_->setToolTip(tr("Tokens per chunk; each chunk starts from an empty cache and its second half is "
                            "scored (llama-perplexity's -c, 512 by default)"));
    chunks_ = new QSpinBox;
    chunks_->setRange(0, 100000);
    chunks_->setSpecialValueText(tr("all"));
    chunks_->setToolTip(tr("At most this many chunks (llama-perplexity's --chunks)"));
    row->addWidget(load);
    row->addWidget(new QLabel(tr("Context")));
    row->addWidget(context_);
    row->addWidget(new QLabel(tr("Chunks")));
    row->addWidget(chunks_);
    row->addStretch(1);
    row->addWidget(runButton());
    row->addWidget(cancelButton());
    layout->addLayout(row);
    layout->addWidget(status());

    auto* split = new QSplitter(Qt::Horizontal);
    auto* textSide = new QWidget;
    auto* textLayout = new QHBoxLayout(textSide);
    textLayout->setContentsMargins(0, 0, 0, 0);
    view_ = new TokenDamageView;
    legend_ = new ColorLegend(ColorScale::Sequential, 0, 1, tr("KL"));
    legend_->setToolTip(tr("KL(reference ‖ this) in nats; the colour saturates at the 99th percentile"));
    textLayout->addWidget(view_, 1);
    textLayout->addWidget(legend_);
    split->addWidget(textSide);
    summary_ = new QTableWidget(0, 3);
    summary_->setObjectName(QStringLiteral("klSummary"));
    summary_->setHorizontalHeaderLabels({tr("Figure"), tr("Value"), tr("±")});
    summary_->verticalHeader()->hide();
    summary_->verticalHeader()->setDefaultSectionSize(20);
    summary_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    summary_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    summary_->setWhatsThis(tr("The figures llama-perplexity --kl-divergence prints, defined as it defines "
                              "them: Q is the open model, base the reference; ± is the standard error of the "
                              "mean; Δp is p(Q) − p(base) of the text's next token."));
    split->addWidget(summary_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(load, &QPushButton::clicked, this, &KlPage::loadText);
    connect(context_, &QSpinBox::valueChanged, this, [](int v) { QSettings().setValue(ContextKey, v); });
}

void KlPage::reset(const QString&) {
    reference_.reset();
    referencePath_.clear();
    result_ = {};
    view_->clearDamage();
    summary_->setRowCount(0);
}

void KlPage::setText(const QString& text) {
    input_->setPlainText(text);
}

void KlPage::setContextLength(int tokens) {
    context_->setValue(tokens);
}

void KlPage::setMaxChunks(int chunks) {
    chunks_->setValue(chunks);
}

void KlPage::loadText() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Load Text"), QSettings().value(TextDirKey).toString(),
                                     tr("Text files (*.txt *.md);;All files (*)"));
    if (path.isEmpty()) return;
    QSettings().setValue(TextDirKey, QFileInfo(path).path());
    loadTextFile(path);
}

bool KlPage::loadTextFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        status()->showError(tr("Cannot read %1: %2").arg(path, f.errorString()));
        return false;
    }
    setText(QString::fromUtf8(f.readAll()));
    return true;
}

bool KlPage::hasText() const {
    return !input_->toPlainText().trimmed().isEmpty();
}

void KlPage::run() {
    if (!canRun()) return;
    TextDamageRequest request;
    request.referencePath = picker()->path();
    if (referencePath_ == request.referencePath) request.reference = reference_;
    request.test = document()->session()->file();
    request.text = input_->toPlainText();
    request.contextLength = context_->value();
    request.maxChunks = chunks_->value() > 0 ? chunks_->value() : -1;
    status()->showStatus(tr("Running both models over the text…"));
    began(jobs()->run(
        jobSpec(QStringLiteral("kl-text")), this,
        [request](const JobControl& control) { return measureTextDamage(request, control); },
        [this](TextDamageResult r) { onResult(std::move(r)); }, [this](const QString& e) { onFailed(e); },
        showProgress()));
}

void KlPage::onFailed(const QString& error) {
    ended();
    status()->showError(tr("Cannot measure: %1").arg(error));
    Q_EMIT resultShown();
}

void KlPage::onResult(TextDamageResult r) {
    ended();
    reference_ = r.reference;
    referencePath_ = r.referencePath;
    result_ = std::move(r);
    const KlReport& report = result_.report;
    const int chunks = int(report.chunks.size());
    if (report.cancelled)
        status()->showStatus(tr("Cancelled: the figures cover the chunks done (%1)").arg(chunks));
    else
        status()->showStatus(tr("Text tokens: %1 · chunks: %2 of %3 tokens · scored: %4 · %5 s")
                                 .arg(report.textTokens)
                                 .arg(chunks)
                                 .arg(report.contextLength)
                                 .arg(report.summary.tokens)
                                 .arg(result_.seconds, 0, 'f', 1));
    // Colours up to the 99th percentile: the few largest do not wash the rest out.
    const double scale = report.summary.kl.p99 > 0 ? report.summary.kl.p99 : report.summary.kl.max;
    view_->setDamage(result_.pieces, result_.scoredAt, report.tokens, result_.topPieces, scale);
    legend_->setRange(0, scale > 0 ? scale : 1.0);
    showSummary(report.summary);
    Q_EMIT resultShown();
}

void KlPage::showSummary(const KlSummary& s) {
    const QList<Figure> rows = s.tokens > 0 ? figures(s) : QList<Figure>();
    summary_->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const Figure& f = rows.at(r);
        auto* value = new QTableWidgetItem(written(f.value, f.percent));
        value->setData(Qt::UserRole, f.value);
        value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto* error =
            new QTableWidgetItem(std::isnan(f.uncertainty) ? QString() : written(f.uncertainty, f.percent));
        error->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        summary_->setItem(r, 0, new QTableWidgetItem(f.label));
        summary_->setItem(r, 1, value);
        summary_->setItem(r, 2, error);
    }
}

} // namespace realm::ui
